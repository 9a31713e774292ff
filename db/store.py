"""The embedded DuckDB database: sources, document versions, fetches and records.

Writes for one source happen in one transaction (`save_version`), so a failure
leaves the source as it was. Records belong to a document version; the version
marked current is what `current_records` shows. Saving the same document again
replaces its records with the same ones: a re-run never duplicates.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from benchtable.db import history
from benchtable.db.busy import busy_error, is_lock_conflict
from benchtable.db.locked import connect_locked
from benchtable.db.migrations import migrate
from benchtable.db.paths import make_parent_dir
from benchtable.db.rows import COLUMN_TYPES, DERIVED_COLUMNS, RECORD_COLUMNS, record_from_row, record_row
from benchtable.db.units import norm_of
from benchtable.schema.errors import QueryError, StoreError
from benchtable.schema.records import Document, ScoreRecord, Source

__all__ = ["RECORD_COLUMNS", "Database", "now", "os_reason", "record_from_row", "record_row"]

STORAGE_VERSION = "v1.0.0"
"""DuckDB storage format of new files (version 64), not DuckDB 2's default, which 1.x refuses.
Checked to open in Python duckdb 1.1.0, 1.1.3, 1.2.2, 1.3.2, 1.4.1, 1.5.6 and duckdb-cli 1.5.6
(1.0.0 refuses the schema's catalog entries)."""


class Database:
    """A DuckDB file with benchtable's schema.

    Opened `read_only`, the connection is locked (`db.locked`): SQL run on it reaches
    nothing but this file, and of other files only `allowed_paths`."""

    def __init__(
        self, path: Path, *, read_only: bool = False, wait: float = 0.0, allowed_paths: Sequence[Path] = ()
    ) -> None:
        """Open (or, unless `read_only`, create and migrate) the database at `path`.

        `wait`: seconds to keep retrying while another process holds the file."""
        self.path = path
        deadline = time.monotonic() + wait
        while True:
            try:
                self.con = self._connect(path, read_only, allowed_paths)
                break
            except duckdb.Error as exc:
                if not is_lock_conflict(str(exc)):
                    raise StoreError(f"{path}: cannot open database: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise busy_error(path, str(exc)) from exc
                time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
            except OSError as exc:
                raise StoreError(f"{path}: cannot open database: {os_reason(exc)}") from exc
        if not read_only:
            try:
                migrate(self.con)
                self._backfill_history()
            except duckdb.Error as exc:
                self.con.close()
                raise StoreError(f"{path}: cannot open database: {exc}") from exc

    @staticmethod
    def _connect(path: Path, read_only: bool, allowed_paths: Sequence[Path]) -> duckdb.DuckDBPyConnection:
        if read_only:
            if not path.exists():
                raise StoreError(f"{path}: no such database (run `benchtable refresh` first)")
            return connect_locked(path, allowed_paths=allowed_paths)
        if str(path) == ":memory:":
            return duckdb.connect(str(path))
        make_parent_dir(path)
        if path.exists():  # an existing database keeps the storage version it was written in
            return duckdb.connect(str(path))
        return duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_VERSION})

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- writes -------------------------------------------------------------------------------

    def register_sources(self, sources: Sequence[Source]) -> None:
        with self.transaction():
            for s in sources:
                self.con.execute(
                    "INSERT OR REPLACE INTO sources "
                    "(source_id, url, kind, title, model, hints, version_of, revision_note) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        s.id,
                        s.url,
                        s.kind.value,
                        s.title,
                        s.model,
                        json.dumps(s.hints.as_mapping(), sort_keys=True),
                        s.version_of,
                        s.revision_note,
                    ],
                )

    def start_run(self, run_id: str, mode: str, at: datetime) -> None:
        self.con.execute("INSERT INTO runs VALUES (?, ?, NULL, ?, NULL, NULL)", [run_id, at, mode])

    def finish_run(self, run_id: str, n_ok: int, n_failed: int, at: datetime) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, n_ok = ?, n_failed = ? WHERE run_id = ?",
            [at, n_ok, n_failed, run_id],
        )

    def record_fetch(
        self,
        run_id: str,
        source_id: str,
        url: str,
        outcome: str,
        *,
        at: datetime,
        http_status: int | None = None,
        sha256: str | None = None,
        n_records: int | None = None,
        error: str | None = None,
        attempts: int | None = None,
        notes: Sequence[str] = (),
    ) -> None:
        """One fetch of a run; `notes` (what extraction said of tables that gave no records)
        are stored one a line, NULL when there are none."""
        self.con.execute(
            "INSERT OR REPLACE INTO fetches (run_id, source_id, url, fetched_at, outcome, http_status, "
            "sha256, n_records, error, attempts, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                source_id,
                url,
                at,
                outcome,
                http_status,
                sha256,
                n_records,
                error,
                attempts,
                "\n".join(notes) or None,
            ],
        )

    def current_version(self, source_id: str) -> str | None:
        row = self.con.execute(
            "SELECT sha256 FROM source_versions WHERE source_id = ? AND is_current", [source_id]
        ).fetchone()
        return str(row[0]) if row else None

    def touch_version(self, source_id: str, sha256: str, at: datetime) -> None:
        self.con.execute(
            "UPDATE source_versions SET last_seen = ? WHERE source_id = ? AND sha256 = ?",
            [at, source_id, sha256],
        )

    def validators(self, source_id: str) -> tuple[str | None, str | None, str | None]:
        """The current version of a source and its HTTP validators: (sha256, etag, last_modified)."""
        row = self.con.execute(
            "SELECT v.sha256, d.etag, d.last_modified FROM source_versions v "
            "LEFT JOIN documents d ON d.sha256 = v.sha256 WHERE v.source_id = ? AND v.is_current",
            [source_id],
        ).fetchone()
        if not row:
            return None, None, None
        return str(row[0]), row[1], row[2]

    def mark_unchanged(
        self,
        source_id: str,
        url: str,
        sha256: str,
        at: datetime,
        run_id: str,
        http_status: int,
        attempts: int | None = None,
    ) -> None:
        """The source served its current version again: one transaction for dates and the fetch."""
        with self.transaction():
            self.touch_version(source_id, sha256, at)
            history.touch_values(self.con, source_id, at)
            self.record_fetch(
                run_id,
                source_id,
                url,
                "unchanged",
                at=at,
                http_status=http_status,
                sha256=sha256,
                attempts=attempts,
            )

    def save_version(
        self,
        document: Document,
        records: Sequence[ScoreRecord],
        *,
        run_id: str | None = None,
        outcome: str | None = None,
        http_status: int | None = 200,
        attempts: int | None = None,
        notes: Sequence[str] = (),
    ) -> None:
        """Store a document version and its records, and make it the source's current version.

        One transaction: the document row, the version row, its records, the value history
        diff against the previous current version, and (with `run_id` and `outcome`) the
        fetch row. A crash at any point leaves the source as it was."""
        sid, sha = document.source_id, document.sha256
        with self.transaction():
            self.con.execute(
                "INSERT OR IGNORE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    sha,
                    document.url,
                    document.content_type,
                    document.size,
                    document.retrieved_at,
                    document.etag,
                    document.last_modified,
                ],
            )
            # a version seen before may come back with other validators: keep the latest
            self.con.execute(
                "UPDATE documents SET etag = ?, last_modified = ? WHERE sha256 = ?",
                [document.etag, document.last_modified, sha],
            )
            self.con.execute("UPDATE source_versions SET is_current = false WHERE source_id = ?", [sid])
            exists = self.con.execute(
                "SELECT 1 FROM source_versions WHERE source_id = ? AND sha256 = ?", [sid, sha]
            ).fetchone()
            if exists:
                self.con.execute(
                    "UPDATE source_versions SET is_current = true, last_seen = ?, n_records = ? "
                    "WHERE source_id = ? AND sha256 = ?",
                    [document.retrieved_at, len(records), sid, sha],
                )
            else:
                self.con.execute(
                    "INSERT INTO source_versions VALUES (?, ?, ?, ?, true, ?)",
                    [sid, sha, document.retrieved_at, document.retrieved_at, len(records)],
                )
            self.con.execute("DELETE FROM records WHERE source_id = ? AND sha256 = ?", [sid, sha])
            self._insert_records(records)
            history.apply_version(self.con, sid, sha, document.retrieved_at, run_id)
            if run_id is not None and outcome is not None:
                self.record_fetch(
                    run_id,
                    sid,
                    document.url,
                    outcome,
                    at=document.retrieved_at,
                    http_status=http_status,
                    sha256=sha,
                    n_records=len(records),
                    attempts=attempts,
                    notes=notes,
                )

    def _insert_records(self, records: Sequence[ScoreRecord]) -> None:
        """Insert records with their value keys (see `history.value_keys`)."""
        if not records:
            return
        keys = history.value_keys(records)
        rows: dict[str, dict[str, Any]] = {}
        for r, key in zip(records, keys, strict=True):
            row = record_row(r)
            row["value_key"] = key
            row["value_norm"], row["unit"] = norm_of(r.benchmark, r.value, r.scale)
            rows.setdefault(row["record_id"], row)
        columns = [*RECORD_COLUMNS, *DERIVED_COLUMNS]
        fd, tmp = tempfile.mkstemp(suffix=".jsonl", prefix="benchtable-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                for row in rows.values():
                    fh.write(json.dumps(row) + "\n")
            spec = ", ".join(f"'{c}': '{COLUMN_TYPES.get(c, 'VARCHAR')}'" for c in columns)
            self.con.execute(
                f"INSERT INTO records ({', '.join(columns)}) SELECT {', '.join(columns)} FROM "
                f"read_json(?, format='newline_delimited', columns={{{spec}}})",
                [tmp],
            )
        finally:
            os.unlink(tmp)

    def _backfill_history(self) -> None:
        """A database written before value history existed: key its records and seed the
        history from the current versions (once; later opens find nothing to do)."""
        missing = self.con.execute("SELECT count(*) FROM records WHERE value_key IS NULL").fetchone()
        if not missing or not missing[0]:
            return
        with self.transaction():
            versions = self.con.execute(
                "SELECT DISTINCT r.source_id, r.sha256, v.first_seen, v.is_current FROM records r "
                "JOIN source_versions v USING (source_id, sha256) WHERE r.value_key IS NULL "
                "ORDER BY v.is_current, v.first_seen"
            ).fetchall()
            for sid, sha, first_seen, is_current in versions:
                cur = self.con.execute(
                    f"SELECT {', '.join(RECORD_COLUMNS)} FROM records WHERE source_id = ? AND sha256 = ?",
                    [sid, sha],
                )
                names = [d[0] for d in cur.description]
                records = [record_from_row(dict(zip(names, row, strict=True))) for row in cur.fetchall()]
                self.con.execute("DELETE FROM records WHERE source_id = ? AND sha256 = ?", [sid, sha])
                self._insert_records(records)
                if is_current:
                    history.apply_version(self.con, sid, sha, first_seen, None)

    # -- reads --------------------------------------------------------------------------------

    def selected_columns(self, table: str, wanted: Sequence[str]) -> str:
        """A select list of `wanted`, NULL for a column that a database opened read-only before
        its migration (made by an older benchtable) does not have yet."""
        have = {
            str(name)
            for (name,) in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
            ).fetchall()
        }
        return ", ".join(c if c in have else f"NULL AS {c}" for c in wanted)

    def is_empty(self) -> bool:
        try:
            row = self.con.execute("SELECT count(*) FROM records").fetchone()
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a benchtable database (no records table)") from exc
        return not row or int(row[0]) == 0

    def current_records(self, where: str = "", params: Sequence[object] = ()) -> list[ScoreRecord]:
        """Current records in store order; `where` is an SQL predicate over `current_records`
        columns with `?` placeholders bound to `params` (the caller's query, never user text)."""
        cur = self.con.execute(
            f"SELECT {self.selected_columns('records', RECORD_COLUMNS)} FROM current_records"
            + (f" WHERE {where}" if where else "")
            + " ORDER BY source_id, page, line, table_index, row_index, column_index, record_id",
            list(params),
        )
        names = [d[0] for d in cur.description]
        return [record_from_row(dict(zip(names, row, strict=True))) for row in cur.fetchall()]

    def source_info(self) -> dict[str, dict[str, Any]]:
        """Per source: kind, title and the date of its current document."""
        cur = self.con.execute(
            "SELECT s.source_id, s.kind, s.title, s.url, d.last_modified, d.retrieved_at "
            "FROM sources s LEFT JOIN source_versions v ON v.source_id = s.source_id AND v.is_current "
            "LEFT JOIN documents d ON d.sha256 = v.sha256"
        )
        out: dict[str, dict[str, Any]] = {}
        for sid, kind, title, url, last_modified, retrieved in cur.fetchall():
            out[sid] = {
                "kind": kind,
                "title": title,
                "url": url,
                "date": last_modified or (retrieved.isoformat() if retrieved else None),
            }
        return out

    def query(self, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        try:
            cur = self.con.execute(sql)
            if cur is None:  # DuckDB's answer to SQL without a statement ("", ";", a comment)
                raise QueryError("query failed: the SQL holds no statement")
            names = [d[0] for d in cur.description] if cur.description else []
            return names, cur.fetchall()
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            raise QueryError(f"query failed: {message}") from exc


def os_reason(exc: OSError) -> str:
    """`Not a directory: /etc/passwd`: the operating system's reason and the file it is about."""
    reason = exc.strerror or str(exc)
    return f"{reason}: {exc.filename}" if exc.filename else reason


def now() -> datetime:
    return datetime.now(UTC)
