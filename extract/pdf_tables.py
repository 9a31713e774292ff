"""Tables from research-paper PDFs (booktabs tables drawn with horizontal rules only).

pdfplumber's line-based table finder needs vertical rules, which papers do not draw, so
this reader anchors on captions instead:

1. **Caption scan.** Every page (up to `pdf_limits.MAX_PAGES`) is interpreted once
   *without* its Form XObjects (embedded figures: most of the parsing time of a paper
   goes into vector plots). Pages whose text has no ``Table N:`` / ``Table N.`` /
   ``Table N |`` caption at the start of a line are skipped entirely. A candidate page
   whose Form XObjects were skipped is re-interpreted in full.
2. **Region.** For each caption the table lies below or above it (decided by the
   nearest horizontal rule, else by which neighbour looks like table rows), inside the
   caption's column on two-column pages (or the full width when the caption or the
   rules cross the gutter; side-by-side tables split the band between captions). The
   region grows row by row away from the caption and stops at another caption, a
   paragraph of body text, or a large vertical gap; with two or more full-width rules
   it is trimmed to the outermost rules (footnotes under the bottom rule stay out).
3. **Grid.** Rows are clustered by ``top`` (smaller-font words, superscripts, join the
   row they overlap); columns are the x-ranges covered by some body word, separated
   by gaps that no body word covers (gaps must be consistent across all rows). Label
   rows (one run of text, e.g. "Open-source models") do not take part in the column
   search.
4. **Header.** Header rows are the rows above the first full-width rule under the top
   rule; without rules, the rows before the first numeric-dominant row. A header cell
   spanning several columns ("LLaMA" over "7B 13B 30B 65B", "GPTQ" over "3-bit 4-bit")
   is repeated in each column it spans (copies have ``spanned=True``): the span is the
   ``\\cmidrule`` under it when there is one, else the columns it overlaps widened
   symmetrically around its centre up to its neighbours.
5. **Row labels.** A multi-row label set vertically between rows ("INT3 / g128" over
   RTN/GPTQ/AWQ) is joined and repeated over its rule-delimited block; an empty first
   cell otherwise inherits the label above (copies ``spanned=True``).
6. **Rejection.** Candidates with fewer than 2 columns or 2 body rows, or whose cells
   are mostly not words or numbers (bar charts, glyph soup), yield nothing.

Cell text is normalised: ligatures expanded (ﬁ→fi), U+2212 minus → ``-``, whitespace
collapsed; a raised smaller-font run (footnote mark) is separated as ``^mark``
("71.3^†", "GPT-4^1"). ``Cell.raw`` keeps the text as extracted, one line per text line
of the page (a subscript set below its value is a line of its own: "56.4\n(5)"). ``Cell.emphasis`` is
True when most characters are in a bold font. ``Table.index`` is the caption number
minus one (document order for appendix numbers like "B.1"), ``Table.page`` 1-based.

Limits and bad-input handling: see `benchtable.extract.pdf_limits`.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
import statistics
import warnings
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.pdfinterp import LITERAL_FORM, PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import literal_name
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from benchtable.extract.pdf_limits import (
    MAX_CHARS_PER_PAGE,
    MAX_PAGES,
    MAX_TABLE_PAGES,
    check_pdf_bytes,
    doc_name,
)
from benchtable.extract.registry import DocumentInput, register_table_reader
from benchtable.extract.table import Cell, Table
from benchtable.schema.errors import DocumentError

log = logging.getLogger(__name__)

__all__ = ["read_many", "read_pdf_path", "read_pdf_tables"]

# --------------------------------------------------------------------------- text


_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}
_LIG_RE = re.compile("[" + "".join(_LIGATURES) + "]")
_WS_RE = re.compile(r"\s+")


def normalize_text(s: str) -> str:
    """Ligatures expanded, Unicode minus to '-', whitespace collapsed."""
    s = _LIG_RE.sub(lambda m: _LIGATURES[m.group(0)], s)
    return _WS_RE.sub(" ", s).strip()


_NUMERIC_RE = re.compile(
    r"^[(\[]?[-+\u2212~≈<>≤≥]?\$?\d[\d,]*(\.\d+)?(e[-+]?\d+)?[%x×]?[)\]]?"
    r"([*†‡§¶]|\^\S+)*(\s*[±]\s*\d+(\.\d+)?)?[%]?$|^[-–—]$|^n/?a$|^N/?A$"
)
_BOLD_RE = re.compile(r"bold|medi|black|heavy|demi|semibold|cmbx|-bx|\.b$|,b$|-b$", re.I)
_CAPTION_RE = re.compile(r"^(?:Table|TABLE|Tab\.)\s*((?:[A-Z]\.?)?\d+(?:\.\d+)?|[IVX]+)\s*([:.|])")
_FIGURE_RE = re.compile(r"^(?:Figure|FIGURE|Fig\.)\s*(?:[A-Z]\.?)?\d+")
_WORDLIKE_RE = re.compile(r"[A-Za-z]{2,}|\d")


def _is_numeric(s: str) -> bool:
    return bool(_NUMERIC_RE.match(s.replace(" ", "") if "±" not in s else s))


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class _Rule:
    x0: float
    x1: float
    y: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class _Row:
    words: list[_Word]
    top: float
    bottom: float
    size: float

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    def max_gap(self) -> float:
        ws = sorted(self.words, key=lambda w: w.x0)
        return max((b.x0 - a.x1 for a, b in itertools.pairwise(ws)), default=0.0)

    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))


@dataclass
class _Caption:
    number: str
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    words: list[_Word] = field(default_factory=list)


def _to_words(raw: Iterable[dict[str, Any]]) -> list[_Word]:
    out = []
    for w in raw:
        if not w.get("upright", True):
            continue
        text = str(w["text"])
        if not text.strip():
            continue
        out.append(
            _Word(
                text,
                float(w["x0"]),
                float(w["x1"]),
                float(w["top"]),
                float(w["bottom"]),
                float(w.get("size", 10.0)),
                bool(_BOLD_RE.search(str(w.get("fontname", "")))),
            )
        )
    return out


def _merge_small_caps(words: list[_Word]) -> list[_Word]:
    """Join small-caps runs to their capital: `L` + `LAMA` -> `LLAMA`, `Q` + `WEN` -> `QWEN`.

    LaTeX small caps set the lower-case letters as capitals of a smaller size right after
    the first capital (no space); pdfminer splits them into two words, which later reads
    as a raised footnote mark. Joined when the smaller run starts within 1pt of the
    capital's end, sits on the same baseline and is upper-case text.
    """
    out: list[_Word] = []
    by_line: dict[int, list[int]] = {}
    for w in sorted(words, key=lambda w: w.x0):
        key = round(w.bottom)
        hit: int | None = None
        for k in (key - 1, key, key + 1):
            for idx in by_line.get(k, ()):
                prev = out[idx]
                if (
                    0 <= w.x0 - prev.x1 <= 1.0
                    and abs(w.bottom - prev.bottom) <= 1.0
                    and 0.6 * prev.size <= w.size < 0.95 * prev.size
                    and w.text[:1].isupper()
                    and w.text.replace("-", "").isalpha()
                    and prev.text[-1:].isupper()
                ):
                    hit = idx
                    break
            if hit is not None:
                break
        if hit is not None:
            prev = out[hit]
            out[hit] = _Word(
                prev.text + w.text,
                prev.x0,
                w.x1,
                min(prev.top, w.top),
                max(prev.bottom, w.bottom),
                prev.size,
                prev.bold or w.bold,
            )
            continue
        by_line.setdefault(key, []).append(len(out))
        out.append(w)
    return out


def _cluster_rows(words: Sequence[_Word]) -> list[_Row]:
    """Words into rows by `top`; smaller raised/lowered words join the row they overlap."""
    if not words:
        return []
    med = statistics.median(w.size for w in words)
    main = sorted((w for w in words if w.size >= 0.8 * med), key=lambda w: (w.top, w.x0))
    small = [w for w in words if w.size < 0.8 * med]
    rows: list[_Row] = []
    for w in main:
        tol = max(1.5, 0.3 * w.size)
        if rows and abs(w.top - rows[-1].top) <= tol:
            r = rows[-1]
            r.words.append(w)
            r.bottom = max(r.bottom, w.bottom)
        else:
            rows.append(_Row([w], w.top, w.bottom, w.size))
    for w in sorted(small, key=lambda w: (w.top, w.x0)):
        best: _Row | None = None
        best_ov = 0.0
        for r in rows:
            ov = min(r.bottom, w.bottom) - max(r.top, w.top)
            if ov > best_ov:
                best, best_ov = r, ov
        if best is not None and best_ov >= 0.3 * (w.bottom - w.top):
            best.words.append(w)
        else:
            rows.append(_Row([w], w.top, w.bottom, w.size))
    rows.sort(key=lambda r: r.top)
    for r in rows:
        r.words.sort(key=lambda w: w.x0)
        r.size = statistics.median(w.size for w in r.words)
    return rows


def _segments(row: _Row, gap: float) -> list[list[_Word]]:
    segs: list[list[_Word]] = []
    for w in row.words:
        if segs and w.x0 - segs[-1][-1].x1 <= gap:
            segs[-1].append(w)
        else:
            segs.append([w])
    return segs


def _page_rules(page: Any) -> list[_Rule]:
    """Horizontal rules: thin lines/rects, collinear pieces (dashes) merged."""
    segs: list[_Rule] = []
    for obj in list(page.lines) + list(page.rects):
        h = abs(float(obj["bottom"]) - float(obj["top"]))
        w = float(obj["x1"]) - float(obj["x0"])
        if h <= 2.0 and w >= 0.5:
            y = (float(obj["top"]) + float(obj["bottom"])) / 2
            segs.append(_Rule(float(obj["x0"]), float(obj["x1"]), y))
    segs.sort(key=lambda r: r.x0)
    buckets: dict[int, list[int]] = {}
    merged: list[_Rule] = []
    for r in segs:
        key = round(r.y / 0.8)
        hit = None
        for k in (key - 1, key, key + 1):
            for idx in buckets.get(k, ()):
                m = merged[idx]
                if abs(m.y - r.y) < 0.8 and m.x0 <= r.x0 <= m.x1 + 5.0:
                    hit = idx
                    break
            if hit is not None:
                break
        if hit is None:
            buckets.setdefault(key, []).append(len(merged))
            merged.append(r)
        else:
            m = merged[hit]
            merged[hit] = _Rule(m.x0, max(m.x1, r.x1), m.y)
    return sorted((r for r in merged if r.width >= 8.0), key=lambda r: (r.y, r.x0))


# --------------------------------------------------------------------------- captions


def _find_captions(
    rows: list[_Row], rules: Sequence[_Rule]
) -> tuple[list[_Caption], list[tuple[float, float, float, float]]]:
    """Table captions (with their continuation lines) and figure-caption boxes."""
    captions: list[_Caption] = []
    figures: list[tuple[float, float, float, float]] = []
    for ri, row in enumerate(rows):
        for seg in _segments(row, 1.2 * row.size):
            head = " ".join(w.text for w in seg[:4])
            m = _CAPTION_RE.match(head)
            if m is None:
                if _FIGURE_RE.match(head):
                    figures.append((seg[0].x0, row.top, seg[-1].x1, row.bottom))
                continue
            cap_words = list(seg)
            x0, x1 = seg[0].x0, seg[-1].x1
            bottom = max(w.bottom for w in seg)
            size = statistics.median(w.size for w in seg)
            # continuation lines: close below, overlapping horizontally, dense text
            for nxt in rows[ri + 1 :]:
                if nxt.top - bottom > 0.75 * size:
                    break
                if nxt.top < bottom - 0.5 * size:
                    continue
                cont = [w for w in nxt.words if w.x1 > x0 - 2 and w.x0 < max(x1, x0 + 150) + 2]
                if not cont:
                    continue
                if any(bottom - 1 < r.y < nxt.top + 1 and r.x1 > x0 and r.x0 < x1 for r in rules):
                    break
                if sum(1 for w in cont if abs(w.size - size) > 1.0) > len(cont) / 2:
                    break
                segs = _segments(_Row(cont, nxt.top, nxt.bottom, nxt.size), 1.2 * size)
                if len(segs) != 1:
                    break
                cont = segs[0]
                if cont[0].x0 < x0 - 3 * size:
                    break
                cap_words.extend(cont)
                x1 = max(x1, cont[-1].x1)
                bottom = max(w.bottom for w in cont)
            captions.append(
                _Caption(
                    m.group(1),
                    normalize_text(" ".join(w.text for w in cap_words)),
                    x0,
                    x1,
                    row.top,
                    bottom,
                    size,
                    cap_words,
                )
            )
    return captions, figures


# --------------------------------------------------------------------------- regions


@dataclass
class _Region:
    caption: _Caption
    x0: float
    x1: float
    top: float
    bottom: float
    rules: list[_Rule]


def _body_size(rows: Sequence[_Row]) -> float:
    sizes = [round(w.size, 1) for r in rows for w in r.words]
    return statistics.mode(sizes) if sizes else 10.0


def _two_column(rows: Sequence[_Row], width: float) -> bool:
    mid = width / 2
    left = right = 0
    for r in rows:
        for seg in _segments(r, 1.2 * r.size):
            x0, x1 = seg[0].x0, seg[-1].x1
            if x1 - x0 > 0.3 * width and len(seg) >= 5:
                if x1 < mid + 5:
                    left += 1
                elif x0 > mid - 5:
                    right += 1
    return left >= 4 and right >= 4


def _is_prose(row: _Row, x0: float, x1: float, body: float) -> bool:
    if len(row.words) < 6 or row.size < body - 0.6:
        return False
    if row.max_gap() > 1.0 * row.size:
        return False
    return (row.x1 - row.x0) >= 0.6 * (x1 - x0)


def _find_region(
    cap: _Caption,
    captions: Sequence[_Caption],
    figures: Sequence[tuple[float, float, float, float]],
    rows: Sequence[_Row],
    rules: Sequence[_Rule],
    width: float,
    two_col: bool,
    body: float,
) -> _Region | None:
    mid = width / 2
    margin_l = min((r.x0 for r in rows), default=0.0)
    margin_r = max((r.x1 for r in rows), default=width)
    if two_col and cap.x1 < mid + 10:
        xr = (margin_l - 2, mid)
    elif two_col and cap.x0 > mid - 10:
        xr = (mid, margin_r + 2)
    else:
        xr = (margin_l - 2, margin_r + 2)
    # side-by-side captions on the same band split the range between them
    boxes = [(c.x0, c.top, c.x1) for c in captions if c is not cap] + [(f[0], f[1], f[2]) for f in figures]
    for ox0, otop, ox1 in boxes:
        if abs(otop - cap.top) > 3 * cap.size:
            continue
        if ox0 >= cap.x1 - 1:
            xr = (xr[0], min(xr[1], (cap.x1 + ox0) / 2 if ox0 > cap.x1 else ox0 - 1))
        elif ox1 <= cap.x0 + 1:
            xr = (max(xr[0], (ox1 + cap.x0) / 2), xr[1])

    def in_range_rule(r: _Rule) -> bool:
        ov = min(r.x1, xr[1]) - max(r.x0, xr[0])
        return ov >= 0.6 * r.width

    rr = [r for r in rules if in_range_rule(r)]
    near = max(30.0, 3.0 * cap.size)
    below_rule = min((r.y - cap.bottom for r in rr if r.y > cap.bottom - 1), default=math.inf)
    above_rule = min((cap.top - r.y for r in rr if r.y < cap.top + 1), default=math.inf)

    def in_x(w: _Word) -> bool:
        return xr[0] <= w.xc <= xr[1]

    cap_ids = {id(w) for c in captions for w in c.words}
    trows: list[_Row] = []
    for r in rows:
        ws = [w for w in r.words if in_x(w) and id(w) not in cap_ids]
        if ws:
            trows.append(_Row(ws, min(w.top for w in ws), max(w.bottom for w in ws), r.size))

    def tableish(r: _Row) -> bool:
        return len(_segments(r, 1.0 * r.size)) >= 2 or any(_is_numeric(w.text) for w in r.words)

    if below_rule <= near and below_rule <= above_rule:
        direction = 1
    elif above_rule <= near:
        direction = -1
    else:
        nb = [r for r in trows if r.top > cap.bottom and r.top - cap.bottom < near]
        na = [r for r in trows if r.bottom < cap.top and cap.top - r.bottom < near]
        b_ok = bool(nb) and tableish(nb[0]) and not _is_prose(nb[0], *xr, body)
        a_ok = bool(na) and tableish(na[-1]) and not _is_prose(na[-1], *xr, body)
        if a_ok and not b_ok:
            direction = -1
        elif b_ok:
            direction = 1
        else:
            return None

    # Events (rows and rules) walked away from the caption.
    stops = [(c.top, c.bottom) for c in captions if c is not cap and in_x(c.words[0])]
    stops += [(f[1], f[3]) for f in figures if xr[0] <= (f[0] + f[2]) / 2 <= xr[1]]
    if direction == 1:
        start = cap.bottom
        ev_rows = [r for r in trows if r.top > start - 0.5]
        ev_rules = [r for r in rr if r.y > start - 1]
        limit = min((s[0] for s in stops if s[0] > start), default=math.inf)
    else:
        start = cap.top
        ev_rows = [r for r in trows if r.bottom < start + 0.5]
        ev_rules = [r for r in rr if r.y < start + 1]
        limit = max((s[1] for s in stops if s[1] < start), default=-math.inf)
    events: list[tuple[float, _Row | _Rule]] = [((r.top if direction == 1 else r.bottom), r) for r in ev_rows]
    events += [(r.y, r) for r in ev_rules]
    events.sort(key=lambda e: e[0] * direction)
    edge = start
    first = True
    got_rows: list[_Row] = []
    got_rules: list[_Rule] = []
    for i, (pos, ev) in enumerate(events):
        if (pos - limit) * direction >= 0:
            break
        gap = (pos - edge) * direction
        allowed = near if first else max(18.0, 2.2 * body)
        if gap > allowed:
            break
        if isinstance(ev, _Rule):
            if got_rules:
                f = got_rules[0]
                if ev.x0 < f.x0 - 0.5 * body or ev.x1 > f.x1 + 0.5 * body:
                    break  # a rule of another table
            got_rules.append(ev)
            edge = ev.y
            first = False
            continue
        if _is_prose(ev, *xr, body):
            # enclosed by a later rule close by? (text-heavy table)
            later = [
                e for p2, e in events[i + 1 : i + 4] if isinstance(e, _Rule) and abs(p2 - pos) <= 2.5 * body
            ]
            if not got_rules or not later:
                break
        got_rows.append(ev)
        edge = ev.bottom if direction == 1 else ev.top
        first = False
    if not got_rows:
        return None
    # trim notes between the caption and the nearest frame rule, and small-font
    # footnotes beyond the farthest one
    if got_rules:
        wmax = max(r.width for r in got_rules)
        frame = sorted((r.y for r in got_rules if r.width >= 0.8 * wmax), key=lambda y: y * direction)
        near_y, far_y = frame[0], frame[-1]
        tsize = statistics.median(r.size for r in got_rows)
        kept = []
        for r in got_rows:
            mid_y = (r.top + r.bottom) / 2
            if len(frame) >= 2 and (mid_y - near_y) * direction < 0:
                continue
            if len(frame) >= 2 and (mid_y - far_y) * direction > 0:
                edge_y = r.top if direction == 1 else r.bottom
                if r.size < 0.95 * tsize or _is_prose(r, *xr, body) or abs(edge_y - far_y) > 1.5 * body:
                    continue
            kept.append(r)
        if len(kept) >= 2:
            got_rows = kept
    if got_rules:
        # the rules give the table's width: drop words of a figure set beside it
        wmax = max(r.width for r in got_rules)
        frame_rules = [r for r in got_rules if r.width >= 0.8 * wmax]
        fx0 = min(r.x0 for r in frame_rules) - 0.5 * body
        fx1 = max(r.x1 for r in frame_rules) + 0.5 * body
        clipped = []
        for r in got_rows:
            ws = [w for w in r.words if fx0 <= w.xc <= fx1]
            if ws:
                clipped.append(_Row(ws, min(w.top for w in ws), max(w.bottom for w in ws), r.size))
        if len(clipped) >= 2:
            got_rows = clipped
    top = min(r.top for r in got_rows)
    bottom = max(r.bottom for r in got_rows)
    x0 = min(r.x0 for r in got_rows)
    x1 = max(r.x1 for r in got_rows)
    region_rules = [r for r in got_rules if top - 25 <= r.y <= bottom + 25]
    return _Region(cap, x0, x1, top, bottom, sorted(region_rules, key=lambda r: r.y))


# --------------------------------------------------------------------------- grid


@dataclass
class _GCell:
    words: list[_Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)


def _join(words: Sequence[_Word], main_size: float, main_bottom: float) -> tuple[str, str]:
    """(normalised text, raw text) of a cell's words in reading order."""
    ws = sorted(words, key=lambda w: (round(w.top / 3), w.x0))
    text_parts: list[str] = []
    raw_parts: list[str] = []
    prev: _Word | None = None
    for w in ws:
        sup = w.size < 0.8 * main_size and w.bottom < main_bottom - 0.15 * main_size
        tight = prev is not None and w.x0 - prev.x1 < 0.12 * w.size and abs(w.top - prev.top) < 3
        # raw keeps the page's text lines (as `extract_text` groups them: tops 3pt apart), so a
        # subscript printed below its value ("56.4" over "(5)") stays on its own line
        new_line = prev is not None and abs(w.top - prev.top) >= 3
        raw_parts.append(("\n" if new_line else "" if tight or not raw_parts else " ") + w.text)
        if sup:
            text_parts.append("^" + w.text)
        else:
            text_parts.append(("" if tight or not text_parts else " ") + w.text)
        prev = w
    return normalize_text("".join(text_parts)), "".join(raw_parts).strip()


