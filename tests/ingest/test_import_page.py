"""The import page, from a link: paste it (as the text or in the URL field), see the
fetched page cleaned and what it says about itself, save what was previewed."""

import html as htmllib
import re

import pytest
from django.urls import reverse

from annotator.models import Article
from tests.ingest.pages import ARTICLE_HTML

pytestmark = pytest.mark.django_db

NEW = "/articles/new/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def as_analyst(client, analyst):
    client.force_login(analyst)
    return client


def hidden(page: str, name: str) -> str:
    """The value the preview's confirm form sends back for `name`."""
    if name == "text":
        found = re.search(r'<textarea name="text" hidden aria-hidden="true">\n(.*?)</textarea>', page, re.S)
    else:
        found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', page)
    return htmllib.unescape(found.group(1))


def test_a_link_pasted_as_the_text_is_fetched_and_previewed(as_analyst, loopback_allowed):
    url = loopback_allowed.page("/news/iran", ARTICLE_HTML)
    response = as_analyst.post(NEW, {"text": f"  {url}\n", "action": "preview"})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.title == "Iran denies air strikes in Iraq"
    assert preview.body.startswith("Iranian officials on Wednesday denied")
    assert "Markets" not in preview.body
    page = response.content.decode()
    assert "Fetched from" in page and "The Daily Example" in page and "by Jane Doe" in page
    assert "3 Dec 2014" in page
    # The page itself goes back with the preview: the save reads what was previewed.
    assert hidden(page, "text") == ARTICLE_HTML
    assert (hidden(page, "fmt"), hidden(page, "url"), hidden(page, "source")) == ("html", url, "The Daily Example")
    assert not Article.objects.exists()


def test_the_url_field_alone_fetches_the_page(as_analyst, loopback_allowed):
    url = loopback_allowed.page("/news/iran", ARTICLE_HTML)
    response = as_analyst.post(NEW, {"url": url, "action": "preview"})
    assert response.status_code == 200
    assert response.context["preview"].title == "Iran denies air strikes in Iraq"


def test_saving_the_fetched_preview_stores_the_article_without_fetching_again(as_analyst, loopback_allowed):
    url = loopback_allowed.page("/news/iran", ARTICLE_HTML)
    page = as_analyst.post(NEW, {"text": url, "action": "preview"}).content.decode()
    fields = {name: hidden(page, name) for name in ("text", "fmt", "title", "url", "source", "published_at")}
    response = as_analyst.post(NEW, {**fields, "action": "save"})
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == reverse("article_detail", args=[article.pk])
    assert article.url == url
    assert article.title == "Iran denies air strikes in Iraq"
    assert article.source.name == "The Daily Example"
    assert article.published_at.isoformat() == "2014-12-03T10:15:00+00:00"
    assert article.raw == ARTICLE_HTML
    assert len(loopback_allowed.seen) == 1


def test_the_details_typed_in_the_form_win_over_the_page(as_analyst, loopback_allowed):
    url = loopback_allowed.page("/news/iran", ARTICLE_HTML)
    as_analyst.post(NEW, {"url": url, "title": "My title", "source": "Reuters", "action": "save"})
    article = Article.objects.get()
    assert (article.title, article.source.name) == ("My title", "Reuters")


def test_an_htmx_preview_of_a_link_returns_the_import_partial(as_analyst, loopback_allowed):
    url = loopback_allowed.page("/news/iran", ARTICLE_HTML)
    response = as_analyst.post(NEW, {"text": url, "action": "preview"}, headers=HTMX)
    assert response.content.lstrip().startswith(b'<div id="import"')
    assert b"Fetched from" in response.content


def test_a_refused_address_is_a_form_error_saying_why(as_analyst, loopback_allowed):
    response = as_analyst.post(NEW, {"url": "http://169.254.169.254/latest/meta-data/", "action": "preview"})
    assert response.status_code == 422
    errors = response.context["form"].errors["url"]
    assert errors == ["169.254.169.254 is the cloud metadata address: it is not fetched."]
    assert "cloud metadata address" in response.content.decode()


def test_a_refused_link_pasted_as_the_text_is_reported_on_the_text(as_analyst, loopback_allowed):
    url = loopback_allowed.page("/report.pdf", b"%PDF-1.4", "application/pdf")
    response = as_analyst.post(NEW, {"text": url, "action": "preview"}, headers=HTMX)
    assert response.status_code == 422
    assert "holds application/pdf, not a web page" in response.context["form"].errors["text"][0]
    assert b"holds application/pdf" in response.content


def test_without_the_allow_list_a_local_address_is_refused(as_analyst, page_server, settings):
    settings.ANNOTATOR_FETCH_ALLOWED_PORTS = f"80,443,{page_server.port}"
    url = page_server.page("/news/iran", ARTICLE_HTML)
    response = as_analyst.post(NEW, {"url": url, "action": "preview"})
    assert "127.0.0.1 is a loopback address" in response.context["form"].errors["url"][0]
    assert page_server.seen == []


def test_a_link_and_another_url_at_once_are_refused(as_analyst, loopback_allowed):
    response = as_analyst.post(
        NEW, {"text": "https://example.org/a", "url": "https://example.org/b", "action": "preview"}
    )
    assert response.status_code == 422
    assert "Give the address once: as the text or in the URL field." in response.content.decode()


def test_a_text_that_merely_contains_a_link_is_imported_as_text(as_analyst, loopback_allowed):
    text = "Officials said the talks went well, see https://example.org/a for more.\n\nThey meet again next week."
    response = as_analyst.post(NEW, {"text": text, "action": "preview"})
    assert response.status_code == 200
    assert "talks went well" in response.context["preview"].body
    assert loopback_allowed.seen == []


@pytest.mark.parametrize(
    ("link", "reason"), [("file:///etc/passwd", "not file:"), ("gopher://example.org/", "not gopher:")]
)
def test_a_pasted_link_of_another_scheme_is_refused_not_imported_as_text(as_analyst, link, reason):
    response = as_analyst.post(NEW, {"text": link, "action": "save"})
    assert response.status_code == 422
    assert reason in response.context["form"].errors["text"][0]
    assert not Article.objects.exists()
