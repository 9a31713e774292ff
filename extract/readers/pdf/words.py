"""Words and text lines of a PDF page: text normalisation, words from pdfplumber's word
dicts, small-caps runs joined, words clustered into rows, and the page's horizontal rules."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from benchtable.extract.readers.pdf.settings import DEFAULT_SETTINGS, PdfSettings

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
_NUMERIC_RE = re.compile(
    r"^[(\[]?[-+\u2212~≈<>≤≥]?\$?\d[\d,]*(\.\d+)?([eE][-+]?\d+)?[%x×]?[)\]]?"
    r"([*†‡§¶]|\^\S+)*(\s*[±]\s*\d+(\.\d+)?)?[%]?$|^[-–—]$|^n/?a$|^N/?A$|^NaN$|^nan$"
)
_BOLD_RE = re.compile(r"bold|medi|black|heavy|demi|semibold|cmbx|-bx|\.b$|,b$|-b$", re.I)


def normalize_text(s: str) -> str:
    """Ligatures expanded, Unicode minus to '-', whitespace collapsed."""
    s = _LIG_RE.sub(lambda m: _LIGATURES[m.group(0)], s)
    return _WS_RE.sub(" ", s).strip()


def is_numeric(s: str) -> bool:
    """A cell that reads as a number (with marks, ±, %), a dash or n/a."""
    return bool(_NUMERIC_RE.match(s.replace(" ", "") if "±" not in s else s))


@dataclass(frozen=True)
class Word:
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
class Rule:
    """A horizontal rule of the page (booktabs `\\toprule`, `\\midrule`, `\\cmidrule`)."""

    x0: float
    x1: float
    y: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


class WordExtent:
    """The horizontal extent of a run of words (a row, a grid cell)."""

    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)


@dataclass
class Row(WordExtent):
    words: list[Word]
    top: float
    bottom: float
    size: float

    def max_gap(self) -> float:
        ws = sorted(self.words, key=lambda w: w.x0)
        return max((b.x0 - a.x1 for a, b in itertools.pairwise(ws)), default=0.0)

    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))


def row_of(words: list[Word], size: float) -> Row:
    """A row spanning exactly `words` (which must not be empty)."""
    return Row(words, min(w.top for w in words), max(w.bottom for w in words), size)


def to_words(raw: Iterable[dict[str, Any]], s: PdfSettings = DEFAULT_SETTINGS) -> list[Word]:
    """pdfplumber word dicts (with `fontname` and `size`) as upright, non-blank `Word`s."""
    out = []
    for w in raw:
        if not w.get("upright", True):
            continue
        text = str(w["text"])
        if not text.strip():
            continue
        out.append(
            Word(
                text,
                float(w["x0"]),
                float(w["x1"]),
                float(w["top"]),
                float(w["bottom"]),
                float(w.get("size", s.default_font_size)),
                bool(_BOLD_RE.search(str(w.get("fontname", "")))),
            )
        )
    return out


def _small_beside(small: float, large: float, s: PdfSettings) -> bool:
    return s.small_caps_min_ratio * large <= small < s.small_caps_max_ratio * large


def _continues_small_caps(prev: Word, tail: float, w: Word, s: PdfSettings) -> bool:
    """Does `w` continue the small-caps word `prev` (whose last piece has font size `tail`)?
    A smaller capital run after a capital or digit (`L` + `LAMA`), or a capital or digit of
    full size after a smaller run (`GSM` + `8` + `K`, `P` + `A` + `L`)."""
    if not (abs(w.x0 - prev.x1) <= s.small_caps_gap and abs(w.bottom - prev.bottom) <= s.small_caps_baseline):
        return False
    last = prev.text[-1:]
    if _small_beside(w.size, tail, s):
        return (
            w.text[:1].isupper() and w.text.replace("-", "").isalpha() and (last.isupper() or last.isdigit())
        )
    if _small_beside(tail, w.size, s) and last.isupper():
        return w.text.isdigit() or (w.text.isalpha() and w.text.isupper())
    return False


def merge_small_caps(words: list[Word], s: PdfSettings = DEFAULT_SETTINGS) -> list[Word]:
    """Join small-caps runs to their capitals: `L` + `LAMA` -> `LLAMA`, `GSM` + `8` + `K` -> `GSM8K`.

    LaTeX small caps set the lower-case letters as capitals of a smaller size right beside
    the capitals and digits of full size (no space); pdfminer splits them into words, which
    later read as raised footnote marks or as words out of order. Joined when each piece
    starts where the previous one ends (within a small overlap), sits on the same baseline
    and is upper-case text or digits.
    """
    out: list[Word] = []
    tails: list[float] = []
    by_line: dict[int, list[int]] = {}
    for w in sorted(words, key=lambda w: w.x0):
        key = round(w.bottom)
        hit = next(
            (
                idx
                for k in (key - 1, key, key + 1)
                for idx in by_line.get(k, ())
                if _continues_small_caps(out[idx], tails[idx], w, s)
            ),
            None,
        )
        if hit is not None:
            prev = out[hit]
            out[hit] = Word(
                prev.text + w.text,
                prev.x0,
                w.x1,
                min(prev.top, w.top),
                max(prev.bottom, w.bottom),
                max(prev.size, w.size),
                prev.bold or w.bold,
            )
            tails[hit] = w.size
            continue
        by_line.setdefault(key, []).append(len(out))
        out.append(w)
        tails.append(w.size)
    return out


def cluster_rows(words: Sequence[Word], s: PdfSettings = DEFAULT_SETTINGS) -> list[Row]:
    """Words into rows by `top`; smaller raised/lowered words join the row they overlap."""
    if not words:
        return []
    med = statistics.median(w.size for w in words)
    small_cut = s.small_font_ratio * med
    main = sorted((w for w in words if w.size >= small_cut), key=lambda w: (w.top, w.x0))
    rows: list[Row] = []
    for w in main:
        tol = max(s.row_top_tolerance, s.row_top_tolerance_ratio * w.size)
        if rows and abs(w.top - rows[-1].top) <= tol:
            r = rows[-1]
            r.words.append(w)
            r.bottom = max(r.bottom, w.bottom)
        else:
            rows.append(Row([w], w.top, w.bottom, w.size))
    for w in sorted((w for w in words if w.size < small_cut), key=lambda w: (w.top, w.x0)):
        _attach_small_word(rows, w, s)
    rows.sort(key=lambda r: r.top)
    for r in rows:
        r.words.sort(key=lambda w: w.x0)
        r.size = statistics.median(w.size for w in r.words)
    return rows


def _attach_small_word(rows: list[Row], w: Word, s: PdfSettings) -> None:
    best: Row | None = None
    best_ov = 0.0
    for r in rows:
        ov = min(r.bottom, w.bottom) - max(r.top, w.top)
        if ov > best_ov:
            best, best_ov = r, ov
    if best is not None and best_ov >= s.small_word_overlap * (w.bottom - w.top):
        best.words.append(w)
    else:
        rows.append(Row([w], w.top, w.bottom, w.size))


def segments(row: Row, gap: float) -> list[list[Word]]:
    """The row's words in runs separated by gaps wider than `gap`."""
    segs: list[list[Word]] = []
    for w in row.words:
        if segs and w.x0 - segs[-1][-1].x1 <= gap:
            segs[-1].append(w)
        else:
            segs.append([w])
    return segs


