"""Fetching one source's document, politely, with an injected `httpx.Client`.

The client decides where bytes come from: the network, a replayed corpus
(`ReplayTransport`) or a test's `httpx.MockTransport`. `Fetcher` adds what a
polite, long-running poller needs on top of it:

* conditional requests: the validators of the last good version (`If-None-Match`,
  `If-Modified-Since`) make an unchanged document cost a 304;
* timeouts (connect/read from the client, plus a wall-clock deadline per attempt so a
  server that drips bytes cannot hold a worker forever);
* retries with exponential backoff and jitter on timeouts, connection errors,
  truncated bodies and HTTP 408/429/500/502/503/504, honouring `Retry-After`
  (seconds or an HTTP date) up to a limit;
* a per-host concurrency limit and a minimum interval between requests to one host
  (`HostLimiter`), shared by the fetch threads;
* redirects followed by hand, at most `max_redirects`, http(s) only, no https→http
  downgrade, no loops, and no hop from a public host to a private address: every host is
  resolved once and each of its addresses checked (`scrapers/addresses.py`), and the
  connection goes to the checked address;
* a maximum document size (checked against `Content-Length` before the body and while
  streaming the decoded body, so a compressed bomb is cut off too);
* content-type checks: the server's type must be compatible with what the source says
  the document is (an HTML error page is not a PDF or a Markdown file).

Only the URL passed in is fetched: nothing found inside a document is ever followed.
A `file://` source is read from disk (`scrapers/local.py`) whatever the client.
"""

from __future__ import annotations

import email.utils
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

import httpx

from benchtable.schema.errors import ConfigError, FetchError
from benchtable.schema.records import Source
from benchtable.scrapers.addresses import (
    ALLOW_PRIVATE,
    GuardedTransport,
    PrivateAddressError,
    Resolver,
    literal_private_reason,
    system_resolver,
)
from benchtable.scrapers.arxiv import arxiv_pdf_url, is_arxiv
from benchtable.scrapers.local import is_local, read_local

log = logging.getLogger("benchtable.fetch")

USER_AGENT = (
    "benchtable/0.1 (+https://github.com/benchtable/benchtable; cited LLM benchmark tables; "
    "polls registered documents with conditional requests)"
)
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and manners for fetching. Tests shrink the delays; cron keeps the defaults."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    attempt_deadline: float = 300.0
    """Wall-clock seconds one attempt (headers and whole body) may take."""
    retries: int = 3
    """Attempts after the first, for transient failures."""
    backoff_base: float = 2.0
    backoff_max: float = 60.0
    max_retry_after: float = 120.0
    """A `Retry-After` longer than this is not waited for: the source fails for this run."""
    per_host_concurrency: int = 2
    per_host_interval: float = 1.0
    """Minimum seconds between the starts of two requests to the same host."""
    max_bytes: int = MAX_DOCUMENT_BYTES
    max_redirects: int = 5
    workers: int = 8
    """Fetch threads (across hosts; each host is still limited as above)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> FetchPolicy:
        """Defaults, overridden by `BENCHTABLE_FETCH_<FIELD>` variables (e.g.
        `BENCHTABLE_FETCH_PER_HOST_INTERVAL=0.5`, `BENCHTABLE_FETCH_RETRIES=5`)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"BENCHTABLE_FETCH_{f.name.upper()}")
            if raw is None:
                continue
            kind = type(getattr(cls(), f.name))
            try:
                values[f.name] = kind(raw)
            except ValueError:
                raise ConfigError(
                    f"BENCHTABLE_FETCH_{f.name.upper()}={raw!r}: expected {kind.__name__}"
                ) from None
        return cls(**values)

    def replay(self) -> FetchPolicy:
        """The same limits without the waits: a recorded corpus needs no manners."""
        from dataclasses import replace

        return replace(self, per_host_interval=0.0, per_host_concurrency=max(self.per_host_concurrency, 8))


