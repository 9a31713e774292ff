"""Is a document what its content type says it is? Checked before extraction, by `refresh`
(every new version of a source) and by `benchtable extract`.

A PDF must start with `%PDF-`. A *text* type (`text/*`, JSON, YAML) must hold text the
readers can read, which decode it as UTF-8. The rule, over the whole document:

* no NUL byte (no text format holds one; a UTF-16 document with a byte-order mark is
  decoded as UTF-16 for the other two checks instead);
* undecodable UTF-8 sequences: at most `TextRule.undecodable_allowance`, or
  `undecodable_share` of the characters when that is more (a stray Latin-1 byte in a
  README passes; a binary file does not). A server that declares another charset is not
  held to this one;
* control characters (C0 other than tab, line feed, vertical tab, form feed, carriage
  return and escape, which terminals' colour codes use; and DEL): at most
  `control_allowance`, or `control_share` of the bytes.

Each check is one pass over the bytes, so a 64 MiB document costs a fraction of a second.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True)
class TextRule:
    """Thresholds of the "not text" check."""

    undecodable_allowance: int = 8
    undecodable_share: float = 0.02
    control_allowance: int = 8
    control_share: float = 0.01


TEXT_RULE = TextRule()
_UTF8_CHARSETS = frozenset({"", "utf-8", "utf8", "us-ascii", "ascii"})
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])


def is_text_type(content_type: str) -> bool:
    ctype = content_type.split(";")[0].strip().lower()
    return ctype.startswith("text/") or "json" in ctype or "yaml" in ctype


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return ""


def document_problem(
    data: bytes, content_type: str, server_type: str = "", rule: TextRule = TEXT_RULE
) -> str | None:
    """Why `data` cannot be a document of `content_type` (None: it can). `server_type` is the
    `Content-Type` the server sent, whose charset (if any) the check honours."""
    if not data.strip():
        return "empty document"
    ctype = content_type.split(";")[0].strip().lower()
    if ctype == "application/pdf":
        return None if b"%PDF-" in data[:1024] else "not a PDF (no %PDF- header)"
    if not is_text_type(ctype):
        return None
    return text_problem(data, ctype, _charset(server_type) or _charset(content_type), rule)


def text_problem(data: bytes, ctype: str, charset: str = "", rule: TextRule = TEXT_RULE) -> str | None:
    """Why `data` is not text of type `ctype` (None: it is text), by the rule above."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16:
        nul = data.count(b"\x00")
        if nul:
            return f"not text: {nul:,} NUL bytes in {len(data):,} bytes served as {ctype}"
    text = data.decode("utf-16" if utf16 else "utf-8", errors="replace")
    if not utf16 and charset in _UTF8_CHARSETS:
        bad = text.count("\ufffd")
        if bad > max(rule.undecodable_allowance, len(text) * rule.undecodable_share):
            return f"not text: {bad:,} undecodable UTF-8 sequences in {len(data):,} bytes served as {ctype}"
    utf8 = text.encode("utf-8") if utf16 else data
    controls = len(utf8) - len(utf8.translate(None, _CONTROL_BYTES))
    if controls > max(rule.control_allowance, len(utf8) * rule.control_share):
        return f"not text: {controls:,} control characters in {len(utf8):,} bytes served as {ctype}"
    return None
