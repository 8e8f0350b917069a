"""POST /api/v1/articles/ with only a `url`: the page is fetched and imported; an address
that cannot be fetched is a 400 naming `url`, with the reason."""

import pytest
from rest_framework.test import APIClient

from annotator.models import Article
from annotator.services.tokens import token_create
from tests.factories import SourceFactory
from tests.ingest.pages import ARTICLE_HTML

pytestmark = pytest.mark.django_db
URL = "/api/v1/articles/"


@pytest.fixture
def api(analyst):
    client = APIClient()
    _, key = token_create(user=analyst, name="tests")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_url_alone_imports_the_page_at_it(api, loopback_allowed):
    url = loopback_allowed.page("/news/iran", ARTICLE_HTML)
    response = api.post(URL, {"url": url}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["url"] == url
    assert body["title"] == "Iran denies air strikes in Iraq"
    assert body["source_detail"]["name"] == "The Daily Example"
    assert body["published_at"].startswith("2014-12-03")
    assert body["body"].startswith("Iranian officials on Wednesday denied")
    assert "newsletter" not in body["body"]
    assert Article.objects.get().raw == ARTICLE_HTML


def test_a_source_given_wins_over_the_page(api, loopback_allowed):
    source = SourceFactory(name="Al Jazeera")
    url = loopback_allowed.page("/news/iran", ARTICLE_HTML)
    response = api.post(URL, {"url": url, "source": source.pk, "title": "Mine"}, format="json")
    assert response.status_code == 201
    assert (response.json()["source"], response.json()["title"]) == (source.pk, "Mine")


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata address"),
        ("http://10.0.0.1/", "private network address"),
        ("http://[::1]/", "loopback"),
        ("http://example.com:8080/", "Port 8080 is not allowed"),
        ("http://user:pw@example.com/", "user name or password"),
    ],
)
def test_an_address_that_may_not_be_fetched_is_a_400_naming_url(api, address, reason, loopback_allowed, fake_dns):
    response = api.post(URL, {"url": address}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["url"]
    assert reason in response.json()["url"][0]
    assert not Article.objects.exists()


def test_a_scheme_that_is_not_http_is_a_400_naming_url(api):
    response = api.post(URL, {"url": "file:///etc/passwd"}, format="json")
    assert response.status_code == 400 and "url" in response.json()


def test_what_is_not_a_page_is_a_400_naming_url(api, loopback_allowed):
    url = loopback_allowed.page("/data.json", b"{}", "application/json")
    response = api.post(URL, {"url": url}, format="json")
    assert response.status_code == 400
    assert "holds application/json" in response.json()["url"][0]


def test_a_redirect_to_an_inside_address_is_a_400_naming_url(api, loopback_allowed):
    url = loopback_allowed.redirect("/go", "http://192.168.0.1/admin")
    response = api.post(URL, {"url": url}, format="json")
    assert response.status_code == 400
    assert "redirects to http://192.168.0.1/admin" in response.json()["url"][0]


def test_the_same_address_twice_is_a_409(api, loopback_allowed):
    url = loopback_allowed.page("/news/iran", ARTICLE_HTML)
    first = api.post(URL, {"url": url}, format="json").json()
    response = api.post(URL, {"url": url}, format="json")
    assert response.status_code == 409
    assert response.json()["duplicate_of"] == first["id"]


def test_neither_text_nor_address_is_a_400_naming_raw(api):
    response = api.post(URL, {"title": "nothing"}, format="json")
    assert response.status_code == 400
    assert "raw" in response.json()
