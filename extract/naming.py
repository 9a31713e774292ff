"""Completing model names from context.

A table often prints only part of a model's name: `7B` under a family heading or
a `Llama 2` cell spanning sizes; `FP16`/`GPTQ 4-bit` rows under a `LLaMA-7B`
column header; `Chat` in a card about Qwen-7B. `NameHints` collects what the
context says, and `complete_model` uses it:

* a label that is only a size takes a *family* (`Llama 2` + `7B`);
* a label that is only a configuration or a variant takes a *full name*
  (`LLaMA-7B` + `GPTQ 4-bit`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from benchtable.extract.labels import configuration_alone, parse_configuration, without_role
from benchtable.extract.understand.words import SIZE_SUFFIX
from benchtable.extract.values import clean_text
from benchtable.schema.column_words import column_words
from benchtable.schema.vocabulary import vocabulary

if TYPE_CHECKING:
    from benchtable.extract.table import Table

SIZE_ONLY = re.compile(r"^\(?\d+(?:\.\d+)?\s*[BbMmKk]\)?$|^\d+x\d+(?:\.\d+)?[Bb]$")
VARIANT_ONLY = re.compile(
    r"^(?:base|chat|instruct|it|pretrained|pre-trained|sft|rlhf|dpo|bf16|fp16)$", re.IGNORECASE
)
HAS_SIZE = re.compile(r"\d+(?:\.\d+)?\s*[BbMm]\b|\d+x\d+[Bb]")
_KNOWN_NAMES = re.compile(
    r"gpt|llama|qwen|mistral|mixtral|claude|gemini|gemma|falcon|deepseek|baichuan|internlm|"
    r"chatglm|vicuna|alpaca|bloom|zephyr|starcoder|codellama|wizard|tinyllama|stablelm|olmo"
    # short family names only as a word of their own (`Phi-3`, `MPT-7B`), never inside
    # another word (`Philosophy`, `prompt`, `Optimal`)
    r"|(?<![A-Za-z])(?:phi|mpt|opt|yi)(?![a-z])",
    re.IGNORECASE,
)


_NAME_IN_PROSE = re.compile(
    r"[A-Z][A-Za-z0-9.]*(?:[- ](?:[A-Z][A-Za-z0-9.]*|\d{1,2}(?:\.\d)?)){0,2}[- ]\d+(?:\.\d+)?[BbMm](?![A-Za-z0-9])"
    r"(?:[- ](?:Chat|Instruct|Base|Coder|Code))?"
    r"|(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9.]*-\d+(?:\.\d+)?[BbMm](?![A-Za-z0-9])"
    r"(?:-(?:Chat|Instruct|Base|chat|instruct|base))?"
)


@dataclass
class NameHints:
    full_names: list[str] = field(default_factory=list)
    """Names with a size: complete a configuration-only or variant-only label."""
    families: list[str] = field(default_factory=list)
    """Family names: complete a size-only label."""


def looks_like_model(text: str) -> bool:
    """A name with a size or a known family word (`Llama 2 70B`, `GPT-4`)."""
    return bool(HAS_SIZE.search(text) or _KNOWN_NAMES.search(text))


def _known_families() -> set[str]:
    return {m.family for m in vocabulary().models.values()}


def name_hints(
    *, label_header: str, caption: str, heading: str, doc_model: str | None, family_hint: object
) -> NameHints:
    hints = NameHints()
    header = re.sub(r"\([^()]*=[^()]*\)", " ", clean_text(label_header)).strip()
    if header and looks_like_model(header) and HAS_SIZE.search(header):
        hints.full_names.append(parse_configuration(header)[0])
    for text in (caption, heading):
        for m in _NAME_IN_PROSE.finditer(clean_text(text)):
            name = re.sub(r"^(?:(?:For|In|On|Of|The|With|Using|Our|All|An?|And)\s+)+", "", m.group(0))
            if looks_like_model(name):
                hints.full_names.append(name)
    if doc_model:
        hints.full_names.append(parse_configuration(doc_model)[0])
    if isinstance(family_hint, str) and family_hint:
        hints.families.append(family_hint)
    if doc_model:
        family = re.split(r"[- ]\d+(?:\.\d+)?[BbMm]\b", parse_configuration(doc_model)[0], maxsplit=1)[0]
        if family:
            hints.families.append(family)
    families = _known_families()
    for text in (header, caption, heading):
        for word in re.findall(r"[A-Za-z][A-Za-z0-9.-]*", clean_text(text)):
            base = re.split(r"[-.]?\d", word, maxsplit=1)[0]
            if base.lower() in families:
                hints.families.append(base)
    return hints


def complete_model(label: str, hints: NameHints) -> str | None:
    """The label completed from context, or None when it cannot name a model on its own."""
    bare = without_role(parse_configuration(label)[0].strip())
    if SIZE_ONLY.match(SIZE_SUFFIX.sub("", bare)):  # `2B Params`: a size like `2B`
        label, bare = SIZE_SUFFIX.sub("", label), SIZE_SUFFIX.sub("", bare)
    if SIZE_ONLY.match(bare):
        return f"{hints.families[0]} {label}" if hints.families else None
    if not bare or VARIANT_ONLY.match(bare):
        return f"{hints.full_names[0]} {label}".strip() if hints.full_names else None
    configured = configuration_alone(label) if hints.full_names else None
    if configured is not None:  # `opt-rtn (2bit)` under `### Qwen3-8B`: a configuration of it
        return f"{hints.full_names[0]} {configured}"
    return label


_HAS_VARIANT = re.compile(
    r"(?<![A-Za-z])(?:chat|instruct|it|sft|rlhf|dpo|base|code|coder)(?![A-Za-z])", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def prose_variant(text: str) -> str | None:
    """The variant a heading, caption or paragraph names for the models it introduces
    (`Post-trained models`, `Chat models`): `chat` or `instruct`; None when it names none,
    or a base variant too (`base and instruct models`: ambiguous, the labels decide)."""
    words = column_words().variant
    folded = " " + re.sub(r"[^a-z0-9]+", " ", text.lower()) + " "
    found = [p for p in words.instruct_phrases if f" {_fold_phrase(p)} " in folded]
    if not found or any(f" {_fold_phrase(p)} " in folded for p in words.base_phrases + words.base_groups):
        return None
    return "chat" if all("chat" in p for p in found) else "instruct"


@lru_cache(maxsize=4096)
def _fold_phrase(phrase: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", phrase.lower()).strip()


_LEAD_IN_WORDS = 8


@dataclass(frozen=True)
class TableVariant:
    """The variant a table's context names for its models, and whether its heading says so."""

    name: str
    """`chat` or `instruct`."""
    stated_by_heading: bool
    """A section heading over the table (`### Instruct models`) names the variant of every model
    below; a caption or lead-in (`Comparison of chat models`) may compare models that are chat
    models already, so it names a variant only where the vocabulary knows one."""