def _columns(rows: Sequence[_Row], min_gap: float) -> list[tuple[float, float]]:
    """Column x-ranges: maximal x-intervals covered by body words, split at common gaps."""
    spans = sorted((w.x0, w.x1) for r in rows for w in r.words)
    cols: list[tuple[float, float]] = []
    for a, b in spans:
        if cols and a - cols[-1][1] < min_gap:
            cols[-1] = (cols[-1][0], max(cols[-1][1], b))
        else:
            cols.append((a, b))
    return cols


def _assign(x0: float, x1: float, cols: Sequence[tuple[float, float]]) -> int:
    best, best_ov = 0, -math.inf
    for i, (a, b) in enumerate(cols):
        ov = min(x1, b) - max(x0, a)
        if ov > best_ov:
            best, best_ov = i, ov
    return best


def _overlapping(x0: float, x1: float, cols: Sequence[tuple[float, float]]) -> list[int]:
    return [i for i, (a, b) in enumerate(cols) if min(x1, b) - max(x0, a) > 0.5]


def _build_table(region: _Region, words: Sequence[_Word], page_no: int, body: float) -> Table | None:
    rows = _cluster_rows(words)
    if len(rows) < 3:
        return None
    size = statistics.median(w.size for w in words)
    rules = region.rules
    width = region.x1 - region.x0
    wmax = max((r.width for r in rules), default=0.0)
    wide = [r for r in rules if r.width >= max(0.6 * width, 0.9 * wmax)]

    # --- header boundary
    header_end: float | None = None
    if wide:
        top_rule = wide[0]
        after = [
            r for r in wide[1:] if r.y > top_rule.y + 3 and any(top_rule.y < rw.top < r.y for rw in rows)
        ]
        if top_rule.y > rows[0].top:  # no top rule above the first row: first wide rule is the midrule
            header_end = top_rule.y
        elif after:
            header_end = after[0].y

    # --- label rows (one dense run of text) stay out of the column search
    min_gap = max(3.0, 0.45 * size)

    def is_label_row(r: _Row) -> bool:
        segs = _segments(r, min_gap)
        return len(segs) == 1 and len(r.words) >= 2 and not any(_is_numeric(w.text) for w in r.words)

    hdr_rows_guess = [r for r in rows if header_end is not None and r.bottom <= header_end + 1]
    body_rows = [r for r in rows if r not in hdr_rows_guess]
    if header_end is None:
        # rows before the first numeric-dominant row are header rows
        for i, r in enumerate(rows):
            segs = _segments(r, min_gap)
            nums = sum(1 for s in segs if _is_numeric(" ".join(w.text for w in s)))
            if len(segs) >= 2 and nums >= max(1, (len(segs) - 1) / 2):
                hdr_rows_guess = rows[:i] if i > 0 else rows[:1]
                body_rows = rows[len(hdr_rows_guess) :]
                break
        else:
            hdr_rows_guess = rows[:1]
            body_rows = rows[1:]
    if len(hdr_rows_guess) > 6:
        return None
    colrows = [r for r in body_rows if not is_label_row(r) and r.size >= 0.8 * size]
    if len(colrows) < 2:
        return None
    # small words (superscripts) do not define columns
    col_src = [_Row([w for w in r.words if w.size >= 0.8 * r.size], r.top, r.bottom, r.size) for r in colrows]
    cols = _columns(col_src, min_gap)
    if len(cols) < 2:
        return None

    n = len(cols)
    grid: list[list[_GCell | None]] = []
    spanned: list[list[bool]] = []
    row_objs: list[_Row] = []
    for r in rows:
        cells: list[_GCell | None] = [None] * n
        if r in body_rows and is_label_row(r):
            cells[_assign(r.x0, r.x0 + 1, cols)] = _GCell(list(r.words))
        elif r in hdr_rows_guess:
            _header_cells(r, cols, min_gap, cells)
        else:
            for w in r.words:
                ci = _assign(w.x0, w.x1, cols)
                if cells[ci] is None:
                    cells[ci] = _GCell([w])
                else:
                    cells[ci].words.append(w)  # type: ignore[union-attr]
        grid.append(cells)
        spanned.append([False] * n)
        row_objs.append(r)
    n_header = len(hdr_rows_guess)
    # header labels set between header rows (\multirow): move into the last header row
    if n_header >= 2:
        last = grid[n_header - 1]
        for hi in range(n_header - 1):
            filled = [j for j, c in enumerate(grid[hi]) if c is not None]
            others = [grid[k] for k in range(n_header) if k != hi]
            if filled and all(all(o[j] is None for o in others) for j in filled):
                for j in filled:
                    last[j] = grid[hi][j]
                    grid[hi][j] = None

    # --- spanning header cells: repeat over spanned columns
    text_grid: list[list[tuple[_GCell | None, bool]]] = [[(c, False) for c in row] for row in grid]
    stub = _stub_columns(grid[n_header:], cols)
    for hi in range(n_header):
        below = [r for r in row_objs[hi + 1 :] if r.top > row_objs[hi].bottom - 0.5]
        _expand_header(grid[hi], text_grid[hi], cols, rules, row_objs[hi], below[0] if below else None, stub)

    # --- floating multi-row labels in the first column and carried labels
    _row_labels(text_grid, row_objs, n_header, rules, cols)

    # --- build Cells
    out_rows: list[list[Cell]] = []
    for ri, row in enumerate(text_grid):
        r = row_objs[ri]
        main_bottom = (
            statistics.median(w.bottom for w in r.words if w.size >= 0.8 * r.size)
            if any(w.size >= 0.8 * r.size for w in r.words)
            else r.bottom
        )
        cells_out: list[Cell] = []
        for gc, is_span in row:
            if gc is None or not gc.words:
                cells_out.append(Cell("", "", page=page_no))
                continue
            text, raw = _join(gc.words, r.size, main_bottom)
            bbox = (
                round(min(w.x0 for w in gc.words), 2),
                round(min(w.top for w in gc.words), 2),
                round(max(w.x1 for w in gc.words), 2),
                round(max(w.bottom for w in gc.words), 2),
            )
            nchars = sum(len(w.text) for w in gc.words)
            bold = sum(len(w.text) for w in gc.words if w.bold) > nchars / 2
            cells_out.append(Cell(text, raw, page=page_no, bbox=bbox, spanned=is_span, emphasis=bold))
        if any(c.text for c in cells_out):
            out_rows.append(cells_out)
        elif ri < n_header:
            n_header -= 1
    # drop rows that only hold floating labels already merged
    out_rows = [r for r in out_rows if any(c.text for c in r)]
    # drop empty columns
    keep = [j for j in range(n) if any(r[j].text for r in out_rows)]
    out_rows = [[r[j] for j in keep] for r in out_rows]
    if not _plausible(out_rows, n_header):
        return None
    return Table(rows=out_rows, header_rows=max(1, n_header), page=page_no)


