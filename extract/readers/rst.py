"""reStructuredText documents (`text/x-rst`): the tables and the structure around them.

* grid tables (`+---+` borders, `+===+` under the header rows), parsed like docutils
  does (a cell is the rectangle found by walking its borders), so a cell that spans
  rows or columns is found whatever the lines inside it look like;
* simple tables (`=====  =====` column rules, the header above a second rule, `-----`
  underlines that join header cells, a blank first column continuing the row above);
* `.. list-table::` directives.

The section title (a line underlined with `===`, `---`, `~~~`, ...) becomes
`Table.heading`, the argument of a `.. table::` / `.. list-table::` directive the
caption, the paragraph above the context. Leading blank cells of a body row continue
the row above (the model and input-length cells of speed tables): they are filled with
copies of the cells above, marked `spanned`. Every cell keeps the 1-based line where its
text stands. The table bodies are parsed in `rst_parsers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from benchtable.extract.readers.rst_markup import (
    ADORNMENT,
    DIRECTIVE,
    EXPLICIT,
    GRID_TOP,
    LITERAL_DIRECTIVES,
    OPTION,
    SIMPLE_RULE,
    block_end,
    indent_of,
    rst_clean,
)
from benchtable.extract.readers.rst_parsers import parse_grid_table, parse_list_table, parse_simple_table
from benchtable.extract.readers.text_cells import guess_header_rows
from benchtable.extract.registry import DocumentInput, register_table_reader
from benchtable.extract.table import Cell, Table
from benchtable.extract.values import clean_text

RST_TYPES = ("text/x-rst", "text/rst", "text/prs.fallenstein.rst")


@dataclass
class RstLayout:
    lines: list[str]
    visible: list[bool]
    """False in comments and literal blocks (`::` paragraphs, code directives)."""
    heading: list[str]
    """The nearest section title above each line."""
    title_lines: set[int] = field(default_factory=set)
    """0-based lines that are section titles or their adornments."""

    def paragraph_above(self, index: int) -> str:
        i = index - 1
        while i >= 0 and not self.lines[i].strip():
            i -= 1
        parts: list[str] = []
        while (
            i >= 0
            and self.lines[i].strip()
            and self.visible[i]
            and i not in self.title_lines
            and not self.lines[i].lstrip().startswith(("+", "|", ".."))
            and not SIMPLE_RULE.match(self.lines[i])
            and not OPTION.match(self.lines[i])
        ):
            parts.append(self.lines[i].strip())
            i -= 1
            if len(parts) > 6:
                break
        return clean_text(rst_clean(" ".join(reversed(parts))))


def scan_rst(text: str) -> RstLayout:
    lines = text.splitlines()
    n = len(lines)
    visible = [True] * n
    heading = [""] * n
    titles: set[int] = set()
    current = ""
    i = 0
    in_grid = False
    while i < n:
        line = lines[i]
        stripped = line.strip()
        # grid-table lines never start titles or blocks
        if stripped.startswith(("+", "|")) and (in_grid or GRID_TOP.match(line)):
            in_grid = True
            heading[i] = current
            i += 1
            continue
        in_grid = False
        d = DIRECTIVE.match(line)
        if d:
            name = d.group(2).lower()
            end = block_end(lines, i, len(d.group(1)))
            if name in LITERAL_DIRECTIVES:
                for k in range(i, end):
                    visible[k] = False
                    heading[k] = current
                i = end
                continue
        elif EXPLICIT.match(line) and not re.match(r"^\s*\.\.\s+(?:\[|_|\|)", line):
            # a comment: it and its indented body are hidden
            end = block_end(lines, i, indent_of(line))
            for k in range(i, end):
                visible[k] = False
                heading[k] = current
            i = end
            continue
        elif stripped.endswith("::") and not stripped.startswith(".."):
            heading[i] = current
            end = block_end(lines, i, indent_of(line))
            for k in range(i + 1, end):
                if lines[k].strip():
                    visible[k] = False
                heading[k] = current
            i = end
            continue
        # section titles: overline + title + underline, or title + underline
        if (
            ADORNMENT.match(line)
            and i + 2 < n
            and lines[i + 2].strip() == stripped
            and lines[i + 1].strip()
            and not ADORNMENT.match(lines[i + 1])
            and (i + 3 >= n or not lines[i + 3].strip())
        ):
            current = clean_text(rst_clean(lines[i + 1].strip()))
            titles.update({i, i + 1, i + 2})
            for k in (i, i + 1, i + 2):
                heading[k] = current
            i += 3
            continue
        if (
            stripped
            and not ADORNMENT.match(line)
            and indent_of(line) == 0
            and i + 1 < n
            and ADORNMENT.match(lines[i + 1])
            and indent_of(lines[i + 1]) == 0
            and len(lines[i + 1].strip()) >= min(len(stripped), 4)
            and (i == 0 or not lines[i - 1].strip() or i - 1 in titles)
        ):
            current = clean_text(rst_clean(stripped))
            titles.update({i, i + 1})
            heading[i] = heading[i + 1] = current
            i += 2
            continue
        heading[i] = current
        i += 1
    return RstLayout(lines, visible, heading, titles)


# grid tables


def _caption_above(lines: list[str], index: int, indent: int) -> tuple[str, int] | None:
    """The caption of a `.. table::` directive holding the table at `index`, and the directive's line."""
    if indent == 0:
        return None
    i = index - 1
    while i >= 0 and (not lines[i].strip() or OPTION.match(lines[i])):
        i -= 1
    if i < 0:
        return None
    d = DIRECTIVE.match(lines[i])
    if d and d.group(2).lower() == "table" and len(d.group(1)) < indent:
        return clean_text(rst_clean(d.group(3) or "")), i
    return None


