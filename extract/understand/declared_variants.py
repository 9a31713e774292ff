"""A modality variant the document declares for a family's sizes: a card that says `The Llama
3.2-Vision collection ... in 11B and 90B sizes` (or prints a model-information row `Llama
3.2-Vision | ... | 11B`) makes a row or column printing only `Llama 3.2 11B` the variant,
`llama-3.2-11b-vision` (`llama-3.2-11b-vision-instruct` under an instruct section).

The source's registered model (`Llama-3.2-11B-Vision-Instruct`) declares its own size so.
Only sizes printed after the variant's name on its line, before any other model name, are
declared (`Llama 3.2-Vision is built on Llama 3.1 8B` declares none): a size the document
never states with the variant (`Llama 3.2 3B` beside `Llama 3.2-Vision 11B`) keeps its label as
printed, and so does every family the document names no variant of.
"""

from __future__ import annotations

import re
from functools import lru_cache

from benchtable.extract.labels import parse_model_label
from benchtable.extract.registry import DocumentInput
from benchtable.extract.understand.words import MODALITY_VARIANTS, NAME_STARTS

__all__ = ["with_declared_variant"]

_TEXT_TYPES = ("text/markdown", "text/html", "text/plain", "text/x-rst")
_STARTS = "|".join(re.escape(w) for w in NAME_STARTS)
_VARIANTS = "|".join(re.escape(w) for w in MODALITY_VARIANTS)
# a family with its version, then the variant, and no size after it (`Llama 3.2-Vision`; not
# `Qwen2-VL-7B`, which names its size itself)
_VARIANT_NAME = re.compile(
    rf"(?<![A-Za-z0-9])(?P<family>(?:{_STARTS})[ -]?\d+(?:\.\d+)*)[ -](?P<variant>{_VARIANTS})"
    r"(?![A-Za-z0-9]|[ -]\d)",
    re.IGNORECASE,
)
_OTHER_NAME = re.compile(rf"(?<![A-Za-z0-9])(?:{_STARTS})", re.IGNORECASE)
_SIZE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?B(?![A-Za-z0-9])")


def with_declared_variant(model_id: str, doc: DocumentInput) -> str:
    """`model_id` with the variant the document declares for its family and size inserted
    after the size; `model_id` itself when the document declares none for it."""
    if not doc.content_type.startswith(_TEXT_TYPES):
        return model_id
    declared = {**_declared(doc.data), **_registered(doc.model)}
    for (family, size), variant in declared.items():
        stem = f"{family}-{size}"
        if model_id != stem and not model_id.startswith(f"{stem}-"):
            continue
        rest = model_id[len(stem) :]
        if variant in rest.split("-"):
            return model_id
        return f"{stem}-{variant}{rest}"
    return model_id


@lru_cache(maxsize=8)
def _declared(data: bytes) -> dict[tuple[str, str], str]:
    """(family id, size) -> the variant the document names with that size on one line."""
    declared: dict[tuple[str, str], str] = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        names = list(_VARIANT_NAME.finditer(line))
        if not names:
            continue
        for name in names:
            family = parse_model_label(name.group("family")).model_id
            for size in _sizes_after(line, name.end()):
                declared.setdefault((family, size), name.group("variant").lower())
    return declared


_SIZED_VARIANT = re.compile(
    rf"^(?P<family>.+?)[ -](?P<size>\d+(?:\.\d+)?)B[ -](?P<variant>{_VARIANTS})(?![A-Za-z0-9])", re.IGNORECASE
)


@lru_cache(maxsize=64)
def _registered(model: str | None) -> dict[tuple[str, str], str]:
    """The variant the source's registered model declares (`Llama-3.2-11B-Vision-Instruct`)."""
    m = _SIZED_VARIANT.match(model or "")
    if m is None:
        return {}
    family = parse_model_label(m.group("family")).model_id
    return {(family, f"{m.group('size')}b"): m.group("variant").lower()}


def _sizes_after(line: str, start: int) -> list[str]:
    """The sizes (`11b`) printed after `start` and before the next model name on the line."""
    other = _OTHER_NAME.search(line, start)
    span = line[start : other.start() if other else len(line)]
    return [f"{m.group(1)}b" for m in _SIZE.finditer(span)]
