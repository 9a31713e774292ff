"""Ditto marks: a label cell that says "the same as the row above"."""

from __future__ import annotations

from dataclasses import replace

from benchtable.extract.table import Cell, Table
from benchtable.extract.values import parse_cell
from benchtable.schema.table_words import table_marks


def carry_ditto_marks(table: Table) -> None:
    """Each ditto mark of a label column becomes a spanned copy of the text above it.

    Only body cells of label columns (columns of words): in a column of numbers `--` is a gap.
    The copy keeps the mark's own place (line, page, box) and raw text, so a citation still
    points at what is printed there.
    """
    marks = table_marks()
    rows = table.rows
    for c in range(table.width):
        if not _is_label_column(table, c):
            continue
        for r in range(table.header_rows + 1, len(rows)):
            cell = _at(rows[r], c)
            above = _at(rows[r - 1], c)
            if cell is None or above is None or not marks.is_ditto(cell.text):
                continue
            if above.text and not marks.is_ditto(above.text):
                rows[r][c] = replace(
                    above, raw=cell.raw, line=cell.line, page=cell.page, bbox=cell.bbox, spanned=True
                )


def _at(row: list[Cell], c: int) -> Cell | None:
    return row[c] if c < len(row) else None


def _is_label_column(table: Table, c: int) -> bool:
    """Most filled body cells of column `c` that are not ditto marks hold words, not numbers,
    and its first body cell is not a mark: a column that opens with `--` has nothing for it to
    repeat, so there the mark means "none" (no quantization, no setting), not "same"."""
    marks = table_marks()
    texts = [cell.text for row in table.rows[table.header_rows :] if (cell := _at(row, c)) is not None]
    if texts and marks.is_ditto(texts[0]):
        return False
    filled = [t for t in texts if t and not marks.is_ditto(t)]
    words = sum(1 for t in filled if not parse_cell(t))
    return words > 0 and words * 2 > len(filled)
