"""The column and variant word lists of `schema/data/columns.toml`, loaded once."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from pydantic import ValidationError

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


class NameWords(Strict):
    organisations: list[str]
    families: list[str]


class ColumnWords(Strict):
    """Headers that are no scores (intervals, settings, training costs, ranks), the words naming a model variant, and
    the organisation prefixes of printed model names."""

    interval: IntervalWords
    setting: SettingWords
    training_cost: TrainingCostWords
    ranking: RankingWords
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
