"""The quantization scheme a text document states once, for every quantized configuration it
names only by method.

A card that describes its scheme in prose (`quantized to a 4-bit groupwise scheme (with a group
size of 32) for weights`) and then prints `SpinQuant` / `QLoRA` columns means that scheme in
each of them. Only an unambiguous statement counts: every sentence of the document that names a
group size names the same bit width before it and the same group size, else nothing is taken.
"""

from __future__ import annotations

import re
from functools import lru_cache

from benchtable.extract.registry import DocumentInput
from benchtable.schema.records import Configuration

__all__ = ["with_document_scheme"]

_TEXT_TYPES = ("text/markdown", "text/x-markdown", "text/plain", "text/x-rst", "text/html")
_SENTENCE_END = re.compile(r"(?<=[.;])\s+|\n\s*\n|\n\s*[-*]\s+")
_GROUP = re.compile(r"group[ _-]?size(?:\s*(?:of|=|:))?\s*(\d{2,4})\b", re.IGNORECASE)
_BITS = re.compile(r"(?<![\w.])(\d)[- ]?bits?\b", re.IGNORECASE)


def with_document_scheme(config: Configuration, doc: DocumentInput) -> Configuration:
    """`config` with the document's bit width and group size, when it names a method and no width."""
    if config.quant_method is None or config.bits is not None or config.precision is not None:
        return config
    if doc.content_type.split(";")[0].strip().lower() not in _TEXT_TYPES:
        return config
    scheme = _document_scheme(doc.data)
    if scheme is None:
        return config
    bits, group_size = scheme
    update: dict[str, object] = {"bits": bits}
    if config.group_size is None:
        update["group_size"] = group_size
    return config.model_copy(update=update)


@lru_cache(maxsize=64)
def _document_scheme(data: bytes) -> tuple[int, int] | None:
    """(bits, group size) of the one scheme the document's prose states, if exactly one."""
    text = data.decode("utf-8-sig", errors="replace")
    found: set[tuple[int, int]] = set()
    for sentence in _SENTENCE_END.split(text):
        if "|" in sentence:
            continue  # table rows state no scheme
        for group in _GROUP.finditer(sentence):
            widths = _BITS.findall(sentence[: group.start()])
            if not widths:
                return None  # a group size without its width: not a statement of the scheme
            found.add((int(widths[0]), int(group.group(1))))
    return found.pop() if len(found) == 1 else None