def _header_cells(
    r: _Row, cols: Sequence[tuple[float, float]], min_gap: float, cells: list[_GCell | None]
) -> None:
    """Header words into cells: words merge into phrases unless each sits in its own column."""
    groups: list[list[_Word]] = []
    for w in r.words:
        if groups:
            prev = groups[-1][-1]
            gap = w.x0 - prev.x1
            po = _overlapping(prev.x0, prev.x1, cols)
            wo = _overlapping(w.x0, w.x1, cols)
            separate = len(po) == 1 and len(wo) == 1 and po != wo
            if gap < 0.36 * w.size or (gap < min_gap and not separate):
                groups[-1].append(w)
                continue
        groups.append([w])
    for g in groups:
        x0, x1 = g[0].x0, g[-1].x1
        ov = _overlapping(x0, x1, cols)
        ci = ov[0] if ov else _assign(x0, x1, cols)
        if cells[ci] is None:
            cells[ci] = _GCell(list(g))
        else:
            cells[ci].words.extend(g)  # type: ignore[union-attr]


def _stub_columns(body: Sequence[Sequence[_GCell | None]], cols: Sequence[tuple[float, float]]) -> int:
    """How many leading columns hold mostly non-numeric labels."""
    k = 0
    for j in range(len(cols)):
        vals = [" ".join(w.text for w in c.words) for row in body if (c := row[j]) is not None]
        if not vals:
            break
        if sum(1 for v in vals if _is_numeric(v)) >= len(vals) / 2:
            break
        k += 1
    return min(k, max(0, len(cols) - 1))


