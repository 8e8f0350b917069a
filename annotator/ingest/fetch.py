"""Fetch one web page by its address, without letting the address reach where it must not.

A URL comes from a user, so it is hostile until checked (server-side request forgery):
- only http and https, on the allowed ports (80 and 443 unless configured), and no
  user name or password in the address;
- the host name is resolved here, EVERY address it resolves to is checked
  (annotator.ingest.addresses), and the connection is made to one of those checked
  addresses, never to the name: a resolver that answers differently a moment later
  (DNS rebinding) is not asked again. The Host header, TLS SNI and the certificate check
  still use the name;
- redirects are followed by hand, at most `max_redirects`, each target checked the same;
- the answer must be a page (text/html, application/xhtml+xml, text/plain), is read in
  chunks and abandoned past `max_bytes` (after decompression too), and the whole fetch,
  name lookups included, ends after `timeout` seconds.

Standard library only (http.client, which, unlike urllib, never reads proxy settings
from the environment, and lets the connection be pinned). No Django: the settings come
in as a FetchPolicy."""

import http.client
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from .addresses import IPAddress, Network, check_address, parse_address, refusal
from .urls import FetchError, Target, parse_target

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class FetchPolicy:
    """What a fetch may do. The defaults are the safe ones: public addresses only."""

    allowed_ports: frozenset[int] = frozenset({80, 443})
    # Networks reachable despite being loopback or private: for tests, or an intranet.
    allowed_networks: tuple[Network, ...] = ()
    max_bytes: int = 5 * 1024 * 1024
    timeout: float = 15.0
    max_redirects: int = 5
    content_types: frozenset[str] = PAGE_TYPES
    user_agent: str = "annotator-import/1.0 (fetches one article at a user's request)"
    # The TLS context for https; None: the system's default, which verifies certificates.
    ssl_context: ssl.SSLContext | None = field(default=None, compare=False)


@dataclass(frozen=True)
class FetchedPage:
    url: str  # as asked
    final_url: str  # after redirects
    content_type: str  # "text/html", without parameters
    charset: str | None  # as the server declared it, if it did
    body: bytes  # decompressed
    address: str  # the IP address the page came from
    redirects: tuple[str, ...] = ()


def fetch(url: str, policy: FetchPolicy = FetchPolicy()) -> FetchedPage:
    """The page at `url`; FetchError naming the reason when it cannot or may not be fetched."""
    with _Deadline(policy.timeout) as deadline:
        target = parse_target(url, policy.allowed_ports)
        addresses = _vetted_addresses(target, policy, deadline)
        redirects: list[str] = []
        while True:
            connection, response, address = _request(target, addresses, policy, deadline)
            try:
                if response.status in REDIRECTS:
                    location = response.getheader("Location")
                    if not location:
                        raise FetchError(f"{target.url} redirects ({response.status}) but says nowhere to.")
                    if len(redirects) >= policy.max_redirects:
                        raise FetchError(f"More than {policy.max_redirects} redirects, stopped at {target.url}.")
                    target, addresses = _redirect(urljoin(target.url, location.strip()), policy, deadline)
                    redirects.append(target.url)
                    continue
                if not 200 <= response.status < 300:
                    raise FetchError(f"The site answered {response.status} {response.reason}".rstrip() + ".")
                content_type, charset = _page_type(response, policy)
                body = _read_body(response, policy, deadline)
            finally:
                connection.close()
            return FetchedPage(
                url=url.strip(),
                final_url=target.url,
                content_type=content_type,
                charset=charset,
                body=body,
                address=str(address),
                redirects=tuple(redirects),
            )


def _redirect(url: str, policy: FetchPolicy, deadline: "_Deadline") -> tuple[Target, list[IPAddress]]:
    """The next hop, checked as the first was; the refusal names where it led."""
    try:
        target = parse_target(url, policy.allowed_ports)
        return target, _vetted_addresses(target, policy, deadline)
    except FetchError as error:
        if deadline.expired:
            raise
        raise FetchError(f"The page redirects to {url[:200]}, which is not fetched. {error}") from None


