"""`benchtable refresh`: fetch or replay sources, extract changed documents, store; say what changed.

Exit codes: 0 every source fine; 1 some source failed (its previous records are kept);
2 usage or configuration error; 3 another refresh holds the lock; 4 another process
(not a refresh) has the DuckDB file open.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from benchtable.app import State, blobs_for, cli, db_option, echo
from benchtable.schema.errors import ConfigError, StoreError

if TYPE_CHECKING:
    import httpx
    from rich.progress import Progress

    from benchtable.db.store import Database
    from benchtable.progress import InFlight
    from benchtable.scrapers.refresh import RefreshSummary

MAX_CHANGE_LINES = 30


def _log_to(log_file: Path | None) -> logging.Handler | None:
    if log_file is None:
        return None
    try:
        handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{log_file}: cannot open log file: {exc.strerror or exc}") from exc
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("benchtable")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def _print_summary(summary: RefreshSummary) -> None:
    counts = ", ".join(f"{summary.count(k)} {k}" for k in ("new", "changed", "unchanged", "failed"))
    records = sum(o.n_records for o in summary.outcomes)
    cc = summary.change_counts()
    echo(
        f"refreshed {len(summary.outcomes)} sources: {counts}; {records} records extracted; "
        f"values: {cc['new']} new, {cc['changed']} changed, {cc['removed']} removed"
    )
    for outcome in summary.outcomes:
        for line in outcome.notes:
            echo(f"  note {outcome.source_id}: {line}")
    for change in summary.changes[:MAX_CHANGE_LINES]:
        echo(f"  {change.describe()}")
    if len(summary.changes) > MAX_CHANGE_LINES:
        echo(
            f"  ... and {len(summary.changes) - MAX_CHANGE_LINES} more: "
            f"`benchtable changes --run {summary.run_id}` lists them all"
        )


@cli.command()
@db_option
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
    help="Sources file (default: the packaged registry plus sources.toml beside the database).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable run summary on stdout.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing unless a source fails.")
@click.option(
    "--log-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Append a timestamped log of the run (outcomes, retries, failures) to FILE.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    help="Extraction processes (default: one per CPU; 0: extract in this process, without limits).",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    help="Seconds to wait for another process (a notebook) to release the DuckDB file before exiting 4.",
)
@click.option(
    "--accept-empty",
    is_flag=True,
    help="Take a new version that has no records even where the current version has some.",
)
@click.pass_obj
def refresh(
    state: State,
    source_ids: tuple[str, ...],
    replay: Path | None,
    sources_file: Path | None,
    as_json: bool,
    quiet: bool,
    log_file: Path | None,
    jobs: int | None,
    wait: float,
    accept_empty: bool,
) -> None:
    """Fetch sources (all, or SOURCE_IDS), extract changed documents, store records, list what changed.

    Exit status: 0 all sources fine, 1 some failed (their last good records are kept),
    2 usage or configuration error, 3 another refresh is running, 4 another process
    (not a refresh) has the DuckDB file open."""
    from benchtable.db.store import Database
    from benchtable.progress import InFlight
    from benchtable.scrapers.blobstore import BlobStore
    from benchtable.scrapers.fetch import FetchPolicy, make_client
    from benchtable.scrapers.lock import refresh_lock
    from benchtable.scrapers.refresh import RefreshOptions, SourceOutcome
    from benchtable.scrapers.refresh import refresh as run_refresh
    from benchtable.scrapers.sources import registered_sources, select_sources

    quiet = quiet or state.quiet
    sources = select_sources(registered_sources(sources_file, state.db)[0], list(source_ids))
    transport = _replay_transport(replay)
    if str(state.db) == ":memory:":
        raise ConfigError("refresh needs a database file (--db PATH), not :memory:")
    handler = _log_to(log_file)
    policy = FetchPolicy.from_env()
    in_flight = InFlight()
    options = RefreshOptions(policy=policy, jobs=jobs, accept_empty=accept_empty, on_stage=in_flight.enter)
    log = logging.getLogger("benchtable.refresh")
    try:
        with refresh_lock(state.db):
            log.info(
                "refresh of %d sources into %s (%s)", len(sources), state.db, "replay" if replay else "live"
            )
            with Database(state.db, wait=wait) as db, make_client(transport, policy=policy) as client:
                progress = _progress_bar(in_flight, hidden=quiet or as_json)
                with progress:
                    task = progress.add_task("refreshing", total=len(sources))

                    def advance(outcome: SourceOutcome) -> None:
                        in_flight.leave(outcome.source_id)
                        progress.update(
                            task, advance=1, description=f"{outcome.source_id}: {outcome.outcome}"
                        )

                    summary = run_refresh(
                        db,
                        BlobStore(blobs_for(state.db)),
                        client,
                        sources,
                        mode="replay" if replay else "live",
                        on_source=advance,
                        options=options,
                    )
                _store_comparison_groups(db)
            _log_done(log, summary)
    except StoreError as exc:
        logging.getLogger("benchtable.refresh").error("%s", exc)
        raise
    finally:
        if handler is not None:
            logging.getLogger("benchtable").removeHandler(handler)
            handler.close()
    _say_outcome(summary, as_json=as_json, quiet=quiet)


def _replay_transport(replay: Path | None) -> httpx.BaseTransport | None:
    if replay is None:
        return None
    from benchtable.scrapers.replay import ReplayTransport

    if not (replay / "manifest.jsonl").exists():
        raise ConfigError(f"{replay}: not a recorded corpus (no manifest.jsonl)")
    return ReplayTransport(replay)


def _log_done(log: logging.Logger, summary: RefreshSummary) -> None:
    cc = summary.change_counts()
    log.info(
        "run %s done: %s; values %d new, %d changed, %d removed",
        summary.run_id,
        ", ".join(f"{summary.count(k)} {k}" for k in ("new", "changed", "unchanged", "failed")),
        cc["new"],
        cc["changed"],
        cc["removed"],
    )


def _progress_bar(in_flight: InFlight, *, hidden: bool) -> Progress:
    """The stderr progress line: sources done, elapsed time, and what is in flight."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from benchtable.progress import InFlightColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(bar_width=20),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        InFlightColumn(in_flight),
        disable=hidden,
        transient=True,
        console=Console(stderr=True),
    )


def _say_outcome(summary: RefreshSummary, *, as_json: bool, quiet: bool) -> None:
    """The run summary (JSON or text), every failed source on stderr, and exit 1 if any failed."""
    if as_json:
        echo(json.dumps(summary.as_dict(), indent=2, default=str))
    elif not quiet:
        _print_summary(summary)
    for o in summary.failed:
        echo(f"benchtable: source failed: {o.error}", err=True)
    if summary.failed:
        echo(
            f"benchtable: {len(summary.failed)} of {len(summary.outcomes)} sources failed; "
            "their previous records are kept",
            err=True,
        )
        sys.exit(1)


def _store_comparison_groups(db: Database) -> None:
    """Rank every controlled-comparison group once per refresh, so reports only read them."""
    from benchtable.reports.comparison_groups import store_comparison_groups
    from benchtable.reports.sources import source_meta

    store_comparison_groups(db, source_meta(db))
