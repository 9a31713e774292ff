"""Turning a `Table` into `ScoreRecord`s: the table-understanding step shared by every reader.

1. Split the columns into *label* columns (model names, sizes, configurations, shots,
   benchmark names; mostly non-numeric) and *value* columns.
2. Decide the orientation: benchmarks across the header (rows are models) or down
   the label column (a transposed card: rows are benchmarks, columns are models).
3. For every value cell: the model label (completed from the row's label cells, a
   spanning family cell, the heading or the document's own model), configuration,
   benchmark and protocol (header, row label, a shots column, the caption), and the
   value(s) with their scale.

A table with no recognisable benchmark yields nothing: a wrong number with a
citation is worse than a blank.
"""

from __future__ import annotations

import re
from functools import lru_cache

from benchtable.extract.citing import cell_citation, scale_for
from benchtable.extract.column_roles import not_a_score, settings_protocol
from benchtable.extract.columns import (
    BPW_HEADER,
    SHOT_VALUE,
    Columns,
    classify_columns,
    column_benchmark,
    column_config,
    column_header,
    header_knows,
    headers_name_models,
    is_benchmark_column_header,
    is_benchmarkish,
    model_label_columns,
    row_label,
    rows_name_models,
    table_benchmark_of,
)
from benchtable.extract.headers import (
    PPL_DATASETS,
    BenchmarkLabel,
    is_not_score,
    merge_protocols,
    names_a_property,
    parse_benchmark,
    parse_protocol,
    unknown_benchmark_id,
)
from benchtable.extract.labels import parse_configuration, parse_model_label
from benchtable.extract.naming import (
    complete_model,
    looks_like_model,
    name_hints,
    table_variant,
    with_variant,
)
from benchtable.extract.prose_protocol import prose_protocol
from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Cell, Table
from benchtable.extract.values import CellValue, parse_cell
from benchtable.schema.records import (
    Configuration,
    Protocol,
    ScoreRecord,
)

_GENERIC_VALUE_HEADER = re.compile(
    r"^(?:scores?|values?|results?|accuracy|acc|performance|%|metric value|numbers?)$", re.IGNORECASE
)


_MEMORY_WORDS = re.compile(r"memory|usage|peak|vram", re.IGNORECASE)


def _unit_benchmark(label: str, value: CellValue) -> str | None:
    """An unnamed measurement whose unit says what it is: GB under "Peak usage" is GPU memory."""
    if value.unit in {"gb", "gib", "mib", "mb"} and _MEMORY_WORDS.search(label):
        return "gpu_memory"
    return None


def _split_header(header: str, count: int) -> list[str] | None:
    parts = [p.strip() for p in re.split(r"\s*/\s*", header)]
    return parts if len(parts) == count else None


