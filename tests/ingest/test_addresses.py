"""The address checker: a fetch reaches public unicast addresses only, whatever form
the address takes."""

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.ingest.addresses import AddressRefused, check_address, parse_networks, refusal


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.255.254", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "metadata"),
        ("169.254.1.1", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("100.127.255.254", "carrier-grade NAT"),
        ("0.0.0.0", "unspecified"),
        ("0.1.2.3", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "documentation"),
        ("198.18.0.1", "benchmarking"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("fd00::1", "unique local"),
        ("fd00:ec2::254", "unique local"),  # the metadata service over IPv6
        ("fc00::1", "unique local"),
        ("fec0::1", "site-local"),
        ("ff02::1", "multicast"),
        ("2001:db8::1", "documentation"),
        ("2002:7f00:1::", "6to4"),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
        ("::127.0.0.1", "IPv4-compatible"),
        ("64:ff9b:1::a00:1", "NAT64"),
    ],
)
def test_inside_addresses_are_refused_with_their_reason(address, reason):
    assert reason in refusal(address)
    with pytest.raises(AddressRefused, match=reason):
        check_address(address)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:7f00:1", "loopback"),
        ("0:0:0:0:0:ffff:169.254.169.254", "metadata"),
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:100.64.0.1", "carrier-grade NAT"),
        ("64:ff9b::a9fe:a9fe", "metadata"),  # NAT64 of 169.254.169.254
        ("64:ff9b::7f00:1", "loopback"),
    ],
)
def test_an_ipv4_address_wrapped_in_ipv6_is_judged_by_what_it_wraps(address, reason):
    assert reason in refusal(address)
    assert "wrapped in IPv6" in refusal(address)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "1.1.1.1", "151.101.1.69", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e", "::ffff:8.8.8.8"],
)
def test_public_addresses_may_be_fetched(address):
    assert refusal(address) is None
    assert check_address(address) == ipaddress.ip_address(address)


def test_the_allow_list_lets_through_only_what_it_names():
    allowed = parse_networks("127.0.0.1/32, ::1")
    assert refusal("127.0.0.1", allowed) is None
    assert refusal("::1", allowed) is None
    assert refusal("::ffff:127.0.0.1", allowed) is None  # the same address, mapped
    assert "loopback" in refusal("127.0.0.2", allowed)
    assert "private" in refusal("10.0.0.1", allowed)
    assert "metadata" in refusal("169.254.169.254", allowed)


def test_a_bad_allow_list_entry_is_named():
    with pytest.raises(ValueError, match="'localhost' is not an IP network"):
        parse_networks("127.0.0.1, localhost")


def test_an_empty_allow_list_allows_nothing_inside():
    assert parse_networks("") == ()
    assert parse_networks([]) == ()


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_a_mapped_address_is_allowed_exactly_when_its_ipv4_address_is(number):
    ipv4 = ipaddress.IPv4Address(number)
    mapped = ipaddress.IPv6Address(f"::ffff:{ipv4}")
    assert (refusal(mapped) is None) == (refusal(ipv4) is None)


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_every_allowed_ipv4_address_is_globally_reachable(number):
    ipv4 = ipaddress.IPv4Address(number)
    if refusal(ipv4) is None:
        assert ipv4.is_global and not ipv4.is_multicast
        assert ipv4 not in ipaddress.ip_network("100.64.0.0/10")
