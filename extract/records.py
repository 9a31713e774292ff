"""The one place a `ScoreRecord` is built: its fields, its citation and the scale of its value.

Every extractor (the table interpreter, the structured readers of `.eval_results` YAML,
Every Eval Ever JSON and Open LLM Leaderboard rows) says *what* it read as a `Reading`
and *where* as a `Citation` (`table_citation` for a table cell, `document_citation` for a
node of a structured file); `score_record` joins them. The scale is decided here too:
`table_scale` for a table cell (the benchmark's unit, the header's unit, the value's
unit, then the column's range), `stated_scale` for a lone value of a structured file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Cell, Table
from benchtable.extract.values import CellValue
from benchtable.schema.records import Citation, Configuration, Locator, Protocol, Scale, ScoreRecord
from benchtable.schema.vocabulary import vocabulary

__all__ = [
    "Reading",
    "document_citation",
    "score_record",
    "stated_scale",
    "table_citation",
    "table_scale",
]


@dataclass(frozen=True)
class Reading:
    """What one published number says: whose it is, on what, measured how, and the number."""

    model: str
    """The model id (`parse_model_label(...).model_id`)."""
    model_label: str
    configuration: Configuration
    benchmark: str
    benchmark_label: str
    protocol: Protocol
    value: float
    raw: str
    scale: Scale
    bound: str | None = None


def score_record(doc: DocumentInput, reading: Reading, citation: Citation) -> ScoreRecord:
    """The record of `reading`, read from `doc` at `citation`."""
    return ScoreRecord(
        source_id=doc.source_id,
        model=reading.model,
        model_label=reading.model_label,
        configuration=reading.configuration,
        benchmark=reading.benchmark,
        benchmark_label=reading.benchmark_label,
        protocol=reading.protocol,
        value=reading.value,
        raw=reading.raw,
        scale=reading.scale,
        bound=reading.bound,
        citation=citation,
    )


def document_citation(
    doc: DocumentInput, quote: str, line: int | None = None, pointer: str | None = None
) -> Citation:
    """The citation of a value of a structured document: its line and JSON/YAML pointer."""
    return Citation(url=doc.url, sha256=doc.sha256, locator=Locator(line=line, pointer=pointer), quote=quote)


def _quote(row: list[Cell], label_cols: list[int], header: str, cell: Cell) -> str:
    """What was read: the row's label cells, the column header and the cell, as printed."""
    labels: list[str] = []
    for c in label_cols:
        text = row[c].text
        if text and text not in labels:
            labels.append(text)
    return f"{' '.join(labels)} | {header} | {cell.raw.strip()}"[:300]


def table_citation(
    doc: DocumentInput,
    table: Table,
    row_index: int,
    col: int,
    row: list[Cell],
    label_cols: list[int],
    header: str,
) -> Citation:
    """The citation of the value in `row[col]`: URL, digest, line or page and box, indexes, quote."""
    cell = row[col]
    return Citation(
        url=doc.url,
        sha256=doc.sha256,
        locator=Locator(
            line=cell.line, page=cell.page, table=table.index, row=row_index, column=col, bbox=cell.bbox
        ),
        quote=_quote(row, label_cols, header, cell),
    )


def stated_scale(benchmark_id: str, value: float, raw: str) -> Scale:
    """The scale of a lone value: the benchmark's own unit, else a fraction up to 1 (no `%`)."""
    known = vocabulary().benchmarks.get(benchmark_id)
    if known is not None and known.scale not in {Scale.PERCENT, Scale.FRACTION}:
        return known.scale
    if abs(value) <= 1.0 and "%" not in raw:
        return Scale.FRACTION
    return Scale.PERCENT


_S_PER_TOKEN = re.compile(r"(?<![A-Za-z])s\s*/\s*tok|seconds? per token", re.IGNORECASE)
_HEADER_UNIT = re.compile(r"\b(MiB|MB|GiB|GB|ms)\b|tokens?/s|tok/s")
_HEADER_UNITS = {"MiB": Scale.MIB, "MB": Scale.MIB, "GiB": Scale.GB, "GB": Scale.GB, "ms": Scale.MS_PER_TOKEN}
_VALUE_UNITS = {
    "mib": Scale.MIB,
    "mb": Scale.MIB,
    "gb": Scale.GB,
    "gib": Scale.GB,
    "ms": Scale.MS_PER_TOKEN,
    "tok/s": Scale.TOKENS_PER_S,
    "tokens/s": Scale.TOKENS_PER_S,
    "t/s": Scale.TOKENS_PER_S,
}


def table_scale(benchmark_id: str | None, value: CellValue, column_max: float, header: str = "") -> Scale:
    """The scale of a table cell's value: the benchmark's unit (as the header or the value
    states it), a unit in the header, the value's unit, the benchmark's fixed scale, a `%`
    sign, then the column's range (all values up to 1: a fraction)."""
    bench = vocabulary().benchmarks.get(benchmark_id or "")
    if bench is not None and bench.units:
        return bench.stated_unit(value.unit, header) or bench.scale
    if not value.unit:
        if _S_PER_TOKEN.search(header):
            return Scale.S_PER_TOKEN
        unit = _HEADER_UNIT.search(header)
        if unit:
            return _HEADER_UNITS.get(unit.group(0), Scale.TOKENS_PER_S)
    if value.unit in _VALUE_UNITS:
        return _VALUE_UNITS[value.unit]
    if bench is not None and bench.scale not in {Scale.PERCENT, Scale.FRACTION}:
        return bench.scale
    if value.percent_sign:
        return Scale.PERCENT
    if column_max > 100:
        return Scale.SCORE  # no percentage without a `%` sign exceeds 100 (an Elo column)
    if column_max <= 1.0:
        return Scale.FRACTION
    return Scale.PERCENT