def records_from_table(table: Table, doc: DocumentInput) -> list[ScoreRecord]:
    table = table.padded()
    if len(table.rows) <= table.header_rows or table.width < 2:
        return []
    cols = classify_columns(table)
    if not cols.values:
        return []
    body_start = table.header_rows
    body = table.rows[body_start:]
    headers = {c: column_header(table, c) for c in range(table.width)}

    table_bench = table_benchmark_of(table, doc)
    header_bench = sum(1 for c in cols.values if header_knows(table, c, table_bench))
    # the label column that names benchmarks best (a transposed table)
    bench_col: int | None = None
    best = 0
    for c in cols.labels:
        hits = sum(1 for r in body if is_benchmarkish(r[c].text))
        if hits > best:
            best, bench_col = hits, c
    transposed = bench_col is not None and best > header_bench
    if (
        not transposed
        and header_bench == 0
        and cols.labels
        and headers_name_models(table, cols.values, cols.labels)
    ):
        transposed, bench_col = True, cols.labels[0]  # models across, unknown benchmarks down
    if not transposed and header_bench == 0:
        named = next((c for c in cols.labels if is_benchmark_column_header(headers[c])), None)
        if named is not None:  # a `Task | Metric | Value` table: the Task column names the benchmarks
            transposed, bench_col = True, named
    models_table = not transposed and header_bench == 0 and rows_name_models(table, cols.labels)
    if not transposed and header_bench == 0 and not doc.hints.get("benchmark") and not models_table:
        return []

    caption_protocol = parse_protocol(" ".join(x for x in (table.caption,) if x))
    prose = prose_protocol(table.context).then(prose_protocol(table.heading))
    hints = name_hints(
        label_header=headers[cols.labels[0]] if cols.labels and not transposed else "",
        caption=table.caption,
        heading=table.heading,
        doc_model=doc.model,
        family_hint=doc.hints.get("family"),
    )
    records: list[ScoreRecord] = []
    column_max = {c: _column_max(body, c) for c in cols.values}
    _carry_group_labels(body, cols.labels)
    # facts of a whole column or table, read once here rather than once per row
    header_configs = {c: column_config(table, c)[1] for c in cols.values}
    other_labels = [c for c in cols.labels if c != bench_col]
    if transposed:
        row_model_cols = model_label_columns(table, other_labels)
    else:
        model_cols = model_label_columns(table, cols.labels)
        benches = {c: column_benchmark(table, c, table_bench) for c in cols.values}
        label_header_protocol = parse_protocol(headers[cols.labels[0]]) if cols.labels else Protocol()
    for r_index, row in enumerate(body):
        row_number = body_start + r_index
        row_protocol = _row_protocol(row, cols)
        if transposed:
            assert bench_col is not None
            bench_label = row[bench_col].text or next(
                (row[c].text for c in cols.labels if row[c].text and not row[c].spanned), ""
            )  # an "Average" row may stand in the category column
            if not bench_label:
                continue
            bench = parse_benchmark(bench_label)
            if bench.benchmark_id is None and is_not_score(bench_label):
                continue
            label_protocol = parse_protocol(row_label(row, other_labels, set()))
            # a row's own model cell (`7B`) with configurations across (`F16 | Q4_0 | Q8_0`)
            row_model = row_label(row, row_model_cols, set())
            row_model = row_model if row_model and looks_like_model(row_model) else ""
            for c in cols.values:
                header = headers[c]
                if not header or not_a_score(header):
                    continue
                if _GENERIC_VALUE_HEADER.match(header):
                    if not hints.full_names:
                        continue
                    model_text = hints.full_names[0]
                else:
                    completed = complete_model(f"{row_model} {header}".strip(), hints)
                    if completed is None:
                        continue
                    model_text = completed
                records.extend(
                    _cell_records(
                        doc,
                        table,
                        row_number,
                        c,
                        row,
                        model_text,
                        bench,
                        merge_protocols(
                            bench.protocol,
                            row_protocol,
                            label_protocol,
                            parse_protocol(header),
                            caption_protocol,
                            prose.for_benchmark(bench.benchmark_id),
                        ),
                        column_max[c],
                        cols.labels,
                        headers[c],
                        header_configs[c],
                        True,
                    )
                )
        else:
            skip = {x for x in (cols.bits, cols.group) if x is not None}
            label = row_label(row, model_cols, skip)
            if cols.bits is not None and row[cols.bits].text:
                label += _bits_label(row[cols.bits].text, headers[cols.bits], label)
            if cols.group is not None and re.fullmatch(r"\d+", row[cols.group].text):
                label += f" g{row[cols.group].text}"
            label = label.strip()
            if not label:
                if not hints.full_names:
                    continue
                label = hints.full_names[0]
            completed = complete_model(label, hints)
            if completed is None:
                continue
            model_text = completed
            if names_a_property(model_text) or (
                is_benchmarkish(model_text) and not transposed and not looks_like_model(model_text)
            ):
                continue
            for c in cols.values:
                header = headers[c]
                if not header or not_a_score(header, benches[c]):
                    continue
                bench = benches[c]
                if (
                    bench.benchmark_id is None
                    and header_bench == 0
                    and not doc.hints.get("benchmark")
                    and not models_table
                ):
                    continue
                records.extend(
                    _cell_records(
                        doc,
                        table,
                        row_number,
                        c,
                        row,
                        model_text,
                        bench,
                        merge_protocols(
                            bench.protocol,
                            row_protocol,
                            parse_protocol(model_text),
                            label_header_protocol,
                            caption_protocol,
                            prose.for_benchmark(bench.benchmark_id),
                        ),
                        column_max[c],
                        cols.labels,
                        headers[c],
                        header_configs[c],
                    )
                )
    return records


