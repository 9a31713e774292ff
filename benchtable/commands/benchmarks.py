"""`benchtable benchmarks`: the benchmark vocabulary, and the benchmark ids it does not know."""

from __future__ import annotations

import json

import click

from benchtable.app import State, cli, db_option, open_for_reading, write_text


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--unmapped",
    "limit",
    type=click.IntRange(min=0),
    default=40,
    show_default=True,
    help="Unmapped ids to list.",
)
@click.pass_obj
def benchmarks(state: State, fmt: str, limit: int) -> None:
    """List the benchmark vocabulary (category, scale, direction, default protocol) and what is unmapped."""
    from benchtable.reports.inspect import benchmarks_listing, benchmarks_text

    db = open_for_reading(state)
    try:
        records = db.current_records()
    finally:
        db.close()
    listing = benchmarks_listing(records, limit)
    text = (
        json.dumps(listing, indent=2, ensure_ascii=False) + "\n"
        if fmt == "json"
        else benchmarks_text(listing)
    )
    write_text(text, None)
