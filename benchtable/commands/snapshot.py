"""`benchtable snapshot`: rebuild the bundled snapshot from a recorded corpus."""

from __future__ import annotations

from pathlib import Path

import click

from benchtable.app import State, cli, echo
from benchtable.schema.errors import ConfigError, StoreError


@cli.command()
@click.option(
    "--replay",
    type=click.Path(path_type=Path, file_okay=False),
    default="../shared/corpus",
    show_default=True,
    help="Recorded corpus to build the snapshot from.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Default: the packaged snapshot file.")
@click.option(
    "--into",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Instead: write the bundled snapshot into this DuckDB file, to query it offline.",
)
@click.option("--force", is_flag=True, help="With --into: replace a database that already has records.")
@click.pass_obj
def snapshot(state: State, replay: Path, output: Path | None, into: Path | None, force: bool) -> None:
    """Rebuild the bundled snapshot from a recorded corpus (or, with --into, write it to a DuckDB file)."""
    import tempfile

    if into is not None:
        replay_given = click.get_current_context().get_parameter_source("replay")
        if output is not None or replay_given == click.core.ParameterSource.COMMANDLINE:
            raise ConfigError(
                "snapshot --into writes the bundled snapshot as it is; it takes no -o/--output or --replay"
            )
        _snapshot_into(state, into, force=force)
        return

    from benchtable.db.snapshot import compress, dump_snapshot, packaged_snapshot_path
    from benchtable.db.store import Database
    from benchtable.scrapers.blobstore import BlobStore
    from benchtable.scrapers.fetch import make_client
    from benchtable.scrapers.refresh import refresh as run_refresh
    from benchtable.scrapers.replay import ReplayTransport
    from benchtable.scrapers.sources import load_sources

    if not (replay / "manifest.jsonl").exists():
        raise ConfigError(f"{replay}: not a recorded corpus (no manifest.jsonl)")
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "snapshot.duckdb"
        with Database(db_path) as db, make_client(ReplayTransport(replay)) as client:
            summary = run_refresh(db, BlobStore(Path(tmp) / "blobs"), client, load_sources(), mode="replay")
            text = dump_snapshot(db)
    target = output or packaged_snapshot_path()
    try:
        target.write_bytes(compress(text) if target.suffix == ".gz" else text.encode("utf-8"))
    except OSError as exc:
        raise StoreError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    state.note(f"wrote {target}: {len(summary.outcomes)} sources, {text.count(chr(10))} lines")
    for o in summary.failed:
        echo(f"benchtable: source failed: {o.error}", err=True)


def _snapshot_into(state: State, target: Path, *, force: bool) -> None:
    """The bundled snapshot as a real DuckDB file (refusing to replace records unless `force`): a
    copy of the snapshot's database, built once per snapshot version in the cache directory."""
    import os
    import secrets
    import shutil

    from benchtable.db.snapshot import materialised_snapshot
    from benchtable.db.store import Database, os_reason

    if target.exists() and not force and _has_records(target):
        raise ConfigError(
            f"{target}: already a database with records; pass --force to replace it, or choose another file"
        )
    built = materialised_snapshot()
    part = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    try:
        shutil.copyfile(built, part)
        if target.exists():
            _remove_database(target)
        os.replace(part, target)
    except OSError as exc:
        raise StoreError(f"{target}: cannot write: {os_reason(exc)}") from exc
    finally:
        part.unlink(missing_ok=True)
    with Database(target, read_only=True) as db:
        row = db.con.execute("SELECT count(*) FROM current_records").fetchone()
    state.note(f"wrote the bundled snapshot into {target}: {row[0] if row else 0} records")


def _has_records(path: Path) -> bool:
    """Whether `path` holds data: benchtable records, or any table of its own (a file that is
    not a DuckDB database is refused too, never overwritten silently)."""
    import duckdb

    if path.stat().st_size == 0:
        return False
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise ConfigError(
            f"{path}: exists and cannot be opened as a DuckDB database ({str(exc).splitlines()[0]}); "
            "not replaced (pass --force to replace it)"
        ) from exc
    try:
        tables = {str(r[0]) for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if tables - {
            "schema_version",
            "records",
            "sources",
            "documents",
            "source_versions",
            "runs",
            "fetches",
            "value_history",
            "value_changes",
            "comparison_groups",
        }:
            return True
        if "records" not in tables:
            return False
        row = con.execute("SELECT count(*) FROM records").fetchone()
        return bool(row and row[0])
    finally:
        con.close()


def _remove_database(path: Path) -> None:
    try:
        for p in (path, path.with_name(path.name + ".wal")):
            p.unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot replace: {exc.strerror or exc}") from exc
