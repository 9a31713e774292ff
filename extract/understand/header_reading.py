"""Reading a table by the facts of its header cells, row labels, stub and caption.

Each value cell is attributed from the facts of its column (header cells, lowest first),
of its row (label cells, a bits, group-size or shots column), of the stub (the header
cells over the label columns) and of the caption:

* **benchmark**: the column's, else the row's (a transposed table), else the caption's;
  a task row under a caption benchmark is a part of it (`AGIEval` + `LSAT-AR`).
* **model**: `models.resolve_model` (a full name on either axis; a size completed by a
  family from the other axis, the stub or the caption; the stub's or caption's model).
* **configuration**: the row's, then the column's; a one-word method row of a table of
  methods is the quantization method (`AdaRound`).
* **protocol**: column, row, stub, caption, in that order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchtable.extract.columns import SHOT_VALUE, Columns, classify_columns, column_header
from benchtable.extract.headers import is_not_score, merge_protocols, names_a_rank
from benchtable.extract.labels import parse_model_label
from benchtable.extract.naming import (
    TableVariant,
    section_variant,
    table_variant,
    with_listed_variant,
    with_variant,
)
from benchtable.extract.registry import DocumentInput
from benchtable.extract.skips import SkipReason, skip
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand.ablation import is_variant_label
from benchtable.extract.understand.attribution import CellFacts, CellPlace, cell_records, column_max
from benchtable.extract.understand.caption import (
    caption_benchmark,
    caption_configuration,
    caption_family,
    caption_model,
    caption_protocol,
    hint_benchmark,
    referred_benchmark,
)
from benchtable.extract.understand.caption_columns import (
    lists_model_properties,
    name_caption_benchmark_columns,
)
from benchtable.extract.understand.configs import carry_block_configs, joined_config
from benchtable.extract.understand.facts import AxisFacts, bits_text, has_config, merge_config, read_text
from benchtable.extract.understand.grid import centred_families, without_prose_header
from benchtable.extract.understand.groups import column_facts, part_of_group, sub_benchmark, task_name
from benchtable.extract.understand.levels import level_column_facts, rows_are_benchmarks
from benchtable.extract.understand.prose import ProseProtocol, prose_protocol
from benchtable.extract.understand.row_benchmarks import name_unknown_benchmark_rows
from benchtable.extract.understand.row_checks import bits_unread, cell_model, rows_name_own_models
from benchtable.extract.understand.section_rows import carry_section_protocols
from benchtable.extract.understand.sibling_columns import name_sibling_columns, name_siblings
from benchtable.extract.understand.words import (
    AVERAGE,
    BASELINE,
    CJK_LETTER,
    FINE_TUNE,
    METHOD_WORD,
    clean,
    is_reference_point,
    marks_only,
    model_label,
    plausible_name,
    prompting_style,
)
from benchtable.schema.records import Configuration, Protocol, ScoreRecord
from benchtable.schema.table_words import table_marks
from benchtable.schema.vocabulary import fold, vocabulary

__all__ = ["read_by_header_facts"]


@dataclass
class HeaderFrame:
    """What the table as a whole says, read once: the axes' facts, the stub, the caption."""

    table: Table
    doc: DocumentInput
    labels: list[int]
    values: list[int]
    caption: str
    caption_bench: str | None
    caption_protocol: Protocol
    caption_config: Configuration
    """The quantization setting the caption states for every method row (`scheme ... is W4/8A8`)."""
    stub: AxisFacts
    stub_family: str | None
    stub_model: str | None
    stub_names_models: bool
    task_rows: bool
    """The stub says the rows are benchmarks (`Task / Model`): a row label is never the model."""
    columns: dict[int, AxisFacts]
    rows: dict[int, AxisFacts]
    row_label: dict[int, str]
    methods_table: bool
    method_column: bool
    lists_properties: bool
    """Params or bits columns beside a quality benchmark's scores: a memory column is a footprint."""
    ablation: bool
    """A methods table with rows that are variants of the paper's own method (`- shifting`)."""
    """A label column's header says its cells are methods (`Method`): `OS` is one too."""
    prose: ProseProtocol
    """Settings the paragraph above and the heading state (`MMLU (5-shot)`)."""
    variant: TableVariant | None
    """The variant the heading, caption or lead-in implies (`Instruction tuned models`)."""
    bits_column: int | None = None
    model_rows: bool = False
    """Most rows name their own model: a row whose label names none is no row of the caption's."""