@lru_cache(maxsize=4096)
def table_variant(heading: str, caption: str, context: str) -> TableVariant | None:
    """The variant of a table's models: its heading, else its caption, else the paragraph above
    when it is a lead-in (`Post-trained models:`), not prose that mentions chat models."""
    lead_in = context if len(context.split()) <= _LEAD_IN_WORDS else ""
    for text in (heading, caption, lead_in):
        found = prose_variant(text) if text else None
        if found:
            return TableVariant(found, stated_by_heading=text is heading)
    return None


def with_variant(model_id: str, label: str, variant: TableVariant | None) -> str:
    """The variant model a table's context implies (`llama-2-7b` under "Instruction tuned" is
    `llama-2-7b-chat`: the vocabulary's own variant wins)."""
    if variant is None or _HAS_VARIANT.search(label):
        return model_id
    models = vocabulary().models
    name = variant.name
    for v in (name, "chat" if name == "instruct" else "instruct", "it"):
        if f"{model_id}-{v}" in models:
            return f"{model_id}-{v}"
    return f"{model_id}-{name}" if variant.stated_by_heading else model_id


@lru_cache(maxsize=4096)
def section_variant(outer_headings: tuple[str, ...]) -> str | None:
    """The variant the nearest enclosing section names (`### Base Model` over `#### Standard
    Benchmarks`): `base`, `instruct` or `chat`; None when it names none or both."""
    words = column_words().variant
    for text in outer_headings:
        found = prose_variant(text)
        if found:
            return found
        folded = " " + re.sub(r"[^a-z0-9]+", " ", text.lower()) + " "
        names_base = any(f" {_fold_phrase(p)} " in folded for p in words.base_phrases)
        if names_base and not any(f" {_fold_phrase(p)} " in folded for p in words.instruct_phrases):
            return "base"
    return None


def with_listed_variant(model_id: str, label: str, variant: str | None) -> str:
    """The variant an enclosing section implies: `deepseek-v3` under `### Base Model` is
    `deepseek-v3-base` where the vocabulary lists it; `llama-3.1-8b` under `## Instruction tuned
    models` / `#### Multilingual benchmarks` is `llama-3.1-8b-instruct` when listed, or when its
    family names its listed tuned models so (`llama-3.1-405b-instruct`). A model listed as a
    variant already, or of another family (a baseline compared under `## Chat Model`), stays."""
    models = vocabulary().models
    listed = models.get(model_id)
    tuned = listed is not None and listed.variant != "base"
    if variant is None or _HAS_VARIANT.search(label) or (tuned and variant != "base"):
        return model_id
    kinds = (
        ("base",) if variant == "base" else (variant, "chat" if variant == "instruct" else "instruct", "it")
    )
    for kind in kinds:
        if f"{model_id}-{kind}" in models:
            return f"{model_id}-{kind}"
    named = variant != "base" and any(model_id.startswith(f"{f}-") for f in _suffixed_families(variant))
    return f"{model_id}-{variant}" if named else model_id


@lru_cache(maxsize=8)
def _suffixed_families(variant: str) -> frozenset[str]:
    """Families of the vocabulary that name a tuned model by suffixing its base model's id
    (`llama-3.1-405b` / `llama-3.1-405b-instruct`): their other sizes follow the same scheme."""
    models = vocabulary().models
    return frozenset(
        m.family
        for model_id, m in models.items()
        if m.variant == variant
        and model_id.endswith(f"-{variant}")
        and model_id[: -len(variant) - 1] in models
    )


def table_model_id(model_id: str, label: str, t: Table) -> str:
    """The model of a cell as the table's heading, caption or lead-in, else the heading path
    (its own heading, then the enclosing ones, nearest first), say which variant its models are."""
    strong = table_variant(t.heading, t.caption, t.context)
    if strong is not None:
        return with_variant(model_id, label, strong)
    return with_listed_variant(model_id, label, section_variant((t.heading, *t.outer_headings)))
