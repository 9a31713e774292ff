"""Configuration in a Hub repository name (`org/Acme-13B-GPTQ`): only a trailing run of
configuration tokens is the evaluated checkpoint's format; words inside the name and fine-tuning
methods anywhere say how the model was made (`schema/data/quantization.toml` [repository_names])."""

from __future__ import annotations

import re
from collections.abc import Callable

from benchtable.schema.records import Configuration
from benchtable.schema.vocabulary import quantization_words

REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
_TOKEN = re.compile(r"[-_]?[^-_]+")
_GLUED_SIZE = re.compile(r"^(?P<size>[-_]?\d+(?:\.\d+)?[bBmM])(?P<rest>[A-Za-z][A-Za-z0-9]*)$")

Parse = Callable[[str], tuple[str, Configuration]]


def split_repository_name(label: str, parse: Parse) -> tuple[str, Configuration] | None:
    """The repository name without its trailing configuration tokens, and their configuration
    (`org/Acme-13B-QLoRA-fp16` -> `org/Acme-13B-QLoRA`, fp16); None for a label that is
    not a repository name. `parse` reads the configuration of the cut tokens."""
    label = label.strip()
    if not REPOSITORY.match(label):
        return None
    org, _, name = label.partition("/")
    tokens = _TOKEN.findall(name)
    cut: list[str] = []
    while len(tokens) > 1 and _is_configuration(tokens[-1], parse):
        cut.insert(0, tokens.pop())
    last = _GLUED_SIZE.match(tokens[-1])
    if last and _is_configuration(last.group("rest"), parse):  # `13bfp16`: the size, then fp16
        tokens[-1] = last.group("size")
        cut.insert(0, last.group("rest"))
    config = parse(" ".join(t.strip("-_") for t in cut))[1] if cut else Configuration()
    return f"{org}/{''.join(tokens)}", config


def _is_configuration(token: str, parse: Parse) -> bool:
    """A token made of a configuration word alone, neither a fine-tuning method nor a bare width."""
    word = token.strip("-_")
    words = quantization_words().repository_names
    lowered = word.lower()
    if lowered in words.fine_tuning or lowered in words.width_only:
        return False
    rest, config = parse(word)
    return config != Configuration() and not rest
