"""The model a leaderboard row's link names, when the printed name is its base alias.

`Mixtral 8x7B v0.1` with a link to `huggingface.co/mistralai/Mixtral-8x7B-Instruct-v0.1` (or
samples under `results/Mixtral-8x7B-Instruct-v0.1/model_outputs.json`) is the instruct model:
a chat model's score must never land on a base row. The linked name is read when it starts
with the printed name's first word and adds a variant word (`schema/data/table_words.toml`
[linked_models]) the printed name lacks; every other row keeps its printed name.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlparse

from benchtable.schema.errors import ConfigError
from benchtable.schema.vocabulary import fold

__all__ = ["linked_model_names"]

_FILE = re.compile(r"\.(?:json|jsonl|csv|md|txt|html?|yaml|yml|parquet)$", re.IGNORECASE)


@cache
def _words() -> dict[str, Any]:
    text = resources.files("benchtable.schema").joinpath("data", "table_words.toml").read_text("utf-8")
    try:
        words: dict[str, Any] = tomllib.loads(text)["linked_models"]
    except (tomllib.TOMLDecodeError, KeyError) as exc:
        raise ConfigError(f"schema/data/table_words.toml [linked_models]: {exc}") from exc
    return words


def _link_columns(header: Sequence[str]) -> list[int]:
    names = {fold(n) for n in _words()["columns"]}
    return [c for c, h in enumerate(header) if fold(h) in names]


def _named_in(link: str) -> str | None:
    """The model a link names: the folder holding a file, else the last path part."""
    parts = [p for p in urlparse(link.strip()).path.split("/") if p]
    if parts and _FILE.search(parts[-1]):
        parts = parts[:-1]
    return parts[-1] if parts else None


def _tokens(name: str) -> set[str]:
    return {t for t in re.split(r"[^a-z0-9]+", name.lower()) if t}


def _variant_of(printed: str, linked: str) -> bool:
    """The linked name is the printed model plus a variant word the printed name lacks."""
    first = printed.split()[0] if printed.split() else ""
    if not first or not fold(linked).startswith(fold(first)):
        return False
    added = _tokens(linked) - _tokens(printed)
    return bool(added & set(_words()["variant_words"]))


def linked_model_names(
    header: Sequence[str], texts: Sequence[Sequence[str]], model_col: int
) -> list[str | None]:
    """Per body row, the linked model name that replaces the printed one, else None."""
    links = _link_columns(header)
    out: list[str | None] = []
    for row in texts:
        printed = row[model_col] if model_col < len(row) else ""
        named = [_named_in(row[c]) for c in links if c < len(row) and row[c].strip()]
        variants = {n for n in named if n and _variant_of(printed, n)}
        out.append(variants.pop() if len(variants) == 1 else None)
    return out
