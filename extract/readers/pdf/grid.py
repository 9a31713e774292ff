"""A region's words as a grid of cells: rows, columns, header rows, then `Table`.

Rows are clustered by ``top`` (smaller-font words, superscripts, join the row they overlap);
columns are the x-ranges covered by some body word, separated by gaps that no body word
covers. Label rows (one run of text, e.g. "Open-source models") do not take part in the
column search. Header rows are the rows above the first full-width rule under the top rule;
without rules, the rows before the first numeric-dominant row. Header spans: `spans`; row
labels: `row_labels`.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import replace

from benchtable.extract.readers.pdf.cells import Columns, GCell, Placed, assign, columns, overlapping
from benchtable.extract.readers.pdf.regions import Region
from benchtable.extract.readers.pdf.row_labels import inner_stub_labels, row_labels
from benchtable.extract.readers.pdf.settings import PdfSettings
from benchtable.extract.readers.pdf.spans import expand_header, stub_columns
from benchtable.extract.readers.pdf.words import (
    Row,
    Rule,
    Word,
    cluster_rows,
    is_numeric,
    join_words,
    segments,
)
from benchtable.extract.table import Cell, Table

_WORDLIKE_RE = re.compile(r"[A-Za-z]{2,}|\d")


def build_tables(region: Region, words: Sequence[Word], page_no: int, s: PdfSettings) -> list[Table]:
    """The region's tables: one, or one per block when the header row is repeated further down
    (`Models | BERT-base ...` rows, then `Models | BERT-large ...` rows under the same caption)."""
    rows = cluster_rows(words, s)
    starts = [0] + [i for i in range(1, len(rows)) if _repeats_header(rows[0], rows[i])]
    if len(starts) == 1:
        table = build_table(region, words, page_no, s)
        return [table] if table is not None else []
    tables = []
    for a, b in itertools.pairwise([*starts, len(rows)]):
        top = rows[a].top - s.edge_slack
        bottom = rows[b].top - s.edge_slack if b < len(rows) else math.inf
        part = [w for w in words if top <= w.top < bottom]
        rules = [r for r in region.rules if (a == 0 or r.y > top) and (b == len(rows) or r.y < bottom)]
        sub = replace(region, top=max(region.top, top), rules=rules)
        table = build_table(sub, part, page_no, s)
        if table is not None:
            tables.append(table)
    return tables


def _repeats_header(first: Row, row: Row) -> bool:
    """A row that starts with the first header row's first word and holds no number."""
    return (
        len(row.words) >= 2
        and row.words[0].text == first.words[0].text
        and not any(is_numeric(w.text) for w in row.words)
        and not any(is_numeric(w.text) for w in first.words)
    )


def build_table(region: Region, words: Sequence[Word], page_no: int, s: PdfSettings) -> Table | None:
    """The region's words as a `Table` (None when they do not make a plausible table)."""
    rows = cluster_rows(words, s)
    if len(rows) < s.min_table_rows:
        return None
    size = statistics.median(w.size for w in words)
    min_gap = max(s.column_gap_min, s.column_gap_ratio * size)
    hdr_rows, body_rows = _split_header(rows, region, min_gap, s)
    if len(hdr_rows) > s.max_header_rows:
        return None
    # a footnote row is small throughout; a score row with small `± 0.6` deviations is not
    colrows = [
        r
        for r in body_rows
        if not _is_label_row(r, min_gap) and max(w.size for w in r.words) >= s.small_font_ratio * size
    ]
    if len(colrows) < 2:
        return None
    col_src = [_column_words(r, min_gap, s) for r in colrows]
    cols = columns(col_src, min_gap)
    if len(cols) < 2:
        return None
    grid = [_place_row(r, r in hdr_rows, r in body_rows, cols, min_gap, s, r is hdr_rows[-1]) for r in rows]
    n_header = len(hdr_rows)
    _lift_multirow_headers(grid, n_header)
    text_grid: list[list[Placed]] = [[(c, False) for c in row] for row in grid]
    stub = stub_columns(grid[n_header:], cols)
    for hi in range(n_header):
        below = [r for r in rows[hi + 1 :] if r.top > rows[hi].bottom - s.edge_slack]
        expand_header(
            grid[hi], text_grid[hi], cols, region.rules, rows[hi], below[0] if below else None, stub, s
        )
    row_labels(text_grid, rows, n_header, region.rules, cols, s)
    inner_stub_labels(text_grid, rows, n_header, region.rules, cols, stub, s)
    out_rows, n_header = _to_cells(text_grid, rows, n_header, page_no, s)
    if not _plausible(out_rows, n_header, s):
        return None
    return Table(rows=out_rows, header_rows=max(1, n_header), page=page_no)


