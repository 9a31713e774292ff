"""What every record read from a table cell carries: its citation and the scale of its value."""

from __future__ import annotations

import re

from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Cell, Table
from benchtable.extract.values import CellValue
from benchtable.schema.records import Citation, Locator, Scale
from benchtable.schema.vocabulary import vocabulary


def quote(row: list[Cell], label_cols: list[int], header: str, cell: Cell) -> str:
    """What was read: the row's label cells, the column header and the cell, as printed."""
    labels: list[str] = []
    for c in label_cols:
        text = row[c].text
        if text and text not in labels:
            labels.append(text)
    return f"{' '.join(labels)} | {header} | {cell.raw.strip()}"[:300]


def cell_citation(
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
        quote=quote(row, label_cols, header, cell),
    )


def scale_for(benchmark_id: str | None, value: CellValue, column_max: float, header: str = "") -> Scale:
    voc = vocabulary()
    bench = voc.benchmarks.get(benchmark_id or "")
    if bench is not None and bench.units:
        return bench.stated_unit(value.unit, header) or bench.scale
    if re.search(r"(?<![A-Za-z])s\s*/\s*tok|seconds? per token", header, re.IGNORECASE) and not value.unit:
        return Scale.S_PER_TOKEN
    unit = re.search(r"\b(MiB|MB|GiB|GB|ms)\b|tokens?/s|tok/s", header)
    if unit and not value.unit:
        word = unit.group(0)
        if word in {"MiB", "MB"}:
            return Scale.MIB
        if word in {"GiB", "GB"}:
            return Scale.GB
        if word == "ms":
            return Scale.MS_PER_TOKEN
        return Scale.TOKENS_PER_S
    if value.unit in {"mib", "mb"}:
        return Scale.MIB
    if value.unit in {"gb", "gib"}:
        return Scale.GB
    if value.unit == "ms":
        return Scale.MS_PER_TOKEN
    if value.unit in {"tok/s", "tokens/s", "t/s"}:
        return Scale.TOKENS_PER_S
    if bench is not None and bench.scale not in {Scale.PERCENT, Scale.FRACTION}:
        return bench.scale
    if value.percent_sign:
        return Scale.PERCENT
    if bench is None and column_max > 100:
        return Scale.SCORE
    if column_max <= 1.0:
        return Scale.FRACTION
    return Scale.PERCENT
