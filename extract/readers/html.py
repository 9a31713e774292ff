"""HTML tables: `<table>`s embedded in Markdown, and the tables of arXiv LaTeXML paper pages.

Markdown-embedded HTML (`read_html_tables`): spans are expanded (a `rowspan`/`colspan`
cell is repeated, copies marked `spanned`), `<br>` becomes a space, header rows are the
`<thead>` rows or the leading rows made only of `<th>` (a row of numbers among them only
when a header cell above spans down into it: `Model` with `rowspan=2` over `1024 | 2048`). Tables inside HTML comments or
code fences are not shown to readers and are skipped. Each cell keeps its own source line.

LaTeXML paper pages (`text/html`, `read_html_paper_tables`) render a LaTeX ``table``
float as::

    <figure class="ltx_table" id="S4.T2">
      <figcaption class="ltx_caption"><span class="ltx_tag ltx_tag_table">Table 2: </span>...</figcaption>
      <table class="ltx_tabular ...">
        <thead class="ltx_thead"><tr class="ltx_tr"><th class="ltx_td ltx_th ..." colspan="2">...</th>...
        <tbody class="ltx_tbody"><tr class="ltx_tr"><td class="ltx_td ..." rowspan="3">...</td>...

(the caption may also follow the table). Each such figure becomes a `Table`:
``rowspan``/``colspan`` expanded (copies ``spanned=True``), header rows = the
``<thead>`` rows, else the leading rows made only of ``<th>`` cells (at least 1),
``Cell.line`` = the source line of the cell element, ``Cell.emphasis`` for
``ltx_font_bold`` / ``<b>`` / ``<strong>`` content, ``<math>`` replaced by its
``alttext``, superscripts written ``^x`` in `Cell.text` (as in the PDF reader).
``Table.index`` is the caption number minus one (document order otherwise).
Figures whose class is ``ltx_figure`` are ignored even when they hold a tabular.

A `text/html` page with no LaTeXML markup (no ``ltx_`` class) is a plain page: its outermost
`<table>`s are read as Markdown-embedded ones are, with the `<caption>`, the nearest heading
above and the paragraph right above (when it is in the same section) as context.
"""

from __future__ import annotations

import copy
import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag
from bs4.element import NavigableString

from benchtable.extract.readers.markdown import MARKDOWN_TYPES, Layout, scan_markdown
from benchtable.extract.readers.pdf import normalize_text
from benchtable.extract.registry import DocumentInput, register_table_reader
from benchtable.extract.table import Cell, SpanGrid, Table
from benchtable.extract.values import clean_text, parse_cell
from benchtable.schema.errors import DocumentError

__all__ = ["read_html_paper_tables", "read_html_tables"]

# ------------------------------------------------------------------ HTML in Markdown

_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_MAX_SPAN = 50


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _cell_text(tag: Tag) -> str:
    """Display text; numbers on either side of a `<br>` stay apart as `54.2 / 60.1`."""
    if tag.find(["br", "sup", "sub"]) is None:
        return clean_text(tag.get_text(" "))
    tag = copy.copy(tag)
    for sup in tag.find_all("sup"):
        sup.decompose()
    for sub in tag.find_all("sub"):
        _deviation_to_text(sub)
    pieces = [
        clean_text(BeautifulSoup(p, "html.parser").get_text(" ")) for p in _BR.split(tag.decode_contents())
    ]
    pieces = [p for p in pieces if p]
    if len(pieces) > 1 and all(parse_cell(p) for p in pieces):
        return " / ".join(pieces)
    return " ".join(pieces)


def _deviation_to_text(sub: Tag) -> None:
    """A number in subscript right after a value (`8.61<sub>0.04</sub>`) is its deviation,
    written `8.61 ±0.04` so that the value reads as the number before it."""
    before = sub.previous_sibling
    inner = sub.get_text(" ").strip().lstrip("±").strip()
    if isinstance(before, str) and re.search(r"[\d%]\s*$", before) and re.fullmatch(r"\d+(?:\.\d+)?", inner):
        sub.replace_with(f" ±{inner}")


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
    rows = _own_rows(table)
    has_thead = table.find("thead") is not None
    header_rows = 0
    counting_header = True
    header_reach = 0  # the rows a header cell's `rowspan` covers belong to the header
    for r, tr in enumerate(rows):
        cells = tr.find_all(["td", "th"], recursive=False)
        all_th = bool(cells) and all(c.name == "th" for c in cells)
        if has_thead:
            if tr.find_parent("thead") is not None:
                header_rows = r + 1
        elif counting_header and all_th and (r < header_reach or not _mostly_numeric(cells)):
            header_rows = r + 1
            header_reach = max(header_reach, *(r + _span(c, "rowspan") for c in cells))
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
                        outer_headings=layout.outer_of(i),
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


# ------------------------------------------------------------------ LaTeXML paper pages

_TABLE_NO_RE = re.compile(r"(?:Table|TABLE|Tab\.)\s*(\d+)")
_PAPER_MAX_SPAN = 200


def _classes(tag: Tag) -> list[str]:
    c = tag.get("class")
    if c is None:
        return []
    return [c] if isinstance(c, str) else list(c)


