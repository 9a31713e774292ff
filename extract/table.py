"""A format-neutral table: what every table reader (Markdown, HTML, reST, console, CSV,
PDF) produces and what `interpret` turns into records.

The grid is rectangular after span expansion: a cell that spans rows or columns is
repeated in each position it covers, with `spanned=True` on the copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Cell:
    text: str
    """Display text: markup removed, whitespace collapsed."""
    raw: str
    """The verbatim text as it stands in the document."""
    line: int | None = None
    """1-based line of the document where the cell's text stands."""
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    """(x0, top, x1, bottom) in PDF points, for cells read from a PDF."""
    spanned: bool = False
    """True for the copies of a cell that spans several rows or columns."""
    emphasis: bool = False
    """Bold/underline in the source (often the best value of a column)."""


@dataclass
class Table:
    rows: list[list[Cell]]
    """All rows, header rows first; every row has the same length."""
    header_rows: int = 1
    index: int = 0
    """0-based index of the table in its document."""
    caption: str = ""
    heading: str = ""
    """The nearest section heading above the table."""
    outer_headings: tuple[str, ...] = ()
    """The headings of higher levels the table's section falls under, innermost first."""
    context: str = ""
    """The paragraph right above the table (protocol hints: '5-shot', 'CoT', ...)."""
    section: str = ""
    """The prose of the table's section, from its heading down to the table (settings stated once)."""
    context_after: str = ""
    """The paragraph right below the table (often says what was measured, and how)."""
    references: tuple[str, ...] = ()
    """Sentences of the prose that refer to the table by its number (`shown in Table 2`)."""
    line: int | None = None
    page: int | None = None
    notes: list[str] = field(default_factory=list)
    groups_written_once: bool = False
    """The format writes a row group's leading cells once (reST tables, console output): a body
    row's leading blank cells continue the cells above (`passes.carry_down`)."""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def padded(self) -> Table:
        """A copy whose rows all have `width` cells (missing cells empty)."""
        w = self.width
        rows = [r + [Cell("", "")] * (w - len(r)) for r in self.rows]
        return replace(self, rows=rows, notes=list(self.notes))


class SpanGrid:
    """Cells placed row by row, as HTML lays them out: a cell spanning rows or columns is copied
    into every position it covers (copies marked `spanned`), and later cells skip taken places."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], Cell] = {}

    def place(self, row: int, col: int, cell: Cell, rowspan: int, colspan: int) -> int:
        """Put `cell` at the first free column from `col`; returns the column after it."""
        while (row, col) in self._cells:
            col += 1
        for dr in range(rowspan):
            for dc in range(colspan):
                self._cells[(row + dr, col + dc)] = replace(cell, spanned=(dr, dc) != (0, 0))
        return col + colspan

    def rows(self) -> list[list[Cell]]:
        """The rectangular grid; holes are empty cells."""
        if not self._cells:
            return []
        height = max(r for r, _ in self._cells) + 1
        width = max(c for _, c in self._cells) + 1
        return [[self._cells.get((r, c), Cell("", "")) for c in range(width)] for r in range(height)]
