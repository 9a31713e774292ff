"""Fetching one source's document with an injected `httpx.Client`.

The client decides where bytes come from: the network, a replayed corpus
(`ReplayTransport`) or a test's `httpx.MockTransport`. Conditional headers from
the last good version make an unchanged document cost a 304.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from benchtable.schema.errors import FetchError
from benchtable.schema.records import Source

USER_AGENT = "benchtable/0.1 (+https://github.com/benchtable/benchtable; cited LLM benchmark tables)"
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    status: int
    """200, or 304 when the document did not change."""
    url: str
    data: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


def make_client(transport: httpx.BaseTransport | None = None, timeout: float = 30.0) -> httpx.Client:
    return httpx.Client(
        transport=transport,
        timeout=timeout,
        follow_redirects=True,
        max_redirects=5,
        headers={"user-agent": USER_AGENT},
    )


def fetch(
    client: httpx.Client, source: Source, *, etag: str | None = None, last_modified: str | None = None
) -> Fetched:
    headers: dict[str, str] = {}
    if etag:
        headers["if-none-match"] = etag
    if last_modified:
        headers["if-modified-since"] = last_modified
    try:
        with client.stream("GET", source.url, headers=headers) as response:
            if response.status_code == 304:
                return Fetched(304, str(response.url), b"", "", etag, last_modified)
            if response.status_code != 200:
                raise FetchError(f"{source.id}: HTTP {response.status_code} from {source.url}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_DOCUMENT_BYTES:
                    raise FetchError(
                        f"{source.id}: document larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB at {source.url}"
                    )
                chunks.append(chunk)
            content_type = source.content_type or response.headers.get(
                "content-type", "application/octet-stream"
            )
            return Fetched(
                200,
                str(response.url),
                b"".join(chunks),
                content_type.split(";")[0].strip(),
                response.headers.get("etag"),
                response.headers.get("last-modified"),
            )
    except httpx.TimeoutException as exc:
        raise FetchError(f"{source.id}: timed out fetching {source.url}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{source.id}: cannot fetch {source.url}: {exc}") from exc
