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


def parse_one(text: str) -> CellValue | None:
    text = _TIMES_TEN.sub(lambda m: f"{m.group('m')}e{m.group('e').replace('−', '-')}", _strip_marks(text))
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


_DATE = re.compile(r"^\s*(?:\d{4}[/.-]\d{1,2}(?:[/.-]\d{1,2})?|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\s*$")


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


def _parse_cell(text: str) -> list[CellValue] | None:
    text = _LINK.sub(r"\1", text)
    if _DATE.match(clean_text(text)):
        return None
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
