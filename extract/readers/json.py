"""A position-aware JSON parser: every value keeps its place in the text, so a record
can cite its JSON pointer (RFC 6901) and the line it stands on."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from benchtable.extract.registry import DocumentInput
from benchtable.schema.errors import DocumentError

JSON_TYPES = ("application/json",)


@dataclass
class JNode:
    """A JSON value with its place in the text."""

    kind: str
    """object, array, string, number, true, false, null."""
    start: int
    end: int
    value: Any = None
    """Python value of a scalar."""
    items: list[JNode] = field(default_factory=list)
    """Array elements."""
    members: list[tuple[str, JNode]] = field(default_factory=list)
    """Object members in document order."""

    def get(self, key: str) -> JNode | None:
        for k, v in self.members:
            if k == key:
                return v
        return None

    @property
    def is_number(self) -> bool:
        return self.kind == "number"


_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None, "NaN": None, "Infinity": None, "-Infinity": None}
_MAX_DEPTH = 400


class JsonText:
    """A parsed JSON document that can say on which line each value stands."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        pos = _WS.match(text, 0)
        assert pos is not None
        self.root, end = self._value(pos.end(), 0)
        tail = _WS.match(text, end)
        assert tail is not None
        if tail.end() != len(text):
            raise ValueError(f"extra data at offset {tail.end()}")

    def line(self, offset: int) -> int:
        return bisect_right(self._newlines, offset - 1) + 1

    def raw(self, node: JNode) -> str:
        return self.text[node.start : node.end]

    def _skip(self, pos: int) -> int:
        m = _WS.match(self.text, pos)
        assert m is not None
        return m.end()

    def _value(self, pos: int, depth: int) -> tuple[JNode, int]:
        if depth > _MAX_DEPTH:
            raise ValueError("nesting too deep")
        text = self.text
        if pos >= len(text):
            raise ValueError("unexpected end of data")
        ch = text[pos]
        if ch == "{":
            node = JNode("object", pos, pos)
            pos = self._skip(pos + 1)
            if text.startswith("}", pos):
                node.end = pos + 1
                return node, pos + 1
            while True:
                m = _STRING.match(text, pos)
                if m is None:
                    raise ValueError(f"expected a key at offset {pos}")
                key = json.loads(m.group(0))
                pos = self._skip(m.end())
                if not text.startswith(":", pos):
                    raise ValueError(f"expected ':' at offset {pos}")
                child, pos = self._value(self._skip(pos + 1), depth + 1)
                node.members.append((key, child))
                pos = self._skip(pos)
                if text.startswith(",", pos):
                    pos = self._skip(pos + 1)
                    continue
                if text.startswith("}", pos):
                    node.end = pos + 1
                    return node, pos + 1
                raise ValueError(f"expected ',' or '}}' at offset {pos}")
        if ch == "[":
            node = JNode("array", pos, pos)
            pos = self._skip(pos + 1)
            if text.startswith("]", pos):
                node.end = pos + 1
                return node, pos + 1
            while True:
                child, pos = self._value(pos, depth + 1)
                node.items.append(child)
                pos = self._skip(pos)
                if text.startswith(",", pos):
                    pos = self._skip(pos + 1)
                    continue
                if text.startswith("]", pos):
                    node.end = pos + 1
                    return node, pos + 1
                raise ValueError(f"expected ',' or ']' at offset {pos}")
        if ch == '"':
            m = _STRING.match(text, pos)
            if m is None:
                raise ValueError(f"bad string at offset {pos}")
            return JNode("string", pos, m.end(), json.loads(m.group(0))), m.end()
        for word, value in _LITERALS.items():
            if text.startswith(word, pos):
                kind = {"true": "true", "false": "false"}.get(word, "null")
                return JNode(kind, pos, pos + len(word), value), pos + len(word)
        m = _NUMBER.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"unexpected character {ch!r} at offset {pos}")
        num = m.group(0)
        value_num: float = float(num)
        return JNode("number", pos, m.end(), value_num), m.end()


def pointer(*parts: str | int) -> str:
    """An RFC 6901 JSON pointer."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def parse_json(doc: DocumentInput) -> JsonText:
    try:
        return JsonText(doc.text())
    except (ValueError, RecursionError) as exc:
        raise DocumentError(f"{doc.url}: JSON does not parse: {exc}") from exc


def is_rows_response(root: JNode) -> bool:
    """The Hub dataset-viewer `/rows` (or `/search`, `/filter`) response shape."""
    if root.kind != "object":
        return False
    feats, rows = root.get("features"), root.get("rows")
    return feats is not None and rows is not None and feats.kind == "array" and rows.kind == "array"