def read_by_header_facts(table: Table, doc: DocumentInput) -> list[ScoreRecord]:
    frame = _frame(table, doc)
    if frame is None:
        return []
    t = frame.table
    records: list[ScoreRecord] = []
    maxima: dict[int, float] = {}
    for i in frame.rows:
        row = t.rows[i]
        for c in frame.values:
            if row[c].spanned or not row[c].text:
                continue  # a blank, or the copy of a spanning cell read where it stands
            facts = _attribute(frame, i, c)
            if facts is None:
                continue
            if c not in maxima:
                maxima[c] = column_max(t.rows[t.header_rows :], c)
            records.extend(cell_records(CellPlace(doc, t, i, c, row, maxima[c]), facts))
    return records


def _frame(table: Table, doc: DocumentInput) -> HeaderFrame | None:
    t = without_prose_header(table.padded())
    h = t.header_rows
    if len(t.rows) <= h or t.width < 2:
        return None
    cols = classify_columns(t)
    labels = [c for c in cols.labels if c not in {cols.bits, cols.group}]
    special = {x for x in (cols.bits, cols.group, cols.shots) if x is not None}
    checks = [c for c in cols.values if _check_column(t, c)]
    values = [c for c in cols.values if c not in special and c not in checks]
    if not values:
        return None
    caption = clean(table.caption)
    caption_bench = caption_benchmark(caption) or hint_benchmark(doc) or referred_benchmark(table.references)
    stub = AxisFacts()
    for r in t.rows[:h]:
        for c in labels or [0]:
            if not _spans_values(r, c, values):
                read_text(r[c].text, stub, allow_family=True)
    task_rows = rows_are_benchmarks(t, labels)
    names_models = not task_rows and any(
        re.search(r"\bmodels?\b|^name$", clean(r[c].text), re.IGNORECASE) for r in t.rows[:h] for c in labels
    )
    rows = _row_facts(t, cols, labels)
    _checked_settings(t, rows, checks)
    if _one_of_the_rows(caption_bench, rows):
        caption_bench = hint_benchmark(doc)  # a caption's remark on one task row (`RACE-m/h`)
    carry_section_protocols(t, rows, values)
    carry_block_configs(rows, {i: t.rows[i] for i in rows}, values)
    body = [(i, t.rows[i]) for i in rows]
    centred_families(body, rows, values)
    columns = level_column_facts(t, values, labels) or column_facts(t, values, caption, caption_bench)
    if not task_rows:  # the columns of a `Task / Model` stub are models, never the caption's benchmark
        name_caption_benchmark_columns(columns, values, caption, caption_bench)
    name_unknown_benchmark_rows(t, rows, columns, labels, values)
    name_sibling_columns(t, columns, values)
    if not (caption_bench or task_rows):  # task rows under a benchmark are no models
        name_siblings(
            rows, {i: clean(" ".join(r[c].text for c in labels if r[c].text)) for i, r in body}, True
        )
    method_column = _method_stub(t, labels) and _quantized(rows, columns)
    return HeaderFrame(
        table=t,
        doc=doc,
        labels=labels,
        values=values,
        caption=caption,
        caption_bench=caption_bench,
        caption_protocol=caption_protocol(caption),
        caption_config=caption_configuration(caption),
        stub=stub,
        stub_family=stub.family or caption_family(caption) or _hinted_family(doc),
        stub_model=stub.model or caption_model(caption) or doc.model,
        stub_names_models=names_models,
        task_rows=task_rows,
        columns=columns,
        rows=rows,
        row_label={i: clean(" ".join(row[c].text for c in labels if row[c].text)) for i, row in body},
        methods_table=any(f.config.quant_method for f in rows.values()) or method_column,
        method_column=method_column,
        lists_properties=lists_model_properties([column_header(t, c) for c in range(t.width)], caption_bench),
        ablation=_ablation(t, labels, rows, method_column),
        prose=prose_protocol(t.context).then(prose_protocol(t.heading)),
        variant=table_variant(t.heading, t.caption, t.context),
        bits_column=cols.bits,
        model_rows=rows_name_own_models(rows),
    )


def _spans_values(row: list[Cell], c: int, values: list[int]) -> bool:
    """Whether header cell `c` spans value columns (`0-shot` over `Prior SOTA | PaLM 540B`):
    it heads those columns, not the stub."""
    return c + 1 in values and c + 1 < len(row) and row[c + 1].spanned and row[c + 1].text == row[c].text


