"""Serving a recorded corpus folder as if it were the web.

`ReplayTransport(corpus_dir)` is an `httpx` transport: a GET for a URL listed in
the corpus manifest (`url` or `url_latest`) answers the recorded bytes with their
content type, `ETag` (the sha256 of the bytes it serves, computed, never taken
from the manifest) and `Last-Modified` (the recorded date, or the file's mtime when
its bytes no longer match the manifest's sha256); a conditional request that
matches answers 304; anything else answers 404. An edited file is therefore a
new version, never a silent "unchanged".
"""

from __future__ import annotations

import hashlib
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
    sha256: str | None
    """What the manifest says (optional): only compared with the bytes, never served as such."""
    content_type: str
    date: datetime | None


@dataclass(frozen=True)
class _Served:
    sha256: str
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
                sha256=entry.get("sha256"),
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
        self._identity: dict[Path, tuple[int, int, _Served]] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        rec = self.by_url.get(str(request.url))
        if rec is None:
            return httpx.Response(404, text=f"not recorded in {self.corpus_dir}: {request.url}\n")
        try:
            served = self._identify(rec)
            if not _not_modified(request, served):
                data = rec.path.read_bytes()
                served = self._remember(rec, data)
        except OSError:
            return httpx.Response(404, text=f"recorded file missing: {rec.path}\n")
        headers = {"content-type": rec.content_type, "etag": f'"{served.sha256}"'}
        if served.date is not None:
            headers["last-modified"] = format_datetime(served.date, usegmt=True)
        if _not_modified(request, served):
            return httpx.Response(304, headers=headers)
        return httpx.Response(200, headers=headers, content=data)

    def _identify(self, rec: Recorded) -> _Served:
        """The sha256 and date of the file as it is now (hashed again whenever its size or mtime changes)."""
        stat = rec.path.stat()
        known = self._identity.get(rec.path)
        if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
            return known[2]
        return self._remember(rec, rec.path.read_bytes())

    def _remember(self, rec: Recorded, data: bytes) -> _Served:
        stat = rec.path.stat()
        sha = hashlib.sha256(data).hexdigest()
        date = rec.date
        if rec.sha256 is not None and rec.sha256 != sha:  # edited after recording
            date = datetime.fromtimestamp(stat.st_mtime, UTC)
        served = _Served(sha, date)
        self._identity[rec.path] = (stat.st_mtime_ns, stat.st_size, served)
        return served


def _not_modified(request: httpx.Request, served: _Served) -> bool:
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/").strip('"') for t in inm.split(",")}
        return served.sha256 in tags or "*" in tags
    ims = request.headers.get("if-modified-since")
    if ims is not None and served.date is not None:
        try:
            return served.date.replace(microsecond=0) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False