def _carry_group_labels(body: list[list[Cell]], labels: list[int]) -> None:
    """An empty first label cell continues the group above (when the row has other labels):
    it becomes a spanned copy of the text above, as a rowspan would."""
    if not labels:
        return
    first = labels[0]
    carried = ""
    for row in body:
        cell = row[first]
        if cell.text:
            carried = cell.text
        elif carried and any(row[x].text for x in labels[1:]):
            row[first] = Cell(carried, cell.raw, cell.line, cell.page, cell.bbox, spanned=True)


def _bits_label(text: str, header: str, label: str) -> str:
    """A bits column as a label suffix; bits per weight become the nominal width (4.15 bpw: 4-bit)."""
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        return f" {text}"
    bits = float(text)
    if parse_configuration(label)[1].bits is not None:
        return ""
    if BPW_HEADER.search(header) and bits < 16 and bits - int(bits) < 0.5:
        bits = float(int(bits))
    return f" {bits:g}-bit"


_PPL_DATASETS = PPL_DATASETS


def _perplexity_dataset(table: Table) -> str | None:
    """`perplexity` with no dataset in its label: the one dataset the surrounding prose names."""
    return _dataset_named_in(" ".join((table.caption, table.context, table.context_after, table.heading)))


@lru_cache(maxsize=256)
def _dataset_named_in(text: str) -> str | None:
    named = [b for b, pattern in _PPL_DATASETS.items() if re.search(pattern, text, re.IGNORECASE)]
    return named[0] if len(named) == 1 else None


_SPEED_AND_MEMORY = {"decode_speed", "decode_latency", "gpu_memory"}


def _hinted_perplexity_dataset(doc: DocumentInput) -> str | None:
    hinted = doc.hints.get("perplexity_dataset")
    return f"{hinted}_ppl" if isinstance(hinted, str) and f"{hinted}_ppl" in _PPL_DATASETS else None


_SECTION_GROUP = re.compile(r"group[_ -]?size(?:\s*(?:of|=|:))?\s*(\d{2,4})\b", re.IGNORECASE)


def _section_defaults(config: Configuration, table: Table) -> Configuration:
    """A quantized row that omits its method or group size takes the one its section states
    ("All benchmarks are done with group_size 128" in a section about one method)."""
    if config.bits is None or config.bits >= 16 or not table.section:
        return config
    group_size, quant_method = _section_settings(table.section)
    update: dict[str, object] = {}
    if config.group_size is None and group_size is not None:
        update["group_size"] = group_size
    if config.quant_method is None and quant_method is not None:
        update["quant_method"] = quant_method
    return config.model_copy(update=update) if update else config


@lru_cache(maxsize=256)
def _section_settings(section: str) -> tuple[int | None, str | None]:
    """The one group size and the one quantization method a section's prose names, if one each."""
    sizes = set(_SECTION_GROUP.findall(section))
    methods = {parse_configuration(m.group(0))[1].quant_method for m in _METHOD_WORD.finditer(section)}
    methods.discard(None)
    return (
        int(sizes.pop()) if len(sizes) == 1 else None,
        methods.pop() if len(methods) == 1 else None,
    )


_METHOD_WORD = re.compile(
    r"(?<![A-Za-z0-9])(?:GPTQ|AWQ|RTN|SmoothQuant|bitsandbytes|EXL2|HQQ|AutoRound)(?![A-Za-z0-9])"
)


def _context_length(table: Table, doc: DocumentInput) -> int | None:
    """The evaluation context length the prose states (perplexity depends on it), else the source's hint."""
    for text in (table.caption, table.context, table.context_after):
        found = parse_protocol(text).context_length if text else None
        if found:
            return found
    hinted = doc.hints.get("context_length")
    return hinted if isinstance(hinted, int) else None