def _vetted_addresses(target: Target, policy: FetchPolicy, deadline: "_Deadline") -> list[IPAddress]:
    """Every address `target.host` resolves to, if every one of them may be reached. One
    bad answer refuses the lot: a name that also points inside is not trusted for the rest."""
    try:
        literal = parse_address(target.host)  # an IP address in the URL: nothing to look up
    except ValueError:
        literal = None
    answers = [str(literal)] if literal else _resolve(target.host, target.port, deadline)
    if not answers:
        raise FetchError(f"The name {target.host} does not resolve to any address.")
    addresses: list[IPAddress] = []
    for answer in answers:
        try:
            address = parse_address(answer)
        except ValueError:
            raise FetchError(f"The name {target.host} resolves to something that is not an address.") from None
        reason = refusal(address, policy.allowed_networks)
        if reason and literal:
            raise FetchError(f"{address} is {reason}: it is not fetched.")
        if reason:
            raise FetchError(f"{target.host} resolves to {address}, {reason}: it is not fetched.")
        if address not in addresses:
            addresses.append(address)
    return addresses


def _resolve(host: str, port: int, deadline: "_Deadline") -> list[str]:
    """The addresses of `host`, within the time left. getaddrinfo cannot be interrupted,
    so it runs in a thread that is abandoned (it ends on its own) when time runs out."""
    outcome: dict[str, object] = {}

    def lookup():
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
            outcome["addresses"] = [info[4][0] for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)]
        except (OSError, UnicodeError) as error:
            outcome["error"] = error

    thread = threading.Thread(target=lookup, name="fetch-resolve", daemon=True)
    thread.start()
    thread.join(deadline.left())
    if thread.is_alive():
        raise FetchError(f"Looking up {host} took longer than the {deadline.timeout:g} s allowed.")
    if "error" in outcome:
        raise FetchError(f"The name {host} could not be looked up ({_os_reason(outcome['error'])}).")
    return outcome["addresses"]


class _PinnedMixin:
    """A connection to `pinned`, a checked address, whatever its host name resolves to now.

    http.client connects through `self._create_connection((host, port), ...)`; replacing
    it is the one change. Everything else (Host header, SNI and the certificate checked
    against the name for https) still uses `host`."""

    def __init__(self, *args, pinned: IPAddress, allowed: tuple[Network, ...], deadline: "_Deadline", **kwargs):
        super().__init__(*args, **kwargs)
        self.pinned = pinned
        self._allowed = allowed
        self._deadline = deadline
        self._create_connection = self._connect_pinned

    def _connect_pinned(self, address, timeout, source_address=None):
        # Checked again here, so no code path can connect to an address it did not vet.
        # A socket of our own rather than socket.create_connection, which would look the
        # address up again (getaddrinfo) before connecting.
        check_address(self.pinned, self._allowed)
        family = socket.AF_INET6 if self.pinned.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            self._deadline.watch(sock)
            sock.settimeout(timeout)
            sock.connect((str(self.pinned), address[1]))
        except BaseException:
            sock.close()
            raise
        return sock


class _PinnedHTTPConnection(_PinnedMixin, http.client.HTTPConnection):
    pass


class _PinnedHTTPSConnection(_PinnedMixin, http.client.HTTPSConnection):
    pass


