"""`benchtable extract`: one document's records as JSON Lines, no database."""

from __future__ import annotations

import json
import mimetypes
import sys
from pathlib import Path

import click

from benchtable.app import State, cli
from benchtable.schema.errors import ConfigError, DocumentError

_CONTENT_TYPES = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".rst": "text/x-rst",
    ".csv": "text/csv",
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
}


def read_bounded(file: Path, max_bytes: int) -> bytes:
    """The file's bytes, refused past `max_bytes` without reading further (`/dev/zero` ends)."""
    try:
        with file.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise DocumentError(
            f"{file}: larger than the document size limit of {max_bytes:,} bytes (BENCHTABLE_FETCH_MAX_BYTES)"
        )
    return data


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--url", help="The document's URL, for citations (default: file://...).")
@click.option("--content-type", help="MIME type (default: from the file extension).")
@click.pass_obj
def extract(state: State, file: Path, url: str | None, content_type: str | None) -> None:
    """Print the records of one document as JSON Lines (no database involved).

    The document gets refresh's limits: the fetch size limit, and extraction in a worker
    process with a deadline and a memory cap (BENCHTABLE_EXTRACT_TIMEOUT, _MAX_MEMORY)."""
    from benchtable.extract.registry import for_content_type
    from benchtable.extract.silent_tables import silent_tables
    from benchtable.schema.records import Source, SourceKind
    from benchtable.scrapers.blobstore import sha256_of
    from benchtable.scrapers.document_check import document_problem
    from benchtable.scrapers.extraction import ExtractionLimits, extract_with_limits
    from benchtable.scrapers.fetch import FetchPolicy
    from benchtable.scrapers.refresh import document_input
    from benchtable.scrapers.sources import registered_sources, source_for_url

    limits = ExtractionLimits.from_env()
    data = read_bounded(file, FetchPolicy.from_env().max_bytes)
    ctype = content_type or _CONTENT_TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0]
    if ctype is None:
        raise ConfigError(f"{file}: cannot tell the content type from the name; pass --content-type")
    if not for_content_type(ctype):
        raise DocumentError(f"{file}: no extractor for content type {ctype!r}")
    problem = document_problem(data, ctype)
    if problem is not None:
        raise DocumentError(f"{file}: {problem}")
    doc_url = url or file.resolve().as_uri()
    # the registered source of the URL (packaged or beside the database) gives its hints
    source = source_for_url(registered_sources(None, state.db)[0], doc_url)
    if source is None:
        source = Source(id="adhoc", url=doc_url, kind=SourceKind.README)
    doc = document_input(source, data, ctype, doc_url, sha256_of(data))
    try:
        records = extract_with_limits(doc, limits)
    except DocumentError as exc:
        raise DocumentError(f"{file}: {str(exc).removeprefix(f'{doc_url}: ')}") from exc
    out = sys.stdout
    for r in records:
        out.write(json.dumps(r.flat(), ensure_ascii=False) + "\n")
    if not records:
        state.note(f"{file}: no records found (no table of scores the extractor could read)")
        for line in silent_tables(doc, records):
            state.note(f"{file}: {line}")
