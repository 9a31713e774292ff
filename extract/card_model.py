"""The model a card's `model-index` entry is about.

An entry's `name` is the model's, unless it names a training run's artifact (`epoch_0_model`,
`checkpoint-500`: words of `[model_index] artifact_words` in schema/data/table_words.toml and
numbers only). Then, as when the entry has no name, the values belong to the card's own model:
its registered source's `model`, else the name its title gives (`# nomic-embed-text-v1.5:
Resizable ...` -> `nomic-embed-text-v1.5`), else the name as printed.
"""

from __future__ import annotations

import re

from benchtable.extract.understand.words import MODEL_INDEX_ARTIFACT_WORDS

_NAME_PARTS = re.compile(r"[^a-z0-9]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")
_TITLE = re.compile(r"^#[ \t]+(?P<title>\S.*?)[ \t#]*$", re.MULTILINE)
_TITLE_NAME_END = re.compile(r":\s|\s[-–—|]\s")
_MAX_TITLE_NAME_WORDS = 4


def is_artifact_name(name: str) -> bool:
    """Whether a model-index name is a training artifact's (only artifact words and numbers)."""
    parts = [p for p in _NAME_PARTS.split(name.lower()) if p]
    words = [p for p in parts if not p.isdigit()]
    return bool(words) and all(w in MODEL_INDEX_ARTIFACT_WORDS for w in words)


def title_model(markdown: str) -> str | None:
    """The model name a card's first top-level heading gives: its text before a `:` or ` - `
    subtitle, when that is a name of a few words."""
    found = _TITLE.search(markdown)
    if found is None:
        return None
    name = _TITLE_NAME_END.split(found.group("title"), maxsplit=1)[0].strip(" *_`")
    if not name or len(name.split()) > _MAX_TITLE_NAME_WORDS or is_artifact_name(name):
        return None
    return name


def entry_model(printed: str | None, doc_model: str | None, body: str) -> str:
    """The model of a model-index entry whose `name` is `printed`, in a card whose registered
    model is `doc_model` and whose Markdown after the front matter is `body`."""
    if printed and not is_artifact_name(printed):
        return printed
    return doc_model or title_model(body) or printed or "unknown"
