"""Which addresses a fetch may reach, and a transport that connects only to checked ones.

A host is looked at the way the operating system would: an IP literal in any form the C
resolver accepts (`127.1`, `2130706433`, `0x7f000001`, `0177.0.0.1`, `[::ffff:127.0.0.1]`
are all 127.0.0.1), a `localhost` name, or a name resolved to every A/AAAA record. An
address is private when it is loopback, private, link-local, reserved, multicast,
unspecified or otherwise not global, checking the IPv4 address embedded in an IPv6 one
(IPv4-mapped, 6to4, Teredo, NAT64) as well.

`GuardedTransport` resolves each request's host once, refuses it when a resolved address
is private (unless the request allows private addresses), and connects to the address it
checked: the URL's host is replaced by that address, the `Host` header keeps the name and,
for https, the `sni_hostname` extension makes TLS verify the certificate for the name. A
second resolution (DNS rebinding) therefore cannot send the request elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable
from ipaddress import IPv4Address, IPv6Address
from typing import Any

import httpx

from benchtable.schema.errors import FetchError

Address = IPv4Address | IPv6Address
Resolver = Callable[[str, int], Iterable[str]]
"""`(host, port) -> addresses`: every address the name resolves to, as strings."""

ALLOW_PRIVATE = "benchtable.allow_private"
"""Request extension: True lets this request reach a private address."""

LOCALHOST_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")


class PrivateAddressError(FetchError):
    """A request would reach a private address."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every A/AAAA address of `host` from `socket.getaddrinfo`, in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _legacy_ipv4(host: str) -> IPv4Address | None:
    """`inet_aton` forms: 1-4 parts, each decimal, 0x-hex or 0-octal; the last fills the rest."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        try:
            if part.lower().startswith("0x"):
                numbers.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                numbers.append(int(part, 8))
            else:
                numbers.append(int(part, 10) if part.isdigit() else -1)
        except ValueError:
            return None
    *head, last = numbers
    if any(not 0 <= n <= 255 for n in head) or not 0 <= last < 256 ** (5 - len(numbers)):
        return None
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return IPv4Address(value)


def literal_address(host: str) -> Address | None:
    """The address an IP literal denotes (any form the C resolver accepts), else None."""
    bare = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(bare.split("%")[0])
    except ValueError:
        return _legacy_ipv4(bare)


def _embedded_ipv4(ip: IPv6Address) -> IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in NAT64_PREFIX:
        return IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


_KINDS = (
    ("loopback", "is_loopback"),
    ("unspecified", "is_unspecified"),
    ("link-local", "is_link_local"),
    ("multicast", "is_multicast"),
    ("private", "is_private"),
    ("reserved", "is_reserved"),
)


def private_kind(ip: Address) -> str | None:
    """Why `ip` is not a public address ("loopback", "private", ...), or None if it is one."""
    if isinstance(ip, IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner = private_kind(embedded)
            return f"{inner} (embedded IPv4 {embedded})" if inner else None
    for kind, attribute in _KINDS:
        if getattr(ip, attribute):
            return kind
    return None if ip.is_global else "non-global"


def literal_private_reason(host: str) -> str | None:
    """Why `host` is private without asking DNS (a localhost name or a private IP literal)."""
    name = host.strip("[]").rstrip(".").lower()
    if name in LOCALHOST_NAMES or name.endswith(".localhost"):
        return f"{host} is a localhost name"
    ip = literal_address(host)
    if ip is None:
        return None
    kind = private_kind(ip)
    if kind is None:
        return None
    return f"{host} is {ip}, a {kind} address" if str(ip) != name else f"{ip} is a {kind} address"


def checked_addresses(host: str, port: int, resolver: Resolver, *, allow_private: bool) -> list[Address]:
    """The addresses to connect to for `host`; PrivateAddressError if one of them is private.

    A name is refused if any of its addresses is private, not only the first: the
    connection could go to any of them."""
    reason = None if allow_private else literal_private_reason(host)
    if reason:
        raise PrivateAddressError(reason)
    ip = literal_address(host)
    addresses = (
        [ip] if ip is not None else [ipaddress.ip_address(a.split("%")[0]) for a in resolver(host, port)]
    )
    if not addresses:
        raise OSError(f"{host} has no address")
    if not allow_private:
        for address in addresses:
            kind = private_kind(address)
            if kind is not None:
                raise PrivateAddressError(f"{host} resolves to {address}, a {kind} address")
    return addresses


class GuardedTransport(httpx.BaseTransport):
    """Connects to the address it checked (see the module docstring); one pool per host name,
    so a connection verified for one name never carries a request for another."""

    def __init__(
        self,
        resolver: Resolver = system_resolver,
        make_transport: Callable[[], httpx.BaseTransport] = httpx.HTTPTransport,
    ) -> None:
        self.resolver = resolver
        self.make_transport = make_transport
        self._pools: dict[str, httpx.BaseTransport] = {}
        self._lock = threading.Lock()

    def _pool(self, host: str) -> httpx.BaseTransport:
        with self._lock:
            pool = self._pools.get(host)
            if pool is None:
                pool = self._pools[host] = self.make_transport()
            return pool

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        host = url.raw_host.decode("ascii")
        port = url.port or (443 if url.scheme == "https" else 80)
        allow_private = bool(request.extensions.get(ALLOW_PRIVATE, False))
        try:
            addresses = checked_addresses(host, port, self.resolver, allow_private=allow_private)
        except (OSError, UnicodeError, ValueError) as exc:
            raise httpx.ConnectError(f"cannot resolve {host}: {exc}", request=request) from exc
        extensions: dict[str, Any] = {k: v for k, v in request.extensions.items() if k != ALLOW_PRIVATE}
        if url.scheme == "https" and literal_address(host) is None:
            extensions["sni_hostname"] = host
        failure: httpx.ConnectError | None = None
        for address in addresses:  # every one was checked: try them in the resolver's order
            pinned = httpx.Request(
                request.method,
                url.copy_with(host=str(address)),
                headers=request.headers,  # the Host header still names `host`
                stream=request.stream,
                extensions=extensions,
            )
            try:
                return self._pool(host).handle_request(pinned)
            except httpx.ConnectError as exc:
                failure = exc
        assert failure is not None
        raise failure

    def close(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()
