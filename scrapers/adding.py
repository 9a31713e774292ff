"""Registering a source in one step (`benchtable add`): a URL or a local path -> `[[source]]` entries.

The entries are validated as the registry would read them (against every source
already registered, so an id or a document registered twice is refused) before
anything is written, then appended to the user's sources file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from benchtable.schema.errors import ConfigError
from benchtable.schema.records import Source, SourceKind
from benchtable.scrapers.arxiv import arxiv_id, is_arxiv
from benchtable.scrapers.local import CONTENT_TYPES, is_local, local_path
from benchtable.scrapers.sources import document_key, parse_sources

_KIND_BY_SUFFIX = {
    ".pdf": SourceKind.PAPER_PDF,
    ".csv": SourceKind.LEADERBOARD,
    ".json": SourceKind.LEADERBOARD,
    ".html": SourceKind.BLOG,
    ".htm": SourceKind.BLOG,
}


def guess_kind(url: str) -> SourceKind:
    """What a URL most likely is, when `--kind` does not say: it only decides citation precedence."""
    if is_arxiv(url):
        return SourceKind.ARXIV
    if "huggingface.co/" in url and "/datasets/" not in url:
        return SourceKind.MODEL_CARD
    return _KIND_BY_SUFFIX.get(Path(urlsplit(url).path).suffix.lower(), SourceKind.README)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def guess_id(url: str) -> str:
    """A readable id: `owner-repo-readme` for a GitHub file, `arxiv-2210.17323`, the file's stem."""
    if is_arxiv(url):
        return f"arxiv-{arxiv_id(url)}"
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    stem = _slug(Path(segments[-1]).stem) if segments else ""
    if parts.netloc in {"raw.githubusercontent.com", "github.com", "huggingface.co"} and len(segments) >= 2:
        return _slug(f"{segments[0]}-{segments[1]}-{stem}") or "source"
    return stem or _slug(parts.netloc) or "source"


def targets(target: str) -> list[str]:
    """The URLs a `benchtable add` argument names: a URL, or a local file or folder as `file://` URLs
    (a folder: every document file in it and below, by name; hidden files and `manifest.jsonl` skipped)."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", target, re.IGNORECASE) and not is_local(target):
        return [target]
    if is_arxiv(target) and not Path(target).exists():
        return [target]
    path = (local_path(target) if is_local(target) else Path(target)).expanduser()
    if not path.exists():
        raise ConfigError(f"{target}: no such file or folder (give a URL or a local path)")
    path = path.resolve()
    if path.is_file():
        return [path.as_uri()]
    files = sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and p.suffix.lower() in CONTENT_TYPES
        and p.name != "manifest.jsonl"
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )
    if not files:
        raise ConfigError(f"{path}: no document files in this folder ({', '.join(sorted(CONTENT_TYPES))})")
    return [p.as_uri() for p in files]


def new_sources(
    target: str,
    *,
    source_id: str | None,
    kind: SourceKind | None,
    content_type: str | None,
    model: str | None,
) -> list[Source]:
    urls = targets(target)
    if source_id is not None and len(urls) > 1:
        raise ConfigError(f"{target}: --id names one source, but this folder holds {len(urls)} documents")
    folder_prefix = _slug(Path(target.rstrip("/")).name) if len(urls) > 1 else ""
    made: list[Source] = []
    for url in urls:
        sid = source_id or guess_id(url)
        if folder_prefix and not sid.startswith(folder_prefix):
            sid = f"{folder_prefix}-{sid}"
        entry: dict[str, object] = {"id": sid, "url": url, "kind": (kind or guess_kind(url)).value}
        if content_type:
            entry["content_type"] = content_type
        elif is_local(url):
            entry["content_type"] = CONTENT_TYPES[Path(local_path(url)).suffix.lower()]
        if model:
            entry["model"] = model
        made.append(parse_sources(to_toml([entry]), f"{target}")[0])
    return made


def check_new(new: list[Source], registered: list[Source], where: str) -> list[Source]:
    """The new sources, refusing an id or a document that is already registered (or given twice).
    From a folder (several at once), documents already registered are left out instead."""
    by_id = {s.id: s for s in registered}
    by_doc = {document_key(s.url): s for s in registered}
    if len(new) > 1:
        new = [s for s in new if document_key(s.url) not in by_doc]
        if not new:
            raise ConfigError(f"every document of this folder is already registered in {where}")
    for s in new:
        if s.id in by_id:
            raise ConfigError(
                f"source id {s.id!r} is already registered in {where} (for {by_id[s.id].url}); "
                "pick another with --id"
            )
        taken = by_doc.get(document_key(s.url))
        if taken is not None:
            raise ConfigError(f"{s.url} is already registered as source {taken.id!r} in {where}")
        by_id[s.id] = s
        by_doc[document_key(s.url)] = s
    return new


def to_toml(entries: list[dict[str, object]]) -> str:
    """`[[source]]` tables for flat entries of strings (JSON string escapes are valid TOML)."""
    blocks = []
    for entry in entries:
        lines = ["[[source]]", *(f"{key} = {json.dumps(value)}" for key, value in entry.items())]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def append_sources(path: Path, new: list[Source]) -> None:
    """Append entries to a sources file (created if missing), checking the whole file still parses."""
    try:
        before = path.read_text("utf-8") if path.exists() else ""
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read sources file: {exc.strerror or exc}") from exc
    entries = [s.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for s in new]
    for entry, source in zip(entries, new, strict=True):
        entry.update({"id": source.id, "url": source.url, "kind": source.kind.value})
    separator = "" if not before or before.endswith("\n\n") else ("\n" if before.endswith("\n") else "\n\n")
    after = before + separator + to_toml([_ordered(e) for e in entries])
    parse_sources(after, str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(after, "utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write sources file: {exc.strerror or exc}") from exc


def _ordered(entry: dict[str, object]) -> dict[str, object]:
    order = ["id", "url", "kind", "content_type", "title", "model"]
    return {k: entry[k] for k in order if k in entry}
