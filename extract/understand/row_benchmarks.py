"""Unknown benchmarks down the rows of a transposed table: in a technical report's table
(benchmarks as rows, models across the header), a row whose benchmark the vocabulary does not
list (`Pile-test (BPB)`) among rows that name known ones (`BBH (EM)`, `MMLU (Acc.)`) in the
same label column is a benchmark too, kept under its own slug."""

from __future__ import annotations

from benchtable.extract.headers import is_not_score, unknown_benchmark_id
from benchtable.extract.table import Table
from benchtable.extract.understand.facts import AxisFacts, has_config
from benchtable.extract.understand.words import bench_id, clean

MIN_KNOWN_ROWS = 2
"""Rows of the label column that must name known benchmarks."""


def name_unknown_benchmark_rows(
    t: Table, rows: dict[int, AxisFacts], columns: dict[int, AxisFacts], labels: list[int], values: list[int]
) -> None:
    """Give rows of the benchmark label column that name no known benchmark their own slug."""
    if not any(columns[c].model for c in values) or any(columns[c].bench for c in values):
        return  # models across the header, no benchmark there: the rows are the benchmarks
    col = _benchmark_column(t, rows, labels)
    if col is None:
        return
    for i, f in rows.items():
        text = clean(t.rows[i][col].text)
        if f.bench or not text or is_not_score(text) or not any(t.rows[i][c].text for c in values):
            continue
        if f.model or f.size or f.family or has_config(f.config):
            continue
        f.bench, f.bench_label = unknown_benchmark_id(text), text


def _benchmark_column(t: Table, rows: dict[int, AxisFacts], labels: list[int]) -> int | None:
    """The label column whose cells name known benchmarks in at least `MIN_KNOWN_ROWS` rows."""
    for c in labels:
        known = sum(1 for i in rows if bench_id(clean(t.rows[i][c].text)))
        if known >= MIN_KNOWN_ROWS:
            return c
    return None
