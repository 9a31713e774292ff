"""The method a quantization label prints in parentheses after its configuration:
`W8A8 (PTQ)` is W8A8 by post-training quantization, `W4/8A16 (AWQ-KD)` the method
`awq-kd` as printed, `W8A8 [12] (QAT)` a cited row of the same configuration. A known method
with a suffix of two letters or more (`ZeroQuant-LKD` alone in a method column) is that variant,
as printed.
"""

from __future__ import annotations

import re

from benchtable.extract.labels import parse_configuration
from benchtable.extract.understand.words import QUANT_MODES
from benchtable.schema.vocabulary import fold

__all__ = ["split_printed_method", "split_suffixed_method"]

_SUFFIXED = re.compile(r"^(?P<head>[A-Za-z][A-Za-z0-9+.]{1,30})-(?P<suffix>[A-Za-z]{2,8})$")
"""Two letters at least: a one-letter suffix is an option of the same method (`GPTQ-R`, GPTQ
with reordering, is GPTQ)."""
_PARENTHESISED = re.compile(
    r"^(?P<config>[^()\[\]]+?)\s*(?:\[\d+(?:\s*,\s*\d+)*\]\s*)?"
    r"\(\s*(?P<method>[A-Za-z][A-Za-z0-9+#.-]{1,30})\s*\)(?P<marks>[\s*∗+^†‡]*)$"
)


def split_printed_method(text: str) -> tuple[str, str | None]:
    """(`text` without the parenthesised method, the method as printed, lower case), or
    (`text`, None) when the label does not print one after a configuration."""
    m = _PARENTHESISED.match(text.strip())
    if m is None:
        return text, None
    rest, config = parse_configuration(m.group("config"))
    if rest.strip() or config.bits is None:
        return text, None  # no bit width before the parentheses: a name, not a configuration
    word = m.group("method")
    head = re.split(r"[-_]", word, maxsplit=1)[0]
    known = parse_configuration(head)[1].quant_method is not None
    if not known and fold(word) not in QUANT_MODES:
        return text, None  # `(symmetric)`, `(teacher)`: not a method
    return m.group("config").strip(), word.lower()


def split_suffixed_method(text: str) -> tuple[str, str | None]:
    """(``, `zeroquant-lkd`) for a label that is only a known method and a suffix of letters
    (`ZeroQuant-LKD`, `AWQ-KD`): the variant is the method as printed, not the bare method with a
    leftover word; else (`text`, None)."""
    m = _SUFFIXED.match(text.strip())
    if m is None:
        return text, None
    rest, config = parse_configuration(m.group("head"))
    if rest.strip() or config.quant_method is None or config.bits is not None:
        return text, None
    return "", text.strip().lower()
