"""What a refresh has in flight, for its progress line: each source's stage and elapsed time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from rich.progress import ProgressColumn, Task
from rich.text import Text

MAX_SHOWN = 3


class InFlight:
    """Sources being fetched or extracted now, with when they entered their stage (thread-safe)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._stages: dict[str, tuple[str, float]] = {}

    def enter(self, source_id: str, stage: str) -> None:
        with self._lock:
            self._stages[source_id] = (stage, self._clock())

    def leave(self, source_id: str) -> None:
        with self._lock:
            self._stages.pop(source_id, None)

    def describe(self, limit: int = MAX_SHOWN) -> str:
        """`3 in flight: paper-gptq extracting 12s, qwen-readme fetching 1s, ...` (longest first)."""
        now = self._clock()
        with self._lock:
            items = sorted(self._stages.items(), key=lambda kv: kv[1][1])
        if not items:
            return ""
        shown = ", ".join(f"{sid} {stage} {now - since:.0f}s" for sid, (stage, since) in items[:limit])
        more = f", +{len(items) - limit} more" if len(items) > limit else ""
        return f"{len(items)} in flight: {shown}{more}"


class InFlightColumn(ProgressColumn):
    """A progress column re-rendered on every refresh of the display, so the times tick."""

    def __init__(self, in_flight: InFlight) -> None:
        super().__init__()
        self.in_flight = in_flight

    def render(self, task: Task) -> Text:
        return Text(self.in_flight.describe(), style="dim", no_wrap=True, overflow="ellipsis")