def _check_column(t: Table, c: int) -> bool:
    """Whether every filled body cell of column `c` is a check or a cross mark."""
    marks = table_marks()
    cells = [r[c].text for r in t.rows[t.header_rows :] if r[c].text.strip()]
    return bool(cells) and all(marks.check_state(x) is not None for x in cells)


def _checked_settings(t: Table, rows: dict[int, AxisFacts], checks: list[int]) -> None:
    """A check-mark column (`PHP` over `✓` / `✗`) states whether its setting was on in each row."""
    for c in checks:
        name = clean(column_header(t, c)) or "setting"
        for i, f in rows.items():
            state = table_marks().check_state(t.rows[i][c].text)
            if state is not None:
                f.protocol = _with_detail(f.protocol, f"{'with' if state else 'without'} {name}")


def _one_of_the_rows(bench: str | None, rows: dict[int, AxisFacts]) -> bool:
    """Whether the caption's benchmark is one of several the rows name: the table's rows are
    benchmarks and the caption only remarks on one of them."""
    named = {f.bench for f in rows.values() if f.bench}
    return bench is not None and bench in named and len(named) > 1


def section_model_id(model_id: str, label: str, frame: HeaderFrame) -> str:
    """The variant the table's heading names, else the one its heading path names (a base
    heading included, nearest first: `#### Base models` under `## Instruct models` is base)."""
    if frame.variant:
        return with_variant(model_id, label, frame.variant)
    return with_listed_variant(
        model_id, label, section_variant((frame.table.heading, *frame.table.outer_headings))
    )


def _method_stub(t: Table, labels: list[int]) -> bool:
    """Whether a label column's header says its cells are methods (`Method`, `Methods`)."""
    return any(
        re.fullmatch(r"methods?", clean(r[c].text), re.IGNORECASE)
        for r in t.rows[: t.header_rows]
        for c in labels
    )


def _quantized(rows: dict[int, AxisFacts], columns: dict[int, AxisFacts]) -> bool:
    """Whether a row or a column states a configuration: the table is about quantization, so
    its `Method` column names quantization methods (not prompting methods, `CoT`, `PAL`)."""
    return any(has_config(f.config) for f in (*rows.values(), *columns.values()))


def _ablation(t: Table, labels: list[int], rows: dict[int, AxisFacts], method_column: bool) -> bool:
    """Whether the table is an ablation of the paper's method: a quantization methods table
    (a `Method` column, or rows naming methods) with a row that names a variant of it."""
    variant = any(
        is_variant_label(t.rows[i][c].text) for i in rows for c in labels if not t.rows[i][c].spanned
    )
    return variant and (method_column or any(rows[i].config.quant_method for i in rows))


def _hinted_family(doc: DocumentInput) -> str | None:
    """The source's `family` hint: completes a bare size (`7B`) no cell or caption completes."""
    family = doc.hints.get("family")
    return family if isinstance(family, str) and family else None


def _row_facts(t: Table, cols: Columns, labels: list[int]) -> dict[int, AxisFacts]:
    out: dict[int, AxisFacts] = {}
    for i in range(t.header_rows, len(t.rows)):
        row = t.rows[i]
        f = AxisFacts()
        for c in labels:
            read_text(row[c].text, f, allow_family=False)
        if cols.bits is not None and row[cols.bits].text:
            read_text(bits_text(row[cols.bits].text), f, allow_family=False)
        if cols.group is not None and re.fullmatch(r"\d+", row[cols.group].text):
            f.config = merge_config(f.config, Configuration(group_size=int(row[cols.group].text)))
        if cols.shots is not None:
            m = SHOT_VALUE.match(row[cols.shots].text.strip())
            if m:
                f.protocol = merge_protocols(Protocol(n_shot=int(m.group(1))), f.protocol)
        if cols.setting is not None and row[cols.setting].text:
            f.protocol = merge_protocols(f.protocol, setting_protocol(row[cols.setting].text))
        out[i] = f
    return out


_RUN_TOGETHER_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af][A-Za-z]|[A-Za-z][\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
)


