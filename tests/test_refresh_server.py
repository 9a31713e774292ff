"""A scripted HTTP server on 127.0.0.1 for the refresh fault-injection tests, and unit tests
of the fetcher's manners (backoff, Retry-After, per-host limits, conditional requests).

`Server.route(path, *replies)` serves the replies in order (the last one repeats). A
`Reply` answers conditional requests like a real server when `conditional` is set
(ETag = sha256 of the body; Last-Modified as given), and can misbehave: `delay` before
the headers, `action="reset"` (TCP RST instead of an answer), `action="truncate"` (a
Content-Length longer than the body, then close).
"""

from __future__ import annotations

import hashlib
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from benchtable.schema.errors import FetchError
from benchtable.schema.records import Source, SourceKind
from benchtable.scrapers.fetch import (
    Fetcher,
    FetchPolicy,
    HostLimiter,
    check_content_type,
    make_client,
    parse_retry_after,
)
from tests.conftest import MINI_CORPUS

CARD = (MINI_CORPUS / "documents" / "toy-card.md").read_bytes()
README = (MINI_CORPUS / "documents" / "toy-readme.md").read_bytes()

TEST_POLICY = FetchPolicy(
    connect_timeout=2.0,
    read_timeout=0.3,
    attempt_deadline=5.0,
    retries=2,
    backoff_base=0.001,
    backoff_max=0.005,
    max_retry_after=30.0,
    per_host_concurrency=2,
    per_host_interval=0.0,
    max_bytes=200_000,
    max_redirects=3,
    workers=4,
)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/markdown; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = True
    last_modified: str | None = "Tue, 02 Jan 2024 03:04:05 GMT"
    delay: float = 0.0
    gate: threading.Event | None = None
    """Hold the answer until the test opens the gate (at most 30 s)."""
    action: str = ""
    """"" | "reset" | "truncate" """


