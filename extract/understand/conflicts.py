"""Records of one table that say different things about the same key.

Two cells of one table that resolve to the same model, configuration, benchmark and
protocol but hold different numbers cannot both be that score: some fact that tells them
apart (a run-together row label, a garbled header, a qualifier the reading dropped) was
lost. Emitting either would be a guess, so both are dropped and reported. Numbers of one
cell (`52.0/75.6`) are the cell's parts and are never compared with each other here.
"""

from __future__ import annotations

from collections import defaultdict

from benchtable.extract.skips import SkipReason, skip
from benchtable.extract.table import Table
from benchtable.schema.records import Configuration, ScoreRecord

__all__ = ["without_conflicts"]

_Key = tuple[str, str, str, str]
_NO_CONFIG = Configuration().model_dump_json()
"""Only keys without a configuration are compared: quantized rows differ in settings the
record has no field for (`W4A4 (symmetric)` / `(asymmetric)`), which the table does print."""
_Cell = tuple[int, int]


def _key(record: ScoreRecord) -> _Key:
    return (
        record.model,
        record.configuration.model_dump_json(),
        record.benchmark,
        record.protocol.model_dump_json(),
    )


def _cell(record: ScoreRecord) -> _Cell:
    loc = record.citation.locator
    return (loc.row if loc.row is not None else -1, loc.column if loc.column is not None else -1)


def without_conflicts(records: list[ScoreRecord], table: Table) -> list[ScoreRecord]:
    """`records` without those whose key another cell of the table gives another value."""
    values: dict[_Key, dict[float, set[_Cell]]] = defaultdict(lambda: defaultdict(set))
    for r in records:
        values[_key(r)][r.value].add(_cell(r))
    conflicting = {k for k, by_value in values.items() if _across_cells(by_value) and k[1] == _NO_CONFIG}
    if not conflicting:
        return records
    kept: list[ScoreRecord] = []
    for r in records:
        if _key(r) not in conflicting:
            kept.append(r)
            continue
        row, column = _cell(r)
        skip(table, row, column, SkipReason.CONFLICT, f"{r.model} | {r.benchmark}")
    return kept


def _across_cells(by_value: dict[float, set[_Cell]]) -> bool:
    """Different values read from different cells (not only the parts of one cell)."""
    if len(by_value) < 2:
        return False
    cells = set().union(*by_value.values())
    return len(cells) > 1
