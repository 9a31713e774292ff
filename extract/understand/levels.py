"""Stacked column headers whose stub names each level: `Models` over `Tasks` over `Metrics`
down the first column of the header rows. Each level's cells are read as that kind only: the
model (`BERT-base (110M)`, spanning its tasks), the benchmark (`MNLI-m/mm`: two benchmarks,
`mnli_m` and `mnli_mm`) and the metric (`F1/Acc`: one metric per number of the cell).
"""

from __future__ import annotations

import re

from benchtable.extract.headers import parse_benchmark, parse_protocol, unknown_benchmark_id
from benchtable.extract.labels import parse_configuration
from benchtable.extract.naming import looks_like_model
from benchtable.extract.table import Table
from benchtable.extract.understand.facts import AxisFacts, has_config
from benchtable.extract.understand.words import HEADER_LEVELS, clean
from benchtable.schema.records import Protocol
from benchtable.schema.vocabulary import fold

__all__ = ["header_levels", "level_column_facts", "rows_are_benchmarks", "split_parts"]


def header_levels(t: Table, labels: list[int]) -> dict[int, str]:
    """Header row -> the kind its stub cell names (`model`, `benchmark`, `metric`), when at
    least two header rows name a different kind each; else {}."""
    levels: dict[int, str] = {}
    for r in range(t.header_rows):
        stub = clean(" ".join(t.rows[r][c].text for c in labels or [0] if t.rows[r][c].text))
        kind = HEADER_LEVELS.get(fold(stub))
        if kind:
            levels[r] = kind
    kinds = list(levels.values())
    if len(kinds) < 2 or len(set(kinds)) != len(kinds):
        return {}
    if levels.get(t.header_rows - 1) == "model" and _models_below(t, labels):
        del levels[t.header_rows - 1]  # `Model` right over model rows heads the rows, not a level
    return levels


def _models_below(t: Table, labels: list[int]) -> bool:
    """Most row labels are model names (`GPT-4`, `Guanaco-65B`), not configurations (`BF16`)."""
    texts = [
        clean(" ".join(t.rows[i][c].text for c in labels or [0] if t.rows[i][c].text))
        for i in range(t.header_rows, len(t.rows))
    ]
    texts = [x for x in texts if x]
    models = sum(1 for x in texts if looks_like_model(x) and not has_config(parse_configuration(x)[1]))
    return bool(texts) and 2 * models > len(texts)


def rows_are_benchmarks(t: Table, labels: list[int]) -> bool:
    """A diagonal stub that names the rows' kind, then the columns' (`Task / Model`,
    `Dataset \\ Model`): the rows are benchmarks and the models stand over the columns."""
    for r in range(t.header_rows):
        stub = clean(" ".join(t.rows[r][c].text for c in labels or [0] if t.rows[r][c].text))
        kinds = [HEADER_LEVELS.get(fold(part)) for part in re.split(r"\s*[/\\]\s*", stub)]
        if kinds == ["benchmark", "model"]:
            return True
    return False


def split_parts(text: str) -> list[str]:
    """`MNLI-m/mm` -> [`MNLI-m`, `MNLI-mm`] (a part after the first that only names a suffix
    keeps the first part's stem); `F1/Acc` -> [`F1`, `Acc`]."""
    parts = [p.strip() for p in re.split(r"\s*/\s*", text) if p.strip()]
    if len(parts) < 2:
        return parts
    stem, sep, _ = parts[0].rpartition("-")
    if sep and stem and all(re.fullmatch(r"[a-z]{1,3}", p) for p in parts[1:]):
        return [parts[0], *(f"{stem}-{p}" for p in parts[1:])]
    return parts


def level_column_facts(t: Table, values: list[int], labels: list[int]) -> dict[int, AxisFacts] | None:
    """The facts of every value column read level by level, or None when the header rows do
    not name their levels."""
    levels = header_levels(t, labels)
    if not levels:
        return None
    return {c: _column(t, c, levels) for c in values}


def _column(t: Table, c: int, levels: dict[int, str]) -> AxisFacts:
    f = AxisFacts()
    texts = {kind: clean(t.rows[r][c].text) for r, kind in levels.items()}
    if texts.get("model"):
        f.model = texts["model"]
    metrics = split_parts(texts.get("metric", ""))
    metric_ids = [parse_protocol(m).metric or fold(m) for m in metrics]
    if len(metric_ids) == 1:
        f.protocol = Protocol(metric=metric_ids[0])
    elif metric_ids:
        f.part_metrics = tuple(metric_ids)
    bench = texts.get("benchmark", "")
    parts = split_parts(bench)
    if len(parts) > 1:
        f.bench, f.bench_label = unknown_benchmark_id(bench), " / ".join(parts)
        f.part_benchmarks = tuple(parse_benchmark(p).benchmark_id or unknown_benchmark_id(p) for p in parts)
    elif bench:
        parsed = parse_benchmark(bench)
        f.bench, f.bench_label = parsed.benchmark_id or unknown_benchmark_id(bench), bench
    return f
