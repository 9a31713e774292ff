"""`benchtable models` and `benchtable benchmarks`: a vocabulary, and the ids in the records it
does not know (so the vocabulary can grow)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import click

from benchtable.app import State, cli, db_option, open_for_reading, write_text

if TYPE_CHECKING:
    from benchtable.reports.inspect import IdCounts

F = TypeVar("F", bound=Callable[..., Any])


def _listing_options(command: F) -> F:
    command = click.option(
        "--unmapped",
        "limit",
        type=click.IntRange(min=0),
        default=40,
        show_default=True,
        help="Unmapped ids to list.",
    )(command)
    command = click.option(
        "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
    )(command)
    return db_option(command)


def _print_listing(
    state: State,
    fmt: str,
    limit: int,
    column: str,
    listing: Callable[[Mapping[str, IdCounts], int], dict[str, Any]],
    as_text: Callable[[dict[str, Any]], str],
) -> None:
    from benchtable.reports.inspect import id_counts

    db = open_for_reading(state)
    try:
        counts = id_counts(db, column)
    finally:
        db.close()
    found = listing(counts, limit)
    write_text(
        json.dumps(found, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else as_text(found), None
    )


@cli.command()
@_listing_options
@click.pass_obj
def models(state: State, fmt: str, limit: int) -> None:
    """List the model vocabulary (family, parameters, weights, release) and what is unmapped."""
    from benchtable.reports.inspect import models_listing, models_text

    _print_listing(state, fmt, limit, "model", models_listing, models_text)


@cli.command()
@_listing_options
@click.pass_obj
def benchmarks(state: State, fmt: str, limit: int) -> None:
    """List the benchmark vocabulary (category, scale, direction, default protocol) and what is unmapped."""
    from benchtable.reports.inspect import benchmarks_listing, benchmarks_text

    _print_listing(state, fmt, limit, "benchmark", benchmarks_listing, benchmarks_text)
