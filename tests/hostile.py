"""An extractor that misbehaves on purpose, for the extraction-pool tests.

It lives in its own module, importing only what the pool's fork server has already loaded,
because a worker imports the extractor's module when it unpickles a task: importing the test
module there (pytest, conftest) cost more than a short deadline on a loaded machine."""

from __future__ import annotations

import os
import time

from benchtable.extract import DocumentInput, extract_document
from benchtable.schema.records import ScoreRecord


def hostile(doc: DocumentInput) -> list[ScoreRecord]:
    """Misbehaves according to the URL: loops, allocates without end, or crashes."""
    if doc.url.endswith("/loop"):
        while True:
            time.sleep(0.01)
    if doc.url.endswith("/hog"):
        blobs = []
        while True:
            blobs.append(bytearray(64 * 1024 * 1024))
    if doc.url.endswith("/crash"):
        os._exit(7)
    if doc.url.endswith("/bug"):
        raise ValueError("reader bug")
    return extract_document(doc)
