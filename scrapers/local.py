"""Local files as sources: `file://` URLs are read from disk, never trusted from a manifest.

A local source is fetched like any other: its bytes come back as a 200 and the refresh
hashes them, so an edited file is a new version and an untouched one is "unchanged".
"""

from __future__ import annotations

import mimetypes
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote, urlsplit

from benchtable.schema.errors import FetchError
from benchtable.schema.records import Source

CONTENT_TYPES = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".rst": "text/x-rst",
    ".csv": "text/csv",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
}
"""The document types a local file's extension names (what `benchtable add` registers from a folder)."""


def is_local(url: str) -> bool:
    return url.lower().startswith("file:")


def local_path(url: str) -> Path:
    """The path of a `file://` URL (`file:///abs/path`; a host other than localhost is refused)."""
    parts = urlsplit(url)
    if parts.netloc not in {"", "localhost"}:
        raise FetchError(f"{url}: a file:// URL names a path on this machine, not host {parts.netloc!r}")
    return Path(unquote(parts.path))


def content_type_for(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "text/plain"


def read_local(source: Source, max_bytes: int) -> tuple[bytes, str, str]:
    """The bytes of a local source, the type to parse them as, and the file's mtime as an HTTP date."""
    path = local_path(source.url)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise FetchError(f"{source.id}: {path} is a folder; register its files (`benchtable add {path}`)")
        if size > max_bytes:
            raise FetchError(f"{source.id}: document too large ({size} bytes; limit {max_bytes}) at {path}")
        data = path.read_bytes()
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise FetchError(f"{source.id}: cannot read {path}: {exc.strerror or exc}") from exc
    content_type = (source.content_type or content_type_for(path)).split(";")[0].strip()
    return data, content_type, formatdate(mtime, usegmt=True)
