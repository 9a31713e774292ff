"""Records of one table that say different things about the same key.

Two cells of one table that resolve to the same model, configuration, benchmark and
protocol but hold different numbers cannot both be that score: some fact that tells them
apart (a run-together row label, a garbled header, a qualifier the reading dropped) was
lost. Emitting either would be a guess, so both are dropped and reported. Numbers of one
cell (`52.0/75.6`) are the cell's parts and are never compared with each other here.

One loss is recovered rather than dropped: when every value of the key stands in its own
column and the columns' whole headers differ (`Judge: Human raters | Elo` beside `Judge:
GPT-4 | Elo`), the header is what tells them apart, and each record keeps it as its
protocol details. Rows whose printed model names differ (`org-a/Llama-2-13b`, `org-b/Llama-2-13b`
on a leaderboard) are different rows of the table, not a lost fact, and a row the document
prints twice under the same labels with other numbers (a leaderboard's repeated entry) is
published so: both are kept.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TypeVar

from benchtable.extract.columns import column_header
from benchtable.extract.skips import SkipReason, skip
from benchtable.extract.table import Table
from benchtable.schema.records import Configuration, ScoreRecord

__all__ = ["without_conflicts"]

_Key = tuple[str, str, str, str]
_NO_CONFIG = Configuration().model_dump_json()
"""Only keys without a configuration are compared: quantized rows differ in settings the
record has no field for (`W4A4 (symmetric)` / `(asymmetric)`), which the table does print."""
_Cell = tuple[int, int]
T = TypeVar("T")


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
    keys = [_key(r) for r in records]
    values: dict[_Key, dict[float, set[_Cell]]] = defaultdict(lambda: defaultdict(set))
    for r, k in zip(records, keys, strict=True):
        values[k][r.value].add(_cell(r))
    conflicting = {k for k, by_value in values.items() if _across_cells(by_value) and k[1] == _NO_CONFIG}
    if not conflicting:
        return records
    printed: dict[_Key, list[tuple[float, str, str]]] = defaultdict(list)
    for r, k in zip(records, keys, strict=True):
        if k in conflicting:
            printed[k].append((r.value, r.model_label, r.citation.quote.rsplit(" | ", 1)[0]))
    by_header = {k for k in conflicting if _told_apart_by_headers(values[k], table)}
    dropped = {k for k in conflicting - by_header if _merged_by_the_reading(printed[k])}
    kept: list[ScoreRecord] = []
    for r, k in zip(records, keys, strict=True):
        if k in by_header:
            kept.append(_with_header_details(r, table))
        elif k not in dropped:
            kept.append(r)
        else:
            row, column = _cell(r)
            skip(table, row, column, SkipReason.CONFLICT, f"{r.model} | {r.benchmark}")
    return kept


def _across_cells(by_value: dict[float, set[_Cell]]) -> bool:
    """Different values read from different cells (not only the parts of one cell)."""
    if len(by_value) < 2:
        return False
    cells = set().union(*by_value.values())
    return len(cells) > 1


def _merged_by_the_reading(cells: list[tuple[float, str, str]]) -> bool:
    """Two numbers of one printed model whose printed labels differ: the reading made one key
    of two things the table tells apart (a run-together row label). Other numbers under one key
    are other printed models (`org-a/Llama-2-13b`, `org-b/Llama-2-13b`) or the document's own
    repeated entry (the same labels printed twice), kept as published."""
    return any(
        v1 != v2 and m1 == m2 and p1 != p2
        for i, (v1, m1, p1) in enumerate(cells)
        for v2, m2, p2 in cells[i + 1 :]
    )


def _disjoint(groups: list[set[T]]) -> bool:
    return all(not (a & b) for i, a in enumerate(groups) for b in groups[i + 1 :])


def _told_apart_by_headers(by_value: dict[float, set[_Cell]], table: Table) -> bool:
    """Each value in columns of its own, and no two of those columns under the same header."""
    columns = [{column for _, column in cells} for cells in by_value.values()]
    if not _disjoint(columns):
        return False
    return _disjoint([{column_header(table, c) for c in cols} for cols in columns])


def _with_header_details(record: ScoreRecord, table: Table) -> ScoreRecord:
    _, column = _cell(record)
    header = column_header(table, column) if column >= 0 else ""
    if not header:
        return record
    details = f"{record.protocol.details}; {header}" if record.protocol.details else header
    protocol = record.protocol.model_copy(update={"details": details})
    return record.model_copy(update={"protocol": protocol})
