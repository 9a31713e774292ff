"""Plain-text tables: reStructuredText tables and console tables in Markdown code fences.

reST (`text/x-rst`):

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
copies of the cells above, marked `spanned`.

Markdown (`text/markdown`): console output inside ``` fences, in three shapes:
`|`-separated columns, whitespace-aligned columns (two or more spaces between columns,
pandas-style output with a row index included), and `name | key: value | key: value`
rows, whose keys become a synthesised header row. A block is a table only when it has
two or more body rows and most of them hold a number; shell sessions (prompt lines)
and blocks tagged with a programming language are not read. Columns that are clearly
not scores (confidence intervals, token counts, a pandas row index) are dropped here,
because their cells would otherwise read as labels.

Every cell keeps the 1-based line where its text stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from benchtable.extract.markdown import MARKDOWN_TYPES, Layout, scan_markdown
from benchtable.extract.registry import DocumentInput, register_table_reader
from benchtable.extract.table import Cell, Table
from benchtable.extract.values import clean_text, parse_cell

RST_TYPES = ("text/x-rst", "text/rst", "text/prs.fallenstein.rst")

# --------------------------------------------------------------------------- shared


def _is_number(text: str) -> bool:
    values = parse_cell(text)
    return bool(values)


def _mostly_numeric_rows(rows: Sequence[Sequence[Cell]], min_rows: int = 2) -> bool:
    """At least `min_rows` rows, and a number in 60% of them or more."""
    with_number = sum(1 for r in rows if any(_is_number(c.text) for c in r))
    return len(rows) >= max(1, min_rows) and with_number * 10 >= len(rows) * 6


def _guess_header_rows(rows: Sequence[Sequence[Cell]]) -> int:
    """1 when the first row is all words and the rows below hold numbers, else 0."""
    if len(rows) < 2:
        return 0
    first_numeric = any(_is_number(c.text) for c in rows[0])
    return 1 if not first_numeric and _mostly_numeric_rows(rows[1:]) else 0


def _carry_leading_blanks(rows: list[list[Cell]], header_rows: int) -> None:
    """Leading blank cells of a body row continue the cells above (row groups)."""
    for r in range(header_rows + 1, len(rows)):
        row = rows[r]
        if not any(c.text for c in row):
            continue
        for c, cell in enumerate(row):
            if cell.text and cell.spanned:
                continue
            if cell.text:
                break
            above = rows[r - 1][c]
            if not above.text:
                break
            row[c] = Cell(above.text, above.raw, line=above.line, spanned=True, emphasis=above.emphasis)


def _make_cell(raw: str, line: int | None, cleaner: Callable[[str], str] | None = None) -> Cell:
    raw = raw.strip()
    text = clean_text(cleaner(raw) if cleaner else raw)
    return Cell(text, raw, line=line, emphasis=raw.startswith("**") and raw.endswith("**") and len(raw) > 4)


# --------------------------------------------------------------------------- reST

_RST_LINK = re.compile(r"`([^`<]*?)\s*<[^>`]*>`__?")
_RST_SUP = re.compile(r":(?:sup|superscript):`[^`]*`")
_RST_ROLE = re.compile(r":[\w.+-]+:`([^`]*)`")
_RST_FOOTREF = re.compile(r"\s*\[(?:#[\w-]*|\*|\d+)\]_")
_RST_REF = re.compile(r"`([^`]+)`__?")


def _rst_clean(raw: str) -> str:
    """reST inline markup to plain text: links, roles, footnote references."""
    text = _RST_LINK.sub(r"\1", raw)
    text = _RST_SUP.sub("", text)
    text = _RST_ROLE.sub(r"\1", text)
    text = _RST_FOOTREF.sub("", text)
    text = _RST_REF.sub(r"\1", text)
    # backslash escapes; a lone `\` is an empty cell (it keeps a simple table's first column non-blank)
    return re.sub(r"\\(.?)", r"\1", text)


_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}\s*$")
_GRID_TOP = re.compile(r"^(\s*)\+(?:-+\+)+\s*$")
_GRID_HEAD_SEP = re.compile(r"^\+(?:=+\+)+$")
_SIMPLE_RULE = re.compile(r"^(\s*)=+(?: +=+)+\s*$")
_SIMPLE_DASH = re.compile(r"^\s*-+(?: +-+)*\s*$")
_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+([\w:-]+)::(?:\s+(.*?))?\s*$")
_EXPLICIT = re.compile(r"^(\s*)\.\.(?:\s|$)")
_OPTION = re.compile(r"^\s+:([\w-]+):(?:\s+(.*?))?\s*$")
_LITERAL_DIRECTIVES = {
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


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


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
            and not _SIMPLE_RULE.match(self.lines[i])
            and not _OPTION.match(self.lines[i])
        ):
            parts.append(self.lines[i].strip())
            i -= 1
            if len(parts) > 6:
                break
        return clean_text(_rst_clean(" ".join(reversed(parts))))


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The first line after `start` that is not blank and not indented beyond `indent`."""
    j = start + 1
    while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > indent):
        j += 1
    return j


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
        if stripped.startswith(("+", "|")) and (in_grid or _GRID_TOP.match(line)):
            in_grid = True
            heading[i] = current
            i += 1
            continue
        in_grid = False
        d = _DIRECTIVE.match(line)
        if d:
            name = d.group(2).lower()
            end = _block_end(lines, i, len(d.group(1)))
            if name in _LITERAL_DIRECTIVES:
                for k in range(i, end):
                    visible[k] = False
                    heading[k] = current
                i = end
                continue
        elif _EXPLICIT.match(line) and not re.match(r"^\s*\.\.\s+(?:\[|_|\|)", line):
            # a comment: it and its indented body are hidden
            end = _block_end(lines, i, _indent(line))
            for k in range(i, end):
                visible[k] = False
                heading[k] = current
            i = end
            continue
        elif stripped.endswith("::") and not stripped.startswith(".."):
            heading[i] = current
            end = _block_end(lines, i, _indent(line))
            for k in range(i + 1, end):
                if lines[k].strip():
                    visible[k] = False
                heading[k] = current
            i = end
            continue
        # section titles: overline + title + underline, or title + underline
        if (
            _ADORNMENT.match(line)
            and i + 2 < n
            and lines[i + 2].strip() == stripped
            and lines[i + 1].strip()
            and not _ADORNMENT.match(lines[i + 1])
            and (i + 3 >= n or not lines[i + 3].strip())
        ):
            current = clean_text(_rst_clean(lines[i + 1].strip()))
            titles.update({i, i + 1, i + 2})
            for k in (i, i + 1, i + 2):
                heading[k] = current
            i += 3
            continue
        if (
            stripped
            and not _ADORNMENT.match(line)
            and _indent(line) == 0
            and i + 1 < n
            and _ADORNMENT.match(lines[i + 1])
            and _indent(lines[i + 1]) == 0
            and len(lines[i + 1].strip()) >= min(len(stripped), 4)
            and (i == 0 or not lines[i - 1].strip() or i - 1 in titles)
        ):
            current = clean_text(_rst_clean(stripped))
            titles.update({i, i + 1})
            heading[i] = heading[i + 1] = current
            i += 2
            continue
        heading[i] = current
        i += 1
    return RstLayout(lines, visible, heading, titles)


