"""`benchtable verify`: check every stored record against its stored document."""

from __future__ import annotations

import sys

import click

from benchtable.app import State, blobs_for, cli, db_option, open_for_reading


@cli.command()
@db_option
@click.pass_obj
def verify(state: State) -> None:
    """Re-open every stored document and check each record's raw text stands at its locator."""
    from benchtable.reports.verify import verify_records
    from benchtable.scrapers.blobstore import BlobStore

    with open_for_reading(state, snapshot=False) as db:
        records = db.current_records()
    checked, mismatches = verify_records(records, BlobStore(blobs_for(state.db)))
    for m in mismatches:
        r = m.record
        click.echo(f"{r.source_id}: {r.citation.locator.describe()}: {m.reason}")
    state.note(
        f"verified {checked} records: {checked - len(mismatches)} found at their locator, {len(mismatches)} not"
    )
    if mismatches:
        sys.exit(1)
