"""Reading a table by its label columns: rows are models (their label cells, completed
from the context) and the header names the benchmarks, or, transposed, rows are
benchmarks and the header names the models.

Orientation: the label column that names the most benchmarks, when it names more than
the header does (a transposed card); else models across the header with unknown
benchmarks down; else a `Task | Metric | Value` table (the task column names them).
A table that names no benchmark anywhere (header, rows, context, hints) and whose rows
are not models yields nothing: a wrong number with a citation is worse than a blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchtable.extract.column_roles import not_a_score
from benchtable.extract.columns import (
    Columns,
    classify_columns,
    column_benchmark,
    column_config,
    column_header,
    count_parts,
    header_knows,
    headers_name_models,
    is_benchmark_column_header,
    is_benchmarkish,
    model_label_columns,
    part_of_table_benchmark,
    row_label,
    rows_name_models,
    table_benchmark_of,
)
from benchtable.extract.headers import (
    BenchmarkLabel,
    is_not_score,
    merge_protocols,
    parse_benchmark,
    parse_protocol,
)
from benchtable.extract.labels import (
    configuration_alone,
    parse_configuration,
    parse_model_label,
    with_run_note,
)
from benchtable.extract.naming import NameHints, complete_model, name_hints, table_model_id
from benchtable.extract.registry import DocumentInput
from benchtable.extract.skips import SkipReason, skip
from benchtable.extract.table import Table
from benchtable.extract.understand.ambiguous_headers import scored_ambiguous_columns
from benchtable.extract.understand.attribution import CellFacts, CellPlace, cell_records, column_max
from benchtable.extract.understand.caption import benchmarks_named
from benchtable.extract.understand.config_rows import rows_configure_header_model
from benchtable.extract.understand.label_rows import (
    carry_group_labels,
    row_model,
    row_model_label,
    row_protocol,
    subgroup_benchmark,
    technique_row,
    with_techniques,
)
from benchtable.extract.understand.noted_variants import noted_variants
from benchtable.extract.understand.part_rows import benchmark_by_part
from benchtable.extract.understand.prose import ProseProtocol, prose_protocol
from benchtable.extract.understand.setting_axis import read_setting_axis
from benchtable.extract.understand.suites import suite_task_benches
from benchtable.extract.understand.words import (
    AVERAGE_LEAD_IN,
    DOMAIN_AVERAGE,
    abbreviation,
    is_reference_point,
)
from benchtable.schema.records import Configuration, Protocol, ScoreRecord
from benchtable.schema.table_words import table_marks

__all__ = ["read_by_labels"]

_GENERIC_VALUE_HEADER = re.compile(
    r"^(?:scores?|values?|results?|accuracy|acc|performance|%|metric value|numbers?)$", re.IGNORECASE
)


@dataclass
class LabelFrame:
    """What the table as a whole says, read once."""

    table: Table
    doc: DocumentInput
    cols: Columns
    headers: dict[int, str]
    transposed: bool
    bench_col: int | None
    header_bench: int
    models_table: bool
    caption_protocol: Protocol
    prose: ProseProtocol
    hints: NameHints
    header_configs: dict[int, Configuration]
    model_cols: list[int]
    """The label columns that name the model (of the row, in a transposed table)."""
    benches: dict[int, BenchmarkLabel]
    label_header_protocol: Protocol
    maxima: dict[int, float]
    table_bench: str | None
    """The benchmark the caption, the line above, the heading or the source names."""
    parts_named: int
    """How many rows of the benchmark label column name a part by language (`Arabic`)."""
    heading_config: Configuration | None = None
    """The configuration the heading states (`MMLU 5-Shot (8-Bit)`) when no label or header does."""
    scored_ambiguous: frozenset[int] = frozenset()
    """Value columns whose property-or-benchmark header (`GQA`) the table's siblings make scores."""


def read_by_labels(table: Table, doc: DocumentInput) -> list[ScoreRecord]:
    by_setting = read_setting_axis(table.padded(), doc)
    if by_setting is not None:  # `Seq Len | 256 | 512` over one model's configurations
        return by_setting
    frame = _frame(table.padded(), doc)
    if frame is None:
        return []
    t = frame.table
    records: list[ScoreRecord] = []
    for i in range(t.header_rows, len(t.rows)):
        if frame.transposed:
            records.extend(_transposed_row(frame, i))
        else:
            records.extend(_model_row(frame, i))
    return records