# grid tables


@dataclass(frozen=True)
class _GridCell:
    top: int
    left: int
    bottom: int
    right: int


class _GridParser:
    """docutils' grid-table algorithm: find each cell by walking its four borders."""

    def __init__(self, block: list[str]) -> None:
        width = max(len(x) for x in block)
        self.block = [x.ljust(width) for x in block]
        self.bottom = len(block) - 1
        self.right = len(block[0].rstrip()) - 1
        self.done = [-1] * (width + 1)
        self.cells: list[_GridCell] = []

    def parse(self) -> list[_GridCell] | None:
        corners = [(0, 0)]
        while corners:
            top, left = corners.pop(0)
            if top == self.bottom or left == self.right or top <= self.done[left]:
                continue
            found = self._scan_right(top, left)
            if found is None:
                continue
            bottom, right = found
            for col in range(left, right):
                self.done[col] = bottom - 1
            self.cells.append(_GridCell(top, left, bottom, right))
            corners.extend([(top, right), (bottom, left)])
            corners.sort()
        if any(self.done[col] != self.bottom - 1 for col in range(self.right)):
            return None
        return self.cells

    def _scan_right(self, top: int, left: int) -> tuple[int, int] | None:
        line = self.block[top]
        for i in range(left + 1, self.right + 1):
            if line[i] == "+":
                bottom = self._scan_down(top, left, i)
                if bottom is not None:
                    return bottom, i
            elif line[i] != "-":
                return None
        return None

    def _scan_down(self, top: int, left: int, right: int) -> int | None:
        for i in range(top + 1, self.bottom + 1):
            ch = self.block[i][right]
            if ch == "+":
                if self._scan_left(top, left, i, right):
                    return i
            elif ch != "|":
                return None
        return None

    def _scan_left(self, top: int, left: int, bottom: int, right: int) -> bool:
        line = self.block[bottom]
        for i in range(right - 1, left, -1):
            if line[i] not in "+-":
                return False
        if line[left] != "+":
            return False
        return all(self.block[i][left] in "+|" for i in range(bottom - 1, top, -1))


