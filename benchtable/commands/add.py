"""`benchtable add`: register a source (a URL, a local file or a folder) and fetch it."""

from __future__ import annotations

from pathlib import Path

import click

from benchtable.app import State, cli, db_option
from benchtable.schema.records import Source, SourceKind


@cli.command()
@db_option
@click.argument("target")
@click.option("--id", "source_id", help="Source id (default: from the URL or file name).")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in SourceKind]),
    help="What the document is (default: guessed from the URL; decides citation precedence).",
)
@click.option("--content-type", help="How to parse the bytes (default: the server's, or the file extension).")
@click.option("--model", help="The model the document is about, when its tables omit it.")
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Sources file to add to (default: sources.toml beside the database).",
)
@click.option("--no-fetch", is_flag=True, help="Only register; the next `benchtable refresh` fetches it.")
@click.pass_context
def add(
    ctx: click.Context,
    target: str,
    source_id: str | None,
    kind: str | None,
    content_type: str | None,
    model: str | None,
    sources_file: Path | None,
    no_fetch: bool,
) -> None:
    """Register TARGET (a URL, a file:// URL or a local file or folder) as a source and fetch it.

    A folder registers each document file in it. Exit status as for `refresh`; a source
    already registered (same id or same document) is refused with exit 2, and nothing is written."""
    from benchtable.commands.refresh import refresh
    from benchtable.scrapers.adding import append_sources, check_new, new_sources
    from benchtable.scrapers.sources import registered_sources, user_sources_path

    state: State = ctx.obj
    target_file = sources_file or user_sources_path(state.db)
    registered: list[Source]
    if sources_file is not None and not sources_file.exists():
        registered, where = [], str(sources_file)
    else:
        registered, where = registered_sources(sources_file, state.db)
    new = new_sources(
        target,
        source_id=source_id,
        kind=SourceKind(kind) if kind else None,
        content_type=content_type,
        model=model,
    )
    new = check_new(new, registered, where)
    append_sources(target_file, new)
    for s in new:
        state.note(f"benchtable: added source {s.id} ({s.kind.value}, {s.url}) to {target_file}")
    if no_fetch:
        return
    ctx.invoke(refresh, source_ids=tuple(s.id for s in new), sources_file=sources_file)
