"""One refresh: fetch every selected source, extract changed documents, store them.

* Fetching runs in a thread pool across hosts (`Fetcher`: per-host limits, retries,
  conditional requests); a 304, or a 200 whose bytes hash to the current version, is
  "unchanged" and costs no extraction.
* Changed documents are checked (not empty, not binary garbage served as text, a PDF
  that starts like one) and extracted in worker processes with time and memory bounds
  (`ExtractionPool`).
* Every database write happens on the calling thread, one transaction per source
  (`Database.save_version` / `mark_unchanged`): a crash or `kill -9` at any point leaves
  each source either fully updated or as it was.
* A source that fails (network, HTTP status, size, type, unreadable bytes, a new version
  with no records where the current one has some) keeps its last good version and
  records; the failure is stored in `fetches` with the reason.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from benchtable.db.history import Change, changes
from benchtable.db.store import Database, now
from benchtable.extract import DocumentInput
from benchtable.extract.registry import for_content_type
from benchtable.extract.with_notes import Extraction, WithNotes
from benchtable.schema.errors import BenchtableError, DocumentError, FetchError
from benchtable.schema.records import Document, Source
from benchtable.scrapers.blobstore import BlobStore
from benchtable.scrapers.document_check import document_problem
from benchtable.scrapers.extraction import (
    ExtractionLimits,
    ExtractionPool,
    Extractor,
    InlineExtraction,
)
from benchtable.scrapers.fetch import Fetched, Fetcher, FetchPolicy

log = logging.getLogger("benchtable.refresh")

OUTCOMES = ("new", "changed", "unchanged", "failed")


@dataclass(frozen=True)
class SourceOutcome:
    source_id: str
    outcome: str
    """new | changed | unchanged | failed"""
    n_records: int = 0
    error: str | None = None
    http_status: int | None = None
    sha256: str | None = None
    attempts: int = 0
    notes: tuple[str, ...] = ()
    """Where extraction found tables of numbers but gave no records (`extract.with_notes`)."""


@dataclass
class RefreshSummary:
    run_id: str
    outcomes: list[SourceOutcome] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    mode: str = "live"
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if o.outcome == "failed"]

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    def change_counts(self) -> dict[str, int]:
        return {k: sum(1 for c in self.changes if c.change == k) for k in ("new", "changed", "removed")}

    def as_dict(self) -> dict[str, Any]:
        """The machine-readable run summary (`refresh --json`)."""
        return {
            "run_id": self.run_id,
            "mode": self.mode,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "ok": not self.failed,
            "counts": {k: self.count(k) for k in OUTCOMES},
            "records": sum(o.n_records for o in self.outcomes),
            "value_changes": self.change_counts(),
            "sources": [o.__dict__ for o in self.outcomes],
            "failed": [{"source_id": o.source_id, "error": o.error} for o in self.failed],
            "changes": [c.as_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class RefreshOptions:
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    jobs: int | None = None
    """Extraction processes (None: one per CPU; 0: extract in this process, without limits)."""
    extract_timeout: float = field(default_factory=lambda: ExtractionLimits.from_env().timeout)
    extract_memory: int | None = field(default_factory=lambda: ExtractionLimits.from_env().max_memory)
    accept_empty: bool = False
    """Accept a new version with no records where the current version has some."""
    extractor: Extractor | None = None
    sleep: Callable[[float], None] = time.sleep
    on_stage: Callable[[str, str], None] | None = None
    """Called with (source id, "fetching" | "extracting") as a source enters each stage
    (from the fetch threads too); `on_source` says when it is done."""


def document_input(source: Source, data: bytes, content_type: str, url: str, sha256: str) -> DocumentInput:
    return DocumentInput(
        data=data,
        content_type=content_type,
        url=url,
        sha256=sha256,
        source_id=source.id,
        model=source.model,
        hints=source.hints.as_mapping(),
    )


def check_bytes(source: Source, data: bytes, content_type: str, server_type: str = "") -> None:
    """Refuse bytes that cannot be the document: empty, not a PDF, not text served as text."""
    problem = document_problem(data, content_type, server_type)
    if problem is not None:
        raise DocumentError(f"{source.id}: {problem} from {source.url}")


def new_run_id() -> str:
    return now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


@dataclass(frozen=True)
class _Got:
    """What a fetch thread hands back to the writer."""

    source: Source
    fetched: Fetched | None = None
    sha256: str | None = None
    error: str | None = None
    http_status: int | None = None
    """The last HTTP status of a failed fetch (a fetched document's is `fetched.status`)."""
    attempts: int = 0


def _named(source: Source, exc: Exception) -> str:
    return str(exc) if str(exc).startswith(source.id) else f"{source.id}: {exc}"


def _fetch_one(
    fetcher: Fetcher,
    blobs: BlobStore,
    source: Source,
    current: str | None,
    etag: str | None,
    lm: str | None,
    on_stage: Callable[[str, str], None] | None = None,
) -> _Got:
    if on_stage is not None:
        on_stage(source.id, "fetching")
    try:
        fetched = fetcher.fetch(source, etag=etag if current else None, last_modified=lm if current else None)
        if fetched.status == 304:
            if current is None:
                return _Got(source, fetched, error=f"{source.id}: HTTP 304 for an unconditional request")
            return _Got(source, fetched, current)
    except FetchError as exc:
        return _Got(source, error=_named(source, exc), http_status=exc.http_status, attempts=exc.attempts)
    except BenchtableError as exc:
        return _Got(source, error=_named(source, exc))
    except Exception as exc:  # a bug must fail this source only
        return _Got(source, error=f"{source.id}: {type(exc).__name__}: {exc}")
    try:  # fetched: a failure from here on keeps the fetch's status and attempts
        sha = blobs.put(fetched.data)
        if sha != current:
            check_bytes(source, fetched.data, fetched.content_type, fetched.server_content_type)
        return _Got(source, fetched, sha)
    except BenchtableError as exc:
        return _Got(source, fetched, error=_named(source, exc))
    except Exception as exc:  # a bug must fail this source only
        return _Got(source, fetched, error=f"{source.id}: {type(exc).__name__}: {exc}")


class _Refresh:
    def __init__(
        self,
        db: Database,
        blobs: BlobStore,
        client: httpx.Client,
        options: RefreshOptions,
        summary: RefreshSummary,
        on_source: Callable[[SourceOutcome], None] | None,
    ) -> None:
        self.db = db
        self.blobs = blobs
        self.options = options
        self.summary = summary
        self.on_source = on_source
        self.fetcher = Fetcher(client, options.policy, sleep=options.sleep)
        self.extraction: ExtractionPool | InlineExtraction | None = None
        self.current: dict[str, str | None] = {}

    def extractor_pool(self) -> ExtractionPool | InlineExtraction:
        if self.extraction is None:
            o = self.options
            if o.jobs == 0:
                self.extraction = InlineExtraction(o.extractor) if o.extractor else InlineExtraction()
            else:
                kwargs: dict[str, Any] = {"timeout": o.extract_timeout, "max_memory": o.extract_memory}
                if o.extractor is not None:
                    kwargs["extractor"] = o.extractor
                self.extraction = ExtractionPool(o.jobs, **kwargs)
        return self.extraction

    def done(self, outcome: SourceOutcome) -> None:
        self.summary.outcomes.append(outcome)
        if outcome.outcome == "failed":
            log.warning("%s", outcome.error)
        else:
            log.info("%s: %s (%d records)", outcome.source_id, outcome.outcome, outcome.n_records)
        if self.on_source is not None:
            self.on_source(outcome)

    def fail(
        self, source: Source, message: str, *, http_status: int | None = None, attempts: int = 0
    ) -> None:
        if not message.startswith(source.id):
            message = f"{source.id}: {message}"
        self.db.record_fetch(
            self.summary.run_id,
            source.id,
            source.url,
            "failed",
            at=now(),
            http_status=http_status,
            error=message,
            attempts=attempts,
        )
        self.done(
            SourceOutcome(source.id, "failed", error=message, http_status=http_status, attempts=attempts)
        )

    def fetched(self, got: _Got) -> tuple[Future[Extraction], _Got] | None:
        """Handle a finished fetch; a document to extract comes back as a future."""
        source, f = got.source, got.fetched
        if got.error is not None or f is None or got.sha256 is None:
            status = got.http_status if f is None else f.status
            attempts = got.attempts if f is None else f.attempts
            self.fail(source, got.error or "no document", http_status=status, attempts=attempts)
            return None
        current = self.current.get(source.id)
        if got.sha256 == current:
            self.db.mark_unchanged(
                source.id, source.url, current, now(), self.summary.run_id, f.status, f.attempts
            )
            self.done(
                SourceOutcome(
                    source.id, "unchanged", http_status=f.status, sha256=current, attempts=f.attempts
                )
            )
            return None
        if not for_content_type(f.content_type):
            # stored now, extracted once a reader for its format is registered
            done: Future[Extraction] = Future()
            done.set_result(Extraction([]))
            return done, got
        doc = document_input(source, f.data, f.content_type, source.url, got.sha256)
        if self.options.on_stage is not None:
            self.options.on_stage(source.id, "extracting")
        extractor = WithNotes(self.options.extractor) if self.options.extractor else WithNotes()
        return self.extractor_pool().submit_call(extractor, doc), got

    def extracted(self, future: Future[Extraction], got: _Got) -> None:
        source, f, sha = got.source, got.fetched, got.sha256
        assert f is not None and sha is not None
        try:
            extraction = future.result()
        except BenchtableError as exc:
            self.fail(source, str(exc), http_status=f.status, attempts=f.attempts)
            return
        except Exception as exc:
            self.fail(source, f"{type(exc).__name__}: {exc}", http_status=f.status, attempts=f.attempts)
            return
        records, notes = extraction.records, tuple(extraction.notes)
        current = self.current.get(source.id)
        if current is not None and not records and not self.options.accept_empty:
            row = self.db.con.execute(
                "SELECT n_records FROM source_versions WHERE source_id = ? AND sha256 = ?",
                [source.id, current],
            ).fetchone()
            if row and row[0]:
                self.fail(
                    source,
                    f"new version ({sha[:12]}) has no records where the current one has {row[0]}; "
                    "kept the current version (refresh with --accept-empty to take it)",
                    http_status=f.status,
                    attempts=f.attempts,
                )
                return
        at = now()
        document = Document(
            source_id=source.id,
            url=source.url,
            sha256=sha,
            content_type=f.content_type,
            size=len(f.data),
            retrieved_at=at,
            etag=f.etag,
            last_modified=f.last_modified,
        )
        outcome = "new" if current is None else "changed"
        try:
            self.db.save_version(
                document,
                records,
                run_id=self.summary.run_id,
                outcome=outcome,
                http_status=f.status,
                attempts=f.attempts,
                notes=notes,
            )
        except BenchtableError as exc:
            self.fail(source, f"cannot store: {exc}", http_status=f.status, attempts=f.attempts)
            return
        self.done(SourceOutcome(source.id, outcome, len(records), None, f.status, sha, f.attempts, notes))

    def run(self, sources: Sequence[Source]) -> None:
        validators = {s.id: self.db.validators(s.id) for s in sources}
        self.current = {sid: v[0] for sid, v in validators.items()}
        workers = max(1, min(self.options.policy.workers, len(sources)))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="benchtable-fetch")
        try:
            fetches: dict[Future[_Got], Source] = {
                pool.submit(
                    _fetch_one, self.fetcher, self.blobs, s, *validators[s.id], self.options.on_stage
                ): s
                for s in sources
            }
            extractions: dict[Future[Extraction], _Got] = {}
            pending: set[Future[Any]] = set(fetches)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                # fetches in registry order, then extractions: deterministic enough, and quick
                for fut in sorted(finished, key=lambda x: 0 if x in fetches else 1):
                    if fut in fetches:
                        nxt = self.fetched(fut.result())
                        if nxt is not None:
                            extractions[nxt[0]] = nxt[1]
                            pending.add(nxt[0])
                    else:
                        self.extracted(fut, extractions.pop(fut))
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            if self.extraction is not None:
                self.extraction.close()


