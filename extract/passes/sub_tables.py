"""Sub-tables stacked in one table: a body row that repeats the header starts a new table.

Blogs put an English and a Chinese table, or a base and a chat table, in one `<table>`, each
under its own title row (`RGB Chinese Benchmark`) and header row (`Models | Noise | ...`). Read as
one table, the lower header is a row of words and the values under it take the upper header's
benchmarks. Split, each part is read under its own header, title row included.
"""

from __future__ import annotations

from dataclasses import replace

from benchtable.extract.table import Cell, Table
from benchtable.extract.values import looks_numeric

__all__ = ["split_sub_tables"]


def _texts(row: list[Cell]) -> list[str]:
    return [c.text.strip() for c in row]


def _repeats_header(row: list[Cell], header: list[str]) -> bool:
    """The row is a header again: its first cell is the header's first label (`Models`) and no
    cell holds a number, or it is the header word for word."""
    texts = _texts(row)
    if texts == header:
        return True
    filled = [t for t in texts if t]
    return (
        bool(header and header[0])
        and texts[:1] == header[:1]
        and len(filled) >= 2
        and not any(looks_numeric(t) for t in filled)
    )


def _title_row(row: list[Cell]) -> bool:
    """One text across the row (a cell spanning every column): a sub-table's title."""
    filled = {t for t in _texts(row) if t}
    return len(filled) == 1 and not looks_numeric(next(iter(filled)))


def _starts(table: Table) -> list[tuple[int, int]]:
    """(first row, header rows) of each sub-table after the first."""
    header = _texts(table.rows[table.header_rows - 1])
    starts: list[tuple[int, int]] = []
    for i in range(table.header_rows + 1, len(table.rows)):
        if not _repeats_header(table.rows[i], header):
            continue
        titled = i - 1 > table.header_rows and _title_row(table.rows[i - 1])
        start = i - 1 if titled else i
        if not starts or start > starts[-1][0] + starts[-1][1]:
            starts.append((start, i - start + 1))
    return starts


def split_sub_tables(table: Table) -> list[Table]:
    """`table`, or its stacked sub-tables in order when a body row repeats its header."""
    if table.header_rows < 1 or len(table.rows) <= table.header_rows + 2:
        return [table]
    starts = _starts(table)
    if not starts:
        return [table]
    bounds = [(0, table.header_rows), *starts]
    parts: list[Table] = []
    for k, (start, head_rows) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else len(table.rows)
        rows = table.rows[start:end]
        if len(rows) <= head_rows:
            continue  # a header with no body: nothing to read under it
        line = next((c.line for c in rows[0] if c.line is not None), table.line)
        parts.append(replace(table, rows=rows, header_rows=head_rows, line=line, notes=list(table.notes)))
    return parts or [table]
