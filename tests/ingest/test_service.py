"""Import from a URL, below the pages: the fetched page as text, its details read, and the
settings that bound the fetch."""

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from annotator.ingest import FetchPolicy
from annotator.services.articles import article_preview
from annotator.services.fetching import DEFAULTS, article_fetch, fetch_policy
from tests.factories import SourceFactory
from tests.ingest.pages import ARTICLE_HTML

pytestmark = pytest.mark.django_db


def test_a_fetched_page_comes_with_its_title_date_author_and_outlet(loopback_allowed):
    url = loopback_allowed.page("/news/iran", ARTICLE_HTML)
    fetched = article_fetch(url)
    assert (fetched.url, fetched.fmt) == (url, "html")
    assert fetched.title == "Iran denies air strikes in Iraq"
    assert fetched.published_at.isoformat() == "2014-12-03T10:15:00+00:00"
    assert fetched.author == "Jane Doe"
    assert fetched.site_name == fetched.outlet == fetched.outlet_name == "The Daily Example"
    assert fetched.raw == ARTICLE_HTML


def test_the_fetched_page_previews_as_an_upload_of_it_would(loopback_allowed):
    fetched = article_fetch(loopback_allowed.page("/news/iran", ARTICLE_HTML))
    preview = article_preview(raw=fetched.raw, fmt=fetched.fmt, url=fetched.url)
    assert preview.title == "Iran denies air strikes in Iraq"
    assert preview.body.startswith("Iranian officials on Wednesday denied")
    assert "Markets" not in preview.body and "newsletter" not in preview.body


def test_a_known_outlet_is_found_by_the_site_of_the_address(loopback_allowed, fake_dns):
    reuters = SourceFactory(name="Reuters Test", homepage="https://www.reuters.example.test/")
    fake_dns.add("uk.reuters.example.test", "127.0.0.1")
    url = loopback_allowed.page("/world/a", ARTICLE_HTML)
    fetched = article_fetch(url.replace("127.0.0.1", "uk.reuters.example.test"))
    assert fetched.source == reuters
    assert fetched.outlet == reuters and fetched.outlet_name == "Reuters Test"


def test_the_canonical_address_on_the_same_site_is_kept_instead_of_a_tracking_link(loopback_allowed):
    port = loopback_allowed.port
    page = ARTICLE_HTML.replace("<title>", f'<link rel="canonical" href="http://127.0.0.1:{port}/news/iran"><title>')
    fetched = article_fetch(loopback_allowed.page("/news/iran?utm_source=feed", page))
    assert fetched.url == f"http://127.0.0.1:{port}/news/iran"


def test_a_canonical_address_on_another_site_is_not_taken(loopback_allowed):
    page = ARTICLE_HTML.replace("<title>", '<link rel="canonical" href="https://elsewhere.example/x"><title>')
    url = loopback_allowed.page("/copy", page)
    assert article_fetch(url).url == url


def test_the_declared_charset_is_used(loopback_allowed):
    page = "<html><head><title>Été</title></head><body><p>Déjà vu à Genève.</p></body></html>"
    url = loopback_allowed.page("/latin", page.encode("iso-8859-1"), "text/html; charset=iso-8859-1")
    assert "Déjà vu à Genève" in article_fetch(url).raw


def test_a_meta_charset_is_used_when_the_server_says_none(loopback_allowed):
    page = '<html><head><meta charset="windows-1251"><title>Новости</title></head><body><p>Москва</p></body></html>'
    url = loopback_allowed.page("/ru", page.encode("windows-1251"), "text/html")
    assert "Москва" in article_fetch(url).raw


def test_plain_text_is_imported_as_text(loopback_allowed):
    url = loopback_allowed.page("/a.txt", "Iran denies air strikes.\n\nOfficials said so.", "text/plain")
    fetched = article_fetch(url)
    assert fetched.fmt == "text" and fetched.title is None


def test_a_refusal_is_a_validation_error_on_url(loopback_allowed):
    with pytest.raises(ValidationError) as caught:
        article_fetch("http://169.254.169.254/latest/meta-data/")
    assert "metadata" in caught.value.message_dict["url"][0]


def test_an_empty_page_is_refused(loopback_allowed):
    with pytest.raises(ValidationError, match="empty"):
        article_fetch(loopback_allowed.page("/empty", b""))


def test_by_default_only_public_addresses_on_ports_80_and_443(settings):
    for name in DEFAULTS:
        delattr(settings, name)
    policy = fetch_policy()
    assert policy.allowed_networks == ()
    assert policy.allowed_ports == frozenset({80, 443})
    assert policy == FetchPolicy(max_bytes=policy.max_bytes, timeout=policy.timeout)


def test_the_project_settings_default_to_the_same(monkeypatch):
    import importlib

    import annotator.settings as project

    for name in DEFAULTS:
        monkeypatch.delenv(name, raising=False)
    project = importlib.reload(project)
    assert {name: getattr(project, name) for name in DEFAULTS} == {
        name: type(getattr(project, name))(value) for name, value in DEFAULTS.items()
    }


def test_the_settings_bound_the_fetch(settings):
    settings.ANNOTATOR_FETCH_ALLOW_NETWORKS = "10.0.0.0/8 fd00::/8"
    settings.ANNOTATOR_FETCH_ALLOWED_PORTS = [80, 8080]
    settings.ANNOTATOR_FETCH_MAX_BYTES = 1000
    settings.ANNOTATOR_FETCH_TIMEOUT = "2.5"
    settings.ANNOTATOR_FETCH_MAX_REDIRECTS = 2
    policy = fetch_policy()
    assert [str(n) for n in policy.allowed_networks] == ["10.0.0.0/8", "fd00::/8"]
    assert policy.allowed_ports == frozenset({80, 8080})
    assert (policy.max_bytes, policy.timeout, policy.max_redirects) == (1000, 2.5, 2)


def test_a_fetch_is_never_larger_than_an_upload_may_be(settings):
    settings.ANNOTATOR_FETCH_MAX_BYTES = 50_000_000
    settings.ANNOTATOR_MAX_UPLOAD_BYTES = 1_000_000
    assert fetch_policy().max_bytes == 1_000_000


def test_a_bad_allow_list_is_a_configuration_error(settings):
    settings.ANNOTATOR_FETCH_ALLOW_NETWORKS = "127.0.0.1, intranet"
    with pytest.raises(ImproperlyConfigured, match="'intranet' is not an IP network"):
        fetch_policy()