def _cell_content(lines: list[str], numbers: list[int], top: int, bottom: int, left: int, right: int) -> Cell:
    parts: list[str] = []
    first: int | None = None
    for k in range(top + 1, bottom):
        segment = lines[k][left + 1 : right].strip()
        if segment:
            parts.append(segment)
            if first is None:
                first = numbers[k]
    if first is None:
        first = numbers[top + 1] if top + 1 < len(numbers) else None
    return _make_cell(" ".join(parts), first, _rst_clean)


def parse_grid_table(block: list[str], first_line: int) -> tuple[list[list[Cell]], int | None] | None:
    """The expanded grid of a grid table (lines without their indent) and its header-row count.

    `first_line` is the 1-based line of `block[0]`. None when the table is malformed.
    """
    lines = [x.rstrip() for x in block]
    header_sep: int | None = None
    for k, x in enumerate(lines):
        if _GRID_HEAD_SEP.match(x):
            if header_sep is None:
                header_sep = k
            lines[k] = x.replace("=", "-")
    if len(lines) < 3 or any(not x for x in lines):
        return None
    cells = _GridParser(lines).parse()
    if not cells:
        return None
    numbers = [first_line + k for k in range(len(lines))]
    padded = [x.ljust(max(len(y) for y in lines)) for x in lines]
    row_seps = sorted({c.top for c in cells} | {c.bottom for c in cells})
    col_seps = sorted({c.left for c in cells} | {c.right for c in cells})
    row_index = {v: i for i, v in enumerate(row_seps)}
    col_index = {v: i for i, v in enumerate(col_seps)}
    height, width = len(row_seps) - 1, len(col_seps) - 1
    grid: list[list[Cell | None]] = [[None] * width for _ in range(height)]
    for c in cells:
        cell = _cell_content(padded, numbers, c.top, c.bottom, c.left, c.right)
        r0, r1 = row_index[c.top], row_index[c.bottom]
        c0, c1 = col_index[c.left], col_index[c.right]
        for r in range(r0, r1):
            for k in range(c0, c1):
                grid[r][k] = (
                    cell
                    if (r, k) == (r0, c0)
                    else Cell(cell.text, cell.raw, line=cell.line, spanned=True, emphasis=cell.emphasis)
                )
    out = [[x if x is not None else Cell("", "") for x in row] for row in grid]
    header_rows = row_index.get(header_sep) if header_sep is not None else None
    return out, header_rows


# simple tables


def _segments(rule: str, char: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(char) + "+", rule)]


@dataclass
class _SimpleRow:
    lines: list[tuple[int, str]]
    spans: list[tuple[int, int]] | None = None
    """Dash segments under the row (column spans), as character ranges."""


