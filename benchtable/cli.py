"""The `benchtable` command line: the only place that turns errors into messages and exit codes.

Exit codes: 0 success; 1 some sources failed, or a document/store/query error;
2 usage or configuration error; 3 another refresh holds the lock.
"""

from __future__ import annotations

import csv
import io
import json
import mimetypes
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from benchtable.schema.errors import BenchtableError, ConfigError, StoreError

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "benchtable.duckdb"
_CONTENT_TYPES = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".rst": "text/x-rst",
    ".csv": "text/csv",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
}


class State:
    def __init__(self, db: Path, debug: bool, quiet: bool) -> None:
        self.db = db
        self.debug = debug
        self.quiet = quiet

    def note(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)


def blobs_for(db: Path) -> Path:
    return db.with_name(db.name + ".blobs")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    envvar="BENCHTABLE_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="DuckDB file (env BENCHTABLE_DB).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.option("--quiet", "-q", is_flag=True, help="No progress or notes on stderr.")
@click.pass_context
def cli(ctx: click.Context, db_path: Path, debug: bool, quiet: bool) -> None:
    """benchtable: cited model × benchmark tables mined from papers, cards and leaderboards."""
    ctx.obj = State(db_path, debug, quiet)


def _open_for_reading(state: State) -> Any:
    """The user's database, or an in-memory one seeded from the bundled snapshot."""
    from benchtable.db.snapshot import load_packaged_snapshot
    from benchtable.db.store import Database

    if state.db.exists():
        db = Database(state.db, read_only=True)
        if not db.is_empty():
            return db
        db.close()
    memory = Database(Path(":memory:"))
    n = load_packaged_snapshot(memory)
    state.note(
        f"benchtable: {state.db} has no records yet; using the bundled snapshot ({n} records built "
        "from the recorded corpus). Run `benchtable refresh` to update."
    )
    return memory


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


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Report config TOML.")
@click.option("--strict", is_flag=True, help="Leave cells measured under another protocol blank.")
@click.pass_obj
def report(state: State, output: Path | None, fmt: str, config_file: Path | None, strict: bool) -> None:
    """Render the cited model × benchmark table."""
    from benchtable.reports.config import load_report_config
    from benchtable.reports.render import render_json, render_markdown
    from benchtable.reports.select import build_table

    config = load_report_config(config_file)
    db = _open_for_reading(state)
    try:
        table = build_table(config, db.current_records(), db.source_info(), strict=strict)
    finally:
        db.close()
    text = render_json(table) if fmt == "json" else render_markdown(table)
    _write(text, output)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, "utf-8")
    except OSError as exc:
        raise StoreError(f"{output}: cannot write: {exc.strerror or exc}") from exc


@cli.command()
@click.argument("sql")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.pass_obj
def query(state: State, sql: str, fmt: str) -> None:
    """Run read-only SQL against the database (see the README for the schema)."""
    db = _open_for_reading(state)
    try:
        names, rows = db.query(sql)
    finally:
        db.close()
    if fmt == "json":
        click.echo(json.dumps([dict(zip(names, r, strict=True)) for r in rows], default=str, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(names)
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*names)
        for r in rows:
            table.add_row(*["" if v is None else str(v) for v in r])
        Console(width=max(120, os.get_terminal_size().columns if sys.stdout.isatty() else 200)).print(table)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--url", help="The document's URL, for citations (default: file://...).")
@click.option("--content-type", help="MIME type (default: from the file extension).")
def extract(file: Path, url: str | None, content_type: str | None) -> None:
    """Print the records of one document as JSON Lines (no database involved)."""
    from benchtable.extract import extract_document
    from benchtable.schema.records import Source, SourceKind
    from benchtable.scrapers.blobstore import sha256_of
    from benchtable.scrapers.refresh import document_input
    from benchtable.scrapers.sources import load_sources

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    ctype = content_type or _CONTENT_TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0]
    if ctype is None:
        raise ConfigError(f"{file}: cannot tell the content type from the name; pass --content-type")
    doc_url = url or file.resolve().as_uri()
    source = next((s for s in load_sources() if s.url == doc_url), None)
    if source is None:
        source = Source(id="adhoc", url=doc_url, kind=SourceKind.README)
    records = extract_document(document_input(source, data, ctype, doc_url, sha256_of(data)))
    out = sys.stdout
    for r in records:
        out.write(json.dumps(r.flat(), ensure_ascii=False) + "\n")


@cli.command()
@click.option("--sources", "sources_file", type=click.Path(path_type=Path), help="Sources file.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def sources(sources_file: Path | None, fmt: str) -> None:
    """List the registered sources."""
    from benchtable.scrapers.sources import load_sources

    items = load_sources(sources_file)
    if fmt == "json":
        click.echo(json.dumps([s.model_dump(mode="json") for s in items], indent=2))
        return
    for s in items:
        click.echo(f"{s.id:45} {s.kind.value:12} {s.url}")


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
        click.echo(f"benchtable: source failed: {o.error}", err=True)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this in-process)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="benchtable", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except click.exceptions.Abort:
        click.echo("benchtable: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2
    except BenchtableError as exc:
        if debug:
            raise
        click.echo(f"benchtable: error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return 0


@cli.command()
@click.pass_obj
def verify(state: State) -> None:
    """Re-open every stored document and check each record's raw text stands at its locator."""
    from benchtable.db.store import Database
    from benchtable.reports.verify import verify_records
    from benchtable.scrapers.blobstore import BlobStore

    with Database(state.db, read_only=True) as db:
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


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
