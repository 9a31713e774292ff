"""Reading a number out of a table cell.

`parse_cell` returns the values a cell holds (usually one; `54.2 / 60.1` holds two),
an empty list for a gap (`-`, `—`, `N/A`, blank), and `None` when the cell holds
something that is not a score (`7B`, `2.0T`, a date, a word).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

_MARKUP = re.compile(
    r"</?(?:b|strong|i|em|u|code|span|sub|font|small|big|mark|center|p|div)\b[^>]*>|\*\*|__|`|~~",
    re.IGNORECASE,
)
_SUP_MARK = re.compile(r"<sup>\s*[0-9a-z*†‡§¶,]{1,3}\s*</sup>", re.IGNORECASE)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]{1,12}\]")  # Markdown footnote references: [^7]
_SUP_TAG = re.compile(r"</?sup>", re.IGNORECASE)
_SUB_DEVIATION = re.compile(r"(?<=[\d%])\s*<sub>\s*±?\s*(\d+(?:\.\d+)?)\s*</sub>", re.IGNORECASE)
"""A number set in subscript right after a value (`8.61<sub>0.04</sub>`): its deviation."""
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_FOOTNOTE_MARKS = "*†‡§¶#^♠♣♦♥⋆✝"
_GAP = {
    "",
    "-",
    "--",
    "---",
    "—",
    "–",
    "n/a",
    "na",
    "n.a.",
    "/",
    "x",
    "✗",
    "?",
    "none",
    "null",
    "nan",
    "tbd",
    "-%",
    "oom",
    "out of memory",
    "timeout",
}
_NUMBER = r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?"
_UNITS = r"(?:%|gib|gb|mib|mb|ms|s|tok/s|tokens/s|t/s|x)?"
_ONE = re.compile(
    rf"^(?P<bound>[<>≤≥~≈])?\s*(?P<num>{_NUMBER})\s*(?P<unit>{_UNITS})"
    rf"\s*(?:(?:±|\+/-|\+-)\s*{_NUMBER}\s*%?|\(\s*±?\s*{_NUMBER}\s*(?:%|x|×)?\s*\)|\[\s*{_NUMBER}\s*,\s*{_NUMBER}\s*\])?"
    r"$",
    re.IGNORECASE,
)
_TRAILING_DECORATION = re.compile(
    rf"(?<=[\d%])\s*\(\s*(?:{_NUMBER}(?:\s*/\s*{_NUMBER}){{1,9}}"  # per-run values: (8.67/8.61/8.56)
    rf"|(?:\d{{2}}\s*%\s*)?(?:CI\s*:?\s*)?{_NUMBER}(?:\s*(?:,|to|–)\s*|\s*(?=[-−])){_NUMBER}"  # an interval: (-2.0, +1.9)
    r"|#\s*\d+|\d+(?:st|nd|rd|th)|rank\s*\d+)\s*\)\s*$",  # a rank: (#1), (2nd)
    re.IGNORECASE,
)
"""What a leaderboard prints after the reported value in its cell: the runs it averages, its
confidence interval, its rank."""
_RANK_MARKS = re.compile(r"^[🥇🥈🥉🏆⭐🔥\ufe0f\s]+|[🥇🥈🥉🏆⭐🔥↑↓⬆⬇\ufe0f\s]+$")
"""Medals, trophies and arrows set beside a value (`🥇 85.5`, `85.5 ↑`)."""
_LATEX_VALUE = re.compile(r"^\$?\\(?:underline|textbf|mathbf|bf|mathit|textit|emph)\{([^{}]*)\}\$?$")
"""A value typeset in LaTeX in a Markdown cell (`$\\underline{85.5}$`)."""
_SPLIT = re.compile(r"\s+/\s+|\s*/\s*(?=[\d.])|<br\s*/?>|\s*\|\s*")


@dataclass(frozen=True)
class CellValue:
    value: float
    percent_sign: bool = False
    unit: str = ""
    bound: str | None = None


@lru_cache(maxsize=65536)
def clean_text(text: str) -> str:
    """Cell text for display and matching: markup, links and entities removed."""
    text = _LINK.sub(r"\1", text)
    text = _FOOTNOTE_REF.sub("", text)
    if _SUP_MARK.sub("", text).strip():
        text = _SUP_MARK.sub("", text)  # footnote marks after a value; a cell all in <sup> keeps its text
    text = _SUP_TAG.sub("", text)
    text = _SUB_DEVIATION.sub(r" ±\1", text)
    text = _MARKUP.sub("", text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return re.sub(r"\s+", " ", text).strip()


def _strip_marks(text: str) -> str:
    text = text.strip()
    while text and text[-1] in _FOOTNOTE_MARKS:
        text = text[:-1].rstrip()
    while text and text[0] in _FOOTNOTE_MARKS:
        text = text[1:].lstrip()
    # emphasis written with single * or _ around a number
    m = re.fullmatch(r"[*_]+(.+?)[*_]+", text)
    if m:
        text = m.group(1)
    return text.strip()


def _to_float(num: str) -> float | None:
    num = num.replace("−", "-").replace(",", "")
    if num in {"", "-", "+", ".", "-.", "+."}:
        return None
    try:
        return float(num)
    except ValueError:
        return None


_TIMES_TEN = re.compile(r"^(?P<m>[-+−]?\d+(?:\.\d+)?)\s*[×x]\s*10\s*\^?\s*\{?(?P<e>[-+−]?\d+)\}?")
"""`1.1 × 10^5` (a PDF's raised exponent reads `10^5`), `2x10^{-3}`: written as `1.1e5`."""


_THOUSANDS = re.compile(r"^(?P<num>\d+\.\d+)k$")
"""`28.5k` words per second: thousands, written with a decimal (a bare `32K` is a context size)."""


def parse_one(text: str) -> CellValue | None:
    text = _TIMES_TEN.sub(lambda m: f"{m.group('m')}e{m.group('e').replace('−', '-')}", _strip_marks(text))
    thousands = _THOUSANDS.match(text.strip())
    if thousands:
        return CellValue(value=round(float(thousands.group("num")) * 1000, 6))
    m = _ONE.match(text)
    if m is None or not re.search(r"\d", m.group("num") or ""):
        return None
    value = _to_float(m.group("num"))
    if value is None:
        return None
    unit = (m.group("unit") or "").lower()
    bound = m.group("bound")
    if bound in {"~", "≈"}:
        bound = None
    elif bound == "≤":
        bound = "<"
    elif bound == "≥":
        bound = ">"
    return CellValue(value=value, percent_sign=unit == "%", unit=unit, bound=bound)


def is_gap(text: str) -> bool:
    return _strip_marks(clean_text(text)).lower() in _GAP


_DATE = re.compile(
    r"^\s*(?:(?:19|20)\d{2}(?:[/-](?:0?[1-9]|1[0-2])(?:[/-]\d{1,2})?|\.(?:0[1-9]|1[0-2])(?:\.\d{1,2})?)"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\s*$"
)
"""`2023-05`, `2023/5/12`, `2023.05`, `12/05/2023`: a year of this era and a two-digit month, so
that a perplexity of `3410.45` or a throughput of `7945.1` is a number."""


def is_date(text: str) -> bool:
    return bool(_DATE.match(clean_text(text)))


def parse_cell(text: str) -> list[CellValue] | None:
    """Values in a cell: [] for a gap, None when the cell is not a score."""
    found = _parse_cell_cached(text)
    return None if found is None else list(found)


@lru_cache(maxsize=65536)
def _parse_cell_cached(text: str) -> tuple[CellValue, ...] | None:
    found = _parse_cell(text)
    return None if found is None else tuple(found)


def _undecorated(text: str) -> str:
    """The cell without the decorations around its one value (runs, interval, rank, medal)."""
    cleaned = clean_text(text)
    bare = _LATEX_VALUE.sub(r"\1", _RANK_MARKS.sub("", cleaned))
    bare = _TRAILING_DECORATION.sub("", bare) if "(" in bare else bare
    return text if bare == cleaned else bare


def _parse_cell(text: str) -> list[CellValue] | None:
    text = _LINK.sub(r"\1", text)
    if _DATE.match(clean_text(text)):
        return None
    text = _undecorated(text)
    raw_parts = _SPLIT.split(text) if re.search(r"/|<br|\|", text) else [text]
    parts = [clean_text(p) for p in raw_parts]
    parts = [p for p in parts if p]
    if not parts:
        return []
    if len(parts) == 1 and is_gap(parts[0]):
        return []
    values: list[CellValue] = []
    for part in parts:
        if is_gap(part):
            continue
        v = parse_one(part)
        if v is None:
            return None
        values.append(v)
    return values


def looks_numeric(text: str) -> bool:
    """True when the cell is a number or a gap: a body cell, not a label."""
    parsed = parse_cell(text)
    return parsed is not None