def _slice_row(row: _SimpleRow, cols: list[tuple[int, int]]) -> list[Cell]:
    starts = [s for s, _ in cols]
    groups: list[tuple[int, int, int, int | None]] = []  # (first col, last col, char start, char end)
    if row.spans:
        for k, (ds, de) in enumerate(row.spans):
            covered = [i for i, (s, e) in enumerate(cols) if s < de and e > ds]
            if not covered:
                continue
            nxt = row.spans[k + 1][0] if k + 1 < len(row.spans) else None
            groups.append((covered[0], covered[-1], starts[covered[0]], nxt))
    else:
        for i in range(len(cols)):
            groups.append((i, i, starts[i], starts[i + 1] if i + 1 < len(cols) else None))
    cells: list[Cell] = [Cell("", "") for _ in cols]
    for c0, c1, cs, ce in groups:
        parts: list[str] = []
        first: int | None = None
        for number, text in row.lines:
            seg = text[cs:ce].strip() if ce is not None else text[cs:].strip()
            if seg:
                parts.append(seg)
                first = first if first is not None else number
        cell = _make_cell(" ".join(parts), first if first is not None else row.lines[0][0], _rst_clean)
        for k in range(c0, c1 + 1):
            cells[k] = (
                cell
                if k == c0
                else Cell(cell.text, cell.raw, line=cell.line, spanned=True, emphasis=cell.emphasis)
            )
    return cells


def parse_simple_table(
    lines: list[str], start: int, indent: int
) -> tuple[list[list[Cell]], int | None, int] | None:
    """A simple table whose top rule is `lines[start]` (0-based).

    Returns the grid, the header-row count (None when the table has no header rule) and
    the index of the line after the table.
    """
    top = lines[start][indent:].rstrip()
    cols = _segments(top, "=")
    if len(cols) < 2:
        return None
    rows: list[_SimpleRow] = []
    header_count: int | None = None
    j = start + 1
    end: int | None = None
    current: _SimpleRow | None = None
    while j < len(lines):
        raw = lines[j]
        text = raw[indent:].rstrip() if len(raw) >= indent and not raw[:indent].strip() else None
        if text is None:
            return None
        if _SIMPLE_RULE.match(raw) and raw.strip().startswith("="):
            after = lines[j + 1] if j + 1 < len(lines) else ""
            if not after.strip() or _indent(after) < indent:
                end = j + 1
                break
            if header_count is None:
                header_count = len(rows)
            current = None
            j += 1
            continue
        if _SIMPLE_DASH.match(raw) and raw.strip():
            if current is not None:
                current.spans = _segments(text, "-")
            current = None
            j += 1
            continue
        if not text.strip():
            current = None
            j += 1
            continue
        first_col = text[cols[0][0] : cols[1][0]].strip()
        if not first_col and rows and current is not None:
            current.lines.append((j + 1, text))
        elif not first_col and rows:
            rows[-1].lines.append((j + 1, text))
            current = rows[-1]
        else:
            current = _SimpleRow([(j + 1, text)])
            rows.append(current)
        j += 1
    if end is None or not rows:
        return None
    grid = [_slice_row(r, cols) for r in rows]
    if header_count == 0:
        header_count = None
    return grid, header_count, end


# list tables