def _expand_header(
    cells: list[_GCell | None],
    out: list[tuple[_GCell | None, bool]],
    cols: Sequence[tuple[float, float]],
    rules: Sequence[_Rule],
    row: _Row,
    next_row: _Row | None,
    stub: int,
) -> None:
    n = len(cols)
    owners: dict[int, int] = {}  # column -> owning cell column
    spans: dict[int, list[int]] = {}
    for ci, gc in enumerate(cells):
        if gc is None:
            continue
        ov = _overlapping(gc.x0, gc.x1, cols)
        if not ov:  # centred over a gap: the two columns around it
            c = (gc.x0 + gc.x1) / 2
            left = [j for j, (a, b) in enumerate(cols) if b <= c]
            ov = (
                [left[-1], left[-1] + 1]
                if left and left[-1] + 1 < n and ci in (left[-1], left[-1] + 1)
                else [ci]
            )
        spans[ci] = ov
        for j in ov:
            owners.setdefault(j, ci)
    centers = [(c.x0 + c.x1) / 2 for c in cells if c is not None]
    lower = row.bottom
    upper = next_row.top if next_row is not None else row.bottom + 2 * row.size
    for ci, ov in spans.items():
        gc = cells[ci]
        assert gc is not None
        center = (gc.x0 + gc.x1) / 2
        cm = [r for r in rules if lower - 1 <= r.y <= upper + 1 and r.x0 - 2 <= center <= r.x1 + 2]
        if cm:
            rule = min(cm, key=lambda r: r.width)
            if rule.width < 0.9 * (cols[-1][1] - cols[0][0]):
                new = [j for j, (a, b) in enumerate(cols) if rule.x0 - 2 <= (a + b) / 2 <= rule.x1 + 2]
                # a rule under several headers (one line under `PIQA  Winogrande  ...`) is no
                # one header's span: widen by the centres instead
                if new and all(owners.get(j, ci) == ci for j in new):
                    spans[ci] = new
                    continue
        if next_row is None:
            continue
        # symmetric widening around the centre, over free non-stub columns
        lo, hi = min(ov), max(ov)
        if len(ov) == 1 and lo < stub:
            continue
        while lo - 1 >= stub and hi + 1 < n:
            a, b = lo - 1, hi + 1
            if owners.get(a, ci) != ci or owners.get(b, ci) != ci:
                break
            mid_span = (cols[a][0] + cols[b][1]) / 2
            pitch = (cols[b][1] - cols[a][0]) / (b - a + 1)
            if abs(mid_span - center) > 0.35 * pitch:
                break
            # each new column must be nearer this cell's centre than any other cell's
            ca, cb = (cols[a][0] + cols[a][1]) / 2, (cols[b][0] + cols[b][1]) / 2
            if any(
                abs(oc - ca) < abs(center - ca) or abs(oc - cb) < abs(center - cb)
                for oc in centers
                if oc != center
            ):
                break
            lo, hi = a, b
        spans[ci] = list(range(lo, hi + 1))
    for ci, cols_spanned in spans.items():
        gc = cells[ci]
        first = True
        for j in sorted(cols_spanned):
            if out[j][0] is not None and out[j][0] is not gc:
                continue
            out[j] = (gc, not first)
            first = False


