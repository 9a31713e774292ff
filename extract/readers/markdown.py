"""Markdown documents: pipe tables, and the structure around them.

`scan_markdown` walks the lines once and reports, for every line, whether a
reader can see it (not in YAML front matter, an HTML comment or a code fence),
the heading it falls under, and the paragraph above it. `read_pipe_tables`
finds GitHub-flavoured pipe tables (with or without outer pipes; a delimiter row of
one or more hyphens per cell, as many cells as the header row) and keeps the 1-based line
of every cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from benchtable.extract.registry import DocumentInput, register_table_reader
from benchtable.extract.table import Cell, Table
from benchtable.extract.values import clean_text

MARKDOWN_TYPES = ("text/markdown", "text/x-markdown", "text/plain")
_DELIM = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_WRAPPER_ONLY = re.compile(r"^\s*(?:</?(?:div|p|center|span|section|br)\b[^>]*>\s*)+$", re.IGNORECASE)
"""A line of layout tags only, set around a table: no prose, and no end of the prose above."""


@dataclass
class Layout:
    lines: list[str]
    visible: list[bool]
    """False inside front matter, HTML comments and code fences."""
    in_fence: list[bool]
    heading: list[str]
    """The nearest heading above each line."""
    outer_headings: list[tuple[str, ...]] = field(default_factory=list)
    """For each line, the headings of higher levels its nearest heading falls under, innermost first
    (`### Base Model` over `#### Standard Benchmarks`)."""
    _section_prose: list[int] = field(default_factory=list, init=False, repr=False)
    """For each line, the nearest prose line at or above it in its section (-1: none)."""

    def outer_of(self, index: int) -> tuple[str, ...]:
        return self.outer_headings[index] if index < len(self.outer_headings) else ()

    def paragraph_above(self, index: int) -> str:
        """The prose just above line `index` (0-based), skipping blank lines and the wrapper tags
        a README sets around a table (`<div align="center">`)."""
        i = index - 1
        while i >= 0 and (not self.lines[i].strip() or _WRAPPER_ONLY.match(self.lines[i])):
            i -= 1
        parts: list[str] = []
        while i >= 0 and self.lines[i].strip() and self.visible[i] and not _HEADING.match(self.lines[i]):
            if "|" in self.lines[i] or self.lines[i].lstrip().startswith("<"):
                break  # a table or markup above is not prose
            parts.append(self.lines[i].strip())
            i -= 1
            if len(parts) > 6:
                break
        return " ".join(reversed(parts))

    def section_above(self, index: int, limit: int = 3000) -> str:
        """The visible prose between the nearest heading above line `index` and that line
        (its last `limit` characters or so). Steps from prose line to prose line, so many
        tables in one long section cost no rescans of the table lines between them."""
        if not self._section_prose:
            self._section_prose = self._prose_chain()
        i = self._section_prose[index - 1] if index > 0 else -1
        parts: list[str] = []
        size = 0
        while i >= 0 and size < limit:
            parts.append(self.lines[i].strip())
            size += len(self.lines[i])
            i = self._section_prose[i - 1] if i > 0 else -1
        return " ".join(reversed(parts))

    def _prose_chain(self) -> list[int]:
        chain: list[int] = []
        for i, line in enumerate(self.lines):
            if _HEADING.match(line):
                chain.append(-1)  # a section starts: nothing above it belongs to it
            elif self.visible[i] and line.strip() and "|" not in line and not line.lstrip().startswith("<"):
                chain.append(i)
            else:
                chain.append(chain[-1] if chain else -1)
        return chain

    def paragraph_below(self, index: int) -> str:
        """The prose just below line `index` (0-based, the table's last line), skipping blank lines."""
        i = index + 1
        while i < len(self.lines) and (not self.lines[i].strip() or _WRAPPER_ONLY.match(self.lines[i])):
            i += 1
        parts: list[str] = []
        while i < len(self.lines) and self.lines[i].strip() and self.visible[i]:
            line = self.lines[i]
            if _HEADING.match(line) or "|" in line or line.lstrip().startswith("<"):
                break
            parts.append(line.strip())
            i += 1
            if len(parts) > 6:
                break
        return " ".join(parts)


def scan_markdown(text: str) -> Layout:
    lines = text.splitlines()
    visible = [True] * len(lines)
    in_fence = [False] * len(lines)
    heading = [""] * len(lines)
    i = 0
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in {"---", "..."}:
                for k in range(0, j + 1):
                    visible[k] = False
                i = j + 1
                break
    current = ""
    open_headings: list[tuple[int, str]] = []
    outer: list[tuple[str, ...]] = [()] * len(lines)
    in_comment = False
    fence: str | None = None
    while i < len(lines):
        line = lines[i]
        if fence is not None:
            visible[i] = False
            in_fence[i] = True
            if line.strip().startswith(fence):
                fence = None
        elif in_comment:
            visible[i] = False
            if "-->" in line:
                in_comment = False
        else:
            m = _FENCE.match(line)
            if m:
                fence = m.group(1)
                visible[i] = False
                in_fence[i] = True
            elif "<!--" in line:
                before, _, after = line.partition("<!--")
                if "-->" not in after:
                    in_comment = True
                    visible[i] = bool(before.strip())
                else:
                    visible[i] = bool(before.strip() or after.split("-->", 1)[1].strip())
            else:
                hm = _HEADING.match(line)
                if hm:
                    current = clean_text(hm.group(2))
                    open_headings = _enter_heading(open_headings, len(hm.group(1)), current)
        heading[i] = current
        outer[i] = tuple(text for _, text in reversed(open_headings[:-1]))
        i += 1
    return Layout(lines, visible, in_fence, heading, outer)


def _enter_heading(open_headings: list[tuple[int, str]], level: int, text: str) -> list[tuple[int, str]]:
    """The chain of open headings once a heading of `level` starts: those of lower levels stay."""
    return [h for h in open_headings if h[0] < level] + [(level, text)]


_CODE_SPAN = re.compile(r"`[^`]*`")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPE_BASE = 0xE000
"""Escaped punctuation is held in the private-use area while markup is removed."""


def cell_text(cell: str) -> str:
    """Display text of a pipe-table cell: a backslash-escaped punctuation mark (`\\# Shots`,
    `macro\\_avg`, `\\-`) is the mark itself, never markup."""
    masked = _ESCAPED.sub(lambda m: chr(_ESCAPE_BASE + ord(m.group(1))), cell)
    text = clean_text(masked)
    if masked == cell:
        return text
    return "".join(
        chr(ord(ch) - _ESCAPE_BASE) if _ESCAPE_BASE < ord(ch) < _ESCAPE_BASE + 128 else ch for ch in text
    )


def split_pipe_row(line: str) -> list[str]:
    """Cells of a pipe-table row; pipes escaped or inside code spans do not split."""
    masked = _CODE_SPAN.sub(lambda m: m.group(0).replace("|", "\x00"), line.replace("\\|", "\x01"))
    body = masked.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.replace("\x00", "|").replace("\x01", "|") for c in body.split("|")]


