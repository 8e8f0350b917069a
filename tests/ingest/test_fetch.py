"""Fetching a page by its address: it works for a page, and an address cannot make the
server reach where it must not (server-side request forgery), however it tries.

Every test talks to a server on 127.0.0.1 that the test starts; the `connections`
guard fails (and records) any attempt to connect elsewhere."""

import gzip
import ssl

import pytest

from annotator.ingest import FetchError, FetchPolicy, fetch, parse_networks
from tests.ingest.pages import ARTICLE_HTML, Reply

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")


def policy(server, *, networks="127.0.0.1/32", **limits) -> FetchPolicy:
    """Loopback allowed (only 127.0.0.1 unless said), on the server's port and 80/443."""
    return FetchPolicy(
        allowed_ports=frozenset({80, 443, server.port}),
        allowed_networks=parse_networks(networks),
        **{"timeout": 5.0, **limits},
    )


def refused(url, policy_, match):
    with pytest.raises(FetchError, match=match) as caught:
        fetch(url, policy_)
    return str(caught.value)


# The page is fetched


def test_a_page_is_fetched_with_its_type_and_charset(page_server):
    url = page_server.page("/news/iran", ARTICLE_HTML, "text/html; charset=UTF-8")
    page = fetch(url, policy(page_server))
    assert page.body == ARTICLE_HTML.encode()
    assert (page.content_type, page.charset) == ("text/html", "UTF-8")
    assert page.final_url == url
    assert page.address == "127.0.0.1"


def test_a_name_is_sent_as_the_host_while_the_connection_goes_to_its_checked_address(
    page_server, fake_dns, connections
):
    fake_dns.add("news.example.test", "127.0.0.1")
    page_server.page("/a", ARTICLE_HTML)
    page = fetch(page_server.url("/a", host="news.example.test"), policy(page_server))
    assert page.body == ARTICLE_HTML.encode()
    assert page_server.seen[-1].host == f"news.example.test:{page_server.port}"
    assert connections.addresses == ["127.0.0.1"]


def test_an_international_name_is_looked_up_and_sent_in_its_ascii_form(page_server, fake_dns):
    fake_dns.add("xn--bcher-kva.example.test", "127.0.0.1")
    page_server.page("/a", ARTICLE_HTML)
    fetch(page_server.url("/a", host="bücher.example.test"), policy(page_server))
    assert fake_dns.lookups == ["xn--bcher-kva.example.test"]
    assert page_server.seen[-1].host == f"xn--bcher-kva.example.test:{page_server.port}"


def test_redirects_are_followed_and_named(page_server):
    page_server.page("/final", ARTICLE_HTML)
    page_server.redirect("/second", "/final", status=301)
    first = page_server.redirect("/first", page_server.url("/second"), status=307)
    page = fetch(first, policy(page_server))
    assert page.final_url == page_server.url("/final")
    assert page.redirects == (page_server.url("/second"), page_server.url("/final"))


def test_a_gzipped_page_is_read(page_server):
    page_server.replies["/gz"] = Reply(
        body=gzip.compress(ARTICLE_HTML.encode()),
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    )
    assert fetch(page_server.url("/gz"), policy(page_server)).body == ARTICLE_HTML.encode()


def test_plain_text_and_xhtml_are_pages_too(page_server):
    text = page_server.page("/t.txt", "Just the article.", "text/plain")
    xhtml = page_server.page("/x", ARTICLE_HTML, "application/xhtml+xml")
    assert fetch(text, policy(page_server)).content_type == "text/plain"
    assert fetch(xhtml, policy(page_server)).content_type == "application/xhtml+xml"


def test_non_ascii_in_the_path_is_sent_escaped(page_server):
    page_server.page("/%C3%A9t%C3%A9", ARTICLE_HTML)
    assert fetch(page_server.url("/été"), policy(page_server)).body == ARTICLE_HTML.encode()


def client_trusting(certificate) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


