"""A variant of a column's benchmark that a sentence around the table states.

A leaderboard note under the table (`For AlpacaEval 2.0, we use the length-controlled win rate as
the metric.`) says which of a benchmark's listed variants a column reports, though the column
prints only the benchmark's name. Only a sentence that names the column's benchmark counts.
"""

from __future__ import annotations

import re

from benchtable.extract.columns import benchmark_named_in
from benchtable.extract.headers import LENGTH_CONTROLLED, BenchmarkLabel, length_controlled
from benchtable.extract.table import Table

__all__ = ["noted_variants"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _noted_length_controlled(t: Table) -> set[str]:
    """The benchmarks a sentence above or below the table says are reported length-controlled."""
    noted: set[str] = set()
    for text in (t.context, t.context_after):
        for sentence in _SENTENCE_END.split(text):
            if LENGTH_CONTROLLED.search(sentence):
                named = benchmark_named_in(LENGTH_CONTROLLED.sub(" ", sentence))
                if named is not None:
                    noted.add(named)
    return noted


def noted_variants(t: Table, benches: dict[int, BenchmarkLabel]) -> dict[int, BenchmarkLabel]:
    """`benches` with each column's benchmark replaced by the variant a note states."""
    if not (t.context or t.context_after):
        return benches
    noted = _noted_length_controlled(t)
    if not noted:
        return benches
    out: dict[int, BenchmarkLabel] = {}
    for c, bench in benches.items():
        if bench.benchmark_id in noted:
            bench = BenchmarkLabel(bench.label, length_controlled(bench.benchmark_id), bench.protocol)
        out[c] = bench
    return out
