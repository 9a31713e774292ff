"""`benchtable sources`: list the registered sources."""

from __future__ import annotations

import json
from pathlib import Path

import click

from benchtable.app import State, cli, echo


@cli.command()
@click.option("--sources", "sources_file", type=click.Path(path_type=Path), help="Sources file.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def sources(state: State, sources_file: Path | None, fmt: str) -> None:
    """List the registered sources (the packaged registry plus sources.toml beside the database)."""
    from benchtable.scrapers.sources import registered_sources

    items = registered_sources(sources_file, state.db)[0]
    if fmt == "json":
        echo(json.dumps([s.model_dump(mode="json") for s in items], indent=2))
        return
    for s in items:
        echo(f"{s.id:45} {s.kind.value:12} {s.url}")
