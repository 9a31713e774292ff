"""The replay transport answers like a server: recorded bytes, validators, 304s and 404s."""

from __future__ import annotations

import hashlib

import httpx

from benchtable.scrapers.fetch import make_client
from benchtable.scrapers.replay import ReplayTransport
from tests.conftest import MINI_CORPUS

LATEST = "https://example.org/toy/main/README.md"
PINNED = "https://example.org/toy/pinned/README.md"


def test_serves_recorded_bytes_by_latest_and_pinned_url() -> None:
    data = (MINI_CORPUS / "documents" / "toy-card.md").read_bytes()
    with make_client(ReplayTransport(MINI_CORPUS)) as client:
        for url in (LATEST, PINNED):
            response = client.get(url)
            assert response.status_code == 200
            assert response.content == data
            assert response.headers["content-type"] == "text/markdown"
            assert response.headers["etag"] == f'"{hashlib.sha256(data).hexdigest()}"'
            assert response.headers["last-modified"] == "Tue, 02 Jan 2024 03:04:05 GMT"


def test_answers_304_to_matching_validators() -> None:
    with make_client(ReplayTransport(MINI_CORPUS)) as client:
        first = client.get(LATEST)
        by_etag = client.get(LATEST, headers={"if-none-match": first.headers["etag"]})
        assert by_etag.status_code == 304
        by_date = client.get(LATEST, headers={"if-modified-since": first.headers["last-modified"]})
        assert by_date.status_code == 304
        stale = client.get(LATEST, headers={"if-none-match": '"0000"'})
        assert stale.status_code == 200


def test_answers_404_for_unrecorded_urls() -> None:
    transport = ReplayTransport(MINI_CORPUS)
    with make_client(transport) as client:
        response = client.get("https://example.org/not-recorded.md")
    assert response.status_code == 404
    assert "not recorded" in response.text
    assert isinstance(transport.requests[0], httpx.Request)
