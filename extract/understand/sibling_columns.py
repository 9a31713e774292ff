"""Value columns (or rows) that would name one model twice: `Dense 7B` over `w/ MQA`, `w/ GQA (8 Groups)`,
`w/ MHA`, or `DeepSeek-V2` over `Chat (SFT)` / `Chat (RL)`. Each column is a model of its own,
told apart by what its lowest header cell adds; read as one model, their numbers would
contradict each other under one key.
"""

from __future__ import annotations

import re

from benchtable.extract.table import Table
from benchtable.extract.understand.facts import AxisFacts, has_config
from benchtable.extract.understand.words import clean

__all__ = ["name_sibling_columns", "name_siblings"]


def name_sibling_columns(t: Table, columns: dict[int, AxisFacts], values: list[int]) -> None:
    """Give each column of a group naming the same model the words its lowest header adds."""
    name_siblings({c: columns[c] for c in values}, {c: _lowest_text(t, c) for c in values})


def name_siblings(facts: dict[int, AxisFacts], printed: dict[int, str], rows: bool = False) -> None:
    """Rows (or columns) whose facts name one model while their printed labels differ
    (`DeepSeek-V2 Chat (SFT)` / `(RL)`): each keeps the words its label adds to the name. A
    row's name may be its leftover label (`rest`), which the row reader takes as the model."""
    groups: dict[str, list[int]] = {}
    for k, f in facts.items():
        if f.bench or has_config(f.config) or f.variant:
            continue
        name = f.model or (f.rest if rows and not (f.size or f.family) else None)
        if name:
            groups.setdefault(name.lower(), []).append(k)
    for keys in groups.values():
        extras = {k: _added_words(facts[k].model or facts[k].rest, printed[k]) for k in keys}
        if len(keys) < 2 or not all(extras.values()) or len(set(extras.values())) != len(keys):
            continue
        for k in keys:
            f = facts[k]
            if f.model:
                f.model = f"{f.model} {extras[k]}"
            else:
                f.rest = f"{f.rest} {extras[k]}"


def _lowest_text(t: Table, col: int) -> str:
    return clean(next((r[col].text for r in reversed(t.rows[: t.header_rows]) if r[col].text), ""))


def _added_words(model: str, lowest: str) -> str:
    """The words of the lowest header cell that the model name does not hold already."""
    have = {w.lower() for w in re.split(r"[\s\-]+", model)}
    words = [w for w in re.split(r"[\s\-]+", lowest) if w and w.strip("()").lower() not in have]
    return " ".join(words).replace("(", " ").replace(")", " ").strip()
