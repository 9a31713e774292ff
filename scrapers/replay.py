"""Serving a recorded corpus folder as if it were the web.

`ReplayTransport(corpus_dir)` is an `httpx` transport: a GET for a URL listed in
the corpus manifest (`url` or `url_latest`) answers the recorded bytes with their
content type, `ETag` (the sha256) and `Last-Modified` (the recorded date); a
conditional request that matches answers 304; anything else answers 404.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import httpx

from benchtable.schema.errors import ConfigError


@dataclass(frozen=True)
class Recorded:
    id: str
    path: Path
    sha256: str
    content_type: str
    date: datetime | None


def load_manifest(corpus_dir: Path) -> dict[str, Recorded]:
    """Recorded documents by URL (both the pinned `url` and the polled `url_latest`)."""
    manifest = corpus_dir / "manifest.jsonl"
    try:
        lines = manifest.read_text("utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{manifest}: cannot read corpus manifest: {exc.strerror or exc}") from exc
    by_url: dict[str, Recorded] = {}
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            date = entry.get("date")
            rec = Recorded(
                id=entry["id"],
                path=corpus_dir / entry["path"],
                sha256=entry["sha256"],
                content_type=entry["content_type"],
                date=datetime.fromisoformat(date).astimezone(UTC) if date else None,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{manifest}:{n}: malformed manifest entry: {exc}") from exc
        by_url[entry["url"]] = rec
        if entry.get("url_latest"):
            by_url[entry["url_latest"]] = rec
    return by_url


class ReplayTransport(httpx.BaseTransport):
    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.by_url = load_manifest(corpus_dir)
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        rec = self.by_url.get(str(request.url))
        if rec is None:
            return httpx.Response(404, text=f"not recorded in {self.corpus_dir}: {request.url}\n")
        headers = {"content-type": rec.content_type, "etag": f'"{rec.sha256}"'}
        if rec.date is not None:
            headers["last-modified"] = format_datetime(rec.date, usegmt=True)
        if _not_modified(request, rec):
            return httpx.Response(304, headers=headers)
        try:
            data = rec.path.read_bytes()
        except OSError:
            return httpx.Response(404, text=f"recorded file missing: {rec.path}\n")
        return httpx.Response(200, headers=headers, content=data)


def _not_modified(request: httpx.Request, rec: Recorded) -> bool:
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/").strip('"') for t in inm.split(",")}
        return rec.sha256 in tags or "*" in tags
    ims = request.headers.get("if-modified-since")
    if ims is not None and rec.date is not None:
        try:
            return rec.date.replace(microsecond=0) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False
