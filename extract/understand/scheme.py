"""What a text document's prose states once about its quantized configurations, for the tables
that name them only in part.

* The scheme, for a configuration named only by its method: a card that describes its scheme
  (`4-bit weights with a group size of 64`) and then prints `SpinQuant` / `QLoRA` columns means
  that scheme in each of them. Every sentence of the document that names a group size must name
  the same bit width before it and the same size.
* The method, for a configuration named only by its width: a README whose prose says `our INT4
  build uses AWQ` and whose table has an `INT4 latency` column means AWQ there. A sentence binds
  when it names one method and one bit width below 16 (`W8A8 SmoothQuant for one part, INT4 for
  the rest` binds nothing); every binding of a width must name the same method.
"""

from __future__ import annotations

import re
from functools import lru_cache

from benchtable.extract.labels import parse_configuration
from benchtable.extract.registry import DocumentInput
from benchtable.schema.records import Configuration

__all__ = ["with_document_scheme"]

_TEXT_TYPES = ("text/markdown", "text/x-markdown", "text/plain", "text/x-rst", "text/html")
_SENTENCE_END = re.compile(r"(?<=[.;])\s+|\n\s*\n|\n\s*[-*]\s+")
_GROUP = re.compile(r"group[ _-]?size(?:\s*(?:of|=|:))?\s*(\d{2,4})\b", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TOKEN_SPLIT = re.compile(r"[\s,;:()\[\]*]+")
_BITS = re.compile(r"(?<![\w.])(\d)[- ]?bits?\b", re.IGNORECASE)


def with_document_scheme(config: Configuration, doc: DocumentInput) -> Configuration:
    """`config` with the document's bit width and group size when it names a method and no
    width, or with the document's method for its width when it names a width and no method."""
    if config.precision is not None or (config.quant_method is None and config.bits is None):
        return config
    if doc.content_type.split(";")[0].strip().lower() not in _TEXT_TYPES:
        return config
    if config.quant_method is None and config.bits is not None:
        method = _methods_by_width(doc.data).get(config.bits)
        return config.model_copy(update={"quant_method": method}) if method else config
    if config.bits is not None:
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
def _prose_sentences(data: bytes) -> tuple[str, ...]:
    """The sentences of the document outside tables and HTML comments."""
    text = _COMMENT.sub(" ", data.decode("utf-8-sig", errors="replace"))
    return tuple(s for s in _SENTENCE_END.split(text) if "|" not in s)


@lru_cache(maxsize=64)
def _methods_by_width(data: bytes) -> dict[float, str]:
    """The one method each bit width is bound to by the prose, for the widths bound to one."""
    bound: dict[float, set[str]] = {}
    for sentence in _prose_sentences(data):
        configs = [parse_configuration(token)[1] for token in _TOKEN_SPLIT.split(sentence) if token]
        methods = {c.quant_method for c in configs if c.quant_method}
        widths = {c.bits for c in configs if c.bits is not None and c.bits < 16}
        if len(methods) == 1 and len(widths) == 1:
            bound.setdefault(widths.pop(), set()).update(methods)
    return {width: methods.pop() for width, methods in bound.items() if len(methods) == 1}


@lru_cache(maxsize=64)
def _document_scheme(data: bytes) -> tuple[int, int] | None:
    """(bits, group size) of the one scheme the document's prose states, if exactly one."""
    found: set[tuple[int, int]] = set()
    for sentence in _prose_sentences(data):
        for group in _GROUP.finditer(sentence):
            widths = _BITS.findall(sentence[: group.start()])
            if not widths:
                return None  # a group size without its width: not a statement of the scheme
            found.add((int(widths[0]), int(group.group(1))))
    return found.pop() if len(found) == 1 else None
