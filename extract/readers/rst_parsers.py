"""reST table bodies: grid tables (docutils' border walk), simple tables (column rules,
dash underlines joining header cells) and `.. list-table::` directives, each as a grid of
`Cell`s keeping the 1-based line of its text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchtable.extract.readers.rst_markup import (
    DIRECTIVE,
    GRID_HEAD_SEP,
    OPTION,
    SIMPLE_DASH,
    SIMPLE_RULE,
    block_end,
    indent_of,
    rst_clean,
)
from benchtable.extract.readers.text_cells import make_cell
from benchtable.extract.table import Cell
from benchtable.extract.values import clean_text


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
    return make_cell(" ".join(parts), first, rst_clean)


def parse_grid_table(block: list[str], first_line: int) -> tuple[list[list[Cell]], int | None] | None:
    """The expanded grid of a grid table (lines without their indent) and its header-row count.

    `first_line` is the 1-based line of `block[0]`. None when the table is malformed.
    """
    lines = [x.rstrip() for x in block]
    header_sep: int | None = None
    for k, x in enumerate(lines):
        if GRID_HEAD_SEP.match(x):
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
        cell = make_cell(" ".join(parts), first if first is not None else row.lines[0][0], rst_clean)
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
        if SIMPLE_RULE.match(raw) and raw.strip().startswith("="):
            after = lines[j + 1] if j + 1 < len(lines) else ""
            if not after.strip() or indent_of(after) < indent:
                end = j + 1
                break
            if header_count is None:
                header_count = len(rows)
            current = None
            j += 1
            continue
        if SIMPLE_DASH.match(raw) and raw.strip():
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
    d = DIRECTIVE.match(lines[start])
    if d is None:
        return None
    caption = clean_text(rst_clean(d.group(3) or ""))
    base = len(d.group(1))
    end = block_end(lines, start, base)
    header_rows: int | None = None
    rows: list[list[tuple[list[str], int]]] = []
    row_indent: int | None = None
    cell_indent: int | None = None
    j = start + 1
    while j < end and lines[j].strip() and OPTION.match(lines[j]):
        m = OPTION.match(lines[j])
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
        ind = indent_of(line)
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
        cells = [make_cell(" ".join(p.strip() for p in parts), line, rst_clean) for parts, line in r]
        last = r[-1][1] if r else None
        cells += [Cell("", "", line=last)] * (width - len(cells))
        grid.append(cells)
    return grid, header_rows, caption, end