def _column_words(r: Row, min_gap: float, s: PdfSettings) -> Row:
    """The row's words that define columns: small words (superscripts) do not, unless they
    bridge two words of one cell (`D` _arena_ `+ D` _judge_)."""
    main = [w for w in r.words if w.size >= s.small_font_ratio * r.size]

    def bridges(w: Word) -> bool:
        left = any(0 <= w.x0 - m.x1 < min_gap for m in main)
        return left and any(0 <= m.x0 - w.x1 < min_gap for m in main)

    return Row([w for w in r.words if w in main or bridges(w)], r.top, r.bottom, r.size)


def _is_label_row(r: Row, min_gap: float) -> bool:
    segs = segments(r, min_gap)
    return len(segs) == 1 and len(r.words) >= 2 and not any(is_numeric(w.text) for w in r.words)


def _header_end(rows: Sequence[Row], rules: Sequence[Rule], width: float, s: PdfSettings) -> float | None:
    """The y of the rule under the header (the midrule), if the rules show one."""
    rules = _join_split_rules(rules, s)
    wmax = max((r.width for r in rules), default=0.0)
    wide = [r for r in rules if r.width >= max(s.wide_rule_ratio * width, s.wide_rule_of_widest * wmax)]
    if not wide:
        return None
    top_rule = wide[0]
    after = [
        r
        for r in wide[1:]
        if r.y > top_rule.y + s.midrule_min_gap and any(top_rule.y < rw.top < r.y for rw in rows)
    ]
    if top_rule.y > rows[0].top:  # no top rule above the first row: first wide rule is the midrule
        return top_rule.y
    return after[0].y if after else None


def _join_split_rules(rules: Sequence[Rule], s: PdfSettings) -> list[Rule]:
    """Rules drawn in pieces at one height (`\\cmidrule` under the stub, another under the
    value columns) that together run from the widest rule's left end to its right end: one
    full rule. Pieces that leave either end open (a spanning header's underline) stay apart."""
    if not rules:
        return []
    widest = max(rules, key=lambda r: r.width)
    reach = s.rule_join_slack
    out: list[Rule] = []
    for y in sorted({r.y for r in rules}):
        if any(abs(o.y - y) <= s.y_slack for o in out):
            continue
        pieces = sorted((r for r in rules if abs(r.y - y) <= s.y_slack), key=lambda r: r.x0)
        closed = all(b.x0 - a.x1 <= reach for a, b in itertools.pairwise(pieces))
        ends = pieces[0].x0 <= widest.x0 + reach and pieces[-1].x1 >= widest.x1 - reach
        if len(pieces) > 1 and closed and ends:
            out.append(Rule(pieces[0].x0, max(r.x1 for r in pieces), y))
        else:
            out.extend(pieces)
    return sorted(out, key=lambda r: r.y)


def _split_header(
    rows: list[Row], region: Region, min_gap: float, s: PdfSettings
) -> tuple[list[Row], list[Row]]:
    """(header rows, body rows): by the midrule, else the rows before the first numeric one.

    A "midrule" with more than `max_header_rows` rows above it is a rule between row blocks
    (the real midrule stops short of a multi-row first column): the numeric rows decide.
    """
    header_end = _header_end(rows, region.rules, region.x1 - region.x0, s)
    if header_end is not None:
        hdr = [r for r in rows if r.bottom <= header_end + s.y_slack]
        if len(hdr) <= s.max_header_rows and len(hdr) < len(rows):  # a bottom rule is no midrule
            return hdr, [r for r in rows if r not in hdr]
    for i, r in enumerate(rows):
        segs = segments(r, min_gap)
        nums = sum(1 for seg in segs if is_numeric(" ".join(w.text for w in seg)))
        if len(segs) >= 2 and nums >= max(1, (len(segs) - 1) / 2):
            hdr = rows[:i] if i > 0 else rows[:1]
            return hdr, rows[len(hdr) :]
    return rows[:1], rows[1:]


def _place_row(
    r: Row,
    is_header: bool,
    is_body: bool,
    cols: Columns,
    min_gap: float,
    s: PdfSettings,
    lowest: bool = False,
) -> list[GCell | None]:
    cells: list[GCell | None] = [None] * len(cols)
    if is_body and _is_label_row(r, min_gap):
        cells[assign(r.x0, r.x0 + 1, cols)] = GCell(list(r.words))
    elif is_header:
        _header_cells(r, cols, min_gap, cells, s, lowest)
    else:
        for w in r.words:
            ci = assign(w.x0, w.x1, cols)
            cell = cells[ci]
            if cell is None:
                cells[ci] = GCell([w])
            else:
                cell.words.append(w)
    return cells