def page_rules(page: Any, s: PdfSettings = DEFAULT_SETTINGS) -> list[Rule]:
    """Horizontal rules: thin lines/rects, collinear pieces (dashes) merged."""
    pieces: list[Rule] = []
    for obj in list(page.lines) + list(page.rects):
        h = abs(float(obj["bottom"]) - float(obj["top"]))
        w = float(obj["x1"]) - float(obj["x0"])
        if h <= s.rule_max_thickness and w >= s.rule_min_piece:
            y = (float(obj["top"]) + float(obj["bottom"])) / 2
            pieces.append(Rule(float(obj["x0"]), float(obj["x1"]), y))
    return merge_rules(pieces, s)


def merge_rules(pieces: Iterable[Rule], s: PdfSettings = DEFAULT_SETTINGS) -> list[Rule]:
    """Collinear rule pieces joined; rules shorter than `rule_min_width` dropped."""
    buckets: dict[int, list[int]] = {}
    merged: list[Rule] = []
    for r in sorted(pieces, key=lambda r: r.x0):
        key = round(r.y / s.rule_merge_dy)
        hit = next(
            (
                idx
                for k in (key - 1, key, key + 1)
                for idx in buckets.get(k, ())
                if abs(merged[idx].y - r.y) < s.rule_merge_dy
                and merged[idx].x0 <= r.x0 <= merged[idx].x1 + s.rule_merge_dx
            ),
            None,
        )
        if hit is None:
            buckets.setdefault(key, []).append(len(merged))
            merged.append(r)
        else:
            m = merged[hit]
            merged[hit] = Rule(m.x0, max(m.x1, r.x1), m.y)
    return sorted((r for r in merged if r.width >= s.rule_min_width), key=lambda r: (r.y, r.x0))


def join_words(
    words: Sequence[Word], main_size: float, main_bottom: float, s: PdfSettings
) -> tuple[str, str]:
    """(normalised text, raw text) of a cell's words in reading order.

    A raised smaller word becomes `^mark`; raw keeps the page's text lines (tops
    `text_line_dy` apart, as `extract_text` groups them), so a subscript printed below its
    value ("56.4" over "(5)") stays on its own line.
    """
    ws = sorted(words, key=lambda w: (round(w.top / s.text_line_dy), w.x0))
    text_parts: list[str] = []
    raw_parts: list[str] = []
    prev: Word | None = None
    for w in ws:
        sup = (
            w.size < s.small_font_ratio * main_size
            and w.bottom < main_bottom - s.superscript_raise * main_size
        )
        tight = (
            prev is not None
            and w.x0 - prev.x1 < s.tight_gap_ratio * w.size
            and abs(w.top - prev.top) < s.text_line_dy
        )
        new_line = prev is not None and abs(w.top - prev.top) >= s.text_line_dy
        raw_parts.append(("\n" if new_line else "" if tight or not raw_parts else " ") + w.text)
        if sup:
            text_parts.append("^" + w.text)
        else:
            text_parts.append(("" if tight or not text_parts else " ") + w.text)
        prev = w
    return normalize_text("".join(text_parts)), "".join(raw_parts).strip()
