"""The bundled snapshot: records the pipeline itself produced from the recorded corpus.

It lets `benchtable report` print the cited table on a machine with no network
and no corpus. It holds facts, figures and citations (never the documents) as
JSON Lines: one `source` line per source version, then its `record` lines.
Regenerate it with `benchtable snapshot --replay ../shared/corpus`; a test
rebuilds it from the corpus and compares.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import secrets
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from benchtable.db.migrations import MIGRATIONS
from benchtable.db.paths import make_parent_dir
from benchtable.db.store import RECORD_COLUMNS, Database, now, os_reason, record_from_row
from benchtable.schema.errors import StoreError
from benchtable.schema.records import Document, Hints, Source, SourceKind

SNAPSHOT_NAME = "snapshot.jsonl.gz"


def packaged_snapshot_path() -> Path:
    return Path(str(resources.files("benchtable.db").joinpath("data", SNAPSHOT_NAME)))


def dump_snapshot(db: Database) -> str:
    """The current version of every source and its records, deterministically ordered."""
    lines: list[str] = []
    cur = db.con.execute(
        "SELECT s.source_id, s.url, s.kind, s.title, s.model, s.hints, s.version_of, s.revision_note, "
        "d.sha256, d.content_type, d.size, d.last_modified FROM sources s JOIN source_versions v ON v.source_id = s.source_id AND v.is_current "
        "JOIN documents d ON d.sha256 = v.sha256 ORDER BY s.source_id"
    )
    sources = cur.fetchall()
    for (
        sid,
        url,
        kind,
        title,
        model,
        hints,
        version_of,
        revision_note,
        sha,
        ctype,
        size,
        last_modified,
    ) in sources:
        versions = {"version_of": version_of, "revision_note": revision_note} if version_of else {}
        lines.append(
            json.dumps(
                {
                    **versions,
                    "type": "source",
                    "id": sid,
                    "url": url,
                    "kind": kind,
                    "title": title,
                    "model": model,
                    "hints": json.loads(hints) if hints else {},
                    "sha256": sha,
                    "content_type": ctype,
                    "size": size,
                    "last_modified": last_modified,
                },
                sort_keys=True,
                ensure_ascii=False,
            )
        )
        rc = db.con.execute(
            f"SELECT {', '.join(RECORD_COLUMNS)} FROM records WHERE source_id = ? AND sha256 = ? "
            "ORDER BY page NULLS FIRST, line NULLS FIRST, table_index, row_index, column_index, record_id",
            [sid, sha],
        )
        names = [d[0] for d in rc.description]
        for row in rc.fetchall():
            data: dict[str, Any] = dict(zip(names, row, strict=True))
            data.pop("record_id")
            if data.get("base_model") is None:  # a key only derivatives carry
                data.pop("base_model", None)
            data["type"] = "record"
            lines.append(json.dumps(data, sort_keys=True, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def load_snapshot(db: Database, text: str, origin: str) -> int:
    """Fill a database from snapshot text; returns the number of records loaded."""
    at = now()
    pending: tuple[Document, list[Any]] | None = None
    sources: list[Source] = []
    batches: list[tuple[Document, list[Any]]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if data.get("type") == "source":
                source = Source(
                    id=data["id"],
                    url=data["url"],
                    kind=SourceKind(data["kind"]),
                    title=data.get("title"),
                    model=data.get("model"),
                    hints=Hints.model_validate(data.get("hints") or {}),
                    version_of=data.get("version_of"),
                    revision_note=data.get("revision_note"),
                )
                sources.append(source)
                pending = (
                    Document(
                        source_id=source.id,
                        url=source.url,
                        sha256=data["sha256"],
                        content_type=data["content_type"],
                        size=data["size"],
                        retrieved_at=at,
                        last_modified=data.get("last_modified"),
                    ),
                    [],
                )
                batches.append(pending)
            elif data.get("type") == "record" and pending is not None:
                data.pop("type")
                data["record_id"] = ""
                pending[1].append(record_from_row(data))
            else:
                raise ValueError("expected a source line before records")
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{origin}:{n}: malformed snapshot line: {exc}") from exc
    db.register_sources(sources)
    total = 0
    for document, records in batches:
        db.save_version(document, records)
        total += len(records)
    return total


def compress(text: str) -> bytes:
    """Deterministic gzip (no timestamp), so an unchanged snapshot is byte-identical."""
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def read_snapshot(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")


def load_packaged_snapshot(db: Database) -> int:
    path = packaged_snapshot_path()
    try:
        text = read_snapshot(path)
    except (OSError, EOFError) as exc:
        raise StoreError(f"bundled snapshot {path} cannot be read: {exc}") from exc
    return load_snapshot(db, text, str(path))


def snapshot_cache_dir() -> Path:
    """`BENCHTABLE_CACHE_DIR`, else `$XDG_CACHE_HOME/benchtable`, else `~/.cache/benchtable`."""
    if os.environ.get("BENCHTABLE_CACHE_DIR"):
        return Path(os.environ["BENCHTABLE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "benchtable"


def materialised_snapshot(cache_dir: Path | None = None) -> Path:
    """The bundled snapshot as a DuckDB file, for opening read-only like any database.

    Built once per snapshot, schema and DuckDB version (the file name holds a sha256 of
    the three) into a temporary file renamed into place, so a reader never sees half a file."""
    source = packaged_snapshot_path()
    cache_dir = cache_dir or snapshot_cache_dir()
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise StoreError(f"bundled snapshot {source} cannot be read: {os_reason(exc)}") from exc
    key = hashlib.sha256(data + f"|schema {len(MIGRATIONS)}|duckdb {duckdb.__version__}".encode())
    target = cache_dir / f"snapshot-{key.hexdigest()[:24]}.duckdb"
    if target.is_file():
        return target
    building = cache_dir / f".{target.stem}.{os.getpid()}.{secrets.token_hex(4)}.duckdb"
    try:
        make_parent_dir(target)
        text = (gzip.decompress(data) if source.suffix == ".gz" else data).decode("utf-8")
        with Database(building) as db:
            load_snapshot(db, text, str(source))
        os.replace(building, target)
    except OSError as exc:
        raise StoreError(
            f"{cache_dir}: cannot build the bundled snapshot's database there ({os_reason(exc)}); "
            "set BENCHTABLE_CACHE_DIR to a writable directory"
        ) from exc
    except EOFError as exc:
        raise StoreError(f"bundled snapshot {source} cannot be read: {exc}") from exc
    finally:
        for leftover in (building, building.with_name(building.name + ".wal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return target
