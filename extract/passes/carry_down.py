"""Row groups written once: the leading blank cells of a body row continue the cells above."""

from __future__ import annotations

from dataclasses import replace

from benchtable.extract.table import Table


def carry_leading_blanks(table: Table) -> None:
    """Leading blank cells of a body row become spanned copies of the cells above, up to the
    row's first filled cell (the model and input-length cells of speed tables), in the tables
    whose reader says their format writes row groups so (`Table.groups_written_once`). Not
    in Markdown, HTML or CSV tables: a blank there may be a sub-row of its own (the languages
    under one multilingual benchmark), read in context by the interpreter.
    """
    if not table.groups_written_once:
        return
    rows = table.rows
    for r in range(table.header_rows + 1, len(rows)):
        row = rows[r]
        if not any(c.text for c in row):
            continue
        for c, cell in enumerate(row):
            if cell.text and cell.spanned:
                continue
            if cell.text:
                break
            above = rows[r - 1][c]
            if not above.text:
                break
            row[c] = replace(above, spanned=True)
