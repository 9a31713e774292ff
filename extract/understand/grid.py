"""Repairs of a grid before it is read: prose lines taken for header rows, family labels
centred over their sizes.
"""

from __future__ import annotations

from dataclasses import replace

from benchtable.extract.headers import is_not_score
from benchtable.extract.naming import HAS_SIZE, SIZE_ONLY, looks_like_model
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand.facts import AxisFacts
from benchtable.extract.understand.words import PROSE_WORD, bench_id, clean
from benchtable.extract.values import parse_cell


def is_prose_row(row: list[Cell]) -> bool:
    """A line of the paper's prose the grid took for a header row (`single V100 GPU during
    inference.` over `0-shot 1-shot ...`): one phrase across the row, a sentence's words."""
    texts = {clean(c.text) for c in row if c.text.strip()}
    if len(texts) != 1:
        return False
    text = next(iter(texts))
    words = text.split()
    return len(words) >= 3 and (text.endswith(".") or bool(PROSE_WORD.search(text))) and not bench_id(text)


def without_prose_header(t: Table) -> Table:
    """The table with prose header rows blanked (row numbers kept for citations); when the
    header was only prose, the text rows below it are the header."""
    h = t.header_rows
    prose = [i for i in range(min(h, len(t.rows))) if is_prose_row(t.rows[i])]
    if not prose:
        return t
    rows = [
        [Cell("", "", page=c.page, line=c.line) for c in r] if i in prose else r for i, r in enumerate(t.rows)
    ]
    while h < len(rows) - 1 and all(parse_cell(c.text) is None for c in rows[h][1:] if c.text.strip()):
        if not any(c.text.strip() for c in rows[h][1:]):
            break  # a family label on a row of its own, not a header
        names = any(looks_like_model(c.text) and not HAS_SIZE.fullmatch(c.text.strip()) for c in rows[h][1:])
        if not names and any(is_not_score(clean(c.text)) for c in rows[h][:2] if c.text.strip()):
            break  # `Context Length | 4K | 32K`: a property of the models, not a header
        h += 1
    return replace(t, rows=rows, header_rows=h, notes=list(t.notes))


def centred_families(
    body: list[tuple[int, list[Cell]]], facts: dict[int, AxisFacts], values: list[int]
) -> None:
    """A family label set vertically centred over its sizes, which the grid left in one
    column: `8B / PaLM 62B / 540B` (the family on the middle row) or `7B / 13B / LLaMA /
    33B / 65B` (the family on a row of its own). The sizes take the family."""

    def kind(i: int, row: list[Cell]) -> str:
        f = facts[i]
        empty = not any(row[c].text for c in values)
        if empty and f.family and not f.size and not f.model:
            return "F"
        if f.size and not f.model and not f.family and not f.rest:
            return "S"
        if f.model and SIZE_ONLY.match(f.model.split()[-1]) and len(f.model.split()) == 2:
            return "N"
        return "O"

    kinds = [kind(i, row) for i, row in body]
    ids = [i for i, _ in body]
    done: set[int] = set()

    def free_run(p: int, step: int) -> list[int]:
        out: list[int] = []
        q = p + step
        while 0 <= q < len(kinds) and kinds[q] == "S" and q not in done:
            out.append(q)
            q += step
        return out

    def assign(positions: list[int], family: str) -> None:
        for q in positions:
            facts[ids[q]].family = family
            done.add(q)

    for p, k in enumerate(kinds):  # a family on a row of its own, centred over its sizes
        if k == "F":
            before, after = free_run(p, -1), free_run(p, 1)
            n = min(len(before), len(after)) or max(len(before), len(after))
            assign(before[:n] + after[:n], facts[ids[p]].family or "")
    for p, k in enumerate(kinds):  # the family on the middle row: `8B / PaLM 62B / 540B`
        if k == "N":
            before, after = free_run(p, -1), free_run(p, 1)
            if before and after and abs(len(before) - len(after)) <= 1:
                assign(before + after, (facts[ids[p]].model or "").split()[0])
