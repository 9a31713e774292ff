"""Columns of datasets the vocabulary does not list: a caption that says the table reports
results on datasets, benchmarks or tasks (`Solve rate on three symbolic reasoning datasets
and two algorithmic datasets`) over column headers that name nothing known (`PENGUINS`,
`REPEAT COPY`) makes each header its own benchmark, kept under its slug."""

from __future__ import annotations

import re

from benchtable.extract.headers import is_not_score, unknown_benchmark_id
from benchtable.extract.understand.facts import AxisFacts, has_config
from benchtable.extract.understand.words import BASELINE, DATASET_WORDS, plausible_name


def name_dataset_columns(
    facts: dict[int, AxisFacts], values: list[int], lowest: dict[int, str], caption: str
) -> None:
    """Each value column its header's benchmark, when the caption says they are datasets."""
    if not values or not re.search(rf"\b(?:{DATASET_WORDS})\b", caption, re.IGNORECASE):
        return
    for c in values:
        f, text = facts[c], lowest[c]
        if f.bench or f.model or f.size or f.family or f.variant or has_config(f.config):
            return  # the header names something: not a table of unknown datasets
        if not text or not re.match(r"^[A-Za-z]", text) or BASELINE.match(text) or not plausible_name(text):
            return
        if is_not_score(text) and text.lower() not in _NOT_A_PROPERTY_HERE:
            return
    for c in values:
        facts[c].bench, facts[c].bench_label, facts[c].rest = unknown_benchmark_id(lowest[c]), lowest[c], ""


_NOT_A_PROPERTY_HERE = {"date"}
"""Header words that name a property elsewhere but a task among datasets (`Date` understanding)."""
