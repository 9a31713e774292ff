"""What only the HTML page needs from the view: a colour scale readable in greyscale and by
colour-blind readers (cividis: its lightness rises with the value), the text colour that stays
legible on it, and links to the cited version of a source with its line or page anchor."""

from __future__ import annotations

import re

from benchtable.reports.render import safe_url
from benchtable.schema.records import Citation

# cividis (Nuñez, Anderton & Renslow 2018), sampled at 9 even steps from worst to best
_CIVIDIS = (
    (0x00, 0x22, 0x4E),
    (0x12, 0x35, 0x70),
    (0x3B, 0x49, 0x6C),
    (0x57, 0x5D, 0x6D),
    (0x70, 0x71, 0x73),
    (0x8A, 0x86, 0x78),
    (0xA5, 0x9C, 0x74),
    (0xC3, 0xB3, 0x69),
    (0xFE, 0xE8, 0x38),
)


def cividis_rgb(heat: float) -> tuple[int, int, int]:
    """The cividis colour at 0..1 (1 = best), interpolated between the samples."""
    t = max(0.0, min(1.0, heat)) * (len(_CIVIDIS) - 1)
    i = min(int(t), len(_CIVIDIS) - 2)
    f = t - i
    lo, hi = _CIVIDIS[i], _CIVIDIS[i + 1]
    r, g, b = (round(a + (c - a) * f) for a, c in zip(lo, hi, strict=True))
    return r, g, b


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def cell_style(heat: float | None) -> str:
    """Background and text colour of a cell on its column's scale (the text with the better contrast)."""
    if heat is None:
        return ""
    rgb = cividis_rgb(heat)
    lum = relative_luminance(rgb)
    text = "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"
    return f"background: #{rgb[0]:02x}{rgb[1]:02x}{rgb[2]:02x}; color: {text}"


_GITHUB_RAW = re.compile(
    r"^https://raw\.githubusercontent\.com/(?P<repo>[^/]+/[^/]+)/(?P<ref>[^/]+)/(?P<path>.+)$"
)
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


def is_pinned(url: str) -> bool:
    """Whether a URL names one fixed version (a GitHub commit, an arXiv version)."""
    m = _GITHUB_RAW.match(url)
    if m:
        return bool(_COMMIT.match(m.group("ref")))
    return bool(re.search(r"arxiv\.org/(?:pdf|abs|html)/[^/]+v\d+", url))


def source_link(citation: Citation) -> str:
    """The cited place itself: a PDF at its page (`#page=19`), a GitHub text file in GitHub's plain view
    at its line (`blob/<commit>/README.md?plain=1#L450`), otherwise the fetched URL."""
    url, loc = citation.url, citation.locator
    if loc.page is not None:
        return safe_url(f"{url.split('#', 1)[0]}#page={loc.page}")
    m = _GITHUB_RAW.match(url)
    if m and loc.line is not None:
        return safe_url(
            f"https://github.com/{m.group('repo')}/blob/{m.group('ref')}/{m.group('path')}?plain=1#L{loc.line}"
        )
    return safe_url(url)
