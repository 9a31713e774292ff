"""`benchtable verify`: check every stored record against its stored document."""

from __future__ import annotations

import sys

import click

from benchtable.app import State, blobs_for, cli, db_option, echo, open_for_reading


@cli.command()
@db_option
@click.pass_obj
def verify(state: State) -> None:
    """Re-open every stored document and check each record's raw text stands at its locator
    (progress on stderr)."""
    from benchtable.reports.verify import verify_records
    from benchtable.scrapers.blobstore import BlobStore

    with open_for_reading(state, snapshot=False) as db:
        records = db.current_records()
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("verifying records"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=state.quiet,
    )
    with progress:
        tracked = progress.track(records, total=len(records))
        checked, mismatches = verify_records(tracked, BlobStore(blobs_for(state.db)))
    for m in mismatches:
        r = m.record
        echo(f"{r.source_id}: {r.citation.locator.describe()}: {m.reason}")
    state.note(
        f"verified {checked} records: {checked - len(mismatches)} found at their locator, {len(mismatches)} not"
    )
    if mismatches:
        sys.exit(1)
