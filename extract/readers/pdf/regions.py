"""The region of the page a caption's table occupies.

The table lies below or above its caption (decided by the nearest horizontal rule, else by
which neighbour looks like table rows), inside the caption's column on two-column pages (or
the full width when the caption or the rules cross the gutter; side-by-side tables split the
band between captions). The region grows row by row away from the caption and stops at
another caption, a paragraph of body text, or a large vertical gap; with two or more
full-width rules it is trimmed to the outermost rules (footnotes under the bottom rule stay
out).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from benchtable.extract.readers.pdf.captions import Box, Caption
from benchtable.extract.readers.pdf.settings import PdfSettings
from benchtable.extract.readers.pdf.words import Row, Rule, Word, is_numeric, row_of, segments

XRange = tuple[float, float]


@dataclass
class Region:
    caption: Caption
    x0: float
    x1: float
    top: float
    bottom: float
    rules: list[Rule]


@dataclass(frozen=True)
class PageLayout:
    """What every region search on one page shares."""

    rows: Sequence[Row]
    rules: Sequence[Rule]
    captions: Sequence[Caption]
    figures: Sequence[Box]
    width: float
    two_col: bool
    body: float
    """The body-text font size (the most common word size)."""


def body_size(rows: Sequence[Row], s: PdfSettings) -> float:
    sizes = [round(w.size, 1) for r in rows for w in r.words]
    return statistics.mode(sizes) if sizes else s.default_font_size


def two_column(rows: Sequence[Row], width: float, s: PdfSettings) -> bool:
    """Does the page set its prose in two columns?"""
    mid = width / 2
    left = right = 0
    for r in rows:
        for seg in segments(r, s.phrase_gap_ratio * r.size):
            x0, x1 = seg[0].x0, seg[-1].x1
            if x1 - x0 > s.column_line_min_width * width and len(seg) >= s.column_line_min_words:
                if x1 < mid + s.gutter_slack:
                    left += 1
                elif x0 > mid - s.gutter_slack:
                    right += 1
    return left >= s.column_min_lines and right >= s.column_min_lines


def is_prose(row: Row, x0: float, x1: float, body: float, s: PdfSettings) -> bool:
    """A line of body text: many words at body size, no wide gaps, most of the width."""
    if len(row.words) < s.prose_min_words or row.size < body - s.prose_size_slack:
        return False
    if row.max_gap() > s.prose_max_gap_ratio * row.size:
        return False
    if sum(1 for w in row.words if is_numeric(w.text)) > s.prose_max_numeric_share * len(row.words):
        return False
    return (row.x1 - row.x0) >= s.prose_min_width * (x1 - x0)


def find_region(
    cap: Caption, page: PageLayout, s: PdfSettings, taken: Sequence[Region] = ()
) -> Region | None:
    """The table of caption `cap`, or None when neither side of it looks like a table.
    Rows and rules of `taken` regions (other captions' tables) are not this caption's."""
    xr = _x_range(cap, page, s)
    taken_rules = {id(r) for t in taken for r in t.rules}
    rr = [
        r
        for r in page.rules
        if min(r.x1, xr[1]) - max(r.x0, xr[0]) >= s.rule_in_range * r.width and id(r) not in taken_rules
    ]
    cap_ids = {id(w) for c in page.captions for w in c.words}
    trows: list[Row] = []
    for r in page.rows:
        ws = [w for w in r.words if _in_x(w, xr) and id(w) not in cap_ids and not _in_taken(w, taken)]
        if ws:
            trows.append(row_of(ws, r.size))
    direction = _direction(cap, xr, rr, trows, page.body, s)
    if direction is None:
        return None
    got_rows, got_rules = _walk(cap, direction, xr, rr, trows, page, s)
    if not got_rows and _rule_near(cap, -direction, rr, s):
        # the nearer side held no table rows (a rule drawn inside the caption's text):
        # the table lies on the other side, where a rule stands close by
        direction = -direction
        got_rows, got_rules = _walk(cap, direction, xr, rr, trows, page, s)
    if not got_rows:
        return None
    if got_rules:
        got_rows = _trim_to_frame(got_rows, got_rules, direction, xr, page.body, s)
        got_rows = _clip_to_rules(got_rows, got_rules, page.body, s)
    top = min(r.top for r in got_rows)
    bottom = max(r.bottom for r in got_rows)
    x0 = min(r.x0 for r in got_rows)
    x1 = max(r.x1 for r in got_rows)
    margin = s.region_rule_margin
    region_rules = [r for r in got_rules if top - margin <= r.y <= bottom + margin]
    return Region(cap, x0, x1, top, bottom, sorted(region_rules, key=lambda r: r.y))


def _in_taken(w: Word, taken: Sequence[Region]) -> bool:
    yc = (w.top + w.bottom) / 2
    return any(t.x0 <= w.xc <= t.x1 and t.top <= yc <= t.bottom for t in taken)


def _in_x(w: Word, xr: XRange) -> bool:
    return xr[0] <= w.xc <= xr[1]


def _x_range(cap: Caption, page: PageLayout, s: PdfSettings) -> XRange:
    """The caption's column (or the full width), narrowed by side-by-side captions."""
    mid = page.width / 2
    margin_l = min((r.x0 for r in page.rows), default=0.0)
    margin_r = max((r.x1 for r in page.rows), default=page.width)
    pad = s.margin_pad
    if page.two_col and cap.x1 < mid + s.caption_gutter_slack:
        xr = (margin_l - pad, mid)
    elif page.two_col and cap.x0 > mid - s.caption_gutter_slack:
        xr = (mid, margin_r + pad)
    else:
        xr = (margin_l - pad, margin_r + pad)
    boxes = [(c.x0, c.top, c.x1) for c in page.captions if c is not cap]
    boxes += [(f[0], f[1], f[2]) for f in page.figures]
    for ox0, otop, ox1 in boxes:
        if abs(otop - cap.top) > s.side_caption_band * cap.size:
            continue
        if ox0 >= cap.x1 - s.side_caption_slack:
            right = (cap.x1 + ox0) / 2 if ox0 > cap.x1 else ox0 - s.side_caption_slack
            xr = (xr[0], min(xr[1], right))
        elif ox1 <= cap.x0 + s.side_caption_slack:
            xr = (max(xr[0], (ox1 + cap.x0) / 2), xr[1])
    return xr


def _direction(
    cap: Caption, xr: XRange, rr: Sequence[Rule], trows: Sequence[Row], body: float, s: PdfSettings
) -> int | None:
    """1 when the table lies below the caption, -1 above, None when neither side fits."""
    near = _near(cap, s)
    slack = s.y_slack
    below_rule = min((r.y - cap.bottom for r in rr if r.y > cap.bottom - slack), default=math.inf)
    above_rule = min((cap.top - r.y for r in rr if r.y < cap.top + slack), default=math.inf)
    if below_rule <= near and below_rule <= above_rule:
        return 1
    if above_rule <= near:
        return -1

    def tableish(r: Row) -> bool:
        many = len(segments(r, s.cell_gap_ratio * r.size)) >= 2
        return (many or any(is_numeric(w.text) for w in r.words)) and not is_prose(r, *xr, body, s)

    nb = [r for r in trows if r.top > cap.bottom and r.top - cap.bottom < near]
    na = [r for r in trows if r.bottom < cap.top and cap.top - r.bottom < near]
    b_ok = bool(nb) and tableish(nb[0])
    a_ok = bool(na) and tableish(na[-1])
    if a_ok and not b_ok:
        return -1
    return 1 if b_ok else None


def _rule_near(cap: Caption, direction: int, rr: Sequence[Rule], s: PdfSettings) -> bool:
    """A rule within reach of the caption on the side `direction` points to."""
    if direction == 1:
        return any(0 <= r.y - cap.bottom <= _near(cap, s) for r in rr)
    return any(0 <= cap.top - r.y <= _near(cap, s) for r in rr)


def _near(cap: Caption, s: PdfSettings) -> float:
    """How far from its caption a table's first row or rule may start."""
    return max(s.caption_gap_min, s.caption_gap_ratio * cap.size)


def _walk(
    cap: Caption,
    direction: int,
    xr: XRange,
    rr: Sequence[Rule],
    trows: Sequence[Row],
    page: PageLayout,
    s: PdfSettings,
) -> tuple[list[Row], list[Rule]]:
    """Rows and rules taken walking away from the caption until a stop."""
    body = page.body
    stops = [(c.top, c.bottom) for c in page.captions if c is not cap and _in_x(c.words[0], xr)]
    stops += [(f[1], f[3]) for f in page.figures if xr[0] <= (f[0] + f[2]) / 2 <= xr[1]]
    edge_slack, slack = s.edge_slack, s.y_slack
    if direction == 1:
        start = cap.bottom
        ev_rows = [r for r in trows if r.top > start - edge_slack]
        ev_rules = [r for r in rr if r.y > start - slack]
        limit = min((st[0] for st in stops if st[0] > start), default=math.inf)
    else:
        start = cap.top
        ev_rows = [r for r in trows if r.bottom < start + edge_slack]
        ev_rules = [r for r in rr if r.y < start + slack]
        limit = max((st[1] for st in stops if st[1] < start), default=-math.inf)
    events: list[tuple[float, Row | Rule]] = [((r.top if direction == 1 else r.bottom), r) for r in ev_rows]
    events += [(r.y, r) for r in ev_rules]
    events.sort(key=lambda e: e[0] * direction)
    edge = start
    first = True
    got_rows: list[Row] = []
    got_rules: list[Rule] = []
    for i, (pos, ev) in enumerate(events):
        if (pos - limit) * direction >= 0:
            break
        allowed = _near(cap, s) if first else max(s.row_gap_min, s.row_gap_ratio * body)
        if (pos - edge) * direction > allowed:
            break
        if isinstance(ev, Rule):
            if got_rules and not _same_table_rule(got_rules, ev, body, s):
                break
            got_rules.append(ev)
            edge = ev.y
        else:
            if is_prose(ev, *xr, body, s) and not (got_rules and _ruled_below(events[i + 1 :], pos, body, s)):
                break
            got_rows.append(ev)
            edge = ev.bottom if direction == 1 else ev.top
        first = False
    return got_rows, got_rules


def _same_table_rule(taken: Sequence[Rule], rule: Rule, body: float, s: PdfSettings) -> bool:
    """A rule within the span of the rules taken so far, or one spanning all of them (the first
    rule taken may be a short one under a spanning header cell, the frame rule comes after)."""
    reach = s.rule_extent_slack * body
    x0, x1 = min(r.x0 for r in taken), max(r.x1 for r in taken)
    inside = x0 - reach <= rule.x0 and rule.x1 <= x1 + reach
    spans = rule.x0 <= x0 + reach and x1 - reach <= rule.x1
    return inside or spans


def _ruled_below(later: Sequence[tuple[float, Row | Rule]], pos: float, body: float, s: PdfSettings) -> bool:
    """A rule close after a prose-like row: the row is text inside a text-heavy table."""
    window = later[: s.prose_rule_lookahead]
    return any(isinstance(e, Rule) and abs(p2 - pos) <= s.prose_rule_reach * body for p2, e in window)


def _trim_to_frame(
    got_rows: list[Row], got_rules: Sequence[Rule], direction: int, xr: XRange, body: float, s: PdfSettings
) -> list[Row]:
    """Notes between the caption and the nearest frame rule, small-font footnotes beyond the
    farthest one, and text rows above the top rule of a table captioned below, dropped."""
    wmax = max(r.width for r in got_rules)
    frame = sorted(
        (r.y for r in got_rules if r.width >= s.frame_rule_ratio * wmax), key=lambda y: y * direction
    )
    near_y, far_y = _near_edge(got_rules, frame[0], direction, body, s), frame[-1]
    tsize = statistics.median(r.size for r in got_rows)
    inside = [r for r in got_rows if ((r.top + r.bottom) / 2 - far_y) * direction < 0]
    first_inside = max(inside, key=lambda r: r.top * direction, default=None)
    # a header row just inside the far rule of a table captioned below: that rule is the top rule
    header_inside = direction == -1 and first_inside is not None and _mostly_text(first_inside)
    kept = []
    for r in got_rows:
        mid_y = (r.top + r.bottom) / 2
        if len(frame) >= 2 and (mid_y - near_y) * direction < 0:
            continue
        if len(frame) >= 2 and (mid_y - far_y) * direction > 0:
            edge_y = r.top if direction == 1 else r.bottom
            small = r.size < s.footnote_size_ratio * tsize
            if small or is_prose(r, *xr, body, s) or abs(edge_y - far_y) > s.footnote_gap_ratio * body:
                continue
            if header_inside:
                continue  # a heading or the end of a paragraph above the top rule
        kept.append(r)
    return kept if len(kept) >= 2 else got_rows


def _near_edge(
    got_rules: Sequence[Rule], frame_y: float, direction: int, body: float, s: PdfSettings
) -> float:
    """Where the table starts on the caption's side: the nearest frame rule, or a line before
    a shorter rule nearer the caption (the underline of a spanning header cell)."""
    nearer = [r.y for r in got_rules if (r.y - frame_y) * direction < 0]
    if not nearer:
        return frame_y
    nearest = min(nearer, key=lambda y: y * direction)
    return nearest - direction * s.spanner_line_ratio * body


def _clip_to_rules(got_rows: list[Row], got_rules: Sequence[Rule], body: float, s: PdfSettings) -> list[Row]:
    """The rules give the table's width: words of a figure set beside it dropped."""
    wmax = max(r.width for r in got_rules)
    frame_rules = [r for r in got_rules if r.width >= s.frame_rule_ratio * wmax]
    fx0 = min(r.x0 for r in frame_rules) - s.rule_extent_slack * body
    fx1 = max(r.x1 for r in frame_rules) + s.rule_extent_slack * body
    clipped = []
    for r in got_rows:
        ws = [w for w in r.words if fx0 <= w.xc <= fx1]
        if ws:
            clipped.append(row_of(ws, r.size))
    return clipped if len(clipped) >= 2 else got_rows


def _mostly_text(r: Row) -> bool:
    return sum(1 for w in r.words if is_numeric(w.text)) < len(r.words) / 2
