"""The skip collector behind `extract --explain`."""

from __future__ import annotations

from benchtable.extract.skips import SkipReason, collecting_skips, skip
from benchtable.extract.table import Cell, Table


def _table() -> Table:
    return Table(
        rows=[[Cell("Model", "Model"), Cell("MMLU", "MMLU")], [Cell("X-7B", "X-7B"), Cell("n/a", "n/a")]]
    )


def test_skips_are_collected_inside_the_block_with_the_cell_text() -> None:
    with collecting_skips() as found:
        skip(_table(), 1, 1, SkipReason.NOT_A_NUMBER)
    assert [(s.row, s.column, s.text, s.reason) for s in found] == [(1, 1, "n/a", SkipReason.NOT_A_NUMBER)]


def test_a_skip_outside_a_block_is_dropped_and_a_block_collects_only_its_own() -> None:
    skip(_table(), 1, 1, SkipReason.NO_MODEL)
    with collecting_skips() as outer:
        with collecting_skips() as inner:
            skip(_table(), 1, 1, SkipReason.NO_MODEL)
        skip(_table(), 9, 9, SkipReason.NO_BENCHMARK)
    assert len(inner) == 1
    assert [(s.text, s.reason) for s in outer] == [("", SkipReason.NO_BENCHMARK)]
