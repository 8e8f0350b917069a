"""Which IP addresses a fetch may connect to: public unicast ones only.

A URL typed by a user must not make the server reach into its own network (its
loopback, the LAN, a cloud's metadata service). Every address a name resolves to is
checked here before any connection; the fetcher then connects to that very address.

`ipaddress` knows the IANA special-purpose registries (`is_global` and friends); the
explicit table below says the same for the ranges that matter most, with a reason a
person can read, and catches what the properties miss (100.64.0.0/10 is neither
"private" nor "global" to `ipaddress`). Addresses that wrap an IPv4 address (mapped,
NAT64) are judged by the address they wrap; tunnels (6to4, Teredo) are refused whole."""

import ipaddress
from collections.abc import Iterable, Sequence

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class AddressRefused(ValueError):
    """The address is not one a fetch may connect to; str() says why."""


def _table(*rows: tuple[str, str]) -> tuple[tuple[Network, str], ...]:
    return tuple((ipaddress.ip_network(cidr), reason) for cidr, reason in rows)


# Most specific first: the first match gives the reason.
_REFUSED = _table(
    ("169.254.169.254/32", "the cloud metadata address"),
    ("0.0.0.0/8", "an unspecified address ('this network')"),
    ("10.0.0.0/8", "a private network address"),
    ("100.64.0.0/10", "a carrier-grade NAT address (shared address space)"),
    ("127.0.0.0/8", "a loopback address"),
    ("169.254.0.0/16", "a link-local address"),
    ("172.16.0.0/12", "a private network address"),
    ("192.0.0.0/24", "an IETF protocol address"),
    ("192.0.2.0/24", "a documentation address"),
    ("192.88.99.0/24", "a 6to4 relay address"),
    ("192.168.0.0/16", "a private network address"),
    ("198.18.0.0/15", "a benchmarking address"),
    ("198.51.100.0/24", "a documentation address"),
    ("203.0.113.0/24", "a documentation address"),
    ("224.0.0.0/4", "a multicast address"),
    ("240.0.0.0/4", "a reserved address"),
    ("::/128", "an unspecified address"),
    ("::1/128", "a loopback address"),
    ("::/96", "an IPv4-compatible address (deprecated)"),
    ("100::/64", "a discard-only address"),
    ("2001::/32", "a Teredo tunnel address"),
    ("2001:db8::/32", "a documentation address"),
    ("2001::/23", "an IETF protocol address"),
    ("2002::/16", "a 6to4 tunnel address"),
    ("3fff::/20", "a documentation address"),
    ("64:ff9b:1::/48", "a local NAT64 address"),
    ("fd00::/8", "a unique local (private) address"),
    ("fc00::/7", "a unique local (private) address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a site-local address (deprecated)"),
    ("ff00::/8", "a multicast address"),
)
_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def parse_address(text: str) -> IPAddress:
    """The address in `text`; an IPv6 zone ("fe80::1%eth0") is dropped. ValueError if none."""
    return ipaddress.ip_address(str(text).split("%", 1)[0].strip("[]"))


def parse_networks(value: str | Iterable[str]) -> tuple[Network, ...]:
    """Networks from "127.0.0.0/8, ::1" or a list of such strings; ValueError naming a bad one."""
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    networks = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(str(item).strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"{item!r} is not an IP network: {error}") from None
    return tuple(networks)


def refusal(address: str | IPAddress, allowed: Sequence[Network] = ()) -> str | None:
    """Why a fetch may not connect to `address`, or None when it may. `allowed` lists
    networks let through all the same (tests reaching a server on loopback; an intranet)."""
    ip = address if isinstance(address, IPAddress) else parse_address(address)
    if any(ip.version == network.version and ip in network for network in allowed):
        return None
    if ip.version == 6:
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            reason = refusal(embedded, allowed)
            return f"{reason}, wrapped in IPv6" if reason else None
    for network, reason in _REFUSED:
        if ip.version == network.version and ip in network:
            return reason
    # What the table does not name, the registries may still know.
    for flag, reason in (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private network address"),
        ("is_reserved", "a reserved address"),
        ("is_site_local", "a site-local address"),
    ):
        if getattr(ip, flag, False):
            return reason
    if not ip.is_global:
        return "not a public address"
    return None


def check_address(address: str | IPAddress, allowed: Sequence[Network] = ()) -> IPAddress:
    """`address` parsed, if a fetch may connect to it; AddressRefused saying why otherwise."""
    ip = address if isinstance(address, IPAddress) else parse_address(address)
    reason = refusal(ip, allowed)
    if reason:
        raise AddressRefused(f"{ip} is {reason}")
    return ip


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    # ::ffff:a.b.c.d reaches a.b.c.d on a dual-stack socket; 64:ff9b::a.b.c.d reaches it
    # through a NAT64 gateway. Either is only as safe as the IPv4 address inside.
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None