@dataclass(frozen=True)
class Fetched:
    status: int
    """200, or 304 when the document did not change."""
    url: str
    data: bytes
    content_type: str
    """The type to parse the bytes as: the source's declared type, else the server's."""
    etag: str | None
    last_modified: str | None
    server_content_type: str = ""
    attempts: int = 1


def make_client(
    transport: httpx.BaseTransport | None = None,
    timeout: float = 30.0,
    *,
    policy: FetchPolicy | None = None,
    resolver: Resolver | None = None,
) -> httpx.Client:
    """A client for `Fetcher`: redirects are followed by the fetcher, not by httpx.

    Without a `transport` it reaches the network through a `GuardedTransport` (host names
    resolved once with `resolver`, private addresses refused unless the request allows
    them, connections to the checked address only). Proxies from the environment are
    ignored (`trust_env=False`): through a proxy the proxy resolves names, so the address
    checked could not be the address reached."""
    policy = policy or FetchPolicy(read_timeout=timeout)
    limits = httpx.Limits(max_connections=max(policy.workers * 2, 10), max_keepalive_connections=20)
    if transport is None:
        transport = GuardedTransport(resolver or system_resolver, lambda: httpx.HTTPTransport(limits=limits))
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout),
        follow_redirects=False,
        headers={"user-agent": policy.user_agent},
        limits=limits,
        trust_env=False,
    )


class HostLimiter:
    """At most `concurrency` requests in flight per host, starts at least `interval` apart."""

    def __init__(self, concurrency: int, interval: float, *, clock: Callable[[], float] = time.monotonic):
        self.concurrency = max(1, concurrency)
        self.interval = max(0.0, interval)
        self.clock = clock
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            slot = self._slots.get(host)
            if slot is None:
                slot = self._slots[host] = threading.BoundedSemaphore(self.concurrency)
            return slot

    def acquire(self, host: str, sleep: Callable[[float], None]) -> None:
        self._slot(host).acquire()
        if self.interval <= 0:
            return
        with self._lock:
            t = self.clock()
            start = max(t, self._next_start.get(host, t))
            self._next_start[host] = start + self.interval
        if start > t:
            sleep(start - t)

    def release(self, host: str) -> None:
        self._slot(host).release()


class _Retry(Exception):
    """A transient failure: try again after `wait` seconds (None: the backoff decides)."""

    def __init__(self, message: str, wait: float | None = None, *, http_status: int | None = None) -> None:
        super().__init__(message)
        self.wait = wait
        self.http_status = http_status


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


_TEXT_LIKE = ("text/", "application/json", "application/x-yaml", "application/yaml", "application/x-ndjson")
_NEVER_DOCUMENTS = ("image/", "audio/", "video/", "font/")
_GENERIC_BINARY = {"application/octet-stream", "binary/octet-stream", "application/force-download"}


def check_content_type(source: Source, server_type: str) -> None:
    """Refuse a response whose type cannot be the document the source names."""
    server = server_type.split(";")[0].strip().lower()
    if not server or server in _GENERIC_BINARY:
        return
    if server.startswith(_NEVER_DOCUMENTS):
        raise FetchError(f"{source.id}: server sent {server!r}, not a document, from {source.url}")
    expected = (source.content_type or "").split(";")[0].strip().lower()
    if not expected:
        return
    if expected == "application/pdf":
        ok = server in {"application/pdf", "application/x-pdf"}
    elif expected in {"text/html", "application/xhtml+xml"}:
        ok = server in {"text/html", "application/xhtml+xml", "text/plain"}
    else:  # Markdown, reST, CSV, JSON, YAML, plain text: any text type except an HTML page
        ok = server.startswith(_TEXT_LIKE) and server not in {"text/html", "application/xhtml+xml"}
        ok = ok or server.endswith("+json")
    if not ok:
        raise FetchError(
            f"{source.id}: wrong content type: expected {expected}, server sent {server!r} from {source.url}"
        )


