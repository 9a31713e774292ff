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
@click.pass_obj
def snapshot(state: State, replay: Path, output: Path | None) -> None:
    """Rebuild the bundled snapshot from a recorded corpus."""
    import tempfile

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
