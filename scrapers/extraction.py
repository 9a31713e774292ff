"""Extraction of untrusted documents in worker processes with bounded time and memory.

`extract_document` is pure but it parses bytes from the internet with pdfminer,
BeautifulSoup, YAML and hand-written readers: a hostile or merely pathological document
could make it loop or allocate without end. `ExtractionPool` runs it in worker processes
(started from a fork server that has already imported the readers, so a worker costs a
fork, not an interpreter start):

* memory: each worker lowers its own address-space limit (`RLIMIT_AS`), so an allocation
  past it raises `MemoryError` in the worker — reported as the document's failure;
* time: the parent gives every document a wall-clock deadline; a worker past it is
  killed (SIGKILL) and replaced, and the document fails with the reason;
* a worker that dies any other way (a crash in a C extension, the kernel's OOM killer)
  fails only the document it was working on.

Extraction never executes document content: readers parse data (YAML with the safe
loader, PDFs without JavaScript or forms), and no path is built from document content.
Several workers also make a cold refresh of many PDFs faster on a multi-core machine.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import queue
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

from benchtable.extract import DocumentInput, extract_document
from benchtable.schema.errors import BenchtableError, ConfigError, DocumentError
from benchtable.schema.records import ScoreRecord

log = logging.getLogger("benchtable.extraction")

Extractor = Callable[[DocumentInput], list[ScoreRecord]]
T = TypeVar("T")

DEFAULT_TIMEOUT = 300.0
DEFAULT_MEMORY_BYTES = 3 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class ExtractionLimits:
    """The deadline and memory cap of one document's extraction, for `refresh` and `extract`."""

    timeout: float = DEFAULT_TIMEOUT
    """Wall-clock seconds a worker may spend on one document."""
    max_memory: int = DEFAULT_MEMORY_BYTES
    """Address-space limit of a worker, in bytes (0: none)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ExtractionLimits:
        """Defaults, overridden by `BENCHTABLE_EXTRACT_TIMEOUT` and `BENCHTABLE_EXTRACT_MAX_MEMORY`."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name, kind in (("timeout", float), ("max_memory", int)):
            raw = env.get(f"BENCHTABLE_EXTRACT_{name.upper()}")
            if raw is None:
                continue
            try:
                values[name] = kind(raw)
            except ValueError:
                values[name] = -1
            if values[name] < 0 or (name == "timeout" and values[name] == 0):
                raise ConfigError(
                    f"BENCHTABLE_EXTRACT_{name.upper()}={raw!r}: expected a positive {kind.__name__}"
                )
        return cls(**values)


def _limit_memory(max_bytes: int | None) -> None:
    if not max_bytes:
        return
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # not POSIX, or not permitted: time limit still holds
        pass


def _worker_main(conn: multiprocessing.connection.Connection, max_bytes: int | None) -> None:
    _limit_memory(max_bytes)
    conn.send(("ready", None))  # deadlines start when the worker can work, not while it boots
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        extractor, doc = task
        try:
            result: tuple[str, Any] = ("ok", extractor(doc))
        except BenchtableError as exc:
            result = ("error", str(exc))
        except MemoryError:
            result = ("error", f"{doc.url}: extraction ran out of memory (limit {max_bytes} bytes)")
        except RecursionError:
            result = ("error", f"{doc.url}: document nests too deeply to read")
        except Exception as exc:  # an extractor bug fails this document only
            result = ("error", f"{doc.url}: extraction failed: {type(exc).__name__}: {exc}")
        try:
            conn.send(result)
        except MemoryError:
            conn.send(("error", f"{doc.url}: extraction ran out of memory sending its records"))


@dataclass
class _Worker:
    process: Any
    conn: multiprocessing.connection.Connection
    task: tuple[Future[Any], DocumentInput, float] | None = None
    ready: bool = False