def _is_row(line: str) -> bool:
    return "|" in line and bool(line.strip())


def read_pipe_tables(layout: Layout, first_index: int = 0) -> list[Table]:
    tables: list[Table] = []
    lines = layout.lines
    i = 1
    while i < len(lines):
        if (
            layout.visible[i]
            and layout.visible[i - 1]
            and "-" in lines[i]
            and _DELIM.match(lines[i])
            and _is_row(lines[i - 1])
            and ("|" in lines[i] or "|" in lines[i - 1])
            and len(split_pipe_row(lines[i])) == len(split_pipe_row(lines[i - 1]))
        ):
            header_index = i - 1
            rows_idx = [header_index]
            j = i + 1
            while j < len(lines) and layout.visible[j] and _is_row(lines[j]) and not _HEADING.match(lines[j]):
                rows_idx.append(j)
                j += 1
            grid: list[list[Cell]] = []
            for idx in rows_idx:
                cells = split_pipe_row(lines[idx])
                grid.append([Cell(cell_text(c), c.strip(), line=idx + 1) for c in cells])
            width = len(grid[0])
            grid = [
                r[:width] + [Cell("", "", line=rows_idx[k] + 1)] * (width - len(r))
                for k, r in enumerate(grid)
            ]
            tables.append(
                Table(
                    rows=grid,
                    header_rows=1,
                    index=first_index + len(tables),
                    heading=layout.heading[header_index],
                    outer_headings=layout.outer_of(header_index),
                    context=layout.paragraph_above(header_index),
                    context_after=layout.paragraph_below(rows_idx[-1]),
                    section=layout.section_above(header_index),
                    line=header_index + 1,
                )
            )
            i = j
        else:
            i += 1
    return tables


@register_table_reader("markdown-pipe", MARKDOWN_TYPES)
def markdown_pipe_tables(doc: DocumentInput) -> list[Table]:
    return read_pipe_tables(scan_markdown(doc.text()))