def parse_list_table(lines: list[str], start: int) -> tuple[list[list[Cell]], int | None, str, int] | None:
    """A `.. list-table::` directive at `lines[start]`: grid, `:header-rows:`, caption, end."""
    d = _DIRECTIVE.match(lines[start])
    if d is None:
        return None
    caption = clean_text(_rst_clean(d.group(3) or ""))
    base = len(d.group(1))
    end = _block_end(lines, start, base)
    header_rows: int | None = None
    rows: list[list[tuple[list[str], int]]] = []
    row_indent: int | None = None
    cell_indent: int | None = None
    j = start + 1
    while j < end and lines[j].strip() and _OPTION.match(lines[j]):
        m = _OPTION.match(lines[j])
        assert m is not None
        if m.group(1) == "header-rows" and (m.group(2) or "").strip().isdigit():
            header_rows = int((m.group(2) or "0").strip())
        j += 1
    bullet = re.compile(r"^(\s*)([*+-])(?:\s+|$)(.*)$")
    for k in range(j, end):
        line = lines[k]
        if not line.strip():
            continue
        m = bullet.match(line)
        ind = _indent(line)
        if m and (row_indent is None or ind == row_indent):
            row_indent = ind
            rows.append([])
            rest = m.group(3)
            inner = bullet.match(rest)
            if inner:
                cell_indent = len(line) - len(rest)
                rows[-1].append(([inner.group(3)] if inner.group(3).strip() else [], k + 1))
            elif rest.strip():
                rows[-1].append(([rest], k + 1))
            continue
        if m and rows and (cell_indent is None or ind == cell_indent):
            cell_indent = ind
            rows[-1].append(([m.group(3)] if m.group(3).strip() else [], k + 1))
            continue
        if rows and rows[-1]:
            parts, first = rows[-1][-1]
            if not parts:
                first = k + 1
            rows[-1][-1] = ([*parts, line.strip()], first)
    if not rows:
        return None
    width = max(len(r) for r in rows)
    grid: list[list[Cell]] = []
    for r in rows:
        cells = [_make_cell(" ".join(p.strip() for p in parts), line, _rst_clean) for parts, line in r]
        last = r[-1][1] if r else None
        cells += [Cell("", "", line=last)] * (width - len(cells))
        grid.append(cells)
    return grid, header_rows, caption, end


def _caption_above(lines: list[str], index: int, indent: int) -> tuple[str, int] | None:
    """The caption of a `.. table::` directive holding the table at `index`, and the directive's line."""
    if indent == 0:
        return None
    i = index - 1
    while i >= 0 and (not lines[i].strip() or _OPTION.match(lines[i])):
        i -= 1
    if i < 0:
        return None
    d = _DIRECTIVE.match(lines[i])
    if d and d.group(2).lower() == "table" and len(d.group(1)) < indent:
        return clean_text(_rst_clean(d.group(3) or "")), i
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
        top = _GRID_TOP.match(line)
        d = _DIRECTIVE.match(line)
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
        elif _SIMPLE_RULE.match(line) and (i == 0 or not lines[i - 1].strip()):
            indent = _indent(line)
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
                header_rows = _guess_header_rows(grid)
            _carry_leading_blanks(grid, header_rows)
            tables.append(
                Table(
                    rows=grid,
                    header_rows=header_rows,
                    index=first_index + len(tables),
                    caption=caption,
                    heading=layout.heading[i],
                    context=layout.paragraph_above(anchor),
                    line=i + 1,
                )
            )
        i = max(end, i + 1)
    return tables


@register_table_reader("rst-tables", RST_TYPES)
def rst_tables(doc: DocumentInput) -> list[Table]:
    return read_rst_tables(scan_rst(doc.text()))


# --------------------------------------------------------------------------- console tables

_FENCE_OPEN = re.compile(r"^\s*(```+|~~~+)\s*([\w+#.-]*)")
_CODE_LANGUAGES = {
    "python",
    "py",
    "python3",
    "ipython",
    "pycon",
    "yaml",
    "yml",
    "json",
    "jsonl",
    "toml",
    "ini",
    "cfg",
    "js",
    "javascript",
    "ts",
    "typescript",
    "c",
    "cpp",
    "c++",
    "java",
    "go",
    "rust",
    "rs",
    "ruby",
    "rb",
    "html",
    "xml",
    "css",
    "sql",
    "dockerfile",
    "bibtex",
    "bib",
    "latex",
    "tex",
    "diff",
    "mermaid",
    "jinja",
    "lua",
    "r",
    "swift",
    "kotlin",
    "scala",
}
_PROMPT = re.compile(r"^\s*(?:\$|>>>|>|%|PS>|\(\w[\w.-]*\)\s*\$)\s+\S")
_SEPARATOR = re.compile(r"^\s*[-=+|:\s]*[-=]{3,}[-=+|:\s]*$")
_KEY_VALUE = re.compile(r"^(?P<key>[^:]{1,40}?)\s*:\s*(?P<value>\S.*?)\s*$")
_DROP_HEADER = re.compile(
    r"^(?:\d+(?:\.\d+)?\s*%\s*)?(?:CI|C\.I\.|conf(?:idence)?\.?\s+int(?:erval)?)(?:\s*\(\s*%\s*\))?$"
    r"|^(?:avg\.?|average|mean)?\s*#\s*(?:output\s+)?tokens$|^(?:avg\.?|average|mean)\s+(?:output\s+)?tokens$"
    r"|^(?:lower|upper)(?:\s+bound)?$",
    re.IGNORECASE,
)


