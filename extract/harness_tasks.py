"""Benchmarks named by lm-evaluation-harness task names (`schema/data/harness_tasks.toml`):
`hendrycksTest-anatomy` is the MMLU subject `mmlu_anatomy`, `sst` is SST-2. Shared by every
reader that meets harness output (the JSON results reader, Markdown result tables through
`parse_benchmark`)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from benchtable.schema.errors import ConfigError

_FILE = "harness_tasks.toml"


@dataclass(frozen=True)
class HarnessTasks:
    subject_prefixes: dict[str, str]
    tasks: dict[str, str]


@cache
def harness_tasks() -> HarnessTasks:
    """The packaged harness task names (loaded once)."""
    text = resources.files("benchtable.schema").joinpath("data", _FILE).read_text("utf-8")
    try:
        data = tomllib.loads(text)
        return HarnessTasks(dict(data["subject_prefixes"]), dict(data["tasks"]))
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"schema/data/{_FILE}: {exc}") from exc


_SUBJECT = re.compile(r"^(?P<prefix>[A-Za-z0-9]+)-(?P<subject>[a-z][a-z0-9_]*)$")


def harness_task_benchmark(task: str) -> str | None:
    """The benchmark id a harness task name stands for, or None when it is not one of the listed
    names (`hendrycksTest-college_biology` -> `mmlu_college_biology`; `sst` -> `sst_2`)."""
    task = task.strip()
    words = harness_tasks()
    if task in words.tasks:
        return words.tasks[task]
    m = _SUBJECT.match(task)
    if m and m.group("prefix") in words.subject_prefixes:
        return f"{words.subject_prefixes[m.group('prefix')]}_{m.group('subject')}"
    return None