def _request(target: Target, addresses: list[IPAddress], policy: FetchPolicy, deadline: "_Deadline"):
    """A response from the first checked address that accepts a connection."""
    failure: BaseException | None = None
    for address in addresses:
        kwargs = {
            "pinned": address,
            "allowed": policy.allowed_networks,
            "deadline": deadline,
            "timeout": deadline.left(),
        }
        if target.scheme == "https":
            kwargs["context"] = policy.ssl_context or ssl.create_default_context()
            connection = _PinnedHTTPSConnection(target.host, target.port, **kwargs)
        else:
            connection = _PinnedHTTPConnection(target.host, target.port, **kwargs)
        try:
            connection.putrequest("GET", target.path, skip_accept_encoding=True)
            connection.putheader("User-Agent", policy.user_agent)
            connection.putheader("Accept", "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8")
            connection.putheader("Accept-Encoding", "gzip")
            connection.putheader("Connection", "close")
            connection.endheaders()
            return connection, connection.getresponse(), address
        except ssl.SSLCertVerificationError as error:
            connection.close()
            raise FetchError(f"The certificate of {target.host} is not valid ({error.verify_message}).") from None
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            deadline.check()
            if isinstance(error, http.client.HTTPException):
                raise FetchError(f"{target.host} did not answer in HTTP ({type(error).__name__}).") from None
            failure = error
    raise FetchError(f"Could not connect to {target.host} ({_os_reason(failure)}).")


def _page_type(response: http.client.HTTPResponse, policy: FetchPolicy) -> tuple[str, str | None]:
    header = response.getheader("Content-Type") or ""
    content_type = header.split(";", 1)[0].strip().lower()
    if not content_type:
        raise FetchError("The site did not say what kind of document it sent (no Content-Type).")
    if content_type not in policy.content_types:
        allowed = ", ".join(sorted(policy.content_types))
        raise FetchError(f"The address holds {content_type}, not a web page ({allowed}).")
    charset = _CHARSET.search(header)
    return content_type, charset.group(1) if charset else None


def _read_body(response: http.client.HTTPResponse, policy: FetchPolicy, deadline: "_Deadline") -> bytes:
    limit = policy.max_bytes
    too_large = f"The page is larger than the {limit:,} bytes allowed."
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise FetchError(too_large)
    decompress = _decompressor(response.getheader("Content-Encoding"))
    received = 0
    body = bytearray()
    try:
        while chunk := response.read1(_CHUNK):
            received += len(chunk)
            if received > limit:
                raise FetchError(too_large)
            if decompress is not None:
                # Never more than the limit out of one chunk: a small gzip can hold gigabytes.
                chunk = decompress.decompress(chunk, limit - len(body) + 1)
                if decompress.unconsumed_tail:
                    raise FetchError(too_large)
            body += chunk
            if len(body) > limit:
                raise FetchError(too_large)
    except (OSError, http.client.HTTPException, zlib.error) as error:
        deadline.check()
        if isinstance(error, zlib.error):
            raise FetchError("The page's compressed content is corrupt.") from None
        raise FetchError(f"The connection broke while reading the page ({_os_reason(error)}).") from None
    deadline.check()
    return bytes(body)


def _decompressor(encoding: str | None):
    encoding = (encoding or "").strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip", "deflate"):
        return zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
    raise FetchError(f"The page is compressed as {encoding!r}, which cannot be read here.")


def _os_reason(error: BaseException | None) -> str:
    if error is None:
        return "no address accepted the connection"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, TimeoutError | socket.timeout):
        return "no answer in time"
    if isinstance(error, socket.gaierror):
        return error.strerror or "unknown name"
    return getattr(error, "strerror", None) or str(error) or type(error).__name__


class _Deadline:
    """The whole fetch's time limit. Socket timeouts bound each wait; a timer also shuts
    the open sockets when time is up, so a server trickling bytes (each within the
    socket timeout) cannot stretch the fetch."""

    def __init__(self, timeout: float, clock: Callable[[], float] = time.monotonic):
        self.timeout = timeout
        self._clock = clock
        self._ends = clock() + timeout
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self.expired = False
        self._timer = threading.Timer(timeout, self._expire)
        self._timer.daemon = True

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()
        return False

    def left(self) -> float:
        left = self._ends - self._clock()
        if left <= 0:
            self._raise()
        return left

    def check(self) -> None:
        if self.expired or self._ends - self._clock() <= 0:
            self._raise()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                sock.close()
                self._raise()
            self._sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _raise(self):
        self.expired = True
        raise FetchError(f"The page took longer than the {self.timeout:g} s allowed.")
