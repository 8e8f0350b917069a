"""An address checked for what can be known without the network: scheme, user name,
host name, port. Then annotator.ingest.fetch resolves and checks the addresses."""

import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from .addresses import parse_address

_DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL = 2000
# A host name as DNS has it, after IDNA encoding: letters, digits, hyphens (and the
# underscores some real hosts carry), dot-separated, an optional final dot.
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST_NAME = re.compile(rf"(?=.{{1,253}}$)(?:{_LABEL}\.)*{_LABEL}\.?")
# Characters left as they are when an address is made ASCII for the request line:
# everything that may appear in a URL (and "%", so existing escapes stay escapes).
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~-._"


class FetchError(Exception):
    """The page could not (or may not) be fetched; str() says why, for a person."""


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str  # ASCII: a name or an IP address (IPv6 without brackets)
    port: int
    path: str  # path and query, ASCII


def parse_target(url: str, allowed_ports: Collection[int]) -> Target:
    """`url` checked for what can be known without the network."""
    url = (url or "").strip()
    if not url:
        raise FetchError("No address given.")
    if len(url) > MAX_URL:
        raise FetchError(f"The address is longer than {MAX_URL} characters.")
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in url):
        raise FetchError("The address is not valid: it contains spaces or control characters.")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError("The address is not valid.") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        shown = f"{scheme}:" if scheme else "an address without http:// or https://"
        raise FetchError(f"Only http and https addresses can be fetched, not {shown}.")
    if "@" in parts.netloc:
        raise FetchError("The address has a user name or password in it (before “@”): such addresses are not fetched.")
    host = _ascii_host(parts)
    try:
        port = _DEFAULT_PORTS[scheme] if parts.port is None else parts.port
    except ValueError:
        raise FetchError("The address is not valid: its port is not a number from 1 to 65535.") from None
    if not allowed_ports:
        raise FetchError("Fetching pages is turned off here (no port is allowed).")
    if port not in allowed_ports:
        allowed = " and ".join(str(p) for p in sorted(allowed_ports))
        raise FetchError(f"Port {port} is not allowed: pages are fetched only from port {allowed}.")
    path = quote(parts.path or "/", safe=_URL_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_URL_SAFE)
    # The address as fetched: normalised, without its fragment (never sent to a server).
    shown_host = f"[{host}]" if ":" in host else host
    netloc = shown_host if port == _DEFAULT_PORTS[scheme] and parts.port is None else f"{shown_host}:{port}"
    return Target(url=f"{scheme}://{netloc}{path}", scheme=scheme, host=host, port=port, path=path)


def _ascii_host(parts) -> str:
    host = parts.hostname  # lower-cased, IPv6 brackets removed
    if not host or "%" in host:  # no host, or an IPv6 zone or an escape in a name
        raise FetchError("The address is not valid: it has no usable host name.")
    try:
        return str(parse_address(host))
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_host = ""
    if not _HOST_NAME.fullmatch(ascii_host):
        raise FetchError(f"The address is not valid: {host!r} is not a host name.")
    return ascii_host