def _row_labels(
    grid: list[list[tuple[_GCell | None, bool]]],
    rows: Sequence[_Row],
    n_header: int,
    rules: Sequence[_Rule],
    cols: Sequence[tuple[float, float]],
) -> None:
    """Multi-row labels of the first column: joined and repeated over their rows."""
    if len(cols) < 2:
        return
    body = list(range(n_header, len(grid)))

    def filled(i: int, j: int) -> bool:
        return grid[i][j][0] is not None

    def label_only(i: int) -> bool:
        return filled(i, 0) and not any(filled(i, j) for j in range(1, len(cols)))

    full = [i for i in body if any(filled(i, j) for j in range(1, len(cols)))]
    if len(full) < 2:
        return
    dense = [i for i in full if sum(1 for j in range(len(cols)) if filled(i, j)) >= min(3, len(cols))]
    if len(dense) < 2:
        dense = full
    pitch = statistics.median(rows[b].top - rows[a].top for a, b in itertools.pairwise(dense))
    # rows squeezed between full rows holding no first-column text: merge into nearest row
    for i in body:
        if i in full and not filled(i, 0):
            prev = [j for j in full if j < i]
            nxt = [j for j in full if j > i]
            if not prev or not nxt:
                continue
            d1, d2 = rows[i].top - rows[prev[-1]].top, rows[nxt[0]].top - rows[i].top
            cells = sum(1 for j in range(1, len(cols)) if filled(i, j))
            if min(d1, d2) < 0.45 * pitch and cells <= 2:
                tgt = prev[-1] if d1 <= d2 else nxt[0]
                for j in range(1, len(cols)):
                    src = grid[i][j][0]
                    if src is None:
                        continue
                    dst = grid[tgt][j][0]
                    if dst is None:
                        grid[tgt][j] = (_GCell(list(src.words)), False)
                    else:
                        dst.words.extend(src.words)
                    grid[i][j] = (None, False)
    full = [i for i in body if any(filled(i, j) for j in range(1, len(cols)))]
    stub_x1 = cols[0][1]
    cuts = sorted(r.y for r in rules if r.x0 <= stub_x1 + 1)
    blocks: list[list[int]] = []
    for i in body:
        if not filled(i, 0) and i not in full:
            continue
        if blocks:
            prev_i = blocks[-1][-1]
            sep = any(rows[prev_i].bottom - 1 < y < rows[i].top + 1 for y in cuts)
            if not sep and rows[i].top - rows[prev_i].top <= 1.8 * pitch:
                blocks[-1].append(i)
                continue
        blocks.append([i])
    for block in blocks:
        labelled = [i for i in block if filled(i, 0)]
        empty_full = [i for i in block if i in full and not filled(i, 0)]
        if not labelled or not empty_full:
            continue
        # runs: consecutive first-column lines that continue one label
        runs: list[list[int]] = []
        for i in labelled:
            if runs:
                p = runs[-1][-1]
                txt = " ".join(w.text for w in grid[i][0][0].words)  # type: ignore[union-attr]
                cont = txt[:1].islower() or txt[:1] in "&(-/" or label_only(i) or label_only(p)
                if cont and rows[i].top - rows[p].top <= 1.3 * pitch:
                    runs[-1].append(i)
                    continue
            runs.append([i])
        labels: list[tuple[float, _GCell]] = []
        for run in runs:
            words = [w for i in run for w in grid[i][0][0].words]  # type: ignore[union-attr]
            centre = (rows[run[0]].top + rows[run[-1]].bottom) / 2
            labels.append((centre, _GCell(words)))
            for i in run:
                grid[i][0] = (None, False)
        top_aligned = block[0] == runs[0][0]
        targets = [i for i in block if i in full]
        seen: set[int] = set()
        for i in targets:
            if top_aligned:
                cands = [
                    lab
                    for (c, lab), run in zip(labels, runs, strict=True)
                    if rows[run[0]].top <= rows[i].top + 1
                ]
                lab = cands[-1] if cands else None
            else:
                mid = (rows[i].top + rows[i].bottom) / 2
                lab = min(labels, key=lambda cl: abs(cl[0] - mid))[1]
            if lab is None:
                continue
            grid[i][0] = (lab, id(lab) in seen)
            seen.add(id(lab))
        for run in runs:
            for i in run:
                if i not in full:
                    grid[i] = [(None, False)] * len(grid[i])
    # carry labels down into empty first cells of continuing rows (no block structure)
    last: _GCell | None = None
    for i in body:
        c, _ = grid[i][0]
        if c is not None:
            last = None if label_only(i) else c
            continue
        if i in full and last is not None and not (len(cols) > 2 and not filled(i, 1)):
            grid[i][0] = (last, True)