def _row_protocol(row: list[Cell], cols: Columns) -> Protocol:
    n_shot: int | None = None
    metric: str | None = None
    if cols.shots is not None:
        m = SHOT_VALUE.match(row[cols.shots].text.strip())
        n_shot = int(m.group(1)) if m else parse_protocol(row[cols.shots].text).n_shot
    if cols.metric is not None and row[cols.metric].text:
        metric = parse_protocol(row[cols.metric].text).metric or row[cols.metric].text.strip().lower()
    details: str | None = None
    cot: bool | None = None
    if cols.setting is not None and row[cols.setting].text:
        details = row[cols.setting].text
        cot = parse_protocol(details).cot
    base = Protocol(n_shot=n_shot, metric=metric, cot=cot, details=details)
    settings = settings_protocol(row, cols.settings)
    return merge_protocols(base, settings, parse_protocol(" ".join(row[c].text for c in cols.labels)))


def _column_max(body: list[list[Cell]], col: int) -> float:
    best = 0.0
    for row in body:
        values = parse_cell(row[col].text) or []
        for v in values:
            best = max(best, abs(v.value))
    return best


def _cell_records(
    doc: DocumentInput,
    table: Table,
    row_number: int,
    col: int,
    row: list[Cell],
    model_text: str,
    bench: BenchmarkLabel,
    protocol: Protocol,
    column_max: float,
    label_cols: list[int],
    header_text: str,
    header_config: Configuration,
    transposed_model: bool = False,
) -> list[ScoreRecord]:
    cell = row[col]
    if cell.spanned:
        return []
    values = parse_cell(cell.text)
    if not values:
        return []
    model = parse_model_label(model_text)
    model_id = with_variant(
        model.model_id, model_text, table_variant(table.heading, table.caption, table.context)
    )
    config = model.configuration
    if not transposed_model:
        filled = {k: v for k, v in header_config.model_dump().items() if v is not None}
        if filled:  # `AWQ 4bit Speed` over a column: the header states the configuration
            config = config.model_copy(update=filled)
    config = _section_defaults(config, table)
    default_method = doc.hints.get("quant_method")
    if (
        isinstance(default_method, str)
        and config.bits is not None
        and config.quant_method is None
        and (config.bits or 16) < 16
    ):
        config = config.model_copy(update={"quant_method": default_method})
    labels = [bench.label] * len(values)
    if len(values) > 1:
        split = _split_header(bench.label, len(values))
        if split:
            labels = split
    out: list[ScoreRecord] = []
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        b = bench if label == bench.label else parse_benchmark(label)
        bench_id = b.benchmark_id or _unit_benchmark(label, value) or unknown_benchmark_id(label)
        if bench_id == "perplexity":
            bench_id = _perplexity_dataset(table) or _hinted_perplexity_dataset(doc) or bench_id
        proto = protocol if label == bench.label else merge_protocols(b.protocol, protocol)
        if len(values) > 1 and label == bench.label:
            proto = proto.model_copy(update={"details": f"value {i + 1} of {len(values)} in the cell"})
        if bench_id in _SPEED_AND_MEMORY and not proto.details:
            proto = proto.model_copy(update={"details": label})  # hardware, threads, batch: as printed
        if bench_id.endswith("ppl") or bench_id == "perplexity":
            proto = proto.model_copy(
                update={"context_length": proto.context_length or _context_length(table, doc)}
            )
        out.append(
            ScoreRecord(
                source_id=doc.source_id,
                model=model_id,
                model_label=model_text,
                configuration=config,
                benchmark=bench_id,
                benchmark_label=label,
                protocol=proto,
                value=value.value,
                raw=cell.raw.strip(),
                scale=scale_for(bench_id, value, column_max, label),
                bound=value.bound,
                citation=cell_citation(doc, table, row_number, col, row, label_cols, header_text),
            )
        )
    return out