def doc(body: bytes, **kw: object) -> Reply:
    return Reply(body=body, **kw)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        srv = self.server.owner
        with srv.lock:
            srv.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            replies = srv.routes.get(self.path)
            reply = (replies.pop(0) if len(replies) > 1 else replies[0]) if replies else Reply(404, b"nope")
        if reply.delay:
            time.sleep(reply.delay)
        if reply.gate is not None:
            reply.gate.wait(timeout=30)
        if reply.action == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        headers = {"content-type": reply.content_type, **reply.headers}
        etag = '"' + hashlib.sha256(reply.body).hexdigest() + '"'
        if reply.status == 200 and reply.conditional:
            headers["etag"] = etag
            if reply.last_modified:
                headers["last-modified"] = reply.last_modified
            if self.headers.get("if-none-match") == etag:
                self.send_response(304)
                for k, v in headers.items():
                    if k != "content-type":
                        self.send_header(k, v)
                self.send_header("content-length", "0")
                self.end_headers()
                return
        self.send_response(reply.status)
        for k, v in headers.items():
            self.send_header(k, v)
        length = len(reply.body) + (100 if reply.action == "truncate" else 0)
        self.send_header("content-length", str(length))
        if reply.action == "truncate":
            self.send_header("connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)
        self.wfile.flush()
        if reply.action == "truncate":
            self.close_connection = True


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: Server

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up early is part of the tests


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, *replies: Reply) -> None:
        with self.lock:
            self.routes[path] = list(replies)

    def hits(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [h for p, h in self.requests if p == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    try:
        yield s
    finally:
        s.close()


def write_sources(path: Path, server: Server, extra: str = "") -> Path:
    path.write_text(
        f"""
[[source]]
id = "toy-card"
url = "{server.url("/card.md")}"
kind = "model_card"
content_type = "text/markdown"
model = "Toy-7B-Chat"

[[source]]
id = "toy-readme"
url = "{server.url("/readme.md")}"
kind = "readme"
content_type = "text/markdown"
hints = {{ quant_method = "gptq" }}
"""
        + extra
    )
    return path


def _source(server: Server, path: str, content_type: str | None = "text/markdown") -> Source:
    return Source(id="s", url=server.url(path), kind=SourceKind.README, content_type=content_type)


# -- unit tests of the fetcher -------------------------------------------------------------------


def test_conditional_request_gets_304_and_sends_user_agent(server: Server) -> None:
    server.route("/card.md", doc(CARD))
    with make_client(policy=TEST_POLICY) as client:
        fetcher = Fetcher(client, TEST_POLICY)
        first = fetcher.fetch(_source(server, "/card.md"))
        again = fetcher.fetch(_source(server, "/card.md"), etag=first.etag, last_modified=first.last_modified)
    assert (first.status, first.data, again.status) == (200, CARD, 304)
    hits = server.hits("/card.md")
    assert hits[0]["user-agent"].startswith("benchtable/")
    assert "if-none-match" not in hits[0]
    assert hits[1]["if-none-match"] == first.etag
    assert hits[1]["if-modified-since"] == "Tue, 02 Jan 2024 03:04:05 GMT"


def test_retry_after_is_honoured_on_429_and_503(server: Server) -> None:
    server.route("/r.md", Reply(429, headers={"retry-after": "7"}), Reply(503), doc(CARD))
    slept: list[float] = []
    with make_client(policy=TEST_POLICY) as client:
        got = Fetcher(client, TEST_POLICY, sleep=slept.append).fetch(_source(server, "/r.md"))
    assert got.status == 200 and got.attempts == 3
    assert slept[0] == 7.0  # Retry-After, not the backoff
    assert 0 < slept[1] <= TEST_POLICY.backoff_max


def test_retry_after_beyond_the_limit_fails_without_waiting(server: Server) -> None:
    server.route("/r.md", Reply(429, headers={"retry-after": "3600"}))
    slept: list[float] = []
    with make_client(policy=TEST_POLICY) as client, pytest.raises(FetchError, match="retry after 3600 s"):
        Fetcher(client, TEST_POLICY, sleep=slept.append).fetch(_source(server, "/r.md"))
    assert slept == []


def test_retry_after_http_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2024, 1, 1, 0, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Mon, 01 Jan 2024 00:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("soon") is None


def test_backoff_is_exponential_with_jitter() -> None:
    import random

    with make_client() as client:
        fetcher = Fetcher(client, FetchPolicy(backoff_base=1.0, backoff_max=60.0), rng=random.Random(1))
        delays = [fetcher.backoff(a) for a in range(8)]
    for attempt, d in enumerate(delays):
        cap = min(60.0, 2.0**attempt)
        assert cap / 2 <= d <= cap
    assert len(set(delays)) == len(delays)


def test_host_limiter_bounds_concurrency_and_spaces_requests() -> None:
    clock = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        clock[0] += s

    limiter = HostLimiter(1, 2.0, clock=lambda: clock[0])
    for _ in range(3):
        limiter.acquire("a.example", sleep)
        limiter.release("a.example")
    limiter.acquire("b.example", sleep)  # another host does not wait
    limiter.release("b.example")
    assert slept == [2.0, 2.0]
    # a second request to a host whose slots are all taken blocks until one is released
    limiter.acquire("c.example", sleep)
    got: list[str] = []
    t = threading.Thread(target=lambda: (limiter.acquire("c.example", lambda s: None), got.append("in")))
    t.start()
    t.join(timeout=0.2)
    assert got == []
    limiter.release("c.example")
    t.join(timeout=5)
    assert got == ["in"]


def test_redirects_are_followed_within_limits(server: Server) -> None:
    server.route("/a", Reply(301, headers={"location": "/b"}, conditional=False))
    server.route("/b", Reply(302, headers={"location": server.url("/card.md")}, conditional=False))
    server.route("/card.md", doc(CARD))
    server.route("/loop1", Reply(302, headers={"location": "/loop2"}, conditional=False))
    server.route("/loop2", Reply(302, headers={"location": "/loop1"}, conditional=False))
    for i in range(6):
        server.route(f"/hop{i}", Reply(302, headers={"location": f"/hop{i + 1}"}, conditional=False))
    server.route("/ftp", Reply(302, headers={"location": "ftp://127.0.0.1/x"}, conditional=False))
    with make_client(policy=TEST_POLICY) as client:
        fetcher = Fetcher(client, TEST_POLICY)
        assert fetcher.fetch(_source(server, "/a")).data == CARD
        with pytest.raises(FetchError, match="redirect loop"):
            fetcher.fetch(_source(server, "/loop1"))
        with pytest.raises(FetchError, match="more than 3 redirects"):
            fetcher.fetch(_source(server, "/hop0"))
        with pytest.raises(FetchError, match="non-http"):
            fetcher.fetch(_source(server, "/ftp"))


def test_redirect_from_a_public_host_to_a_private_address_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "https://169.254.169.254/latest/meta-data"})

    with make_client(httpx.MockTransport(handler), policy=TEST_POLICY) as client:
        source = Source(id="s", url="https://example.org/x.md", kind=SourceKind.README)
        with pytest.raises(FetchError, match="private address"):
            Fetcher(client, TEST_POLICY).fetch(source)


def test_only_http_and_registered_file_urls_are_fetched() -> None:
    with make_client(policy=TEST_POLICY) as client:
        source = Source(id="s", url="ftp://example.org/x.md", kind=SourceKind.README)
        with pytest.raises(FetchError, match="only http"):
            Fetcher(client, TEST_POLICY).fetch(source)


def test_oversized_body_is_refused_by_content_length_and_while_streaming() -> None:
    big = b"x" * (TEST_POLICY.max_bytes + 1)

    def declared(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/plain"}, content=big)

    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/plain"}, content=iter([big[:1000], big]))

    source = Source(id="s", url="https://example.org/x.md", kind=SourceKind.README)
    for handler, needle in ((declared, "bytes declared"), (streamed, "larger than")):
        with (
            make_client(httpx.MockTransport(handler), policy=TEST_POLICY) as client,
            pytest.raises(FetchError, match=needle),
        ):
            Fetcher(client, TEST_POLICY).fetch(source)


@pytest.mark.parametrize(
    ("declared", "server", "ok"),
    [
        ("text/markdown", "text/plain; charset=utf-8", True),
        ("text/markdown", "text/html; charset=utf-8", False),
        ("application/pdf", "application/pdf", True),
        ("application/pdf", "application/octet-stream", True),
        ("application/pdf", "text/html", False),
        ("application/json", "application/json", True),
        ("text/csv", "image/png", False),
        ("text/html", "text/html", True),
        (None, "text/html", True),
        (None, "video/mp4", False),
    ],
)
def test_content_type_checks(declared: str | None, server: str, ok: bool) -> None:
    source = Source(id="s", url="https://example.org/x", kind=SourceKind.README, content_type=declared)
    if ok:
        check_content_type(source, server)
    else:
        with pytest.raises(FetchError, match="s: "):
            check_content_type(source, server)
