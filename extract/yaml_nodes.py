"""Reading YAML through its node tree, so every value keeps the line it was written on."""

from __future__ import annotations

import re
from typing import Any

import yaml


def scalar(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return None


def get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v  # type: ignore[no-any-return]
    return None


def items(node: yaml.Node | None) -> list[Any]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def number(text: str | None) -> float | None:
    if text is None:
        return None
    t = text.strip().rstrip("%")
    if not re.fullmatch(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", t):
        return None
    return float(t)
