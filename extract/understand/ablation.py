"""Ablation tables: methods tables whose row labels are variants of the paper's own method
(`- shifting`, `+ KD`, `w/o scaling`, `Ours`). The method is the paper's, which the table does
not name: a word of the label (`shifting`) is not a quantization method, and the base model
(`OPT-66B`) did not score these numbers, so such rows are skipped with a reason.
"""

from __future__ import annotations

import re

from benchtable.extract.understand.words import ABLATION_MARKERS, OWN_METHOD, clean
from benchtable.schema.vocabulary import fold

__all__ = ["is_variant_label"]

_MARKED = re.compile(
    r"^(?:"
    + "|".join(re.escape(m) for m in sorted(ABLATION_MARKERS, key=len, reverse=True))
    + r")\s*(?=[A-Za-z])",
    re.IGNORECASE,
)


def is_variant_label(label: str) -> bool:
    """Whether a row label names a variant of the paper's own method, or the method itself (`Ours`)."""
    text = clean(label).strip()
    return bool(text) and (fold(text) in OWN_METHOD or bool(_MARKED.match(text)))