def _mixed_script(bench: str, header: str) -> bool:
    """A bilingual header read as one name (`中文推理Reasoning` over `Logi.` over `逻辑`: a
    word of one script run into one of another, or an unknown id spelled in both): what the
    column names is not known, so it names no benchmark."""
    if _RUN_TOGETHER_SCRIPTS.search(header):
        return True
    return (
        bool(CJK_LETTER.search(bench))
        and bool(re.search(r"[a-z]", bench))
        and vocabulary().benchmark_id(bench) is None
    )


def _with_detail(protocol: Protocol, note: str) -> Protocol:
    return protocol.model_copy(
        update={"details": f"{protocol.details}; {note}" if protocol.details else note}
    )


_MARKED_NUMBER = re.compile(r"[\^a-z†‡*]*\(?\d+(?:\.\d+)?\)?[\^a-z†‡*]*")
"""A number with footnote marks (`^a24.7`, `71.3^b`): a value of a label column, no word."""


def _unread_row_words(rest: str, model: str, config: Configuration) -> str:
    """Row label words that became neither the model nor the configuration, in a table whose
    rows are not benchmarks: they set the row apart from the others (`· equation only`, a
    prompt variant of the caption's model), so they stay with it as a detail."""
    words = " ".join(w for w in rest.split() if not _MARKED_NUMBER.fullmatch(w)).strip(" ·•-–—:")
    if not words or fold(words) in fold(model) or fold(words) == fold(config.quant_method or ""):
        return ""
    return words


def setting_protocol(text: str) -> Protocol:
    """What a `Prompting`/`Setting` column cell says: the prompting style (`Standard` is no
    CoT, `Complex CoT [10]` CoT) and the setting as printed (`+ ext. calc`), which tells rows of
    one style apart."""
    printed = clean(_CITATION.sub("", text))
    return Protocol(cot=prompting_style(printed), details=printed or None)


_CITATION = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
"""A reference number after a name (`CoT [8]`)."""


def _benchmark(frame: HeaderFrame, i: int, c: int) -> tuple[str | None, str]:
    """The benchmark of cell (i, c) and its label: the column's, the row's, the caption's."""
    cf, rf = frame.columns[c], frame.rows[i]
    caption_bench = frame.caption_bench
    bench = cf.bench or rf.bench or caption_bench
    label = cf.bench_label or rf.bench_label or frame.caption
    if not cf.bench and rf.bench == "average" and caption_bench not in (None, "average"):
        bench = caption_bench  # the average of the caption benchmark's task rows
    task = task_name(frame.row_label[i], rf.rest.strip())
    if (
        bench is not None
        and bench == caption_bench
        and not cf.bench
        and not rf.bench
        and task
        and (cf.model or cf.size or cf.rest or cf.family)
        and not (rf.model or rf.size or rf.family or has_config(rf.config) or frame.methods_table)
    ):
        # rows of tasks under a benchmark the caption names (AGIEval's `LSAT-AR`,
        # `SAT-Math`, ..., `Average`): a task is a part, never the whole benchmark
        return sub_benchmark(bench, task, False) or part_of_group(bench, task), f"{caption_bench} {task}"
    return bench, label


def _skipped_unread_bits(frame: HeaderFrame, i: int, c: int) -> bool:
    """Skip cell (i, c) when its row's bit-width cell is in a notation not read (`16-8`)."""
    if frame.bits_column is None or not bits_unread(
        frame.table.rows[i][frame.bits_column].text, frame.rows[i]
    ):
        return False
    skip(frame.table, i, c, SkipReason.UNREAD_BITS, frame.table.rows[i][frame.bits_column].text)
    return True


def _with_caption_config(config: Configuration, stated: Configuration) -> Configuration:
    """A method row that prints no setting of its own was run at the caption's setting."""
    if not config.quant_method or config.precision or config.bits is not None or config.quant_format:
        return config
    return config.model_copy(update={k: v for k, v in stated.model_dump().items() if v is not None})


def _averages_model_columns(frame: HeaderFrame, c: int) -> bool:
    """An average column that names no model beside columns that each name one (`7B | 13B |
    ... | Mean`): the mean of several models, which is no model's score."""
    own = frame.columns[c]
    if own.model or own.size:
        return False
    others = [frame.columns[x] for x in frame.values if x != c]
    return len(others) >= 2 and all(f.model or f.size for f in others)


