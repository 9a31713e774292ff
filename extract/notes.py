"""What extraction says instead of a silent zero, collected for whoever asked for it.

`note(logger, message)` logs a warning (stderr of `benchtable extract`) and, inside
`collecting()`, also keeps the message, so that refresh can store it with the document's
records and print it in its summary. The collector is a context variable: each thread
(and each worker process) collects only its own document's notes.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar

__all__ = ["collecting", "note"]

_COLLECTED: ContextVar[list[str] | None] = ContextVar("benchtable_extraction_notes", default=None)


def note(logger: logging.Logger, message: str) -> None:
    """Warn on `logger`, and keep `message` for the active `collecting()` if there is one."""
    logger.warning(message)
    collected = _COLLECTED.get()
    if collected is not None:
        collected.append(message)


@contextlib.contextmanager
def collecting() -> Iterator[list[str]]:
    """The notes made (by `note`) while the block runs, in order."""
    notes: list[str] = []
    token = _COLLECTED.set(notes)
    try:
        yield notes
    finally:
        _COLLECTED.reset(token)
