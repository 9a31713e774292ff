"""Task columns of a benchmark the lead-in names but the vocabulary does not list.

A blog's `on the L-Eval benchmark` (or `on RGB, a RAG benchmark`) over a table whose columns
are that benchmark's tasks (`Coursera`, `QuALITY`, `Avg.`): each task column is a part of the
named benchmark (`leval_coursera`), its average the benchmark itself (`leval`), as a language
column is a part of the table's benchmark (`mmmlu_arabic`). Only when no column names a listed
benchmark: a table that mixes listed benchmarks with unknown words is read as it stands.
"""

from __future__ import annotations

import re

from benchtable.extract.column_roles import is_average
from benchtable.extract.headers import BenchmarkLabel, unknown_benchmark_id
from benchtable.schema.vocabulary import vocabulary

__all__ = ["suite_named_in", "suite_task_benches"]

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NAME = r"(?P<name>[A-Za-z][\w.+]*(?:-[\w.+]+)*)"
_NAMED_SUITE = (
    re.compile(rf"\b(?:the|on|in)\s+{_NAME}\s+benchmark\b(?!s)", re.IGNORECASE),
    re.compile(rf"\b{_NAME},\s+an?\s+[\w-]+\s+benchmark\b(?!s)", re.IGNORECASE),
)


def _coined(name: str) -> bool:
    """A benchmark's own name (`L-Eval`, `RGB`, `T-Eval`), not an English word (`our`, `popular`)."""
    return bool(re.search(r"\d|.[A-Z]", name))


def suite_named_in(text: str) -> str | None:
    """The id of the one benchmark a lead-in names by a coined name the vocabulary does not list
    (`L-Eval` -> `l_eval`); None when it names none or several."""
    text = _LINK.sub(r"\1", text)
    names = {m.group("name") for pattern in _NAMED_SUITE for m in pattern.finditer(text)}
    names = {n for n in names if _coined(n) and vocabulary().benchmark_id(n) is None}
    if len(names) != 1:
        return None
    return unknown_benchmark_id(names.pop())


def suite_task_benches(benches: dict[int, BenchmarkLabel], suite: str) -> dict[int, BenchmarkLabel] | None:
    """The columns as tasks of `suite`: an unknown label -> `<suite>_<task>`, an average ->
    `suite`. None unless at least two columns are unknown tasks and none names another benchmark."""
    out: dict[int, BenchmarkLabel] = {}
    tasks = 0
    for c, bench in benches.items():
        if is_average(bench.label):
            out[c] = BenchmarkLabel(bench.label, suite, bench.protocol)
        elif bench.benchmark_id is None:
            out[c] = BenchmarkLabel(
                bench.label, f"{suite}_{unknown_benchmark_id(bench.label)}", bench.protocol
            )
            tasks += 1
        else:
            return None
    return out if tasks >= 2 else None