def _orientation(
    t: Table, doc: DocumentInput, cols: Columns, table_bench: str | None
) -> tuple[bool, int | None, int, bool] | None:
    """(transposed, the benchmark label column, header columns naming a benchmark, rows
    name models), or None when the table names no benchmark at all."""
    body = t.rows[t.header_rows :]
    header_bench = sum(1 for c in cols.values if header_knows(t, c, table_bench))
    bench_col: int | None = None
    best = 0
    for c in cols.labels:  # the label column that names benchmarks best (a transposed table)
        hits = sum(1 for r in body if is_benchmarkish(r[c].text))
        if hits > best:
            best, bench_col = hits, c
    transposed = bench_col is not None and best > header_bench
    if (
        not transposed
        and header_bench == 0
        and cols.labels
        and headers_name_models(t, cols.values, cols.labels)
    ):
        transposed, bench_col = True, cols.labels[0]  # models across, unknown benchmarks down
    if not transposed and header_bench == 0:
        named = next((c for c in cols.labels if is_benchmark_column_header(column_header(t, c))), None)
        if named is not None:  # a `Task | Metric | Value` table: the Task column names the benchmarks
            transposed, bench_col = True, named
    models_table = (
        not transposed
        and header_bench == 0
        and (rows_name_models(t, cols.labels) or rows_configure_header_model(t, cols))
    )
    if not transposed and header_bench == 0 and not doc.hints.get("benchmark") and not models_table:
        return None
    return transposed, bench_col, header_bench, models_table


def _frame(t: Table, doc: DocumentInput) -> LabelFrame | None:
    if len(t.rows) <= t.header_rows or t.width < 2:
        return None
    cols = classify_columns(t)
    if not cols.values:
        return None
    table_bench = table_benchmark_of(t, doc)
    oriented = _orientation(t, doc, cols, table_bench)
    if oriented is None:
        for i in range(t.header_rows, len(t.rows)):
            for c in cols.values:
                if t.rows[i][c].text and not t.rows[i][c].spanned:
                    skip(
                        t, i, c, SkipReason.NO_BENCHMARK, "no benchmark in the header, rows, context or hints"
                    )
        return None
    transposed, bench_col, header_bench, models_table = oriented
    headers = {c: column_header(t, c) for c in range(t.width)}
    maxima = {c: column_max(t.rows[t.header_rows :], c) for c in cols.values}
    qualifiers = tuple(x for x in (cols.metric, cols.shots) if x is not None)
    carry_group_labels(t.rows[t.header_rows :], cols.labels, qualifiers)
    first_label = headers[cols.labels[0]] if cols.labels else ""
    other_labels = [c for c in cols.labels if c != bench_col]
    return LabelFrame(
        table=t,
        doc=doc,
        cols=cols,
        headers=headers,
        transposed=transposed,
        bench_col=bench_col,
        header_bench=header_bench,
        models_table=models_table,
        caption_protocol=parse_protocol(t.caption),
        prose=prose_protocol(t.context).then(prose_protocol(t.heading)),
        hints=name_hints(
            label_header=first_label if not transposed else "",
            caption=t.caption,
            heading=t.heading,
            doc_model=doc.model,
            family_hint=doc.hints.get("family"),
        ),
        header_configs={c: column_config(t, c)[1] for c in cols.values},
        model_cols=model_label_columns(t, other_labels if transposed else cols.labels),
        benches={} if transposed else _column_benchmarks(t, cols, table_bench),
        label_header_protocol=parse_protocol(first_label) if cols.labels and not transposed else Protocol(),
        maxima=maxima,
        heading_config=_heading_config(t, cols),
        table_bench=table_bench,
        parts_named=_parts_named(t, bench_col) if transposed and table_bench else 0,
        scored_ambiguous=frozenset() if transposed else scored_ambiguous_columns(t, cols),
    )


def _heading_config(t: Table, cols: Columns) -> Configuration | None:
    """The configuration a table's heading states, for a table whose labels and headers state
    none: every row was run so (lm-eval output under `### MMLU 5-Shot (8-Bit)`)."""
    stated = parse_configuration(t.heading)[1] if t.heading else Configuration()
    if stated == Configuration():
        return None
    if any(column_config(t, c)[1] != Configuration() for c in cols.values):
        return None
    labels = (row[c].text for row in t.rows[t.header_rows :] for c in cols.labels)
    if any(parse_configuration(text)[1] != Configuration() for text in labels if text):
        return None
    return stated


def _parts_named(t: Table, bench_col: int | None) -> int:
    if bench_col is None:
        return 0
    return count_parts(r[bench_col].text for r in t.rows[t.header_rows :])


def _skip_row(t: Table, i: int, cols: Columns, reason: SkipReason, detail: str) -> None:
    """Every value cell of row `i` (blanks and span copies are no values) yields nothing."""
    for c in cols.values:
        if t.rows[i][c].text and not t.rows[i][c].spanned:
            skip(t, i, c, reason, detail)


