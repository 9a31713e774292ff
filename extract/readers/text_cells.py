"""Cell helpers shared by the plain-text readers (reST and console tables)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from benchtable.extract.table import Cell
from benchtable.extract.values import clean_text, parse_cell


def is_number(text: str) -> bool:
    values = parse_cell(text)
    return bool(values)


def mostly_numeric_rows(rows: Sequence[Sequence[Cell]], min_rows: int = 2) -> bool:
    """At least `min_rows` rows, and a number in 60% of them or more."""
    with_number = sum(1 for r in rows if any(is_number(c.text) for c in r))
    return len(rows) >= max(1, min_rows) and with_number * 10 >= len(rows) * 6


def guess_header_rows(rows: Sequence[Sequence[Cell]]) -> int:
    """1 when the first row is all words and the rows below hold numbers, else 0."""
    if len(rows) < 2:
        return 0
    first_numeric = any(is_number(c.text) for c in rows[0])
    return 1 if not first_numeric and mostly_numeric_rows(rows[1:]) else 0


def make_cell(raw: str, line: int | None, cleaner: Callable[[str], str] | None = None) -> Cell:
    raw = raw.strip()
    text = clean_text(cleaner(raw) if cleaner else raw)
    return Cell(text, raw, line=line, emphasis=raw.startswith("**") and raw.endswith("**") and len(raw) > 4)
