"""Sentences of a paper's prose that refer to a table by its number (`The results on LAMBADA are
shown in Table 2.`): what a caption leaves unsaid (the benchmark) is often said there, on the
table's page or the page before or after it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from benchtable.extract.table import Table

__all__ = ["attach_references"]

_NUMBER = re.compile(r"^\s*(?:Table|TABLE|Tab\.)\s*(\d+)\s*[:.|]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_PAGES_AROUND = 1
_MAX_SENTENCES = 4
_MAX_SENTENCE_CHARS = 400


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def attach_references(tables: Sequence[Table], page_texts: dict[int, str]) -> None:
    """Set each numbered table's `references`: the sentences near it that name it (`Table 2`),
    its own caption left out."""
    by_page = {page: _sentences(text) for page, text in page_texts.items()}
    for t in tables:
        number = _NUMBER.match(t.caption)
        if number is None or t.page is None:
            continue
        named = re.compile(rf"\b(?:Table|Tab\.)\s*{number.group(1)}(?![\d.]\d)")
        caption_start = t.caption[:40]
        found: list[str] = []
        for page in range(t.page - _PAGES_AROUND, t.page + _PAGES_AROUND + 1):
            for sentence in by_page.get(page, ()):
                if len(sentence) > _MAX_SENTENCE_CHARS or sentence.startswith(caption_start):
                    continue
                if named.search(sentence) and sentence not in found:
                    found.append(sentence)
        t.references = tuple(found[:_MAX_SENTENCES])