def _column_benchmarks(t: Table, cols: Columns, table_bench: str | None) -> dict[int, BenchmarkLabel]:
    """The benchmark of each value column; the tasks of a benchmark the lead-in names
    (`on the L-Eval benchmark`) when the table names none of its own."""
    benches = {c: _column_benchmark(t, c, table_bench) for c in cols.values}
    if len(benches) == 1:  # `Commonsense Avg` the only score column: a suite's average
        [(c, only)] = benches.items()
        if only.benchmark_id is None and DOMAIN_AVERAGE.match(only.label.strip()):
            benches[c] = BenchmarkLabel(only.label, "average", only.protocol)
    return noted_variants(t, suite_task_benches(t, benches, table_bench) or benches)


def _column_benchmark(t: Table, c: int, table_bench: str | None) -> BenchmarkLabel:
    """The benchmark a column header names; an abbreviation (`Hella`) when the vocabulary
    knows none."""
    bench = column_benchmark(t, c, table_bench)
    if bench.benchmark_id is None and _GENERIC_VALUE_HEADER.match(bench.label.strip()):
        # a metric's name (`Accuracy`) measures the table's benchmark; it never is one
        metric = parse_protocol(bench.label).metric
        protocol = merge_protocols(bench.protocol, Protocol(metric=metric))
        return BenchmarkLabel(bench.label, table_bench, protocol)
    if bench.benchmark_id is None:
        abbreviated = abbreviation(bench.label)
        if abbreviated is not None:
            return BenchmarkLabel(bench.label, abbreviated, bench.protocol)
    return bench


def _transposed_row(frame: LabelFrame, i: int) -> list[ScoreRecord]:
    """A row naming a benchmark, with models (or configurations of the row's model) across."""
    t, cols = frame.table, frame.cols
    row = t.rows[i]
    assert frame.bench_col is not None
    bench_label = row[frame.bench_col].text or next(
        (row[c].text for c in cols.labels if row[c].text and not row[c].spanned), ""
    )  # an "Average" row may stand in the category column
    bench = subgroup_benchmark(t.rows, i, frame.bench_col, _row_benchmark(frame, bench_label))
    bench = benchmark_by_part(t.rows, i, frame.bench_col, cols.labels, t.header_rows) or bench
    if not bench_label or (bench.benchmark_id is None and is_not_score(bench_label)):
        _skip_row(
            t, i, cols, SkipReason.NO_BENCHMARK if not bench_label else SkipReason.NOT_A_SCORE, bench_label
        )
        return []
    if _configuration_row(bench.benchmark_id, bench_label) or table_marks().is_role_qualifier(bench_label):
        # `BF16`, `Ours 4.5-bit` over model columns: what they measure is stated elsewhere, if at
        # all; a lead-in `Average accuracy across lambada_openai, hellaswag, ...` says the average
        if AVERAGE_LEAD_IN.match(t.context) and len(set(benchmarks_named(t.context))) >= 2:
            return _averaged_configuration_row(frame, i)
        _skip_row(t, i, cols, SkipReason.NO_BENCHMARK, f"configuration row {bench_label!r}")
        return []
    other_labels = [c for c in cols.labels if c != frame.bench_col]
    label_protocol = parse_protocol(row_label(row, other_labels, set()))
    own_model = row_model(row, frame.model_cols)
    protocol_of_row = row_protocol(row, cols)
    out: list[ScoreRecord] = []
    for c in cols.values:
        if not row[c].text or row[c].spanned:
            continue  # a blank, or the copy of a spanning cell read where it stands
        header = frame.headers[c]
        model_text = _column_model(frame, header, own_model, i, c)
        if model_text is None:
            continue
        protocol = merge_protocols(
            bench.protocol,
            protocol_of_row,
            label_protocol,
            parse_protocol(header),
            frame.caption_protocol,
            frame.prose.for_benchmark(bench.benchmark_id),
        )
        out.extend(_records(frame, i, c, model_text, bench, protocol, header_config=None))
    return out


def _averaged_configuration_row(frame: LabelFrame, i: int) -> list[ScoreRecord]:
    """A configuration row (`Optimized RTN | q2_k_s`) over model columns whose lead-in says the
    cells average a list of tasks: the benchmark `average` of each column's model so configured."""
    t, cols = frame.table, frame.cols
    row = t.rows[i]
    label = " ".join(row[c].text for c in cols.labels if row[c].text)
    configured = configuration_alone(label)
    if configured is None:
        _skip_row(t, i, cols, SkipReason.NO_MODEL, f"configuration row {label!r}")
        return []
    bench = BenchmarkLabel(t.context.strip(" *_"), "average", Protocol())
    out: list[ScoreRecord] = []
    for c in cols.values:
        if not row[c].text or row[c].spanned:
            continue
        header = frame.headers[c]
        model_text = _column_model(frame, header, "", i, c)
        if model_text is None:
            continue
        protocol = merge_protocols(parse_protocol(header), frame.caption_protocol)
        out.extend(_records(frame, i, c, f"{model_text} {configured}", bench, protocol, header_config=None))
    return out


