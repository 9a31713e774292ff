"""arXiv names -> canonical PDF URL and pinned version (scrapers/arxiv.py)."""

from __future__ import annotations

import pytest

from benchtable.scrapers.arxiv import arxiv_id, arxiv_pdf_url, is_arxiv, parse_arxiv


@pytest.mark.parametrize(
    ("name", "url", "version"),
    [
        ("https://arxiv.org/abs/2210.17323", "https://arxiv.org/pdf/2210.17323", None),
        ("https://arxiv.org/abs/2210.17323v2", "https://arxiv.org/pdf/2210.17323v2", 2),
        ("arxiv.org/pdf/2210.17323v2", "https://arxiv.org/pdf/2210.17323v2", 2),
        ("https://arxiv.org/pdf/2210.17323v2.pdf", "https://arxiv.org/pdf/2210.17323v2", 2),
        ("http://www.arxiv.org/pdf/2306.00978", "https://arxiv.org/pdf/2306.00978", None),
        ("https://export.arxiv.org/abs/2306.00978v1", "https://arxiv.org/pdf/2306.00978v1", 1),
        ("https://arxiv.org/html/2406.19853v1", "https://arxiv.org/pdf/2406.19853v1", 1),
        ("https://arxiv.org/abs/2210.17323v2?context=cs.LG", "https://arxiv.org/pdf/2210.17323v2", 2),
        ("2210.17323v2", "https://arxiv.org/pdf/2210.17323v2", 2),
        ("2210.17323", "https://arxiv.org/pdf/2210.17323", None),
        ("arXiv:2307.03109v8", "https://arxiv.org/pdf/2307.03109v8", 8),
        ("  0704.0001 ", "https://arxiv.org/pdf/0704.0001", None),
        ("hep-th/9901001v1", "https://arxiv.org/pdf/hep-th/9901001v1", 1),
        ("https://arxiv.org/abs/math.GT/0309136", "https://arxiv.org/pdf/math.GT/0309136", None),
    ],
)
def test_arxiv_names_normalise(name: str, url: str, version: int | None) -> None:
    assert arxiv_pdf_url(name) == (url, version)
    assert is_arxiv(name)


def test_id_is_version_free() -> None:
    assert arxiv_id("https://arxiv.org/pdf/2210.17323v2") == "2210.17323"
    assert arxiv_id("2210.17323") == arxiv_id("arxiv.org/abs/2210.17323v1")
    ref = parse_arxiv("2210.17323v3")
    assert ref is not None and ref.abs_url == "https://arxiv.org/abs/2210.17323v3"


@pytest.mark.parametrize(
    "name",
    [
        "https://raw.githubusercontent.com/QwenLM/Qwen/main/README.md",
        "https://arxiv.org/list/cs.CL/recent",
        "https://notarxiv.org/abs/2210.17323",
        "2210.173",
        "2210.17323v0",
        "",
        "https://arxiv.org/abs/2210.17323/extra/path",
    ],
)
def test_non_arxiv_names_are_refused(name: str) -> None:
    assert not is_arxiv(name)
    with pytest.raises(ValueError, match="not an arXiv"):
        arxiv_pdf_url(name)
