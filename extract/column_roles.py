"""What a column's numbers are when they are not scores: intervals and run settings.

`header_role` reads a header against the word lists of `schema/data/columns.toml`:

* an *interval* column (`rating_q025`, `lower`, `CI high`, `95% CI`, `± stderr`) qualifies the
  score beside it and is never a score of its own;
* a *setting* column (`Batch size`, `# Shots`, `Sequence length`, `Cache type`) holds a run
  setting per row: the protocol of that row, never a model or a benchmark;
* a *setting header* over values (`batch=1`, `ctx 4096`, `4K`) names no benchmark: the column
  measures the table's benchmark under that setting (`setting_header_protocol`).

`not_a_score` is the one decision the interpreter asks before reading a value column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from benchtable.extract.headers import BenchmarkLabel, is_not_score
from benchtable.extract.labels import parse_configuration
from benchtable.extract.table import Cell
from benchtable.schema.column_words import column_words
from benchtable.schema.records import Configuration, Protocol

__all__ = [
    "ColumnRole",
    "fold_header",
    "header_role",
    "not_a_score",
    "setting_header_protocol",
    "settings_protocol",
]


class ColumnRole(StrEnum):
    SCORE = "score"
    INTERVAL = "interval"
    SETTING = "setting"
    """A column of settings, one per row."""
    SETTING_HEADER = "setting header"
    """A value column headed by one setting and its value (`batch=1`, `4K`)."""
    CONFIGURATION_HEADER = "configuration header"
    """A value column headed only by a configuration (`FP16`, `4bit-RTN`, `3g128-GPTQ`)."""
    PROPERTY = "property"
    """Parameters, dates, prices, ranks, ...: `headers.is_not_score`."""


_TRAILING_BRACKET = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


@lru_cache(maxsize=32768)
def fold_header(text: str) -> str:
    """Lower case, markup dropped, `_` and `-` as spaces, one space between words."""
    text = re.sub(r"[*`]", "", text).lower()
    text = re.sub(r"(?<=[a-z0-9])[-_](?=[a-z0-9#])|_", " ", text)
    return re.sub(r"\s+", " ", text).strip(" :")


@dataclass(frozen=True)
class _Words:
    interval_headers: frozenset[str]
    interval_suffixes: tuple[str, ...]
    interval_prefixes: tuple[str, ...]
    setting_headers: frozenset[str]
    context_words: frozenset[str]
    shot_words: frozenset[str]
    assignment: re.Pattern[str]
    context_size: re.Pattern[str]
    averages: frozenset[str]


@cache
def _words() -> _Words:
    words = column_words()
    assign = "|".join(
        re.escape(fold_header(w)) for w in sorted(words.setting.assignment_words, key=len)[::-1]
    )
    sizes = "|".join(
        re.escape(fold_header(w)) for w in sorted(words.setting.context_size_suffixes, key=len)[::-1]
    )
    number = r"\d+(?:\.\d+)?\s*[km]?"
    return _Words(
        interval_headers=frozenset(fold_header(w) for w in words.interval.headers),
        interval_suffixes=tuple(fold_header(w) for w in words.interval.suffixes),
        interval_prefixes=tuple(fold_header(w) for w in words.interval.prefixes),
        setting_headers=frozenset(fold_header(w) for w in words.setting.headers),
        context_words=frozenset(fold_header(w) for w in words.setting.context_words),
        shot_words=frozenset(fold_header(w) for w in words.setting.shot_words),
        assignment=re.compile(
            rf"^(?:(?P<word>{assign})\s*[=:]?\s*(?P<n>{number})|(?P<n2>{number})\s*(?P<word2>{assign}))$"
        ),
        context_size=re.compile(rf"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>{sizes})$"),
        averages=frozenset(fold_header(w) for w in words.setting.average_headers),
    )


def _is_interval(folded: str) -> bool:
    w = _words()
    return (
        folded in w.interval_headers
        or any(folded.endswith(" " + s) for s in w.interval_suffixes)
        or any(folded.startswith(p if p in _SYMBOLS else p + " ") or folded == p for p in w.interval_prefixes)
    )


_SYMBOLS = {"±", "+/-"}


@lru_cache(maxsize=32768)
def header_role(header: str) -> ColumnRole:
    """What a column's header says its numbers are, from the header alone."""
    folded = fold_header(header)
    if not folded:
        return ColumnRole.SCORE
    bare = fold_header(_TRAILING_BRACKET.sub("", header))
    w = _words()
    if _is_interval(folded) or (bare and _is_interval(bare)):
        return ColumnRole.INTERVAL
    if folded in w.setting_headers or bare in w.setting_headers:
        return ColumnRole.SETTING
    if w.assignment.match(folded) or w.context_size.match(folded):
        return ColumnRole.SETTING_HEADER
    name, config = parse_configuration(header)
    if config != Configuration() and not name.strip(" ()[]%*"):
        return ColumnRole.CONFIGURATION_HEADER
    if is_not_score(header):
        return ColumnRole.PROPERTY
    return ColumnRole.SCORE


