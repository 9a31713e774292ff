"""A benchmark reported by language in a label column beside it: `MMLU (5-shot)` written once in
the benchmark column, with `Portuguese`, `Spanish`, ... in a `Language` column on its row and the
rows below (their benchmark cells blank).

Each row is that language's part of the benchmark: the multilingual benchmark the vocabulary
lists for it (`Multilingual MMLU` is `mmmlu`: `mmmlu_spanish`), else the benchmark's own part
(`mgsm_spanish`). The language column stands after the benchmark column and names at least two
parts, the row exactly one, and some row leaves the benchmark blank or a copy of a cell spanning
its rows (`rowspan`: it is written once).
"""

from __future__ import annotations

from benchtable.extract.columns import count_parts
from benchtable.extract.headers import BenchmarkLabel, parse_benchmark
from benchtable.extract.table import Cell
from benchtable.extract.understand.words import benchmark_part
from benchtable.schema.vocabulary import vocabulary

__all__ = ["benchmark_by_part"]


def benchmark_by_part(
    rows: list[list[Cell]], i: int, bench_col: int, label_cols: list[int], header_rows: int
) -> BenchmarkLabel | None:
    """The part of the benchmark above (or on) row `i` that another label column names, if any."""
    after = [c for c in label_cols if c > bench_col]  # a category column before it is no language
    named = [(c, benchmark_part(rows[i][c].text)) for c in after if rows[i][c].text]
    parts = [(c, p) for c, p in named if p is not None]
    if len(parts) != 1:
        return None
    col, part = parts[0]
    body = rows[header_rows:]
    if count_parts(r[col].text for r in body) < 2 or not any(
        r[col].text and (not r[bench_col].text or r[bench_col].spanned) for r in body
    ):
        return None  # not a benchmark written once over its languages
    group_label = next(
        (rows[k][bench_col].text for k in range(i, header_rows - 1, -1) if rows[k][bench_col].text), ""
    )
    group = parse_benchmark(group_label) if group_label else None
    if group is None or group.benchmark_id is None:
        return None
    voc = vocabulary()
    multilingual = voc.benchmark_id(f"Multilingual {voc.benchmarks[group.benchmark_id].label}")
    return BenchmarkLabel(group_label, f"{multilingual or group.benchmark_id}_{part}", group.protocol)
