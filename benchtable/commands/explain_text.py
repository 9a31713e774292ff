"""`benchtable extract --explain` as plain text: one block per table, then the records of no table.

Rows and columns are numbered from 1, as record locators describe them (`row 3, col 2`).
Every text from the document passes `printable` (no control characters reach the terminal).
"""

from __future__ import annotations

from benchtable.extract.explain import DocumentExplanation, TableExplanation
from benchtable.extract.table import Table
from benchtable.schema.records import Protocol, ScoreRecord
from benchtable.schema.text import printable

__all__ = ["explanation_lines"]

CONTEXT_WIDTH = 300
"""Characters of a caption, heading or paragraph shown (the rest is cut with `…`)."""


def explanation_lines(explained: DocumentExplanation, cell_width: int) -> list[str]:
    lines: list[str] = []
    for table in explained.tables:
        lines += _table_lines(table, explained.table_count, cell_width)
        lines.append("")
    if explained.other_records:
        lines.append(f"records read from no table ({len(explained.other_records)}):")
        lines += ["  " + _record_text(r) for r in explained.other_records]
    if not explained.tables and not explained.other_records:
        lines.append("no tables found")
    return lines


def _table_lines(explained: TableExplanation, count: int, cell_width: int) -> list[str]:
    table = explained.table
    lines = [f"table {explained.number} of {count} ({explained.locator})"]
    for name, text in (
        ("caption", table.caption),
        ("heading", table.heading),
        ("context above", table.context),
        ("context below", table.context_after),
    ):
        if text:
            lines.append(f"  {name}: {_one_line(text, CONTEXT_WIDTH)}")
    lines.append(f"  grid ({len(table.rows)} rows, {table.header_rows} header; H marks a header row):")
    lines += ["    " + row for row in _grid_lines(table, cell_width)]
    lines.append("  columns:")
    lines += [f"    col {c.column + 1} {_quoted(c.header, cell_width)}: {c.role}" for c in explained.columns]
    lines.append(f"  skipped cells ({len(explained.skips)}):")
    for s in explained.skips:
        detail = f" ({_one_line(s.detail, CONTEXT_WIDTH)})" if s.detail else ""
        lines.append(
            f"    row {s.row + 1}, col {s.column + 1} {_quoted(s.text, cell_width)}: {s.reason}{detail}"
        )
    lines.append(f"  records ({len(explained.records)}):")
    lines += ["    " + _record_text(r) for r in explained.records]
    return lines


def _grid_lines(table: Table, cell_width: int) -> list[str]:
    texts = [[_one_line(c.text, cell_width) for c in row] for row in table.rows]
    widths = [max((len(row[c]) for row in texts if c < len(row)), default=0) for c in range(table.width)]
    number_width = len(str(len(texts)))
    lines: list[str] = []
    for i, row in enumerate(texts):
        mark = "H" if i < table.header_rows else " "
        cells = " | ".join(text.ljust(widths[c]) for c, text in enumerate(row))
        lines.append(f"{mark} {i + 1:>{number_width}} | {cells}".rstrip())
    return lines


def _record_text(record: ScoreRecord) -> str:
    config = record.configuration.label() or "as published"
    protocol = _protocol_text(record.protocol) or "no protocol stated"
    locator = record.citation.locator.describe() or "no locator"
    return printable(
        f"{record.model} ({_one_line(record.model_label, 80)}) | {config} | {record.benchmark} | "
        f"{protocol} | {record.bound or ''}{record.value:g} ({record.scale}, raw {_one_line(record.raw, 40)!r}) "
        f"| {locator}"
    )


def _protocol_text(protocol: Protocol) -> str:
    parts: list[str] = []
    if protocol.n_shot is not None:
        parts.append(f"{protocol.n_shot}-shot")
    if protocol.cot is not None:
        parts.append("CoT" if protocol.cot else "no CoT")
    for name in ("metric", "split"):
        value = getattr(protocol, name)
        if value:
            parts.append(f"{name} {value}")
    if protocol.context_length is not None:
        parts.append(f"context {protocol.context_length}")
    if protocol.details:
        parts.append(f"details {_one_line(protocol.details, 60)!r}")
    return ", ".join(parts)


def _quoted(text: str, width: int) -> str:
    return f'"{_one_line(text, width)}"'


def _one_line(text: str, width: int) -> str:
    """`text` printable, on one line, cut to `width` characters (the last one `…` when cut)."""
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"