def refresh(
    db: Database,
    blobs: BlobStore,
    client: httpx.Client,
    sources: Sequence[Source],
    *,
    mode: str = "live",
    on_source: Callable[[SourceOutcome], None] | None = None,
    options: RefreshOptions | None = None,
) -> RefreshSummary:
    options = options or RefreshOptions()
    if mode == "replay":  # a recorded corpus needs no waits between requests
        from dataclasses import replace

        options = replace(options, policy=options.policy.replay())
    run_id = new_run_id()
    started = now()
    db.register_sources(sources)
    db.start_run(run_id, mode, started)
    summary = RefreshSummary(run_id, mode=mode, started_at=started)
    _Refresh(db, blobs, client, options, summary, on_source).run(sources)
    order = {s.id: i for i, s in enumerate(sources)}
    summary.outcomes.sort(key=lambda o: order.get(o.source_id, len(order)))
    summary.finished_at = now()
    db.finish_run(
        run_id, len(summary.outcomes) - len(summary.failed), len(summary.failed), summary.finished_at
    )
    summary.changes = changes(db.con, run_id=run_id)
    return summary


__all__ = [
    "DocumentError",
    "RefreshOptions",
    "RefreshSummary",
    "SourceOutcome",
    "check_bytes",
    "document_input",
    "refresh",
]