_NAMES_NO_BENCHMARK = {ColumnRole.SETTING_HEADER, ColumnRole.CONFIGURATION_HEADER}


def not_a_score(header: str, bench: BenchmarkLabel | None = None) -> bool:
    """The column's numbers are no scores: an interval, a setting or a property. A setting or
    configuration header (`batch=1`, `FP16`) over values names no benchmark: in a table with
    benchmarks across (`bench` given) the column is a score only when the table names one."""
    role = header_role(header)
    if role in _NAMES_NO_BENCHMARK:
        return bench is not None and bench.benchmark_id is None
    return role is not ColumnRole.SCORE


def is_average(header: str) -> bool:
    """`Average`, `Avg.`: over setting columns (`4K` ... `128K`), the table's benchmark averaged."""
    return fold_header(_TRAILING_BRACKET.sub("", header)) in _words().averages


def _number(text: str) -> int | None:
    """`4096`, `4K`, `8k`, `1M` as a whole number."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([km]?)", text.strip().lower())
    if not m:
        return None
    scale = {"": 1, "k": 1024, "m": 1024 * 1024}[m.group(2)]
    value = float(m.group(1)) * scale
    return int(value) if value.is_integer() else None


@lru_cache(maxsize=4096)
def setting_header_protocol(header: str) -> Protocol:
    """The setting a value column's header states (`4K` -> context 4096; `batch=1` -> details)."""
    folded = fold_header(header)
    w = _words()
    size = w.context_size.match(folded)
    if size is not None:
        n = _number(size.group("n") + ("k" if size.group("unit").startswith("k") else ""))
        return Protocol(context_length=n, details=header.strip())
    m = w.assignment.match(folded)
    if m is None:
        return Protocol()
    word = m.group("word") or m.group("word2") or ""
    n = _number(m.group("n") or m.group("n2") or "")
    if word in w.context_words and n is not None:
        return Protocol(context_length=n, details=header.strip())
    return Protocol(details=header.strip())


def settings_protocol(row: list[Cell], settings: tuple[tuple[int, str], ...]) -> Protocol:
    """A row's settings columns as its protocol: shots and context lengths as such, every other
    setting (batch size, cache type, threads) verbatim as `Header value` details."""
    n_shot: int | None = None
    context: int | None = None
    details: list[str] = []
    w = _words()
    for col, header in settings:
        text = row[col].text.strip() if col < len(row) else ""
        if not text:
            continue
        key = fold_header(_TRAILING_BRACKET.sub("", header)) or fold_header(header)
        number = _number(re.sub(r"(?i)[- ]?shots?$", "", text))
        if key in w.shot_words and number is not None and n_shot is None:
            n_shot = number
        elif key in w.context_words and number is not None and context is None:
            context = number
        else:
            details.append(f"{header.strip()} {text}")
    return Protocol(n_shot=n_shot, context_length=context, details=", ".join(details) or None)