def _plausible(rows: Sequence[Sequence[Cell]], n_header: int) -> bool:
    if not rows or len(rows[0]) < 2 or len(rows) - n_header < 2:
        return False
    texts = [c.text for r in rows for c in r if c.text and not c.spanned]
    if not texts:
        return False
    good = sum(1 for t in texts if "(cid:" not in t and _WORDLIKE_RE.search(t))
    if good < 0.6 * len(texts):
        return False
    # rows where at least 2 cells are filled
    filled = sum(1 for r in rows if sum(1 for c in r if c.text) >= 2)
    return filled >= 3


# --------------------------------------------------------------------------- pages


class _FormSkippingInterpreter(PDFPageInterpreter):
    """Interprets a page's own content stream but not its Form XObjects (figures)."""

    skipped = 0

    def do_Do(self, xobjid_arg: Any) -> None:
        try:
            xobj = stream_value(self.xobjmap[literal_name(xobjid_arg)])
        except Exception:
            return
        if xobj.get("Subtype") is LITERAL_FORM:
            self.skipped += 1
            return
        super().do_Do(xobjid_arg)


def _light_layout(page: Any) -> int:
    """Lay `page` out without Form XObjects; returns how many were skipped."""
    device = PDFPageAggregatorWithMarkedContent(
        page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams
    )
    interp = _FormSkippingInterpreter(page.pdf.rsrcmgr, device)
    interp.process_page(page.page_obj)
    page._layout = device.get_result()
    return interp.skipped


