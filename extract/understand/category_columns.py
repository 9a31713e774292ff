"""Category columns of a benchmark reported by category: `Writing | Roleplay | ... | Humanities`
under a caption naming MT-bench are `mt_bench_writing` ..., not benchmarks of their own; the
`Average` beside them is the benchmark. The categories are data (`schema/data/table_words.toml`
[benchmark_categories]); a set printing enough of one benchmark's categories names it alone.
"""

from __future__ import annotations

from benchtable.extract.understand.facts import AxisFacts
from benchtable.extract.understand.words import AVERAGE, BENCHMARK_CATEGORIES
from benchtable.schema.vocabulary import fold

__all__ = ["name_category_columns"]


def _category(text: str) -> str | None:
    key = fold(text.rstrip("."))
    return key if key and not AVERAGE.match(text.rstrip(".")) else None


def _benchmark_of(categories: set[str], named: str | None) -> str | None:
    """The benchmark whose categories the columns print: the one the table names, else the
    one whose signature (enough of its categories) the columns carry."""
    if named in BENCHMARK_CATEGORIES:
        return named if categories <= BENCHMARK_CATEGORIES[named][1] else None
    if named is not None:
        return None
    found = [
        bench
        for bench, (signature, known) in BENCHMARK_CATEGORIES.items()
        if signature and categories <= known and len(categories) >= signature
    ]
    return found[0] if len(found) == 1 else None


def name_category_columns(
    facts: dict[int, AxisFacts], lowest: dict[int, str], values: list[int], named: str | None
) -> bool:
    """Read every value column as a category of one benchmark (`mt_bench_writing`), an average
    among them as the benchmark; True when it did. Only when at least two columns are
    categories, all others averages, and no column names a model."""
    if any(facts[c].model or facts[c].size or facts[c].family for c in values):
        return False
    parts = {c: _category(lowest[c]) for c in values}
    categories = {p for p in parts.values() if p}
    if len(categories) < 2 or len(categories) < sum(1 for p in parts.values() if p):
        return False  # a category printed twice: settings or models across, not one benchmark
    bench = _benchmark_of(categories, named)
    if bench is None:
        return False
    for c, part in parts.items():
        facts[c].bench = f"{bench}_{part}" if part else bench
        facts[c].bench_label, facts[c].rest = lowest[c], ""
    return True
