"""`benchtable extract`: one document's records as JSON Lines, no database."""

from __future__ import annotations

import json
import mimetypes
import sys
from pathlib import Path

import click

from benchtable.app import cli
from benchtable.schema.errors import ConfigError

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
    from benchtable.scrapers.sources import load_sources, source_for_url

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    ctype = content_type or _CONTENT_TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0]
    if ctype is None:
        raise ConfigError(f"{file}: cannot tell the content type from the name; pass --content-type")
    doc_url = url or file.resolve().as_uri()
    source = source_for_url(load_sources(), doc_url)
    if source is None:
        source = Source(id="adhoc", url=doc_url, kind=SourceKind.README)
    records = extract_document(document_input(source, data, ctype, doc_url, sha256_of(data)))
    out = sys.stdout
    for r in records:
        out.write(json.dumps(r.flat(), ensure_ascii=False) + "\n")