_CAPTION_HINT = re.compile(r"T\s*a\s*b\s*l\s*e|TABLE|Tab\.")


def _page_tables(page: Any, page_no: int) -> tuple[list[Table], int]:
    """Tables on one page and the page's character count."""
    skipped = _light_layout(page)
    chars = page.chars
    nchars = len(chars)
    if nchars < 200 and skipped:
        page.flush_cache()
        chars = page.chars
        nchars = len(chars)
        skipped = 0
    if nchars == 0 or nchars > MAX_CHARS_PER_PAGE:
        return [], nchars
    if not _CAPTION_HINT.search("".join(c["text"] for c in chars)):
        return [], nchars
    raw = page.extract_words(x_tolerance_ratio=0.16, y_tolerance=2, extra_attrs=["fontname", "size"])
    words = _merge_small_caps(_to_words(raw))
    rows = _cluster_rows(words)
    rules = _page_rules(page)
    captions, figures = _find_captions(rows, rules)
    if not captions:
        return [], nchars
    if skipped:  # the page has figures: re-read in full, tables may embed forms
        page.flush_cache()
        words = _merge_small_caps(
            _to_words(
                page.extract_words(x_tolerance_ratio=0.16, y_tolerance=2, extra_attrs=["fontname", "size"])
            )
        )
        rows = _cluster_rows(words)
        rules = _page_rules(page)
        captions, figures = _find_captions(rows, rules)
    width = float(page.width)
    two_col = _two_column(rows, width)
    body = _body_size(rows)
    tables: list[Table] = []
    cap_ids = {id(w) for c in captions for w in c.words}
    for cap in captions:
        region = _find_region(cap, captions, figures, rows, rules, width, two_col, body)
        if region is None:
            continue
        ws = [
            w
            for w in words
            if id(w) not in cap_ids
            and region.top - 0.5 <= w.top
            and w.bottom <= region.bottom + 0.5
            and region.x0 - 0.5 <= w.xc <= region.x1 + 0.5
        ]
        t = _build_table(region, ws, page_no, body)
        if t is None:
            continue
        t.caption = cap.text
        t.line = None
        t.notes.append(f"caption {'above' if cap.bottom <= region.top else 'below'} table")
        m = re.fullmatch(r"\d+", cap.number)
        t.index = int(cap.number) - 1 if m else -1
        if any(_same_grid(t, u) for u in tables):
            continue
        tables.append(t)
    return tables, nchars


