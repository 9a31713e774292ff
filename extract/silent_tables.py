"""Tables of numbers that yielded no record: what `extract` says instead of a silent zero.

A Markdown or HTML document whose tables hold numbers but give no record is more often
a table the extractor misread than a document without scores; `silent_tables` names each
such table (its number, line, size and headers) and the likeliest reason, one line each.
"""

from __future__ import annotations

from benchtable.extract import read_tables
from benchtable.extract.columns import (
    classify_columns,
    column_header,
    header_knows,
    rows_name_models,
    table_benchmark_of,
)
from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Table
from benchtable.extract.values import parse_cell
from benchtable.schema.records import ScoreRecord

__all__ = ["silent_tables"]

_MIN_NUMBERS = 2
_SHOWN_HEADERS = 4
_PAPER_TYPES = ("application/pdf",)


def _numbers(table: Table) -> int:
    body = table.rows[table.header_rows :]
    return sum(1 for row in body for cell in row if cell.text and parse_cell(cell.text))


def _reason(table: Table, doc: DocumentInput) -> str:
    cols = classify_columns(table)
    if not cols.values:
        return "no column was read as values"
    table_bench = table_benchmark_of(table, doc)
    if not any(header_knows(table, c, table_bench) for c in cols.values):
        if not rows_name_models(table, cols.labels):
            return "no header names a known benchmark and no row names a model"
        return "no header names a known benchmark"
    return "no value cell was read as a score of a named model"


def _describe(table: Table, doc: DocumentInput) -> str:
    table = table.padded()
    cols = classify_columns(table)
    headers = [h for h in (column_header(table, c) for c in cols.values) if h]
    shown = ", ".join(repr(h) for h in headers[:_SHOWN_HEADERS])
    more = f" and {len(headers) - _SHOWN_HEADERS} more" if len(headers) > _SHOWN_HEADERS else ""
    where = f"line {table.line}" if table.line else f"page {table.page}" if table.page else "?"
    body_rows = len(table.rows) - table.header_rows
    return (
        f"table {table.index + 1} ({where}, {body_rows} rows, {_numbers(table)} numbers"
        f"{'; value columns ' + shown + more if shown else ''}) gave no records: {_reason(table, doc)}"
    )


def silent_tables(
    doc: DocumentInput, records: list[ScoreRecord], tables: list[Table] | None = None
) -> list[str]:
    """One line for each table with numbers that no record cites (not for PDFs, whose reader
    reports what it found itself); `tables`: the tables extraction read (else read again)."""
    if doc.content_type.split(";")[0].strip().lower() in _PAPER_TYPES:
        return []
    cited = {r.citation.locator.table for r in records}
    return [
        _describe(t, doc)
        for t in (read_tables(doc) if tables is None else tables)
        if t.index not in cited and len(t.rows) > t.header_rows and _numbers(t.padded()) >= _MIN_NUMBERS
    ]
