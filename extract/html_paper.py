"""Tables from arXiv HTML renderings of papers (LaTeXML output).

LaTeXML renders a LaTeX ``table`` float as::

    <figure class="ltx_table" id="S4.T2">
      <figcaption class="ltx_caption"><span class="ltx_tag ltx_tag_table">Table 2: </span>...</figcaption>
      <table class="ltx_tabular ...">
        <thead class="ltx_thead"><tr class="ltx_tr"><th class="ltx_td ltx_th ..." colspan="2">...</th>...
        <tbody class="ltx_tbody"><tr class="ltx_tr"><td class="ltx_td ..." rowspan="3">...</td>...

(the caption may also follow the table). This reader turns each such figure into a
`Table`: ``rowspan``/``colspan`` expanded (copies ``spanned=True``), header rows = the
``<thead>`` rows, else the leading rows made only of ``<th>`` cells (at least 1),
``Cell.line`` = the source line of the cell element, ``Cell.emphasis`` for
``ltx_font_bold`` / ``<b>`` / ``<strong>`` content, ``<math>`` replaced by its
``alttext``, superscripts written ``^x`` in `Cell.text` (as in the PDF reader).
``Table.index`` is the caption number minus one (document order otherwise).
Figures whose class is ``ltx_figure`` are ignored even when they hold a tabular.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from benchtable.extract.readers.pdf import normalize_text
from benchtable.extract.registry import DocumentInput, register_table_reader
from benchtable.extract.table import Cell, SpanGrid, Table
from benchtable.schema.errors import DocumentError

__all__ = ["read_html_paper_tables"]

_TABLE_NO_RE = re.compile(r"(?:Table|TABLE|Tab\.)\s*(\d+)")
_MAX_SPAN = 200


def _classes(tag: Tag) -> list[str]:
    c = tag.get("class")
    if c is None:
        return []
    return [c] if isinstance(c, str) else list(c)


def _text(node: Tag, sup_marks: bool) -> str:
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
                inner = normalize_text(_text(child, sup_marks))
                if inner:
                    parts.append("^" + inner)
            else:
                parts.append(_text(child, sup_marks))
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
    return max(1, min(n, _MAX_SPAN))


def _own_rows(table: Tag) -> list[Tag]:
    """The <tr> of `table` itself, not of tables nested in its cells."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _grid(table: Tag) -> tuple[list[list[Cell]], int]:
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
                normalize_text(_text(c, sup_marks=True)),
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
    """Every ``<figure class="ltx_table">`` of a LaTeXML paper rendering."""
    try:
        soup = BeautifulSoup(doc.text(), "html.parser")
    except Exception as e:  # html.parser is lenient; this is a last resort
        raise DocumentError(f"{doc.url or doc.source_id}: HTML cannot be parsed ({e})") from e
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
        rows, header_rows = _grid(tab)
        if len(rows) < 2:
            continue
        cap_tag = fig.find("figcaption")
        caption = normalize_text(_text(cap_tag, sup_marks=False)) if isinstance(cap_tag, Tag) else ""
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
