"""Why a cell of a table became no record: what `benchtable extract --explain` prints.

The interpreter reports every value cell it drops with `skip(table, row, column, reason)`.
Outside `collecting_skips()` that call does nothing, so extraction pays nothing for it.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum

from benchtable.extract.collector import Collector
from benchtable.extract.table import Table

__all__ = ["Skip", "SkipReason", "collecting_skips", "skip"]


class SkipReason(StrEnum):
    """The reasons a cell is dropped; the value is what `--explain` prints."""

    NOT_A_NUMBER = "the cell holds no number"
    NOT_A_SCORE = "the column is not a score (a property, a setting or an interval)"
    NO_BENCHMARK = "no benchmark is named for the cell (column, row, caption or hints)"
    NO_MODEL = "no model is named for the cell (row, column, caption or the document)"
    NOT_A_MODEL = "the row or column is a reference point (chance, human performance), not a model"
    OUT_OF_RANGE = "the number is outside the range its metric allows"
    DUPLICATE = "the same record was already read from another cell"
    OWN_METHOD_VARIANT = (
        "the row is a variant of the paper's own method (an ablation), which the table does not name"
    )
    MARKS_ONLY = "the row is told apart only by check marks, which name no model or configuration"
    PARTS_MISMATCH = "the cell holds another count of numbers than its header names benchmarks"
    UNREAD_BITS = (
        "the row's bit-width cell is written in a notation not read, so its configuration is unknown"
    )
    CONFLICT = (
        "another cell of the table gives the same model, configuration, benchmark and protocol "
        "another number: what tells them apart was not read"
    )


@dataclass(frozen=True)
class Skip:
    table: int
    """`Table.index` of the table the cell is in."""
    row: int
    column: int
    text: str
    """The cell's display text."""
    reason: SkipReason
    detail: str = ""
    """What the interpreter saw, e.g. the header it could not read as a benchmark."""


_skips: Collector[Skip] = Collector("benchtable_skips")


def collecting_skips() -> AbstractContextManager[list[Skip]]:
    """Collect the skips reported while the block runs (nested blocks collect their own)."""
    return _skips.collecting()


def skip(table: Table, row: int, column: int, reason: SkipReason, detail: str = "") -> None:
    """Report that cell (`row`, `column`) of `table` yields no record, and why."""
    if not _skips.active:
        return
    cells = table.rows[row] if 0 <= row < len(table.rows) else []
    text = cells[column].text if 0 <= column < len(cells) else ""
    _skips.add(Skip(table.index, row, column, text, reason, detail))
