"""arXiv papers as sources: any way of naming a paper -> the PDF to fetch and its version.

A paper is the same document across its arXiv versions, and people name it in many
ways: ``https://arxiv.org/abs/2210.17323``, ``arxiv.org/pdf/2210.17323v2``,
``https://arxiv.org/pdf/2210.17323v2.pdf``, ``arXiv:2210.17323v2``, a bare id
``2210.17323v2``, an old-style id ``hep-th/9901001v1``, or the HTML rendering
``https://arxiv.org/html/2210.17323v2``. `arxiv_pdf_url` normalises all of them to the
canonical PDF URL ``https://arxiv.org/pdf/<id>[v<n>]`` and returns the version when the
name pins one (``None``: the latest version, whatever arXiv serves today).

Pure string work: no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ArxivRef", "arxiv_id", "arxiv_pdf_url", "is_arxiv", "parse_arxiv"]

_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7}"
_ID = rf"(?P<id>{_NEW_ID}|{_OLD_ID})(?:v(?P<version>\d+))?"
_URL = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?P<kind>abs|pdf|html|format)/"
    + _ID
    + r"(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_BARE = re.compile(r"^(?:arxiv:\s*)?" + _ID + r"$", re.IGNORECASE)


@dataclass(frozen=True)
class ArxivRef:
    """A parsed arXiv name: the paper id and the version it pins (None: latest)."""

    id: str
    version: int | None

    @property
    def versioned_id(self) -> str:
        return f"{self.id}v{self.version}" if self.version is not None else self.id

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.versioned_id}"

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.versioned_id}"


def parse_arxiv(url_or_id: str) -> ArxivRef | None:
    """The arXiv paper a URL or id names, or None when it names no arXiv paper."""
    text = url_or_id.strip()
    m = _URL.match(text) or _BARE.match(text)
    if m is None:
        return None
    version = int(m.group("version")) if m.group("version") else None
    if version is not None and version < 1:
        return None
    return ArxivRef(m.group("id"), version)


def is_arxiv(url_or_id: str) -> bool:
    return parse_arxiv(url_or_id) is not None


def arxiv_id(url_or_id: str) -> str | None:
    """The version-free paper id (`2210.17323`): what stays the same across versions."""
    ref = parse_arxiv(url_or_id)
    return ref.id if ref else None


def arxiv_pdf_url(url_or_id: str) -> tuple[str, int | None]:
    """(canonical PDF URL, pinned version or None) for any way of naming an arXiv paper.

    >>> arxiv_pdf_url("https://arxiv.org/abs/2210.17323")
    ('https://arxiv.org/pdf/2210.17323', None)
    >>> arxiv_pdf_url("arxiv.org/pdf/2210.17323v2.pdf")
    ('https://arxiv.org/pdf/2210.17323v2', 2)

    Raises ValueError when the text names no arXiv paper.
    """
    ref = parse_arxiv(url_or_id)
    if ref is None:
        raise ValueError(f"not an arXiv URL or id: {url_or_id!r}")
    return ref.pdf_url, ref.version
