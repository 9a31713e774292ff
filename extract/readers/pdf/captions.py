"""Table captions (`Table N:`, `Table N.`, `Table N |`, `TABLE IV.`, `Tab. 2:`) with their
continuation lines, and the boxes of figure captions (which stop a table region)."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchtable.extract.readers.pdf.settings import PdfSettings
from benchtable.extract.readers.pdf.words import Row, Rule, Word, normalize_text, segments

CAPTION_RE = re.compile(r"^(?:Table|TABLE|Tab\.)\s*((?:[A-Z]\.?)?\d+(?:\.\d+)?|[IVX]+)\s*([:.|])")
FIGURE_RE = re.compile(r"^(?:Figure|FIGURE|Fig\.)\s*(?:[A-Z]\.?)?\d+")
CAPTION_HINT = re.compile(r"T\s*a\s*b\s*l\s*e|TABLE|Tab\.")
"""Cheap test on a page's characters: could the page hold a table caption at all?"""

Box = tuple[float, float, float, float]
"""(x0, top, x1, bottom)"""


@dataclass
class Caption:
    number: str
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    words: list[Word] = field(default_factory=list)


def find_captions(rows: list[Row], rules: Sequence[Rule], s: PdfSettings) -> tuple[list[Caption], list[Box]]:
    """Table captions (with their continuation lines) and figure-caption boxes."""
    captions: list[Caption] = []
    figures: list[Box] = []
    mid = (min((r.x0 for r in rows), default=0.0) + max((r.x1 for r in rows), default=0.0)) / 2
    for ri, row in enumerate(rows):
        for seg in _side_by_side(segments(row, s.phrase_gap_ratio * row.size), mid, s):
            head = " ".join(w.text for w in seg[: s.caption_head_words])
            m = CAPTION_RE.match(head)
            if m is None:
                if FIGURE_RE.match(head):
                    figures.append((seg[0].x0, row.top, seg[-1].x1, row.bottom))
                continue
            if ri > 0 and _sentence_runs_on(rows[ri - 1], row, seg, s):
                continue
            captions.append(_caption(m.group(1), seg, row, rows[ri + 1 :], rules, s))
    return captions, figures


def _sentence_runs_on(prev: Row, row: Row, seg: list[Word], s: PdfSettings) -> bool:
    """`Table 3.` at the start of a line that continues a sentence of the prose line just
    above it (`... listed in` / `Table 3. On ...`): a reference, not a caption."""
    above = [w for w in prev.words if w.x1 > seg[0].x0 and w.x0 < seg[-1].x1]
    if len(above) < s.prose_min_words or row.top - prev.bottom > s.caption_line_gap * row.size:
        return False
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(above)]
    if max(gaps, default=0.0) > s.prose_max_gap_ratio * row.size:
        return False
    last = above[-1].text
    return last[-1].isalpha() and abs(above[0].x0 - seg[0].x0) <= s.caption_x_slack


def _side_by_side(segs: list[list[Word]], mid: float, s: PdfSettings) -> list[list[Word]]:
    """Two captions set side by side with only a word space between them: a caption line
    split where a second caption starts at the page's middle."""
    out: list[list[Word]] = []
    for seg in segs:
        if not CAPTION_RE.match(" ".join(w.text for w in seg[: s.caption_head_words])):
            out.append(seg)
            continue
        cut = next(
            (
                i
                for i in range(1, len(seg))
                if abs(seg[i].x0 - mid) <= s.caption_gutter_slack
                and CAPTION_RE.match(" ".join(w.text for w in seg[i : i + s.caption_head_words]))
            ),
            None,
        )
        out.extend([seg] if cut is None else [seg[:cut], seg[cut:]])
    return out


def _caption(
    number: str, seg: list[Word], row: Row, below: Sequence[Row], rules: Sequence[Rule], s: PdfSettings
) -> Caption:
    """The caption starting with `seg`, grown by its continuation lines in `below`."""
    cap_words = list(seg)
    lines = [" ".join(w.text for w in seg)]
    x0, x1 = seg[0].x0, seg[-1].x1
    bottom = max(w.bottom for w in seg)
    size = statistics.median(w.size for w in seg)
    for nxt in below:
        if nxt.top - bottom > s.caption_line_gap * size:
            break
        if nxt.top < bottom - s.caption_line_overlap * size:
            continue
        cont = _continuation(nxt, x0, x1, bottom, size, rules, s)
        if cont is None:
            break
        if not cont:
            continue
        cap_words.extend(cont)
        lines.append(" ".join(w.text for w in cont))
        x1 = max(x1, cont[-1].x1)
        bottom = max(w.bottom for w in cont)
    text = normalize_text(_joined_lines(lines))
    return Caption(number, text, x0, x1, row.top, bottom, size, cap_words)


def _joined_lines(lines: list[str]) -> str:
    """Caption lines as one text; a line ending in a hyphen after a letter or digit continues its
    word on the next line (`GPT-` / `NeoX 20B` is `GPT-NeoX 20B`, `4-` / `bit` is `4-bit`)."""
    text = lines[0]
    for line in lines[1:]:
        text += line if re.search(r"[A-Za-z0-9]-$", text) else f" {line}"
    return text


def _continuation(
    nxt: Row, x0: float, x1: float, bottom: float, size: float, rules: Sequence[Rule], s: PdfSettings
) -> list[Word] | None:
    """The words of `nxt` that continue the caption; [] to look further, None to stop."""
    reach = max(x1, x0 + s.caption_min_reach) + s.caption_x_slack
    cont = [w for w in nxt.words if w.x1 > x0 - s.caption_x_slack and w.x0 < reach]
    if not cont:
        return []
    slack = s.y_slack
    if any(bottom - slack < r.y < nxt.top + slack and r.x1 > x0 and r.x0 < x1 for r in rules):
        return None
    if sum(1 for w in cont if abs(w.size - size) > s.caption_size_tolerance) > len(cont) / 2:
        return None
    segs = segments(Row(cont, nxt.top, nxt.bottom, nxt.size), s.phrase_gap_ratio * size)
    if len(segs) != 1:
        return None
    if segs[0][0].x0 < x0 - s.caption_max_outdent * size:
        return None
    return segs[0]
