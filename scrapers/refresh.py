"""One refresh: fetch every selected source, extract changed documents, store them.

Each source is handled on its own: a source that fails (network, HTTP status,
unparseable bytes) keeps its last good version and records, and its failure is
stored in `fetches` with the reason. Each source's write is one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from benchtable.db.store import Database, now
from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.registry import for_content_type
from benchtable.schema.errors import BenchtableError, DocumentError
from benchtable.schema.records import Document, Source
from benchtable.scrapers.blobstore import BlobStore
from benchtable.scrapers.fetch import fetch


@dataclass(frozen=True)
class SourceOutcome:
    source_id: str
    outcome: str
    """new | changed | unchanged | failed"""
    n_records: int = 0
    error: str | None = None


@dataclass
class RefreshSummary:
    run_id: str
    outcomes: list[SourceOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if o.outcome == "failed"]

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)


def document_input(source: Source, data: bytes, content_type: str, url: str, sha256: str) -> DocumentInput:
    return DocumentInput(
        data=data,
        content_type=content_type,
        url=url,
        sha256=sha256,
        source_id=source.id,
        model=source.model,
        hints=dict(source.hints),
    )


def refresh_source(
    db: Database, blobs: BlobStore, client: httpx.Client, source: Source, run_id: str
) -> SourceOutcome:
    at = now()
    current = db.current_version(source.id)
    etag = last_modified = None
    if current is not None:
        row = db.con.execute(
            "SELECT etag, last_modified FROM documents WHERE sha256 = ?", [current]
        ).fetchone()
        if row:
            etag, last_modified = row[0], row[1]
    try:
        fetched = fetch(client, source, etag=etag, last_modified=last_modified)
        if fetched.status == 304 and current is not None:
            db.touch_version(source.id, current, at)
            db.record_fetch(
                run_id, source.id, source.url, "unchanged", at=at, http_status=304, sha256=current
            )
            return SourceOutcome(source.id, "unchanged")
        sha = blobs.put(fetched.data)
        if sha == current:
            db.touch_version(source.id, sha, at)
            db.record_fetch(run_id, source.id, source.url, "unchanged", at=at, http_status=200, sha256=sha)
            return SourceOutcome(source.id, "unchanged")
        records = (
            extract_document(document_input(source, fetched.data, fetched.content_type, source.url, sha))
            if for_content_type(fetched.content_type)
            else []  # stored now, extracted once a reader for its format is registered
        )
        document = Document(
            source_id=source.id,
            url=source.url,
            sha256=sha,
            content_type=fetched.content_type,
            size=len(fetched.data),
            retrieved_at=at,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
        )
        db.save_version(document, records)
        outcome = "new" if current is None else "changed"
        db.record_fetch(
            run_id, source.id, source.url, outcome, at=at, http_status=200, sha256=sha, n_records=len(records)
        )
        return SourceOutcome(source.id, outcome, len(records))
    except BenchtableError as exc:
        message = str(exc) if str(exc).startswith(source.id) else f"{source.id}: {exc}"
        db.record_fetch(run_id, source.id, source.url, "failed", at=at, error=message)
        return SourceOutcome(source.id, "failed", error=message)
    except Exception as exc:  # an extractor bug must not stop the other sources
        message = f"{source.id}: {type(exc).__name__}: {exc}"
        db.record_fetch(run_id, source.id, source.url, "failed", at=at, error=message)
        return SourceOutcome(source.id, "failed", error=message)


def refresh(
    db: Database,
    blobs: BlobStore,
    client: httpx.Client,
    sources: Sequence[Source],
    *,
    mode: str = "live",
    on_source: Callable[[SourceOutcome], None] | None = None,
) -> RefreshSummary:
    run_id = now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    db.register_sources(sources)
    db.start_run(run_id, mode, now())
    summary = RefreshSummary(run_id)
    for source in sources:
        outcome = refresh_source(db, blobs, client, source, run_id)
        summary.outcomes.append(outcome)
        if on_source is not None:
            on_source(outcome)
    db.finish_run(run_id, len(summary.outcomes) - len(summary.failed), len(summary.failed), now())
    return summary


__all__ = ["DocumentError", "RefreshSummary", "SourceOutcome", "refresh", "refresh_source"]