@dataclass
class _Task:
    future: Future[Any]
    doc: DocumentInput
    extractor: Callable[[DocumentInput], Any] = field(default=extract_document)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["benchtable.extract", "benchtable.scrapers.extraction"])
        return ctx
    return multiprocessing.get_context("spawn")


class ExtractionPool:
    """`submit(doc)` → a `Future` of the document's records, or of a `DocumentError`."""

    def __init__(
        self,
        jobs: int | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_memory: int | None = DEFAULT_MEMORY_BYTES,
        extractor: Extractor = extract_document,
    ) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.timeout = timeout
        self.max_memory = max_memory
        self.extractor = extractor
        self._ctx = _context()
        self._tasks: queue.Queue[_Task | None] = queue.Queue()
        self._workers: list[_Worker] = []
        self._closed = False
        self._boot_failures = 0
        self._wake_r, self._wake_w = self._ctx.Pipe(duplex=False)
        self._thread = threading.Thread(target=self._run, name="benchtable-extraction", daemon=True)
        self._thread.start()

    # -- public ---------------------------------------------------------------------------------

    def submit(self, doc: DocumentInput) -> Future[list[ScoreRecord]]:
        return self.submit_call(self.extractor, doc)

    def submit_call(self, fn: Callable[[DocumentInput], T], doc: DocumentInput) -> Future[T]:
        """`fn(doc)` in a worker under the pool's limits; `fn` and its result must pickle."""
        if self._closed:
            raise RuntimeError("extraction pool is closed")
        future: Future[T] = Future()
        self._tasks.put(_Task(future, doc, fn))
        self._wake_w.send(b"")
        return future

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._tasks.put(None)
        with contextlib.suppress(OSError):
            self._wake_w.send(b"")
        self._thread.join(timeout=10)
        for w in self._workers:
            self._stop(w)
        self._workers.clear()
        self._wake_r.close()
        self._wake_w.close()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the dispatcher thread -----------------------------------------------------------------

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_worker_main, args=(child, self.max_memory), daemon=True, name="benchtable-extract"
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _stop(self, w: _Worker, *, kill: bool = False) -> None:
        try:
            if not kill and w.process.is_alive():
                w.conn.send(None)
                w.process.join(timeout=2)
        except OSError:
            pass
        if w.process.is_alive():
            w.process.kill()
            w.process.join(timeout=5)
        w.conn.close()

    def _run(self) -> None:
        pending: list[_Task] = []
        stopping = False
        while True:
            stopping = self._take_new_tasks(pending) or stopping
            self._hand_out(pending)
            busy = [w for w in self._workers if w.task is not None]
            booting = [w for w in self._workers if not w.ready]
            if stopping and not busy:
                for task in pending:
                    task.future.cancel()
                return
            ready = self._wait(busy, booting)
            self._read_boot_replies(booting, ready)
            if self._boot_failures >= 3:
                for task in pending:
                    task.future.set_exception(DocumentError("extraction processes cannot start"))
                pending.clear()
            self._drain_wake_pipe(ready)
            now = time.monotonic()
            for w in busy:
                self._collect(w, ready, now)

    def _take_new_tasks(self, pending: list[_Task]) -> bool:
        """Move submitted tasks into `pending`; True once `close` asked the dispatcher to stop."""
        stopping = False
        while True:
            try:
                item = self._tasks.get_nowait()
            except queue.Empty:
                return stopping
            if item is None:
                stopping = True
            else:
                pending.append(item)

    def _hand_out(self, pending: list[_Task]) -> None:
        """Give pending tasks to idle workers, starting a worker when there is room for one."""
        for task in list(pending):
            if task.future.cancelled():
                pending.remove(task)
                continue
            idle = next((w for w in self._workers if w.ready and w.task is None), None)
            booting = any(not w.ready for w in self._workers)
            if idle is None and not booting and len(self._workers) < self.jobs:
                try:
                    idle = self._spawn()
                except OSError as exc:
                    task.future.set_exception(DocumentError(f"cannot start an extraction process: {exc}"))
                    pending.remove(task)
                    continue
                self._workers.append(idle)
                return  # it gets work once it says it is ready
            if idle is None:
                return
            pending.remove(task)
            try:
                idle.conn.send((task.extractor, task.doc))
            except OSError as exc:
                self._workers.remove(idle)
                self._stop(idle, kill=True)
                task.future.set_exception(DocumentError(f"{task.doc.url}: extraction process gone: {exc}"))
                continue
            idle.task = (task.future, task.doc, time.monotonic() + self.timeout)

    def _wait(self, busy: list[_Worker], booting: list[_Worker]) -> list[Any]:
        """Block until a worker answers or dies, a task is submitted, or the nearest deadline."""
        deadlines = [w.task[2] for w in busy if w.task is not None]
        wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        handles: list[Any] = [self._wake_r]
        for w in busy + booting:
            handles += [w.conn, w.process.sentinel]
        return multiprocessing.connection.wait(handles, timeout=wait_for)

    def _read_boot_replies(self, booting: list[_Worker], ready: list[Any]) -> None:
        for w in booting:
            if w.conn in ready or w.process.sentinel in ready:
                try:
                    w.ready = w.conn.recv()[0] == "ready"
                except (EOFError, OSError):
                    w.ready = False
                if not w.ready:
                    self._workers.remove(w)
                    self._stop(w, kill=True)
                    self._boot_failures += 1

    def _drain_wake_pipe(self, ready: list[Any]) -> None:
        if self._wake_r in ready:
            while self._wake_r.poll():
                try:
                    self._wake_r.recv_bytes()
                except (EOFError, OSError):
                    break

    def _collect(self, w: _Worker, ready: list[Any], now: float) -> None:
        """Settle a busy worker's future: its answer, its death, or its deadline passing."""
        assert w.task is not None
        future, doc, deadline = w.task
        status = "busy"
        if w.conn in ready or w.conn.poll():
            try:
                status, payload = w.conn.recv()
            except (EOFError, OSError):
                status, payload = "died", None
            if status == "ok":
                w.task = None
                future.set_result(payload)
                return
            if status == "error":
                w.task = None
                future.set_exception(DocumentError(payload))
                return
        if status == "died" or not w.process.is_alive() or w.process.sentinel in ready:
            self._workers.remove(w)
            w.process.join(timeout=1)
            code = w.process.exitcode
            self._stop(w, kill=True)
            future.set_exception(
                DocumentError(f"{doc.url}: extraction process died (exit code {code}; out of memory?)")
            )
        elif now >= deadline:
            self._workers.remove(w)
            self._stop(w, kill=True)
            log.warning("%s: extraction exceeded %.0f s; worker killed", doc.url, self.timeout)
            future.set_exception(
                DocumentError(f"{doc.url}: extraction took longer than {self.timeout:g} s; stopped")
            )


class InlineExtraction:
    """The same interface, extracting in the calling thread (no limits; for debugging)."""

    def __init__(self, extractor: Extractor = extract_document) -> None:
        self.extractor = extractor

    def submit(self, doc: DocumentInput) -> Future[list[ScoreRecord]]:
        return self.submit_call(self.extractor, doc)

    def submit_call(self, fn: Callable[[DocumentInput], T], doc: DocumentInput) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(doc))
        except Exception as exc:
            future.set_exception(exc)
        return future

    def close(self) -> None:
        pass


def extract_with_limits(doc: DocumentInput, limits: ExtractionLimits) -> list[ScoreRecord]:
    """One document's records, extracted in a worker process under refresh's deadline and memory cap."""
    return call_with_limits(extract_document, doc, limits)


def call_with_limits(fn: Callable[[DocumentInput], T], doc: DocumentInput, limits: ExtractionLimits) -> T:
    """`fn(doc)` in a worker process under refresh's deadline and memory cap (`extract --explain`)."""
    with ExtractionPool(1, timeout=limits.timeout, max_memory=limits.max_memory or None) as pool:
        return pool.submit_call(fn, doc).result()