def test_https_is_checked_against_the_name_while_connecting_to_the_checked_address(
    tls_page_server, certificate, fake_dns, connections
):
    fake_dns.add("secure.example.test", "127.0.0.1")
    tls_page_server.page("/a", ARTICLE_HTML)
    url = tls_page_server.url("/a", host="secure.example.test")
    page = fetch(url, policy(tls_page_server, ssl_context=client_trusting(certificate)))
    assert page.body == ARTICLE_HTML.encode()
    assert tls_page_server.server_names == ["secure.example.test"]
    assert connections.addresses == ["127.0.0.1"]


def test_a_certificate_for_another_name_is_refused(tls_page_server, certificate, fake_dns):
    fake_dns.add("impostor.example.test", "127.0.0.1")
    tls_page_server.page("/a", ARTICLE_HTML)
    url = tls_page_server.url("/a", host="impostor.example.test")
    message = refused(url, policy(tls_page_server, ssl_context=client_trusting(certificate)), "certificate")
    assert "impostor.example.test is not valid" in message
    assert tls_page_server.seen == []


def test_an_untrusted_certificate_is_refused(tls_page_server, fake_dns):
    fake_dns.add("secure.example.test", "127.0.0.1")
    tls_page_server.page("/a", ARTICLE_HTML)
    refused(tls_page_server.url("/a", host="secure.example.test"), policy(tls_page_server), "certificate")


# Loopback and private addresses: refused unless allowed


def test_without_the_allow_list_loopback_is_refused_before_connecting(page_server, connections):
    url = page_server.page("/a", ARTICLE_HTML)
    message = refused(url, policy(page_server, networks=""), "loopback")
    assert "127.0.0.1 is a loopback address" in message
    assert connections.attempts == []
    assert page_server.seen == []


def test_the_default_policy_refuses_this_server_by_its_port(page_server, connections):
    refused(page_server.page("/a", ARTICLE_HTML), FetchPolicy(), f"Port {page_server.port} is not allowed")
    assert connections.attempts == []


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://127.0.0.2:{port}/", "loopback"),
        ("http://10.0.0.5:{port}/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://[::1]:{port}/", "loopback"),
        ("http://[::ffff:127.0.0.2]:{port}/", "loopback"),
        ("http://[fd00::1]/", "unique local"),
        ("http://100.100.100.200/", "carrier-grade NAT"),
        ("http://0.0.0.0:{port}/", "unspecified"),
        ("http://localhost:{port}/", "loopback"),
        ("file:///etc/passwd", "Only http and https"),
        ("gopher://127.0.0.1:{port}/", "Only http and https"),
        ("http://127.0.0.1:22/", "Port 22"),
        ("http://user:secret@127.0.0.1:{port}/", "user name or password"),
    ],
)
def test_a_redirect_out_of_the_allow_list_is_refused(page_server, connections, fake_dns, target, reason):
    # The allow-list covers the first hop (127.0.0.1) only: every redirect is checked again.
    fake_dns.add("localhost", "::1")
    start = page_server.redirect("/go", target.format(port=page_server.port))
    message = refused(start, policy(page_server), reason)
    assert "redirects to" in message
    assert connections.addresses == ["127.0.0.1"]


def test_a_redirect_to_a_name_that_resolves_inside_is_refused(page_server, fake_dns, connections):
    fake_dns.add("intranet.example.test", "192.168.1.10")
    start = page_server.redirect("/go", "http://intranet.example.test/admin")
    message = refused(start, policy(page_server), "private")
    assert "intranet.example.test resolves to 192.168.1.10" in message
    assert connections.addresses == ["127.0.0.1"]


def test_with_no_port_allowed_nothing_is_fetched(connections, fake_dns):
    refused("https://example.com/", FetchPolicy(allowed_ports=frozenset()), "turned off")
    assert connections.attempts == [] and fake_dns.lookups == []


def test_too_many_redirects_stop(page_server):
    for hop in range(10):
        page_server.redirect(f"/r{hop}", f"/r{hop + 1}")
    refused(page_server.url("/r0"), policy(page_server, max_redirects=3), "More than 3 redirects")
    assert len(page_server.seen) == 4


def test_a_redirect_loop_stops(page_server):
    page_server.redirect("/a", "/b")
    page_server.redirect("/b", "/a")
    refused(page_server.url("/a"), policy(page_server), "More than 5 redirects")