_DECORATION = {"±", "+/-", "+-", "|"}


@dataclass(frozen=True)
class _Line:
    number: int
    """1-based line in the document."""
    text: str


def _fenced_blocks(layout: Layout) -> list[tuple[int, str, list[_Line]]]:
    """(0-based index of the opening fence, info string, content lines) of every fenced block."""
    blocks: list[tuple[int, str, list[_Line]]] = []
    lines = layout.lines
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i]) if layout.in_fence[i] else None
        if m is None:
            i += 1
            continue
        fence = m.group(1)[:3]
        info = m.group(2).lower()
        j = i + 1
        content: list[_Line] = []
        while j < len(lines) and layout.in_fence[j] and not lines[j].strip().startswith(fence):
            content.append(_Line(j + 1, lines[j].rstrip().expandtabs(4)))
            j += 1
        blocks.append((i, info, content))
        i = j + 1
    return blocks


def _split_pipes(text: str) -> list[tuple[int, str]]:
    """(start column, cell text) of the `|`-separated cells of a line, outer pipes dropped."""
    cells: list[tuple[int, str]] = []
    start = 0
    for k, ch in enumerate(text + "|"):
        if ch == "|":
            cells.append((start, text[start:k]))
            start = k + 1
    if cells and not cells[0][1].strip() and text.lstrip().startswith("|"):
        cells = cells[1:]
    if cells and not cells[-1][1].strip() and text.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


def _pipe_rows(lines: list[_Line]) -> tuple[list[list[Cell]], int | None] | None:
    rows: list[list[Cell]] = []
    header: int | None = None
    for ln in lines:
        if _SEPARATOR.match(ln.text):
            if rows and header is None:
                header = len(rows)
            continue
        if "|" not in ln.text:
            return None
        rows.append([_make_cell(t, ln.number) for _, t in _split_pipes(ln.text)])
    if not rows or len({len(r) for r in rows}) != 1 or len(rows[0]) < 2:
        return None
    return rows, header


def _aligned_rows(lines: list[_Line]) -> list[list[Cell]] | None:
    """Columns separated by runs of two or more spaces that are blank on every line."""
    body = [ln for ln in lines if not _SEPARATOR.match(ln.text)]
    if len(body) < 2:
        return None
    width = max(len(ln.text) for ln in body)
    blank = [all(p >= len(ln.text) or ln.text[p] == " " for ln in body) for p in range(width)]
    first = min(len(ln.text) - len(ln.text.lstrip()) for ln in body)
    columns: list[tuple[int, int]] = []
    start = first
    p = first
    while p < width:
        if blank[p]:
            q = p
            while q < width and blank[q]:
                q += 1
            if q - p >= 2 and q < width:
                columns.append((start, p))
                start = q
            p = q
        else:
            p += 1
    columns.append((start, width))
    if len(columns) < 2:
        return None
    # a cell may start in the gap before its column (right-aligned text): slice gap to gap
    bounds = [columns[0][0]] + [s for s, _ in columns[1:]]
    rows: list[list[Cell]] = []
    for ln in body:
        cells: list[Cell] = []
        for k, b in enumerate(bounds):
            e = bounds[k + 1] if k + 1 < len(bounds) else None
            cells.append(_make_cell(ln.text[b:e] if e is not None else ln.text[b:], ln.number))
        rows.append(cells)
    return rows


def _key_value_columns(rows: list[list[Cell]]) -> dict[int, str]:
    """Columns whose cells all read `key: value` with one key: {column: key}."""
    keys: dict[int, str] = {}
    for c in range(len(rows[0])):
        found: set[str] = set()
        ok = True
        for r in rows:
            if not r[c].raw:
                continue
            m = _KEY_VALUE.match(r[c].raw)
            if m is None or "//" in r[c].raw:
                ok = False
                break
            found.add(m.group("key"))
        if ok and len(found) == 1:
            keys[c] = found.pop()
    return keys