class Fetcher:
    """Fetches registered sources with one shared client, limiter and policy (thread-safe)."""

    def __init__(
        self,
        client: httpx.Client,
        policy: FetchPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.client = client
        self.policy = policy or FetchPolicy()
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.limiter = HostLimiter(self.policy.per_host_concurrency, self.policy.per_host_interval)

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: uniform in [d/2, d], d = base·2^attempt, capped."""
        d = min(self.policy.backoff_max, self.policy.backoff_base * (2**attempt))
        return self.rng.uniform(d / 2, d)

    def fetch(self, source: Source, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        if is_arxiv(source.url):  # abs/, pdf/, html/ or a bare id: fetch the (versioned) PDF
            source = source.model_copy(update={"url": arxiv_pdf_url(source.url)[0]})
        if is_local(source.url):
            return self._read_local(source)
        scheme = httpx.URL(source.url).scheme
        if scheme not in {"http", "https"}:
            raise FetchError(f"{source.id}: only http(s) and file:// URLs are fetched, not {source.url}")
        attempt = 0
        while True:
            try:
                fetched = self._attempt(source, etag, last_modified)
                return Fetched(**{**fetched.__dict__, "attempts": attempt + 1})
            except FetchError as exc:
                exc.attempts = attempt + 1
                raise
            except _Retry as exc:
                if attempt >= self.policy.retries:
                    raise FetchError(
                        f"{source.id}: {exc} (gave up after {attempt + 1} attempts)",
                        http_status=exc.http_status,
                        attempts=attempt + 1,
                    ) from None
                if exc.wait is not None and exc.wait > self.policy.max_retry_after:
                    raise FetchError(
                        f"{source.id}: {exc}; server asks to retry after {exc.wait:.0f} s, more than "
                        f"the {self.policy.max_retry_after:.0f} s limit; will try again next run",
                        http_status=exc.http_status,
                        attempts=attempt + 1,
                    ) from None
                wait = exc.wait if exc.wait is not None else self.backoff(attempt)
                log.info("%s: %s; retrying in %.2f s", source.id, exc, wait)
                self.sleep(wait)
                attempt += 1

    def _read_local(self, source: Source) -> Fetched:
        """A `file://` source: always its current bytes (the refresh hashes them; no validators)."""
        data, content_type, mtime = read_local(source, self.policy.max_bytes)
        return Fetched(200, source.url, data, content_type, None, mtime, server_content_type=content_type)

    def _attempt(self, source: Source, etag: str | None, last_modified: str | None) -> Fetched:
        headers: dict[str, str] = {}
        if etag:
            headers["if-none-match"] = etag
        if last_modified:
            headers["if-modified-since"] = last_modified
        url = httpx.URL(source.url)
        seen = {str(url)}
        # only a source registered on a private address (an IP literal or a localhost name,
        # never a name that merely resolves to one) may reach private addresses
        origin_private = literal_private_reason(url.host) is not None
        status: int | None = None
        for _hop in range(self.policy.max_redirects + 1):
            host = url.host
            self.limiter.acquire(host, self.sleep)
            try:
                result = self._request(source, url, headers, allow_private=origin_private)
            finally:
                self.limiter.release(host)
            if isinstance(result, Fetched):
                return result
            status, location = result
            try:
                nxt = url.join(location)
            except httpx.InvalidURL as exc:
                raise FetchError(
                    f"{source.id}: redirect to an invalid URL {location!r} refused ({exc}; from {source.url})",
                    http_status=status,
                ) from None
            url = self._next_hop(source, url, nxt, status, origin_private, seen)
        raise FetchError(
            f"{source.id}: more than {self.policy.max_redirects} redirects from {source.url}",
            http_status=status,
        )

    @staticmethod
    def _next_hop(
        source: Source, url: httpx.URL, nxt: httpx.URL, status: int, origin_private: bool, seen: set[str]
    ) -> httpx.URL:
        """The redirect target, if it may be followed; `seen` collects the chain."""
        refusal = None
        if nxt.scheme not in {"http", "https"}:
            refusal = f"redirect to a non-http(s) URL {nxt} refused"
        elif url.scheme == "https" and nxt.scheme == "http":
            refusal = f"redirect from https to http ({nxt}) refused"
        elif not origin_private and (reason := literal_private_reason(nxt.host)):
            refusal = f"redirect to a private address ({nxt}) refused: {reason} (from {source.url})"
        elif str(nxt) in seen:
            refusal = f"redirect loop at {nxt} (from {source.url})"
        if refusal is not None:
            raise FetchError(f"{source.id}: {refusal}", http_status=status)
        seen.add(str(nxt))
        return nxt

    def _request(
        self, source: Source, url: httpx.URL, headers: dict[str, str], *, allow_private: bool
    ) -> Fetched | tuple[int, str]:
        """One HTTP exchange: the document, or the status and Location of a redirect."""
        deadline = time.monotonic() + self.policy.attempt_deadline
        where = f"{url}" if str(url) == source.url else f"{url} (redirected from {source.url})"
        status: int | None = None
        try:
            extensions = {ALLOW_PRIVATE: allow_private}
            with self.client.stream("GET", url, headers=headers, extensions=extensions) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES:
                    location: str | None = response.headers.get("location")
                    if not location:
                        raise FetchError(f"{source.id}: HTTP {status} without a Location from {where}")
                    return status, location
                if status == 304:
                    return Fetched(
                        304, str(url), b"", "", headers.get("if-none-match"), headers.get("if-modified-since")
                    )
                if status in RETRY_STATUSES:
                    wait = parse_retry_after(response.headers.get("retry-after"))
                    raise _Retry(f"HTTP {status} from {where}", wait, http_status=status)
                if status != 200:
                    raise FetchError(f"{source.id}: HTTP {status} from {where}", http_status=status)
                server_type = response.headers.get("content-type", "")
                check_content_type(source, server_type)
                declared = response.headers.get("content-length")
                limit = self.policy.max_bytes
                if declared and declared.isdigit() and int(declared) > limit:
                    raise FetchError(
                        f"{source.id}: document too large ({int(declared)} bytes declared; limit {limit}) at {where}"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(
                            f"{source.id}: document larger than the {limit}-byte limit at {where}"
                        )
                    if time.monotonic() > deadline:
                        raise _Retry(f"timed out after {self.policy.attempt_deadline:.0f} s reading {where}")
                    chunks.append(chunk)
                data = b"".join(chunks)
                encoded = response.headers.get("content-encoding", "identity").lower() not in {"", "identity"}
                if declared and declared.isdigit() and not encoded and len(data) != int(declared):
                    raise _Retry(f"truncated body ({len(data)} of {declared} bytes) from {where}")
                content_type = source.content_type or server_type or "application/octet-stream"
                return Fetched(
                    200,
                    str(url),
                    data,
                    content_type.split(";")[0].strip(),
                    response.headers.get("etag"),
                    response.headers.get("last-modified"),
                    server_content_type=server_type,
                )
        except PrivateAddressError as exc:
            raise FetchError(f"{source.id}: {where} refused: {exc}") from None
        except (FetchError, _Retry) as exc:  # refused after the server answered: keep its status
            if exc.http_status is None:
                exc.http_status = status
            raise
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out ({type(exc).__name__}) fetching {where}") from exc
        except httpx.RemoteProtocolError as exc:
            if str(exc).startswith("Invalid URL in location header"):  # httpx parses Location itself
                raise FetchError(
                    f"{source.id}: redirect from {where} to an invalid URL refused: {exc}"
                ) from None
            raise _Retry(f"connection broken fetching {where}: {exc}") from exc
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Retry(f"cannot connect or read {where}: {exc or type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{source.id}: cannot fetch {where}: {exc}") from exc


def fetch(
    client: httpx.Client,
    source: Source,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    policy: FetchPolicy | None = None,
) -> Fetched:
    """One source with a fresh `Fetcher` (callers that fetch many share one `Fetcher`)."""
    return Fetcher(client, policy).fetch(source, etag=etag, last_modified=last_modified)
