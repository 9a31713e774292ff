"""`benchtable refresh`: fetch or replay sources, extract, store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from benchtable.app import State, blobs_for, cli
from benchtable.schema.errors import ConfigError


@cli.command()
@click.argument("source_ids", nargs=-1)
@click.option(
    "--replay",
    type=click.Path(path_type=Path, file_okay=False),
    help="Serve a recorded corpus folder instead of the network.",
)
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(path_type=Path),
    help="Sources file (default: the packaged registry).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable run summary.")
@click.pass_obj
def refresh(
    state: State, source_ids: tuple[str, ...], replay: Path | None, sources_file: Path | None, as_json: bool
) -> None:
    """Fetch sources (all, or SOURCE_IDS), extract changed documents, store records."""
    from benchtable.db.store import Database
    from benchtable.scrapers.blobstore import BlobStore
    from benchtable.scrapers.fetch import make_client
    from benchtable.scrapers.refresh import SourceOutcome
    from benchtable.scrapers.refresh import refresh as run_refresh
    from benchtable.scrapers.replay import ReplayTransport
    from benchtable.scrapers.sources import load_sources, select_sources

    sources = select_sources(load_sources(sources_file), list(source_ids))
    transport = None
    if replay is not None:
        if not (replay / "manifest.jsonl").exists():
            raise ConfigError(f"{replay}: not a recorded corpus (no manifest.jsonl)")
        transport = ReplayTransport(replay)
    with Database(state.db) as db, make_client(transport) as client:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            disable=state.quiet,
            transient=True,
            console=__import__("rich.console").console.Console(stderr=True),
        )
        with progress:
            task = progress.add_task("refreshing", total=len(sources))

            def advance(outcome: SourceOutcome) -> None:
                progress.update(task, advance=1, description=f"{outcome.source_id}: {outcome.outcome}")

            summary = run_refresh(
                db,
                BlobStore(blobs_for(state.db)),
                client,
                sources,
                mode="replay" if replay else "live",
                on_source=advance,
            )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "run_id": summary.run_id,
                    "sources": [o.__dict__ for o in summary.outcomes],
                    "counts": {k: summary.count(k) for k in ("new", "changed", "unchanged", "failed")},
                },
                indent=2,
            )
        )
    else:
        counts = ", ".join(f"{summary.count(k)} {k}" for k in ("new", "changed", "unchanged", "failed"))
        records = sum(o.n_records for o in summary.outcomes)
        state.note(f"refreshed {len(summary.outcomes)} sources: {counts}; {records} records extracted")
        for o in summary.failed:
            click.echo(f"benchtable: source failed: {o.error}", err=True)
    if summary.failed:
        sys.exit(1)
