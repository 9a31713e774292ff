"""Grid cells and column geometry shared by the grid, header spans and row labels."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from benchtable.extract.readers.pdf.settings import PdfSettings
from benchtable.extract.readers.pdf.words import Row, Word, WordExtent

Columns = Sequence[tuple[float, float]]


@dataclass
class GCell(WordExtent):
    """The words of one grid cell."""

    words: list[Word]

    def text(self) -> str:
        return " ".join(w.text for w in self.words)


Placed = tuple[GCell | None, bool]
"""A grid position: its cell (None when empty) and whether it is a span copy."""


def columns(rows: Sequence[Row], min_gap: float) -> list[tuple[float, float]]:
    """Column x-ranges: maximal x-intervals covered by body words, split at common gaps."""
    spans = sorted((w.x0, w.x1) for r in rows for w in r.words)
    cols: list[tuple[float, float]] = []
    for a, b in spans:
        if cols and a - cols[-1][1] < min_gap:
            cols[-1] = (cols[-1][0], max(cols[-1][1], b))
        else:
            cols.append((a, b))
    return cols


def assign(x0: float, x1: float, cols: Columns) -> int:
    """The column that overlaps [x0, x1] most (the nearest one when none overlaps)."""
    best, best_ov = 0, -math.inf
    for i, (a, b) in enumerate(cols):
        ov = min(x1, b) - max(x0, a)
        if ov > best_ov:
            best, best_ov = i, ov
    return best


def overlapping(x0: float, x1: float, cols: Columns, s: PdfSettings) -> list[int]:
    return [i for i, (a, b) in enumerate(cols) if min(x1, b) - max(x0, a) > s.column_overlap_min]