def _paper_text(node: Tag, sup_marks: bool) -> str:
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "math":
                parts.append(str(child.get("alttext") or child.get_text(" ")))
            elif child.name in ("annotation", "annotation-xml", "script", "style"):
                continue
            elif child.name == "br":
                parts.append(" ")
            elif child.name == "sup" and sup_marks:
                inner = normalize_text(_paper_text(child, sup_marks))
                if inner:
                    parts.append("^" + inner)
            else:
                parts.append(_paper_text(child, sup_marks))
    return "".join(parts)


def _is_bold(cell: Tag) -> bool:
    total = normalize_text(cell.get_text(" "))
    if not total:
        return False
    bold = ""
    for t in cell.find_all(True):
        if t.name in ("b", "strong") or "ltx_font_bold" in _classes(t):
            bold += t.get_text(" ")
    return len(normalize_text(bold)) >= 0.5 * len(total)


def _int_attr(tag: Tag, name: str) -> int:
    v = tag.get(name)
    try:
        n = int(str(v)) if v is not None else 1
    except ValueError:
        n = 1
    return max(1, min(n, _PAPER_MAX_SPAN))


def _own_rows(table: Tag) -> list[Tag]:
    """The <tr> of `table` itself, not of tables nested in its cells."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _paper_grid(table: Tag) -> tuple[list[list[Cell]], int]:
    rows = _own_rows(table)
    grid = SpanGrid()
    header_rows = 0
    header_done = False
    for ri, tr in enumerate(rows):
        in_thead = tr.find_parent("thead") is not None and tr.find_parent("table") is table
        cells = [c for c in tr.find_all(["td", "th"], recursive=False)]
        all_th = bool(cells) and all(c.name == "th" for c in cells)
        if not header_done and (in_thead or all_th):
            header_rows = ri + 1
        else:
            header_done = True
        ci = 0
        for c in cells:
            cell = Cell(
                normalize_text(_paper_text(c, sup_marks=True)),
                normalize_text(c.get_text(" ")),
                line=c.sourceline,
                emphasis=_is_bold(c),
            )
            ci = grid.place(ri, ci, cell, _int_attr(c, "rowspan"), _int_attr(c, "colspan"))
    out = grid.rows()
    if not out:
        return [], 0
    out = [r for r in out if any(c.text for c in r)]
    return out, max(1, header_rows)


@register_table_reader("html-paper", ("text/html",))
def read_html_paper_tables(doc: DocumentInput) -> list[Table]:
    """Every ``<figure class="ltx_table">`` of a LaTeXML paper rendering; on an HTML page that
    is not a LaTeXML rendering, every outermost ``<table>`` (as in Markdown)."""
    try:
        soup = BeautifulSoup(doc.text(), "html.parser")
    except Exception as e:  # html.parser is lenient; this is a last resort
        raise DocumentError(f"{doc.url or doc.source_id}: HTML cannot be parsed ({e})") from e
    if soup.find(class_=_LATEXML_CLASS) is None:
        return _page_tables(soup)
    tables: list[Table] = []
    order = 0
    for fig in soup.find_all("figure"):
        if not isinstance(fig, Tag):
            continue
        if "ltx_table" not in _classes(fig):
            continue
        tab = next(
            (
                t
                for t in fig.find_all("table")
                if "ltx_tabular" in _classes(t) and t.find_parent("figure") is fig
            ),
            None,
        )
        if tab is None:
            continue
        # the outermost tabular of this figure
        while True:
            outer = tab.find_parent("table")
            if (
                outer is None
                or outer.find_parent("figure") is not fig
                or "ltx_tabular" not in _classes(outer)
            ):
                break
            tab = outer
        rows, header_rows = _paper_grid(tab)
        if len(rows) < 2:
            continue
        cap_tag = fig.find("figcaption")
        caption = normalize_text(_paper_text(cap_tag, sup_marks=False)) if isinstance(cap_tag, Tag) else ""
        m = _TABLE_NO_RE.match(caption)
        index = int(m.group(1)) - 1 if m else order
        order += 1
        tables.append(
            Table(
                rows=rows,
                header_rows=min(header_rows, len(rows) - 1),
                index=index,
                caption=caption,
                line=fig.sourceline,
            )
        )
    return tables


_LATEXML_CLASS = re.compile(r"^ltx_")
_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def _page_tables(soup: BeautifulSoup) -> list[Table]:
    """The outermost `<table>`s of a plain HTML page, each with its caption, the heading above
    it and the paragraph right above it."""
    tables: list[Table] = []
    for tag in soup.find_all("table"):
        if not isinstance(tag, Tag) or tag.find_parent("table") is not None:
            continue
        grid, header_rows = grid_from_table(tag, 0)
        if len(grid) < 2:
            continue
        caption = tag.find("caption")
        heading = tag.find_previous(_HEADINGS)
        paragraph = tag.find_previous("p")
        if paragraph is not None and heading is not None and paragraph in heading.find_all_previous("p"):
            paragraph = None  # the paragraph above belongs to an earlier section
        tables.append(
            Table(
                rows=grid,
                header_rows=min(header_rows, len(grid) - 1),
                index=len(tables),
                caption=clean_text(caption.get_text(" ")) if caption else "",
                heading=clean_text(heading.get_text(" ")) if heading is not None else "",
                context=clean_text(paragraph.get_text(" ")) if paragraph is not None else "",
                line=tag.sourceline,
            )
        )
    return tables
