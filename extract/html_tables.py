"""HTML `<table>`s embedded in Markdown (and plain HTML pages).

Spans are expanded (a `rowspan`/`colspan` cell is repeated, copies marked
`spanned`), `<br>` becomes a space, header rows are the `<thead>` rows or the
leading rows made only of `<th>`. Tables inside HTML comments or code fences are
not shown to readers and are skipped. Each cell keeps its own source line.
"""

from __future__ import annotations

import copy
import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag

from benchtable.extract.markdown import MARKDOWN_TYPES, Layout, scan_markdown
from benchtable.extract.registry import DocumentInput, register_table_reader
from benchtable.extract.table import Cell, SpanGrid, Table
from benchtable.extract.values import clean_text, parse_cell

_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_MAX_SPAN = 50


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _cell_text(tag: Tag) -> str:
    """Display text; numbers on either side of a `<br>` stay apart as `54.2 / 60.1`."""
    if tag.find(["br", "sup"]) is None:
        return clean_text(tag.get_text(" "))
    tag = copy.copy(tag)
    for sup in tag.find_all("sup"):
        sup.decompose()
    pieces = [
        clean_text(BeautifulSoup(p, "html.parser").get_text(" ")) for p in _BR.split(tag.decode_contents())
    ]
    pieces = [p for p in pieces if p]
    if len(pieces) > 1 and all(parse_cell(p) for p in pieces):
        return " / ".join(pieces)
    return " ".join(pieces)


def _text_line(td: Tag, line_offset: int) -> int | None:
    """The line where the cell's text starts (a `<td>` may put its number on the next line)."""
    if td.sourceline is None:
        return None
    inner = td.decode_contents()
    leading = inner[: len(inner) - len(inner.lstrip())]
    return td.sourceline + line_offset + leading.count("\n")


def _span(tag: Tag, name: str) -> int:
    value = tag.get(name)
    try:
        n = int(str(value)) if value is not None else 1
    except ValueError:
        n = 1
    return max(1, min(n, _MAX_SPAN))


def _mostly_numeric(cells: list[Tag]) -> bool:
    texts = [_cell_text(c) for c in cells]
    numbers = sum(1 for t in texts if t and parse_cell(t))
    return numbers * 2 > len([t for t in texts if t])


def grid_from_table(table: Tag, line_offset: int) -> tuple[list[list[Cell]], int]:
    """The expanded grid of a `<table>` and its number of header rows."""
    grid = SpanGrid()
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    has_thead = table.find("thead") is not None
    header_rows = 0
    counting_header = True
    for r, tr in enumerate(rows):
        cells = tr.find_all(["td", "th"], recursive=False)
        if has_thead:
            if tr.find_parent("thead") is not None:
                header_rows = r + 1
        elif counting_header and cells and all(c.name == "th" for c in cells) and not _mostly_numeric(cells):
            header_rows = r + 1
        else:
            counting_header = False
        c = 0
        for td in cells:
            cell = Cell(
                _cell_text(td),
                td.decode_contents().strip(),
                line=_text_line(td, line_offset),
                emphasis=td.find(["b", "strong"]) is not None,
            )
            c = grid.place(r, c, cell, _span(td, "rowspan"), _span(td, "colspan"))
    out = grid.rows()
    if not out:
        return [], 0
    if header_rows == 0:
        header_rows = 1
    return out, header_rows


def read_html_tables(layout: Layout, first_index: int = 0) -> list[Table]:
    tables: list[Table] = []
    lines = layout.lines
    i = 0
    while i < len(lines):
        if layout.visible[i] and _OPEN.search(lines[i]):
            j = i
            depth = 0
            while j < len(lines):
                depth += len(_OPEN.findall(lines[j])) - len(_CLOSE.findall(lines[j]))
                if depth <= 0 and _CLOSE.search(lines[j]):
                    break
                j += 1
            snippet = "\n".join(lines[i : j + 1])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
                soup = BeautifulSoup(snippet, "html.parser")
            for tag in soup.find_all("table"):
                if tag.find_parent("table") is not None:
                    continue
                grid, header_rows = grid_from_table(tag, i)
                if not grid:
                    continue
                caption = tag.find("caption")
                tables.append(
                    Table(
                        rows=grid,
                        header_rows=header_rows,
                        index=first_index + len(tables),
                        caption=clean_text(caption.get_text(" ")) if caption else "",
                        heading=layout.heading[i],
                        context=layout.paragraph_above(i),
                        context_after=layout.paragraph_below(j),
                        section=layout.section_above(i),
                        line=i + 1,
                    )
                )
            i = j + 1
        else:
            i += 1
    return tables


@register_table_reader("html-in-markdown", MARKDOWN_TYPES)
def markdown_html_tables(doc: DocumentInput) -> list[Table]:
    return read_html_tables(scan_markdown(doc.text()))
