"""A per-context list that code deep inside extraction adds to, for whoever asked to collect.

Outside `collecting()` an `add` does nothing; each thread, task and worker process collects only
what its own extraction adds; a nested block collects its own items.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

__all__ = ["Collector"]

T = TypeVar("T")


class Collector(Generic[T]):
    def __init__(self, name: str) -> None:
        self._items: ContextVar[list[T] | None] = ContextVar(name, default=None)

    @property
    def active(self) -> bool:
        return self._items.get() is not None

    def add(self, item: T) -> None:
        items = self._items.get()
        if items is not None:
            items.append(item)

    @contextmanager
    def collecting(self) -> Iterator[list[T]]:
        """The items added while the block runs, in order."""
        items: list[T] = []
        token = self._items.set(items)
        try:
            yield items
        finally:
            self._items.reset(token)