def _same_grid(a: Table, b: Table) -> bool:
    return [[c.text for c in r] for r in a.rows] == [[c.text for c in r] for r in b.rows]


# --------------------------------------------------------------------------- entry points


def _exc_message(e: BaseException) -> str:
    inner: BaseException = e
    while inner.args and isinstance(inner.args[0], BaseException):
        inner = inner.args[0]
    msg = str(inner) or type(inner).__name__
    return f"{type(inner).__name__}: {msg}"[:300]


def _is_encryption(e: BaseException) -> bool:
    inner: BaseException = e
    while True:
        if isinstance(inner, PDFEncryptionError):
            return True
        if inner.args and isinstance(inner.args[0], BaseException):
            inner = inner.args[0]
        else:
            return False


@register_table_reader("pdf", ("application/pdf",))
def read_pdf_tables(doc: DocumentInput) -> list[Table]:
    """All tables with a ``Table N`` caption in a PDF paper (see module docstring)."""
    check_pdf_bytes(doc)
    name = doc_name(doc)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            pdf = pdfplumber.open(io.BytesIO(doc.data))
        except Exception as e:
            if _is_encryption(e):
                raise DocumentError(f"{name}: encrypted PDF that needs a password ({_exc_message(e)})") from e
            raise DocumentError(f"{name}: PDF cannot be parsed ({_exc_message(e)})") from e
        with pdf:
            return _read_open_pdf(pdf, name)


def _read_open_pdf(pdf: Any, name: str) -> list[Table]:
    try:
        pages = pdf.pages
    except Exception as e:
        raise DocumentError(f"{name}: PDF page tree cannot be read ({_exc_message(e)})") from e
    if not pages:
        raise DocumentError(f"{name}: PDF has no pages")
    total_chars = 0
    tables: list[Table] = []
    table_pages = 0
    notes: list[str] = []
    failed_pages: list[int] = []
    first_error: BaseException | None = None
    if len(pages) > MAX_PAGES:
        msg = f"{name}: only the first {MAX_PAGES} of {len(pages)} pages were scanned for tables"
        log.warning(msg)
        notes.append(msg)
    for i, page in enumerate(pages[:MAX_PAGES]):
        try:
            if table_pages >= MAX_TABLE_PAGES:
                notes.append(f"table pages after {MAX_TABLE_PAGES} were not analysed")
                break
            found, nchars = _page_tables(page, i + 1)
            total_chars += nchars
            if found:
                table_pages += 1
                tables.extend(found)
        except Exception as e:
            if _is_encryption(e):
                raise DocumentError(f"{name}: encrypted PDF that needs a password ({_exc_message(e)})") from e
            failed_pages.append(i + 1)
            first_error = first_error or e
            log.warning("%s: page %d cannot be parsed: %s", name, i + 1, _exc_message(e))
        finally:
            page.close()
    if failed_pages and len(failed_pages) == min(len(pages), MAX_PAGES):
        assert first_error is not None
        raise DocumentError(f"{name}: no page of the PDF can be parsed ({_exc_message(first_error)})")
    if total_chars == 0:
        raise DocumentError(f"{name}: PDF has no text layer (image-only or scanned pages)")
    if failed_pages:
        notes.append(f"pages that could not be parsed: {failed_pages}")
    # document order for tables without a numeric caption
    used = {t.index for t in tables if t.index >= 0}
    nxt = 0
    for t in tables:
        if t.index < 0:
            while nxt in used:
                nxt += 1
            t.index = nxt
            used.add(nxt)
        t.notes.extend(notes)
    return tables


def read_pdf_path(path: str | Path) -> list[Table]:
    """Read one PDF file from disk (helper for `read_many` and the benchmark)."""
    p = Path(path)
    data = p.read_bytes()
    return read_pdf_tables(DocumentInput(data=data, content_type="application/pdf", url=str(p), sha256=""))


def read_many(paths: Sequence[str | Path], workers: int = 2) -> list[list[Table] | DocumentError]:
    """Read several PDFs in parallel processes; a bad document yields its DocumentError."""
    if workers <= 1 or len(paths) <= 1:
        return [_safe_read(str(p)) for p in paths]
    with ProcessPoolExecutor(max_workers=workers) as ex:
        return list(ex.map(_safe_read, [str(p) for p in paths]))


def _safe_read(path: str) -> list[Table] | DocumentError:
    try:
        return read_pdf_path(path)
    except DocumentError as e:
        return e
