"""Settings stated in the prose around a table: a shot count binds to the benchmark it is written
after (`including MMLU (5-shot), C-Eval, HumanEval`), or to the benchmarks listed after a group
that states it (`Commonsense Reasoning (0-shot): Hellaswag, Winogrande, PIQA`), not to every
column of the table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from benchtable.extract.headers import parse_protocol
from benchtable.extract.understand.words import shot_count, shot_mentions
from benchtable.schema.records import Protocol
from benchtable.schema.vocabulary import vocabulary

_BOUND_SHOTS = re.compile(
    r"([A-Za-z][\w.+-]*(?:[ -][\w.+-]+){0,3})\s*\(\s*((?:\d{1,2}|zero)[- ]?shots?)\s*\)", re.IGNORECASE
)
_NAME_WORDS = 4
_LISTED_AFTER = re.compile(r"\s*:\s*([^.;:\n]+)")
_LIST_SEPARATOR = re.compile(r"\s*(?:,|\band\b|&)\s*")


@dataclass(frozen=True)
class ProseProtocol:
    """The protocol the prose states for the whole table, and the settings it binds to one benchmark."""

    table: Protocol = field(default_factory=Protocol)
    by_benchmark: dict[str, Protocol] = field(default_factory=dict)

    def for_benchmark(self, benchmark_id: str | None) -> Protocol:
        """The benchmark's own settings (also for its parts, `mmlu_*` under `mmlu`), else the table's."""
        if benchmark_id:
            if benchmark_id in self.by_benchmark:
                return self.by_benchmark[benchmark_id]
            parents = [b for b in self.by_benchmark if benchmark_id.startswith(f"{b}_")]
            if parents:
                return self.by_benchmark[max(parents, key=len)]
        return self.table

    def then(self, other: ProseProtocol) -> ProseProtocol:
        """This prose first, `other` where this one says nothing."""
        table = Protocol.model_validate(
            {
                name: getattr(self.table, name)
                if getattr(self.table, name) is not None
                else getattr(other.table, name)
                for name in Protocol.model_fields
            }
        )
        return ProseProtocol(table, {**other.by_benchmark, **self.by_benchmark})


def _listed_benchmarks(text: str, start: int) -> list[str]:
    """The benchmarks a list right after `start` names (`: Hellaswag, Winogrande, PIQA`)."""
    listed = _LISTED_AFTER.match(text, start)
    if listed is None:
        return []
    voc = vocabulary()
    found = (voc.benchmark_id(item) for item in _LIST_SEPARATOR.split(listed.group(1)) if item)
    return [b for b in found if b is not None]


def _named_benchmark(words: str) -> str | None:
    """The benchmark the last words before a bracket name (`including MMLU` -> mmlu), longest first."""
    parts = words.split()[-_NAME_WORDS:]
    voc = vocabulary()
    for start in range(len(parts)):
        found = voc.benchmark_id(" ".join(parts[start:]))
        if found is not None:
            return found
    return None


@lru_cache(maxsize=256)
def prose_protocol(text: str) -> ProseProtocol:
    """Only unambiguous statements: one shot count for the table, CoT named; a shot count in
    brackets after a benchmark's name is that benchmark's."""
    if not text:
        return ProseProtocol()
    bound: dict[str, Protocol] = {}
    rest = text
    for m in _BOUND_SHOTS.finditer(text):
        stated = Protocol(n_shot=parse_protocol(m.group(2)).n_shot)
        benchmark_id = _named_benchmark(m.group(1))
        named = [benchmark_id] if benchmark_id is not None else _listed_benchmarks(text, m.end())
        for name in named:
            bound.setdefault(name, stated)
        if named:
            rest = rest.replace(m.group(0), m.group(1), 1)
    shots = shot_mentions(rest) - {"few"}
    n_shot = shot_count(next(iter(shots)), rest) if len(shots) == 1 else None
    return ProseProtocol(Protocol(n_shot=n_shot), bound)
