"""Garbage collection while one document is extracted.

Extraction allocates a few objects per cell (a record with its configuration, protocol and
citation) and frees almost none until the document is done. CPython's default thresholds
(700, 10, 10) then run a collection of the oldest generation again and again over the records
already built, which makes a 100k-row table cost far more than ten 10k-row tables
(`benchmarks/bench_scale.py`). Raised thresholds keep collection running, so reference cycles
(BeautifulSoup trees, pdfminer layouts) are still freed, but rarely enough that its cost stays
proportional to the document.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

EXTRACTION_THRESHOLDS = (100_000, 50, 100)
"""gc thresholds (generation 0, 1, 2) while a document is extracted."""


@contextmanager
def extraction_gc() -> Iterator[None]:
    """Raised collection thresholds for the duration of one extraction, restored afterwards."""
    previous = gc.get_threshold()
    gc.set_threshold(*EXTRACTION_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