def _configuration_row(benchmark_id: str | None, label: str) -> bool:
    """The row label names no benchmark but a precision, a method or a bit width, with at most
    two other words (`BF16`, `Pure 4-bit`, `Tail layers 8-bit`, `Optimized RTN`)."""
    if benchmark_id is not None:
        return False
    rest, config = parse_configuration(label)
    return config != Configuration() and len(rest.split()) <= 2


def _row_benchmark(frame: LabelFrame, label: str) -> BenchmarkLabel:
    """The benchmark a row names: a part of the table's benchmark among rows naming parts
    (`Arabic` under `Multilingual MMLU`: `mmmlu_arabic`), else its own label's."""
    bench = parse_benchmark(label)
    part = part_of_table_benchmark(label, frame.parts_named, frame.table_bench)
    return BenchmarkLabel(label, part, bench.protocol) if part is not None else bench


def _column_model(frame: LabelFrame, header: str, own_model: str, i: int, c: int) -> str | None:
    """The model a column of a transposed table holds (a `Score` column: the card's own)."""
    if not header or not_a_score(header):
        skip(frame.table, i, c, SkipReason.NOT_A_SCORE, header)
        return None
    if is_reference_point(header):
        skip(frame.table, i, c, SkipReason.NOT_A_MODEL, header)
        return None
    if _GENERIC_VALUE_HEADER.match(header):
        if not frame.hints.full_names:
            skip(frame.table, i, c, SkipReason.NO_MODEL, header)
            return None
        return frame.hints.full_names[0]
    completed = complete_model(f"{own_model} {header}".strip(), frame.hints)
    if completed is None:
        skip(frame.table, i, c, SkipReason.NO_MODEL, header)
    return completed


def _model_row(frame: LabelFrame, i: int) -> list[ScoreRecord]:
    """A row naming a model, with benchmarks across."""
    t, cols = frame.table, frame.cols
    row = t.rows[i]
    technique = technique_row(t.rows, i, frame.model_cols, t.header_rows)  # `+ logn` under a model
    label_row, added = technique if technique is not None else (row, "")
    model_text, why = row_model_label(label_row, cols, frame.model_cols, frame.headers, frame.hints)
    if model_text is None:
        _skip_row(t, i, cols, why[0], why[1])
        return []
    protocol_of_row = with_run_note(
        merge_protocols(row_protocol(row, cols), parse_protocol(model_text)), model_text
    )
    out: list[ScoreRecord] = []
    for c in cols.values:
        if not row[c].text or row[c].spanned:
            continue  # a blank, or the copy of a spanning cell read where it stands
        header = frame.headers[c]
        bench = frame.benches[c]
        if not header or (not_a_score(header, bench) and c not in frame.scored_ambiguous):
            skip(t, i, c, SkipReason.NOT_A_SCORE, header)
            continue
        unnamed = bench.benchmark_id is None and frame.header_bench == 0 and not frame.models_table
        metric_only = bench.benchmark_id is None and _GENERIC_VALUE_HEADER.match(header.strip())
        if (unnamed or metric_only) and not frame.doc.hints.get("benchmark"):
            skip(t, i, c, SkipReason.NO_BENCHMARK, header)
            continue
        protocol = merge_protocols(
            bench.protocol,
            protocol_of_row,
            frame.label_header_protocol,
            frame.caption_protocol,
            frame.prose.for_benchmark(bench.benchmark_id),
        )
        protocol = with_techniques(protocol, added)
        out.extend(_records(frame, i, c, model_text, bench, protocol, frame.header_configs[c]))
    return out


def _records(
    frame: LabelFrame,
    i: int,
    c: int,
    model_text: str,
    bench: BenchmarkLabel,
    protocol: Protocol,
    header_config: Configuration | None,
) -> list[ScoreRecord]:
    t = frame.table
    row = t.rows[i]
    model = parse_model_label(model_text)
    config = model.configuration
    header_config = header_config if header_config is not None else frame.heading_config
    if header_config is not None:
        filled = {k: v for k, v in header_config.model_dump().items() if v is not None}
        if filled:  # `AWQ 4bit Speed` over a column: the header states the configuration
            config = config.model_copy(update=filled)
    facts = CellFacts(
        model=table_model_id(model.model_id, model_text, t),
        model_label=model_text,
        configuration=config,
        benchmark=bench.benchmark_id,
        benchmark_label=bench.label,
        protocol=protocol,
        header=frame.headers[c],
        unit_text=bench.label,
        label_cols=frame.cols.labels,
    )
    return cell_records(CellPlace(frame.doc, t, i, c, row, frame.maxima[c]), facts)