def _no_score_of_the_benchmark(
    frame: HeaderFrame, c: int, bench: str | None, header: str
) -> tuple[SkipReason, str] | None:
    """Why column c's cells are no score of their benchmark: a reference point over the column
    (`Human (Best)`), a memory footprint beside the models' properties, a mean over the models of
    the other columns, no benchmark at all or a bilingual header run together."""
    if not frame.columns[c].model and is_reference_point(clean(header)):
        return SkipReason.NOT_A_MODEL, header
    if bench == "gpu_memory" and frame.lists_properties:
        return SkipReason.NOT_A_SCORE, f"{header}: the model's footprint beside its properties"
    if (bench == "average" or AVERAGE.match(clean(header))) and _averages_model_columns(frame, c):
        return SkipReason.NO_MODEL, f"{header}: an average over the models of the other columns"
    if bench is None or _mixed_script(bench, header):
        return SkipReason.NO_BENCHMARK, header
    return None


def _attribute(frame: HeaderFrame, i: int, c: int) -> CellFacts | None:
    """The attribution of cell (i, c), or None (reported as a skip) when it is no score."""
    t, cf, rf = frame.table, frame.columns[c], frame.rows[i]
    header = column_header(t, c)
    if (is_not_score(clean(header)) and not cf.bench) or names_a_rank(clean(header)):
        skip(t, i, c, SkipReason.NOT_A_SCORE, header)
        return None
    if not rf.bench and frame.row_label[i] and is_not_score(frame.row_label[i]):
        skip(t, i, c, SkipReason.NOT_A_SCORE, frame.row_label[i])  # `Context Length`, `# Params`
        return None
    if _skipped_unread_bits(frame, i, c):
        return None
    if frame.row_label[i] and marks_only(frame.row_label[i]):
        skip(t, i, c, SkipReason.MARKS_ONLY, frame.row_label[i])
        return None
    if frame.ablation and not (rf.config.quant_method or rf.config.precision):
        skip(t, i, c, SkipReason.OWN_METHOD_VARIANT, frame.row_label[i])
        return None
    if cf.unnamed_variant:
        skip(
            t,
            i,
            c,
            SkipReason.NO_MODEL,
            f"{frame.row_label[i]} ({cf.rest}): a variant the table does not name",
        )
        return None
    bench, bench_label = _benchmark(frame, i, c)
    why_not = _no_score_of_the_benchmark(frame, c, bench, header)
    if why_not is not None or bench is None:
        skip(t, i, c, *(why_not or (SkipReason.NO_BENCHMARK, header)))
        return None
    model, rest_is_method = cell_model(frame, rf, cf)
    if model is None or not plausible_name(model_label(model)):
        skip(t, i, c, SkipReason.NO_MODEL, model or frame.row_label[i])
        return None
    if is_reference_point(model):
        skip(t, i, c, SkipReason.NOT_A_MODEL, model)
        return None
    model = model_label(model)
    variant = cf.variant or rf.variant
    if variant and not FINE_TUNE.search(model):
        model = f"{model} ({variant})"  # a fine-tuned variant, never the base model
    config = _with_caption_config(joined_config(rf.config, cf.config), frame.caption_config)
    if (rest_is_method or frame.methods_table) and rf.rest and not config.quant_method:
        word = rf.rest.strip()
        if (
            not BASELINE.match(word)
            and frame.methods_table
            and METHOD_WORD.match(word)
            and (len(word) > 2 or frame.method_column)
        ):
            config = config.model_copy(update={"quant_method": word.lower()})
    protocol = merge_protocols(
        cf.protocol,
        rf.protocol,
        frame.stub.protocol,
        frame.caption_protocol,
        frame.prose.for_benchmark(bench),
    )
    if variant:
        protocol = _with_detail(protocol, f"fine-tuned ({variant})")
    named = cf.bench is not None and not rf.bench
    unread = _unread_row_words(rf.rest, model, config) if named else ""
    if unread:  # `· equation only`, a `Reference` cell: the row's setting, kept as printed
        protocol = _with_detail(protocol, unread)
    return CellFacts(
        model=section_model_id(parse_model_label(model).model_id, model, frame),
        model_label=model,
        configuration=config,
        benchmark=bench,
        benchmark_label=bench_label[:200] or bench,
        protocol=protocol,
        header=header,
        unit_text=header,
        label_cols=frame.labels,
        label_states_setting=False,
        part_metrics=cf.part_metrics,
        part_benchmarks=cf.part_benchmarks,
    )
