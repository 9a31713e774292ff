"""Value columns whose header names a model property and a benchmark alike (`GQA`), read as a
score where the table around them is a table of benchmarks (`schema/data/columns.toml`
[ambiguous]): at least two other value columns, every one of them a score."""

from __future__ import annotations

from functools import cache

from benchtable.extract.column_roles import fold_header, not_a_score
from benchtable.extract.columns import Columns, column_header
from benchtable.extract.table import Table
from benchtable.schema.column_words import column_words


@cache
def _ambiguous() -> frozenset[str]:
    return frozenset(fold_header(w) for w in column_words().ambiguous.headers)


def scored_ambiguous_columns(t: Table, cols: Columns) -> frozenset[int]:
    """The value columns with an ambiguous header that this table's siblings make scores."""
    ambiguous = {c for c in cols.values if fold_header(column_header(t, c)) in _ambiguous()}
    if not ambiguous:
        return frozenset()
    others = [c for c in cols.values if c not in ambiguous]
    if len(others) < 2 or any(not_a_score(column_header(t, c)) for c in others):
        return frozenset()
    return frozenset(ambiguous)
