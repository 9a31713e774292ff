"""What extraction says instead of a silent zero, collected for whoever asked for it.

`note(logger, message)` logs a warning (stderr of `benchtable extract`) and, inside
`collecting()`, also keeps the message, so that refresh can store it with the document's
records and print it in its summary. The collector is a context variable: each thread
(and each worker process) collects only its own document's notes.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager

from benchtable.extract.collector import Collector

__all__ = ["collecting", "note"]

_notes: Collector[str] = Collector("benchtable_extraction_notes")


def note(logger: logging.Logger, message: str) -> None:
    """Warn on `logger`, and keep `message` for the active `collecting()` if there is one."""
    logger.warning(message)
    _notes.add(message)


def collecting() -> AbstractContextManager[list[str]]:
    """The notes made (by `note`) while the block runs, in order."""
    return _notes.collecting()