def _header_cells(
    r: Row, cols: Columns, min_gap: float, cells: list[GCell | None], s: PdfSettings, lowest: bool
) -> None:
    """Header words into cells: words merge into phrases unless each sits in its own column (on
    the header row right over the numbers, even when set as tightly as one phrase: `PTB
    Wikitext-2 Wikitext-103` over three columns; a row above may span its columns)."""
    groups: list[list[Word]] = []
    for w in r.words:
        if groups:
            prev = groups[-1][-1]
            gap = w.x0 - prev.x1
            po = overlapping(prev.x0, prev.x1, cols, s)
            wo = overlapping(w.x0, w.x1, cols, s)
            separate = len(po) == 1 and len(wo) == 1 and po != wo
            if (gap < s.header_word_gap_ratio * w.size and not (lowest and separate)) or (
                gap < min_gap and not separate
            ):
                groups[-1].append(w)
                continue
        groups.append([w])
    for g in groups:
        x0, x1 = g[0].x0, g[-1].x1
        ov = overlapping(x0, x1, cols, s)
        ci = ov[0] if ov else assign(x0, x1, cols)
        cell = cells[ci]
        if cell is None:
            cells[ci] = GCell(list(g))
        else:
            cell.words.extend(g)


def _lift_multirow_headers(grid: list[list[GCell | None]], n_header: int) -> None:
    """Header labels set between header rows (\\multirow): moved into the last header row."""
    if n_header < 2:
        return
    last = grid[n_header - 1]
    for hi in range(n_header - 1):
        filled = [j for j, c in enumerate(grid[hi]) if c is not None]
        others = [grid[k] for k in range(n_header) if k != hi]
        if filled and all(all(o[j] is None for o in others) for j in filled):
            for j in filled:
                last[j] = grid[hi][j]
                grid[hi][j] = None


def _to_cells(
    text_grid: list[list[Placed]], rows: Sequence[Row], n_header: int, page_no: int, s: PdfSettings
) -> tuple[list[list[Cell]], int]:
    """The grid as `Cell` rows, empty rows and columns dropped; the header count kept in step."""
    home = {id(w): r for r in rows for w in r.words}
    out_rows: list[list[Cell]] = []
    for ri, row in enumerate(text_grid):
        cells_out = _row_cells(row, home, page_no, s)
        if any(c.text for c in cells_out):
            out_rows.append(cells_out)
        elif ri < n_header:
            n_header -= 1
    keep = [j for j in range(len(text_grid[0]) if text_grid else 0) if any(r[j].text for r in out_rows)]
    return [[r[j] for j in keep] for r in out_rows], n_header


def _row_cells(row: Sequence[Placed], home: dict[int, Row], page_no: int, s: PdfSettings) -> list[Cell]:
    """One grid row as `Cell`s; a cell's words are read against the text row they stand in
    (a label repeated over other rows keeps its own subscripts and raised marks)."""
    cells_out: list[Cell] = []
    for gc, is_span in row:
        if gc is None or not gc.words:
            cells_out.append(Cell("", "", page=page_no))
            continue
        r = home[id(gc.words[0])]
        main = [w for w in r.words if w.size >= s.small_font_ratio * r.size]
        main_bottom = statistics.median(w.bottom for w in main) if main else r.bottom
        text, raw = join_words(gc.words, r.size, main_bottom, s)
        bbox = (
            round(min(w.x0 for w in gc.words), 2),
            round(min(w.top for w in gc.words), 2),
            round(max(w.x1 for w in gc.words), 2),
            round(max(w.bottom for w in gc.words), 2),
        )
        nchars = sum(len(w.text) for w in gc.words)
        bold = sum(len(w.text) for w in gc.words if w.bold) > nchars / 2
        cells_out.append(Cell(text, raw, page=page_no, bbox=bbox, spanned=is_span, emphasis=bold))
    return cells_out


def _plausible(rows: Sequence[Sequence[Cell]], n_header: int, s: PdfSettings) -> bool:
    """At least 2 columns, 2 body rows and `min_filled_rows` rows of 2+ filled cells, mostly
    words or numbers (bar charts and glyph soup are not tables)."""
    if not rows or len(rows[0]) < 2 or len(rows) - n_header < 2:
        return False
    texts = [c.text for r in rows for c in r if c.text and not c.spanned]
    if not texts:
        return False
    good = sum(1 for t in texts if "(cid:" not in t and _WORDLIKE_RE.search(t))
    if good < s.min_wordlike_share * len(texts):
        return False
    filled = sum(1 for r in rows if sum(1 for c in r if c.text) >= 2)
    return filled >= s.min_filled_rows