def read_rst_tables(layout: RstLayout, first_index: int = 0) -> list[Table]:
    tables: list[Table] = []
    lines = layout.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        if not layout.visible[i]:
            i += 1
            continue
        grid: list[list[Cell]] | None = None
        header_rows: int | None = None
        caption = ""
        anchor = i
        end = i + 1
        top = GRID_TOP.match(line)
        d = DIRECTIVE.match(line)
        if top:
            indent = len(top.group(1))
            j = i + 1
            while (
                j < len(lines) and lines[j][indent:].startswith(("+", "|")) and not lines[j][:indent].strip()
            ):
                j += 1
            block = [x[indent:] for x in lines[i:j]]
            parsed = parse_grid_table(block, i + 1)
            end = j
            if parsed is not None:
                grid, header_rows = parsed
            found = _caption_above(lines, i, indent)
            if found:
                caption, anchor = found
        elif SIMPLE_RULE.match(line) and (i == 0 or not lines[i - 1].strip()):
            indent = indent_of(line)
            simple = parse_simple_table(lines, i, indent)
            if simple is not None:
                grid, header_rows, end = simple
                found = _caption_above(lines, i, indent)
                if found:
                    caption, anchor = found
        elif d and d.group(2).lower() == "list-table":
            listed = parse_list_table(lines, i)
            if listed is not None:
                grid, header_rows, caption, end = listed
        if grid:
            if header_rows is None:
                header_rows = guess_header_rows(grid)
            tables.append(
                Table(
                    rows=grid,
                    header_rows=header_rows,
                    index=first_index + len(tables),
                    caption=caption,
                    heading=layout.heading[i],
                    context=layout.paragraph_above(anchor),
                    line=i + 1,
                    groups_written_once=True,
                )
            )
        i = max(end, i + 1)
    return tables


@register_table_reader("rst-tables", RST_TYPES)
def rst_tables(doc: DocumentInput) -> list[Table]:
    return read_rst_tables(scan_rst(doc.text()))
