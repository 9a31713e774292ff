"""CSV leaderboards (`text/csv`, also tab-separated): one `Table` per file.

The header row is the first row; every cell keeps the 1-based physical line where its
field starts, so quoted multi-line fields do not shift the rows below. Which columns hold
scores is decided in `data_table`; the `delimiter` hint overrides `,`.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchtable.extract.readers.data_table import table_from_rows
from benchtable.extract.registry import DocumentInput, register_table_reader
from benchtable.extract.table import Table

CSV_TYPES = ("text/csv", "application/csv", "text/tab-separated-values")


@dataclass(frozen=True)
class CsvField:
    text: str
    """The field's value (quotes removed, doubled quotes undone)."""
    line: int
    """1-based line where the field starts."""


def parse_csv(text: str, delimiter: str = ",") -> list[list[CsvField]]:
    """RFC 4180 records with the line each field starts on; blank lines are skipped."""
    rows: list[list[CsvField]] = []
    row: list[CsvField] = []
    buf: list[str] = []
    line = 1
    start_line = 1
    i = 0
    n = len(text)
    in_quotes = False
    quoted = False

    def end_field() -> None:
        row.append(CsvField("".join(buf), start_line))
        buf.clear()

    def end_row() -> None:
        nonlocal row
        if not (len(row) == 1 and row[0].text == "" and not quoted):
            rows.append(row)
        row = []

    field_start = True
    while i < n:
        ch = text[i]
        if field_start:
            start_line = line
            quoted = False
            field_start = False
            if ch == '"':
                in_quotes = True
                quoted = True
                i += 1
                continue
        if in_quotes:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    buf.append('"')
                    i += 2
                    continue
                in_quotes = False
                i += 1
                continue
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                buf.append("\r\n")
                line += 1
                i += 2
                continue
            if ch in "\r\n":
                line += 1
            buf.append(ch)
            i += 1
            continue
        if ch == delimiter:
            end_field()
            field_start = True
            i += 1
            continue
        if ch in "\r\n":
            end_field()
            end_row()
            field_start = True
            i += 2 if ch == "\r" and i + 1 < n and text[i + 1] == "\n" else 1
            line += 1
            continue
        buf.append(ch)
        i += 1
    if not field_start or buf or row:
        if field_start:
            start_line = line
        end_field()
        end_row()
    return rows


@register_table_reader("csv", CSV_TYPES)
def csv_tables(doc: DocumentInput) -> list[Table]:
    hints = doc.hints
    text = doc.text()
    delimiter = hints.get("delimiter")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        delimiter = "\t" if doc.content_type.startswith("text/tab-separated-values") else ","
    records = parse_csv(text, delimiter)
    if len(records) < 2:
        return []
    header = [(f.text, f.line) for f in records[0]]
    body = [[(f.text, f.text, f.line) for f in rec] for rec in records[1:]]
    prefix = hints.get("benchmark_prefix")
    table, _ = table_from_rows(header, body, prefix if isinstance(prefix, str) else None)
    return [table]
