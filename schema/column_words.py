"""The column and variant word lists of `schema/data/columns.toml`, loaded once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pydantic import ValidationError, field_validator

from benchtable.schema.errors import ConfigError
from benchtable.schema.records import Strict


class IntervalWords(Strict):
    headers: list[str]
    suffixes: list[str]
    prefixes: list[str]


class SettingWords(Strict):
    headers: list[str]
    context_words: list[str]
    shot_words: list[str]
    assignment_words: list[str]
    context_size_suffixes: list[str]
    average_headers: list[str]


class VariantWords(Strict):
    instruct_phrases: list[str]
    base_phrases: list[str]
    instruct_groups: list[str]
    base_groups: list[str]


class TrainingCostWords(Strict):
    words: list[str]


class RankingWords(Strict):
    suffixes: list[str]


class RunCostWords(Strict):
    items: list[str]


class AmbiguousWords(Strict):
    headers: list[str]


class NotScoreWords(Strict):
    """Headers naming a property of the model or the run: plain phrases, and patterns for what a
    phrase cannot say, for the whole header, its start, any whole words in it and its end."""

    names: list[str]
    name_patterns: list[str]
    prefixes: list[str]
    prefix_patterns: list[str]
    anywhere: list[str]
    anywhere_patterns: list[str]
    suffixes: list[str]
    suffix_patterns: list[str]

    @field_validator("names", "prefixes", "anywhere", "suffixes")
    @classmethod
    def _no_blank_phrase(cls, phrases: list[str]) -> list[str]:
        return _without_blanks(phrases)

    @field_validator("name_patterns", "prefix_patterns", "anywhere_patterns", "suffix_patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad pattern {pattern!r}: {exc}") from exc
        return patterns


class ProtocolWords(Strict):
    cot: list[str]
    no_cot: list[str]
    splits: dict[str, str]
    trailing_qualifiers: list[str]

    @field_validator("cot", "no_cot", "trailing_qualifiers")
    @classmethod
    def _no_blank_phrase(cls, phrases: list[str]) -> list[str]:
        return _without_blanks(phrases)


def _without_blanks(phrases: list[str]) -> list[str]:
    """A blank phrase would match every header: refused."""
    if not phrases or any(not p.strip() for p in phrases):
        raise ValueError("a phrase list must be non-empty and hold no blank phrase")
    return phrases


class NameWords(Strict):
    organisations: list[str]
    families: list[str]
    software_headers: list[str]


class ColumnWords(Strict):
    """Headers that are no scores (intervals, settings, training costs, ranks, properties), the words naming a model variant, and
    the organisation prefixes of printed model names."""

    interval: IntervalWords
    setting: SettingWords
    training_cost: TrainingCostWords
    ranking: RankingWords
    run_cost: RunCostWords
    ambiguous: AmbiguousWords
    not_score: NotScoreWords
    protocol: ProtocolWords
    variant: VariantWords
    names: NameWords


@cache
def column_words() -> ColumnWords:
    """The packaged column vocabulary (`schema/data/columns.toml`)."""
    name = "schema/data/columns.toml"
    text = resources.files("benchtable.schema").joinpath("data", "columns.toml").read_text("utf-8")
    try:
        return ColumnWords.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ConfigError(f"{name}: {exc}") from exc


@dataclass(frozen=True)
class NotScorePatterns:
    """`[not_score]` compiled (case-insensitive): `name` matches a whole header, `prefix` its start
    (after an optional `#`), `anywhere` searches it, `suffix` searches its end."""

    name: re.Pattern[str]
    prefix: re.Pattern[str]
    anywhere: re.Pattern[str]
    suffix: re.Pattern[str]


def _alternatives(phrases: list[str], patterns: list[str], word: str = "") -> str:
    """One regex alternation: each phrase literal (between `word` boundaries), each pattern as written."""
    return "|".join([word + re.escape(p) + word for p in phrases] + patterns)


@cache
def not_score_patterns() -> NotScorePatterns:
    """The not-a-score word lists of `schema/data/columns.toml`, compiled once."""
    words = column_words().not_score
    names = _alternatives(words.names, words.name_patterns)
    prefixes = _alternatives(words.prefixes, words.prefix_patterns)
    anywhere = _alternatives(words.anywhere, words.anywhere_patterns, word=r"\b")
    suffixes = _alternatives(words.suffixes, words.suffix_patterns, word=r"\b")
    return NotScorePatterns(
        name=re.compile(rf"^(?:{names})$", re.IGNORECASE),
        prefix=re.compile(rf"^(?:#\s*)?(?:{prefixes})", re.IGNORECASE),
        anywhere=re.compile(anywhere, re.IGNORECASE),
        suffix=re.compile(rf"(?:{suffixes})$", re.IGNORECASE),
    )


@dataclass(frozen=True)
class ProtocolPatterns:
    """`[protocol]` compiled (case-insensitive, whole words): `split` captures the printed split word."""

    cot: re.Pattern[str]
    no_cot: re.Pattern[str]
    split: re.Pattern[str]
    trailing_qualifiers: re.Pattern[str]


def _whole_words(phrases: list[str], capture: bool = False) -> str:
    """The phrases with no letter on either side; `capture` makes the phrase found group 1."""
    group = "" if capture else "?:"
    return rf"(?<![A-Za-z])({group}{_alternatives(phrases, [])})(?![A-Za-z])"


@cache
def protocol_patterns() -> ProtocolPatterns:
    """The protocol words of `schema/data/columns.toml`, compiled once."""
    words = column_words().protocol
    trailing = _alternatives(words.trailing_qualifiers, [])
    return ProtocolPatterns(
        cot=re.compile(_whole_words(words.cot), re.IGNORECASE),
        no_cot=re.compile(_whole_words(words.no_cot), re.IGNORECASE),
        split=re.compile(_whole_words(list(words.splits), capture=True), re.IGNORECASE),
        trailing_qualifiers=re.compile(rf"(?:[ _](?:{trailing}))+\s*$", re.IGNORECASE),
    )
