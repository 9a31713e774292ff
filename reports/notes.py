"""Footnotes, and the conflict and superseded lists a report prints under its table.

Every value a conflict or a superseded version lists gets a footnote (the cell's own for the
shown value), numbered after the cell footnotes in table order.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchtable.reports.config import ColumnSpec, RowSpec
from benchtable.reports.select import CellChoice, Evidence, describe_protocol


@dataclass
class Note:
    number: int
    evidence: list[Evidence]
    cell: int | None = None
    """The note number of the table cell that cites this note (the HTML page links back to it)."""

    @property
    def main(self) -> Evidence:
        return self.evidence[0]


@dataclass
class ConflictSide:
    """One value of a conflict: its best evidence, its footnote, whether the cell shows it."""

    evidence: Evidence
    note: int
    shown: bool


@dataclass
class Conflict:
    row: RowSpec
    column: ColumnSpec
    protocol: str
    """The protocol every side states (or, for `stated = False`, leaves unstated alike)."""
    stated: bool
    sides: list[ConflictSide]


@dataclass
class Superseded:
    row: RowSpec
    column: ColumnSpec
    evidence: Evidence
    note: int
    current: Evidence | None
    """The shown value (from the newer version, or another source) the older one gave way to."""


def cell_conflicts(
    row: RowSpec, column: ColumnSpec, choice: CellChoice, cell_note: int | None, notes: list[Note]
) -> list[Conflict]:
    """The cell's conflict groups, each value with a footnote (the cell's own for the shown one)."""
    out: list[Conflict] = []
    for group in choice.conflict_groups:
        sides: list[ConflictSide] = []
        for cluster in group.values:
            if choice.chosen is not None and choice.chosen in cluster and cell_note is not None:
                sides.append(ConflictSide(choice.chosen, cell_note, True))
                continue
            n = Note(len(notes) + 1, list(cluster), cell=cell_note)
            notes.append(n)
            sides.append(ConflictSide(cluster[0], n.number, False))
        sides.sort(key=lambda side: not side.shown)
        out.append(Conflict(row, column, describe_protocol(group.first.protocol), group.stated, sides))
    return out


def cell_superseded(
    row: RowSpec, column: ColumnSpec, choice: CellChoice, cell_note: int | None, notes: list[Note]
) -> list[Superseded]:
    out: list[Superseded] = []
    for e in _dedupe_values(choice.superseded):
        n = Note(len(notes) + 1, [a for a in choice.superseded if a.display_value == e.display_value])
        n.cell = cell_note
        notes.append(n)
        out.append(Superseded(row, column, e, n.number, choice.chosen))
    return out


def _dedupe_values(evidence: list[Evidence]) -> list[Evidence]:
    seen: set[float] = set()
    out: list[Evidence] = []
    for e in evidence:
        if e.display_value in seen:
            continue
        seen.add(e.display_value)
        out.append(e)
    return out
