"""Fine-tunes, adapters and merges: their own model, never the base model.

A paper's table of "LLaMA 7-65B models finetuned with adapters on Alpaca and FLAN v2" has
rows and columns that name the base model (`LLaMA 13B`) and the training data (`Alpaca`);
read as they stand, its numbers are LLaMA-13B's and "disagree" with LLaMA-13B's own. Here a
record becomes the derivative's (`llama-13b-ft-alpaca`, `base_model = "llama-13b"`; a label that
prints `LLaMA-13B + Alpaca` keeps its `+`: `llama-13b+alpaca`) when

- its table's caption, heading or introducing paragraph says its models were finetuned
  (a cue of `schema/data/derivatives.toml`) and names the base model's family, or its own
  model label says so (`LLaMA-13B + Alpaca`, `LLaMA-13B (QLoRA)`); and
- its row, column or label names the training data (`datasets`), or the label names the
  method; a row that says it is the base model (`LLaMA no tuning`) stays the base model.

`mark_derivatives` is called once per table, on the records the interpreter made from it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from benchtable.extract.table import Table
from benchtable.schema.errors import ConfigError
from benchtable.schema.records import ScoreRecord
from benchtable.schema.vocabulary import vocabulary


@dataclass(frozen=True)
class DerivativeWords:
    cue: re.Pattern[str]
    base: re.Pattern[str]
    datasets: tuple[tuple[re.Pattern[str], str, str], ...]
    """(pattern, name as printed, slug), longest name first."""


def _words(terms: Sequence[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(t) for t in terms), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def derivative_words() -> DerivativeWords:
    name = "derivatives.toml"
    try:
        data = tomllib.loads(resources.files("benchtable.schema").joinpath("data", name).read_text("utf-8"))
        datasets = sorted(dict(data["datasets"]).items(), key=lambda kv: len(kv[0]), reverse=True)
        return DerivativeWords(
            cue=_words(list(data["cues"])),
            base=_words(list(data["base_words"])),
            datasets=tuple((_words([label]), label, str(slug)) for label, slug in datasets),
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"schema/data/{name}: {exc}") from exc


def _family(model_id: str) -> str:
    model = vocabulary().models.get(model_id)
    family = model.family if model is not None else re.split(r"[-_ ]", model_id, maxsplit=1)[0]
    return family.lower().replace("-", " ")


def _table_says_finetuned(table: Table, family: str) -> bool:
    words = derivative_words()
    for text in (table.caption, table.heading, table.context):
        if text and words.cue.search(text) and family and family in text.lower().replace("-", " "):
            return True
    return False


def _dataset(texts: Sequence[str]) -> tuple[str, str] | None:
    """(name as printed, slug) of the one training set the texts name; None for none or several."""
    found: dict[str, str] = {}
    for text in texts:
        for pattern, label, slug in derivative_words().datasets:
            if pattern.search(text):
                found.setdefault(slug, label)
    if len(found) != 1:
        return None
    slug, label = next(iter(found.items()))
    return label, slug


def derivative(record: ScoreRecord, table: Table) -> ScoreRecord | None:
    """The record as its derivative's, or None when it is the base model's own."""
    words = derivative_words()
    row_texts = [record.model_label, record.citation.quote]
    if any(words.base.search(t) for t in row_texts):
        return None
    label_says = bool(words.cue.search(record.model_label) or re.search(r"\+\s*\w", record.model_label))
    if not label_says and not _table_says_finetuned(table, _family(record.model)):
        return None
    named = _dataset(row_texts)
    if named is None:
        method = words.cue.search(record.model_label)
        if method is None or method.group(0).lower() == record.configuration.quant_method:
            return None  # `Acme-7B QLoRA` naming no training data: a quantized build, its configuration
        named = (method.group(0), re.sub(r"[^a-z0-9]+", "-", method.group(0).lower()).strip("-"))
    label, slug = named
    if not label_says and label.lower() in record.model_label.lower():
        return None  # a model named after its data (`Alpaca 7B`) is that model, not a derivative here
    base = _base_model(record, slug) if label_says else record.model
    own_id = label_says and record.model != base and "-+-" not in record.model  # not `llama-13b-+-alpaca`
    shown = (
        record.model_label
        if label.lower() in record.model_label.lower()
        else f"{record.model_label} + {label}"
    )
    return record.model_copy(
        update={
            # a label naming its derivative (`Llama 3.2 1B QLoRA`) may have its own id already
            "model": record.model if own_id else _derivative_id(base, slug, label_says),
            "model_label": shown,
            "base_model": base,
            "benchmark": _without_training_data(record.benchmark, (slug, label)),
        }
    )


def _derivative_id(base: str, slug: str, label_says: bool) -> str:
    """`llama-13b+alpaca` where the label prints the `+`; `llama-13b-ft-alpaca` where only the
    table says its models were fine-tuned on the data its row or column names (the gold's
    `<base>-ft-<training data>`)."""
    return f"{base}+{slug}" if label_says else f"{base}-ft-{slug}"


def _base_model(record: ScoreRecord, slug: str) -> str:
    """The base model of a label that names its derivative (`LLaMA-13B + Alpaca`,
    `LLaMA-13B (QLoRA)`): the model id without the derivative's word (`llama-3.2-1b-qlora-instruct`
    -> `llama-3.2-1b-instruct`), else the label before the `+` or the cue, as the vocabulary knows it."""
    if "-+-" not in record.model and f"-{slug}" in record.model:
        return record.model.replace(f"-{slug}", "", 1)
    label = record.model_label
    cut = len(label)
    plus = label.find("+")
    if plus > 0:
        cut = plus
    cue = derivative_words().cue.search(label)
    if cue is not None:
        cut = min(cut, cue.start())
    base_label = label[:cut].strip(" (-,")
    known = vocabulary().model_id(base_label)
    if known is not None:
        return known
    slug = re.sub(r"[^a-z0-9.]+", "-", base_label.lower()).strip("-")
    return slug if slug and record.model.startswith(slug) else record.model


def _without_training_data(benchmark: str, names: Sequence[str]) -> str:
    """`mmlu_hh_rlhf` -> `mmlu`: a benchmark id that took in the training data's name, when
    what is left is a benchmark of the vocabulary."""
    for name in names:
        tail = "_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        if benchmark.endswith(tail) and benchmark[: -len(tail)] in vocabulary().benchmarks:
            return benchmark[: -len(tail)]
    return benchmark


def mark_derivatives(table: Table, records: Sequence[ScoreRecord]) -> list[ScoreRecord]:
    """The table's records, each fine-tune, adapter or merge as its own model (`base_model` kept)."""
    out: list[ScoreRecord] = []
    for r in records:
        d = derivative(r, table) if r.base_model is None else None
        out.append(d if d is not None else r)
    return out
