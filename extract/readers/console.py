"""Console tables: command-line output inside Markdown code fences (```), in three shapes.

`|`-separated columns, tab-separated columns (a run of tabs is one separator; expanded tabs
do not line up), whitespace-aligned columns (two or more spaces between columns, pandas-style
output with a row index included), and `name | key: value | key: value`
rows, whose keys become a synthesised header row. A block is a table only when it has
two or more body rows and most of them hold a number; shell sessions (prompt lines)
and blocks tagged with a programming language are not read. Columns that are clearly
not scores (confidence intervals, token counts, a pandas row index) are dropped here,
because their cells would otherwise read as labels.

Every cell keeps the 1-based line where its text stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchtable.extract.readers.markdown import MARKDOWN_TYPES, Layout, scan_markdown
from benchtable.extract.readers.text_cells import (
    guess_header_rows,
    make_cell,
    mostly_numeric_rows,
)
from benchtable.extract.registry import DocumentInput, register_table_reader
from benchtable.extract.table import Cell, Table
from benchtable.extract.values import clean_text

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
    """The line with its tabs expanded (columns aligned by spaces)."""
    original: str = ""
    """The line as written (its tabs kept)."""


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
            content.append(_Line(j + 1, lines[j].rstrip().expandtabs(4), lines[j].rstrip()))
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
        rows.append([make_cell(t, ln.number) for _, t in _split_pipes(ln.text)])
    if not rows or len({len(r) for r in rows}) != 1 or len(rows[0]) < 2:
        return None
    return rows, header


def _tab_rows(lines: list[_Line]) -> list[list[Cell]] | None:
    """Columns separated by tabs (a run of tabs, padding to the next stop, is one separator),
    when every line holds tabs and splits into the same number of cells: expanded tabs do
    not line up (`Model\tMMLU` and `Llama-2-7B\t45.3` put MMLU and 45.3 at different places)."""
    body = [ln for ln in lines if not _SEPARATOR.match(ln.text)]
    if len(body) < 2 or not all("\t" in ln.original.strip() for ln in body):
        return None
    split = [re.split(r"\s*\t\s*", ln.original.strip()) for ln in body]
    if len({len(cells) for cells in split}) != 1 or len(split[0]) < 2:
        return None
    return [[make_cell(text, ln.number) for text in cells] for ln, cells in zip(body, split, strict=True)]


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
            cells.append(make_cell(ln.text[b:e] if e is not None else ln.text[b:], ln.number))
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
        aligned = _tab_rows(lines) or _aligned_rows(lines)
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
                new.append(make_cell(m.group("value"), cell.line) if m else cell)
            body.append(new)
        rows, header = [head, *body], 1
        notes.append("header synthesised from the keys of `key: value` cells")
    if header is None:
        header = guess_header_rows(rows)
        if header == 0:
            first_line = rows[0][0].line
            rows = [[Cell("", "", line=first_line) for _ in rows[0]], *rows]
            header = 1
            notes.append("no header row: an empty one was added")
    body_rows = rows[header:]
    if not mostly_numeric_rows(body_rows, min_rows):
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
                    outer_headings=layout.outer_of(open_index),
                    context=layout.paragraph_above(open_index),
                    section=layout.section_above(open_index),
                    context_after=layout.paragraph_below(content[-1].number),  # below the closing fence
                    line=group[0].number if not caption else group[1].number,
                    notes=notes,
                    groups_written_once=True,
                )
            )
    return tables


@register_table_reader("console-in-markdown", MARKDOWN_TYPES)
def console_tables(doc: DocumentInput) -> list[Table]:
    return read_console_tables(scan_markdown(doc.text()))
