"""An arXiv source named any way fetches the paper's PDF, keeping the version it pins."""

from __future__ import annotations

import httpx
import pytest

from benchtable.schema.records import Source, SourceKind
from benchtable.scrapers.fetch import fetch, make_client
from benchtable.scrapers.sources import document_key

PDF = b"%PDF-1.4\n% tiny\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "requested"),
    [
        ("https://arxiv.org/abs/2210.17323v2", "https://arxiv.org/pdf/2210.17323v2"),
        ("2210.17323v2", "https://arxiv.org/pdf/2210.17323v2"),
        ("arxiv.org/pdf/2210.17323", "https://arxiv.org/pdf/2210.17323"),
    ],
)
def test_arxiv_source_fetches_the_pdf(name: str, requested: str) -> None:
    seen: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, headers={"content-type": "application/pdf"}, content=PDF)

    source = Source(id="gptq", url=name, kind=SourceKind.ARXIV)
    with make_client(httpx.MockTransport(serve)) as client:
        fetched = fetch(client, source)
    assert seen == [requested]
    assert fetched.data == PDF


def test_versions_of_one_paper_are_one_document() -> None:
    assert document_key("https://arxiv.org/abs/2210.17323") == document_key(
        "https://arxiv.org/pdf/2210.17323v2"
    )
