"""reStructuredText markup shared by the reST layout scan and the table parsers: the line
shapes (adornments, table rules, directives, options) and inline markup removal."""

from __future__ import annotations

import re

_RST_LINK = re.compile(r"`([^`<]*?)\s*<[^>`]*>`__?")
_RST_SUP = re.compile(r":(?:sup|superscript):`[^`]*`")
_RST_ROLE = re.compile(r":[\w.+-]+:`([^`]*)`")
_RST_FOOTREF = re.compile(r"\s*\[(?:#[\w-]*|\*|\d+)\]_")
_RST_REF = re.compile(r"`([^`]+)`__?")


def rst_clean(raw: str) -> str:
    """reST inline markup to plain text: links, roles, footnote references."""
    text = _RST_LINK.sub(r"\1", raw)
    text = _RST_SUP.sub("", text)
    text = _RST_ROLE.sub(r"\1", text)
    text = _RST_FOOTREF.sub("", text)
    text = _RST_REF.sub(r"\1", text)
    # backslash escapes; a lone `\` is an empty cell (it keeps a simple table's first column non-blank)
    return re.sub(r"\\(.?)", r"\1", text)


ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}\s*$")
GRID_TOP = re.compile(r"^(\s*)\+(?:-+\+)+\s*$")
GRID_HEAD_SEP = re.compile(r"^\+(?:=+\+)+$")
SIMPLE_RULE = re.compile(r"^(\s*)=+(?: +=+)+\s*$")
SIMPLE_DASH = re.compile(r"^\s*-+(?: +-+)*\s*$")
DIRECTIVE = re.compile(r"^(\s*)\.\.\s+([\w:-]+)::(?:\s+(.*?))?\s*$")
EXPLICIT = re.compile(r"^(\s*)\.\.(?:\s|$)")
OPTION = re.compile(r"^\s+:([\w-]+):(?:\s+(.*?))?\s*$")
LITERAL_DIRECTIVES = {
    "code",
    "code-block",
    "sourcecode",
    "parsed-literal",
    "math",
    "raw",
    "literalinclude",
    "highlight",
    "csv-table",
}


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def block_end(lines: list[str], start: int, indent: int) -> int:
    """The first line after `start` that is not blank and not indented beyond `indent`."""
    j = start + 1
    while j < len(lines) and (not lines[j].strip() or indent_of(lines[j]) > indent):
        j += 1
    return j