def _console_table(lines: list[_Line]) -> tuple[list[list[Cell]], int, list[str]] | None:
    """The grid, header-row count and notes of one group of console lines, or None."""
    parsed: tuple[list[list[Cell]], int | None] | None = None
    if sum(1 for ln in lines if "|" in ln.text) * 10 >= len(lines) * 8:
        parsed = _pipe_rows(lines)
    if parsed is None:
        aligned = _aligned_rows(lines)
        parsed = (aligned, None) if aligned is not None else None
    if parsed is None:
        return None
    rows, header = parsed
    # a `|---|` delimiter row is evidence enough for a one-row table
    min_rows = 1 if header is not None else 2
    notes: list[str] = []
    kv = _key_value_columns(rows[header or 0 :]) if len(rows) > (header or 0) else {}
    if kv and header is None:
        first_line = rows[0][0].line
        head = [
            Cell(kv[c], kv[c], line=first_line) if c in kv else Cell("", "", line=first_line)
            for c in range(len(rows[0]))
        ]
        body = []
        for r in rows:
            new: list[Cell] = []
            for c, cell in enumerate(r):
                m = _KEY_VALUE.match(cell.raw) if c in kv else None
                new.append(_make_cell(m.group("value"), cell.line) if m else cell)
            body.append(new)
        rows, header = [head, *body], 1
        notes.append("header synthesised from the keys of `key: value` cells")
    if header is None:
        header = _guess_header_rows(rows)
        if header == 0:
            first_line = rows[0][0].line
            rows = [[Cell("", "", line=first_line) for _ in rows[0]], *rows]
            header = 1
            notes.append("no header row: an empty one was added")
    body_rows = rows[header:]
    if not _mostly_numeric_rows(body_rows, min_rows):
        return None
    # drop columns that are clearly not scores (and a pandas row index)
    keep: list[int] = []
    for c in range(len(rows[0])):
        head_text = " ".join(r[c].text for r in rows[:header] if r[c].text)
        if head_text and _DROP_HEADER.match(head_text):
            notes.append(f"dropped column {head_text!r}")
            continue
        if (
            not head_text
            and c == 0
            and [x[c].text for x in body_rows] == [str(k) for k in range(len(body_rows))]
        ):
            notes.append("dropped the row-index column")
            continue
        cells = {x[c].text for x in body_rows} - {""}
        if not head_text and cells and cells <= _DECORATION:
            notes.append(f"dropped the {'/'.join(sorted(cells))} column")
            continue
        keep.append(c)
    if len(keep) < 2:
        return None
    rows = [[r[c] for c in keep] for r in rows]
    _carry_leading_blanks(rows, header)
    return rows, header, notes


def _groups(content: list[_Line]) -> list[list[_Line]]:
    """Runs of non-blank lines."""
    groups: list[list[_Line]] = []
    current: list[_Line] = []
    for ln in content:
        if ln.text.strip():
            current.append(ln)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def read_console_tables(layout: Layout, first_index: int = 0) -> list[Table]:
    tables: list[Table] = []
    for open_index, info, content in _fenced_blocks(layout):
        if info in _CODE_LANGUAGES:
            continue
        if any(_PROMPT.match(ln.text) for ln in content):
            continue  # a shell session: commands and example output
        for group in _groups(content):
            result = _console_table(group)
            caption = ""
            if result is None and len(group) >= 3 and "|" not in group[0].text:
                result = _console_table(group[1:])
                caption = clean_text(group[0].text)
            if result is None:
                continue
            rows, header_rows, notes = result
            tables.append(
                Table(
                    rows=rows,
                    header_rows=header_rows,
                    index=first_index + len(tables),
                    caption=caption,
                    heading=layout.heading[open_index],
                    context=layout.paragraph_above(open_index),
                    line=group[0].number if not caption else group[1].number,
                    notes=notes,
                )
            )
    return tables


@register_table_reader("console-in-markdown", MARKDOWN_TYPES)
def console_tables(doc: DocumentInput) -> list[Table]:
    return read_console_tables(scan_markdown(doc.text()))