# DNS: every answer checked, and the connection pinned to what was checked


def test_a_name_with_any_inside_address_is_refused_whole(page_server, fake_dns, connections):
    fake_dns.add("mixed.example.test", ["127.0.0.1", "10.0.0.5"])
    refused(page_server.url("/", host="mixed.example.test"), policy(page_server), "10.0.0.5, a private")
    assert connections.attempts == []


def test_a_name_that_resolves_to_an_ipv4_mapped_inside_address_is_refused(page_server, fake_dns, connections):
    fake_dns.add("mapped.example.test", "::ffff:169.254.169.254")
    refused(page_server.url("/", host="mapped.example.test"), policy(page_server), "metadata")
    assert connections.attempts == []


def test_a_name_that_changes_its_answer_after_the_check_is_not_asked_again(page_server, fake_dns, connections):
    # DNS rebinding: allowed on the check, inside a moment later. The connection goes to
    # the address that was checked; the name is looked up once.
    fake_dns.add("rebind.example.test", "127.0.0.1", "10.0.0.5")
    page_server.page("/a", ARTICLE_HTML)
    page = fetch(page_server.url("/a", host="rebind.example.test"), policy(page_server))
    assert page.address == "127.0.0.1"
    assert fake_dns.lookups == ["rebind.example.test"]
    assert connections.addresses == ["127.0.0.1"]


def test_a_public_answer_then_a_loopback_one_connects_only_to_the_public_one(page_server, fake_dns, connections):
    # No allow-list: the first (public) answer passes the check, a later lookup would say
    # 127.0.0.1. The fetch connects to the checked public address (which the test guard
    # refuses: nothing leaves this machine) and never to loopback.
    fake_dns.add("public.example.test", "93.184.216.34", "127.0.0.1")
    page_server.page("/a", ARTICLE_HTML)
    refused(page_server.url("/a", host="public.example.test"), policy(page_server, networks=""), "Could not connect")
    assert connections.addresses == ["93.184.216.34"]
    assert fake_dns.lookups == ["public.example.test"]
    assert page_server.seen == []


def test_each_redirect_hop_is_looked_up_and_checked_again(page_server, fake_dns, connections):
    # The same name, allowed on the first hop, resolves inside on the second: refused there.
    fake_dns.add("hop.example.test", "127.0.0.1", "10.0.0.5")
    page_server.redirect("/go", page_server.url("/next", host="hop.example.test"))
    refused(page_server.url("/go", host="hop.example.test"), policy(page_server), "10.0.0.5, a private")
    assert fake_dns.lookups == ["hop.example.test", "hop.example.test"]
    assert connections.addresses == ["127.0.0.1"]


def test_a_name_that_does_not_resolve_is_named(fake_dns, page_server):
    refused("http://nowhere.example.test/", policy(page_server), "nowhere.example.test could not be looked up")


