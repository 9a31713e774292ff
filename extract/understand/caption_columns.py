"""Value columns whose headers name no benchmark under a caption that names one: `ChatGPT vs Sys |
Sys vs ChatGPT | Mean` under "Zero-shot Vicuna benchmark scores ...", `CPT(50%) | APGR` under a
caption about MT Bench. The headers are ways of scoring the caption's benchmark (the order of
presentation, a threshold, the mean of the two), not benchmarks of their own.
"""

from __future__ import annotations

import re

from benchtable.extract.headers import is_not_score
from benchtable.extract.understand.facts import AxisFacts
from benchtable.extract.understand.words import BASELINE
from benchtable.schema.vocabulary import fold, vocabulary

__all__ = ["lists_model_properties", "name_caption_benchmark_columns"]

_MEASURES = frozenset({"memory", "speed"})
"""Benchmark categories that measure the run (memory, speed), never the caption's quality score."""


def name_caption_benchmark_columns(
    facts: dict[int, AxisFacts], values: list[int], caption: str, caption_bench: str | None
) -> None:
    """Give the caption's benchmark to every value column with an unknown header and no model,
    when no column names a quality benchmark of its own and the caption does not name the header
    (a header the caption names is a benchmark of its own); an average column is its mean."""
    if not caption_bench or _category(caption_bench) in _MEASURES:
        return
    if any(_names_a_quality_benchmark(f.bench) for f in facts.values()):
        return
    folded_caption = fold(caption)
    for c in values:
        f = facts[c]
        if f.model or f.size or f.family:
            continue
        if f.bench == "average":
            f.bench = caption_bench
            continue
        rest = f.rest.strip()
        if _listed(f.bench) or not rest or is_not_score(rest) or BASELINE.match(rest):
            continue
        if fold(rest) in folded_caption:
            continue
        f.bench, f.bench_label, f.rest = caption_bench, f"{caption_bench} {rest}", ""


def _names_a_quality_benchmark(benchmark_id: str | None) -> bool:
    """A listed benchmark other than the average and the measures of the run."""
    return (
        benchmark_id is not None
        and _listed(benchmark_id)
        and benchmark_id != "average"
        and (_category(benchmark_id) not in _MEASURES)
    )


def _listed(benchmark_id: str | None) -> bool:
    """A benchmark of the vocabulary, not an id made up from an unknown header."""
    return benchmark_id is not None and benchmark_id in vocabulary().benchmarks


_PROPERTY_HEADER = re.compile(r"\b(?:params|parameters|model bits|bits|size)\b", re.IGNORECASE)


def lists_model_properties(headers: list[str], caption_bench: str | None) -> bool:
    """A table of a quality benchmark (the caption's) that lists each model's properties beside
    its scores (`Params | Model bits | Memory`): its memory column is the model's footprint at that
    size and width, not a measurement of the run."""
    if not caption_bench or _category(caption_bench) in _MEASURES:
        return False
    return any(_PROPERTY_HEADER.search(h) for h in headers)


def _category(benchmark_id: str) -> str | None:
    known = vocabulary().benchmarks.get(benchmark_id)
    return known.category if known is not None else None
