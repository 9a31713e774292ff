"""Value columns that would name one model twice: `Dense 7B` over `w/ MQA`, `w/ GQA (8 Groups)`,
`w/ MHA`, or `DeepSeek-V2` over `Chat (SFT)` / `Chat (RL)`. Each column is a model of its own,
told apart by what its lowest header cell adds; read as one model, their numbers would
contradict each other under one key.
"""

from __future__ import annotations

import re

from benchtable.extract.table import Table
from benchtable.extract.understand.facts import AxisFacts, has_config
from benchtable.extract.understand.words import clean

__all__ = ["name_sibling_columns"]


def name_sibling_columns(t: Table, columns: dict[int, AxisFacts], values: list[int]) -> None:
    """Give each column of a group naming the same model the words its lowest header adds."""
    groups: dict[str, list[int]] = {}
    for c in values:
        f = columns[c]
        if f.model and not f.bench and not has_config(f.config) and not f.variant:
            groups.setdefault(f.model.lower(), []).append(c)
    for cols in groups.values():
        extras = {c: _added_words(columns[c].model or "", _lowest_text(t, c)) for c in cols}
        if len(cols) < 2 or not all(extras.values()) or len(set(extras.values())) != len(cols):
            continue
        for c in cols:
            columns[c].model = f"{columns[c].model} {extras[c]}"


def _lowest_text(t: Table, col: int) -> str:
    return clean(next((r[col].text for r in reversed(t.rows[: t.header_rows]) if r[col].text), ""))


def _added_words(model: str, lowest: str) -> str:
    """The words of the lowest header cell that the model name does not hold already."""
    have = {w.lower() for w in re.split(r"[\s\-]+", model)}
    words = [w for w in lowest.split() if w.strip("()").lower() not in have]
    return " ".join(words).replace("(", " ").replace(")", " ").strip()
