"""Models whose size is a word (`BERT-base`, `BERT large`, `GPT2-medium`, `T5-XXL`): the
encoder and encoder-decoder families of quantization papers, named so in captions."""

from __future__ import annotations

import re

from benchtable.extract.understand.words import WORD_SIZE_FAMILIES, WORD_SIZES

__all__ = ["word_sized_model"]

_WORD_SIZED = re.compile(
    rf"(?<![A-Za-z0-9-])(?P<family>{'|'.join(re.escape(f) for f in WORD_SIZE_FAMILIES)})"
    rf"[- ](?P<size>{'|'.join(re.escape(s) for s in WORD_SIZES)})(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def word_sized_model(text: str) -> str | None:
    """The one word-sized model `text` names (`Result of BERT base on GLUE` -> `BERT-base`);
    None when it names none or several (`BERT-base and BERT-large`: no single model)."""
    found = {f"{m.group('family')}-{m.group('size')}" for m in _WORD_SIZED.finditer(text)}
    folded = {name.lower() for name in found}
    return next(iter(found)) if len(folded) == 1 else None
