"""No hop from a public host reaches a private address, however the address is spelled.

Before: the guard knew only standard IP literals and `localhost`, so a redirect to
`127.1`, `2130706433`, `0x7f000001`, `foo.localhost`, an IPv4-mapped IPv6 literal or a
name resolving to a private address was followed, and the connection went wherever a
second DNS lookup said.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from pathlib import Path

import httpx
import pytest

from benchtable.schema.errors import FetchError
from benchtable.schema.records import Source, SourceKind
from benchtable.scrapers.addresses import ALLOW_PRIVATE, GuardedTransport, literal_address, private_kind
from benchtable.scrapers.fetch import Fetcher, make_client
from tests.test_refresh_server import TEST_POLICY, Server, doc, server

__all__ = ["server"]

PUBLIC = "93.184.216.34"
SOURCE = Source(id="s", url="https://docs.example/x.md", kind=SourceKind.README)
PLAIN = Source(id="s", url="http://docs.example/x.md", kind=SourceKind.README)
CARD = b"# Card\n\n| Model | MMLU |\n|---|---|\n| Toy | 61.2 |\n"


def redirect_to(location: str) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers["host"] == "docs.example":
            return httpx.Response(302, headers={"location": location})
        return httpx.Response(200, headers={"content-type": "text/markdown"}, content=CARD)

    return handler


class Resolver:
    """A fake DNS: name -> addresses, a list of answers per name when they change; counts lookups."""

    def __init__(self, answers: dict[str, list[str] | list[list[str]]]) -> None:
        self.answers = answers
        self.lookups: list[str] = []

    def __call__(self, host: str, port: int) -> Iterable[str]:
        n = self.lookups.count(host)
        self.lookups.append(host)
        answer = self.answers[host]
        if answer and isinstance(answer[0], list):
            return answer[min(n, len(answer) - 1)]
        return answer  # type: ignore[return-value]


def guarded_client(resolver: Resolver, handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return make_client(GuardedTransport(resolver, lambda: httpx.MockTransport(handler)), policy=TEST_POLICY)


BYPASSES = [
    "http://127.1:8080/x.md",
    "http://2130706433:8080/x.md",
    "http://0x7f000001/x.md",
    "http://0x7f.1/x.md",
    "http://foo.localhost/x.md",
    "http://LOCALHOST./x.md",
    "http://[2002:a00:1::]/x.md",
    "http://224.0.0.1/x.md",
    "http://100.64.0.1/x.md",
]
ALREADY_REFUSED = [  # caught before too: kept so the new guard does not lose them
    "http://[::ffff:127.0.0.1]/x.md",
    "http://[::ffff:a9fe:a9fe]/latest/meta-data",
    "http://[64:ff9b::a00:1]/x.md",
    "http://[fe80::1]/x.md",
    "http://0.0.0.0/x.md",
]


def refusal(client: httpx.Client, source: Source) -> str:
    with client, pytest.raises(FetchError) as refused:
        Fetcher(client, TEST_POLICY).fetch(source)
    return str(refused.value)


@pytest.mark.parametrize("location", BYPASSES + ALREADY_REFUSED)
def test_redirect_to_a_disguised_private_address_is_refused(location: str) -> None:
    message = refusal(make_client(httpx.MockTransport(redirect_to(location)), policy=TEST_POLICY), PLAIN)
    assert message.startswith(f"s: redirect to a private address ({httpx.URL(location)}) refused: ")
    assert message.endswith(f"(from {PLAIN.url})")


def test_redirect_to_an_octal_ipv4_literal_is_refused_naming_it() -> None:
    client = make_client(httpx.MockTransport(redirect_to("http://0177.0.0.1/x.md")), policy=TEST_POLICY)
    message = refusal(client, PLAIN)
    assert message.startswith("s: redirect from http://docs.example/x.md to an invalid URL refused")
    assert "0177.0.0.1" in message


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("10.1.2", "10.1.0.2"),
        ("[::1]", "::1"),
        ("docs.example", None),
        ("1.2.3.4.5", None),
        ("256.1", None),
    ],
)
def test_legacy_numeric_hosts_denote_the_addresses_the_c_resolver_gives(
    host: str, address: str | None
) -> None:
    assert literal_address(host) == (ip_address(address) if address else None)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("::ffff:10.0.0.1", "private (embedded IPv4 10.0.0.1)"),
        ("64:ff9b::7f00:1", "loopback (embedded IPv4 127.0.0.1)"),
        ("2002:7f00:1::", "loopback (embedded IPv4 127.0.0.1)"),
        ("ff02::1", "multicast"),
        (PUBLIC, None),
        ("2606:4700::1111", None),
        ("::ffff:" + PUBLIC, None),
    ],
)
def test_private_kind_checks_the_ipv4_embedded_in_ipv6(address: str, kind: str | None) -> None:
    assert private_kind(ip_address(address)) == kind


def test_source_name_resolving_to_a_private_address_is_refused() -> None:
    resolver = Resolver({"docs.example": ["127.0.0.1"]})
    message = refusal(guarded_client(resolver, redirect_to("/never")), SOURCE)
    assert message == (
        "s: https://docs.example/x.md refused: docs.example resolves to 127.0.0.1, a loopback address"
    )


def test_redirect_to_a_name_resolving_to_a_private_address_is_refused() -> None:
    resolver = Resolver({"docs.example": [PUBLIC], "intranet.example": ["10.0.0.7"]})
    message = refusal(guarded_client(resolver, redirect_to("https://intranet.example/secret")), SOURCE)
    assert message == (
        "s: https://intranet.example/secret (redirected from https://docs.example/x.md) refused: "
        "intranet.example resolves to 10.0.0.7, a private address"
    )


def test_name_with_one_public_and_one_private_address_is_refused() -> None:
    resolver = Resolver({"docs.example": [PUBLIC, "192.168.1.1"]})
    message = refusal(guarded_client(resolver, redirect_to("/never")), SOURCE)
    assert message.endswith("docs.example resolves to 192.168.1.1, a private address")


def test_connection_goes_to_the_checked_address_not_a_second_lookup() -> None:
    # DNS rebinding: the first answer is public, every later one private
    resolver = Resolver(
        {"docs.example": [[PUBLIC], ["127.0.0.1"]], "cdn.example": [["2606:4700::1111"], ["::1"]]}
    )
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers["host"] == "docs.example":
            return httpx.Response(302, headers={"location": "https://cdn.example/x.md"})
        return httpx.Response(200, headers={"content-type": "text/markdown"}, content=CARD)

    with guarded_client(resolver, handler) as client:
        got = Fetcher(client, TEST_POLICY).fetch(SOURCE)
    assert got.data == CARD and got.url == "https://cdn.example/x.md"
    assert resolver.lookups == ["docs.example", "cdn.example"]
    assert [(r.url.host, r.headers["host"], r.extensions["sni_hostname"]) for r in seen] == [
        (PUBLIC, "docs.example", "docs.example"),
        ("2606:4700::1111", "cdn.example", "cdn.example"),
    ]


def test_source_on_a_private_address_may_redirect_within_private_space() -> None:
    resolver = Resolver({"localhost": ["127.0.0.1"]})
    source = Source(id="local", url="http://127.0.0.1:8080/x.md", kind=SourceKind.README)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/x.md":
            return httpx.Response(302, headers={"location": "http://localhost:8080/y.md"})
        return httpx.Response(200, headers={"content-type": "text/markdown"}, content=CARD)

    with guarded_client(resolver, handler) as client:
        assert Fetcher(client, TEST_POLICY).fetch(source).data == CARD


def test_name_resolving_to_loopback_never_reaches_a_real_server(server: Server) -> None:
    server.route("/x.md", doc(CARD))
    port = httpx.URL(server.url("/x.md")).port
    source = Source(id="rebind", url=f"http://rebind.example:{port}/x.md", kind=SourceKind.README)
    message = refusal(
        make_client(policy=TEST_POLICY, resolver=Resolver({"rebind.example": ["127.0.0.1"]})), source
    )
    assert message.startswith(
        f"rebind: {source.url} refused: rebind.example resolves to 127.0.0.1, a loopback"
    )
    assert server.hits("/x.md") == []


def test_network_client_connects_to_the_resolved_address_with_the_names_host_header(server: Server) -> None:
    server.route("/x.md", doc(CARD))
    port = httpx.URL(server.url("/x.md")).port
    resolver = Resolver({"docs.example": ["127.0.0.1"]})
    with make_client(policy=TEST_POLICY, resolver=resolver) as client:
        response = client.get(f"http://docs.example:{port}/x.md", extensions={ALLOW_PRIVATE: True})
    assert response.content == CARD and resolver.lookups == ["docs.example"]
    assert [h["host"] for h in server.hits("/x.md")] == [f"docs.example:{port}"]


def _self_signed(tmp_path: Path, name: str) -> tuple[Path, Path]:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("content-length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_https_to_the_checked_address_still_verifies_the_certificate_for_the_name(tmp_path: Path) -> None:
    cert_file, key_file = _self_signed(tmp_path, "docs.example")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert_file, key_file)
    httpd.socket = server_ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    trust = ssl.create_default_context(cafile=str(cert_file))
    resolver = Resolver({"docs.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    transport = GuardedTransport(resolver, lambda: httpx.HTTPTransport(verify=trust))
    try:
        with httpx.Client(transport=transport) as client:
            ok = client.get(f"https://docs.example:{port}/", extensions={ALLOW_PRIVATE: True})
            assert ok.content == b"hello"
            with pytest.raises(httpx.ConnectError, match="certificate verify failed"):
                client.get(f"https://other.example:{port}/", extensions={ALLOW_PRIVATE: True})
    finally:
        httpd.shutdown()
        httpd.server_close()