# Addresses refused by their form


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/file", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("javascript:alert(1)", "Only http and https"),
        ("data:text/html,<p>hi</p>", "Only http and https"),
        ("//example.com/a", "without http"),
        ("example.com/a", "without http"),
        ("http://example.com:8080/", "Port 8080 is not allowed"),
        ("https://example.com:22/", "Port 22 is not allowed"),
        ("http://example.com:0/", "Port 0 is not allowed"),
        ("http://example.com:99999/", "port is not a number"),
        ("http://user@example.com/", "user name or password"),
        ("http://user:pass@example.com/", "user name or password"),
        ("http://example.com@127.0.0.1/", "user name or password"),
        ("http://127.0.0.1\\@example.com/", "user name or password"),
        ("http://exa mple.com/", "spaces or control characters"),
        ("http://example.com/\r\nX-Injected: 1", "spaces or control characters"),
        ("http://ex%61mple.com/", "no usable host name"),
        ("http://[fe80::1%25eth0]/", "no usable host name"),
        ("http:///path", "no usable host name"),
        ("http://[::1/", "not valid"),
        ("http://under_score-.example/", "not a host name"),
        ("", "No address"),
    ],
)
def test_bad_addresses_are_refused_by_their_form(url, reason, connections, fake_dns):
    refused(url, FetchPolicy(), reason)
    assert connections.attempts == []
    assert fake_dns.lookups == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.1/", "127.0.0.1, a loopback"),
        ("http://2130706433/", "127.0.0.1, a loopback"),
        ("http://0x7f.0.0.1/", "127.0.0.1, a loopback"),
        ("http://0177.0.0.1/", "127.0.0.1, a loopback"),
        ("http://[::ffff:7f00:1]/", "loopback address, wrapped in IPv6"),
        ("http://[0:0:0:0:0:ffff:a9fe:a9fe]/", "metadata address, wrapped in IPv6"),
        ("http://[64:ff9b::a9fe:a9fe]/", "metadata address, wrapped in IPv6"),
        ("http://[2002:7f00:1::1]/", "6to4"),
        ("http://[::]/", "unspecified"),
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://LOCALHOST/", "loopback"),
    ],
)
def test_inside_addresses_in_any_spelling_are_refused(url, reason, connections):
    # Real resolver: numeric spellings resolve locally, without the network.
    refused(url, FetchPolicy(), reason)
    assert connections.attempts == []


# What is read: the type, the size, the time


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/json", "text/css"])
def test_what_is_not_a_page_is_refused_by_its_type(page_server, content_type):
    url = page_server.page("/file", b"%PDF-1.4 not a page", content_type)
    refused(url, policy(page_server), f"holds {content_type}, not a web page")


def test_a_reply_without_a_type_is_refused(page_server):
    page_server.replies["/untyped"] = Reply(body=b"<p>hi</p>", headers={})
    refused(page_server.url("/untyped"), policy(page_server), "no Content-Type")


def test_an_error_status_is_named(page_server):
    refused(page_server.url("/missing"), policy(page_server), "answered 404")


def test_a_page_declared_larger_than_the_limit_is_not_read(page_server):
    page_server.page("/big", b"x" * 5000)
    refused(page_server.url("/big"), policy(page_server, max_bytes=1000), "larger than the 1,000 bytes")


def test_a_page_of_undeclared_size_stops_being_read_past_the_limit(page_server):
    page_server.replies["/endless"] = Reply(
        body=b"<p>" + b"x" * 2_000_000, headers={"Content-Type": "text/html"}, length=False, pieces=50
    )
    refused(page_server.url("/endless"), policy(page_server, max_bytes=100_000), "larger than the 100,000 bytes")


def test_a_small_gzip_that_unpacks_past_the_limit_is_stopped(page_server):
    bomb = gzip.compress(b"\0" * 20_000_000)
    assert len(bomb) < 100_000
    page_server.replies["/bomb"] = Reply(body=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    refused(page_server.url("/bomb"), policy(page_server, max_bytes=1_000_000), "larger than")


def test_an_unknown_compression_is_named(page_server):
    page_server.replies["/br"] = Reply(body=b"xx", headers={"Content-Type": "text/html", "Content-Encoding": "br"})
    refused(page_server.url("/br"), policy(page_server), "compressed as 'br'")


def test_a_site_that_does_not_answer_in_time_is_abandoned(page_server):
    page_server.replies["/silent"] = Reply(body=b"<p>late</p>", wait=3)
    refused(page_server.url("/silent"), policy(page_server, timeout=0.5), "longer than the 0.5 s allowed")


def test_a_page_trickling_in_is_abandoned_at_the_time_limit(page_server):
    # Each piece comes well within any per-read timeout; the whole takes too long.
    page_server.replies["/trickle"] = Reply(
        body=ARTICLE_HTML.encode(), headers={"Content-Type": "text/html"}, pieces=40, pause=0.1
    )
    refused(page_server.url("/trickle"), policy(page_server, timeout=0.8), "longer than the 0.8 s allowed")


def test_a_redirect_without_a_target_is_named(page_server):
    page_server.replies["/nowhere"] = Reply(status=302, headers={})
    refused(page_server.url("/nowhere"), policy(page_server), "says nowhere to")
