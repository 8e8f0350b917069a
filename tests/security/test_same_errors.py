"""The same bad input gets the same clear error whichever way it comes in: the reader's form,
the API, and (for articles) the import command. Each message comes from one place."""

import html
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from annotator.models import Article, Statement
from annotator.services.tokens import token_create
from tests.factories import ActorFactory, ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(analyst):
    cache.clear()
    client = APIClient()
    _, key = token_create(user=analyst, name="errors")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def browser(client, analyst):
    client.force_login(analyst)
    return client


def _form_errors(response) -> list[str]:
    """The messages of the re-shown form, each checked to be on the page the user sees."""
    form = response.context["form"]
    messages = [message for errors in form.errors.values() for message in errors]
    page = response.content.decode()
    for message in messages:
        assert html.escape(message) in page, message
    return messages


def _api_messages(response) -> list[str]:
    return [message for messages in response.json().values() for message in messages]


@pytest.fixture
def article():
    return ArticleFactory()


def _span(article, text):
    start = article.body.index(text)
    return start, start + len(text)


BAD_SPANS = {
    "quote that is not the text there": lambda a: (*_span(a, "denied accusations"), "denied allegations"),
    "end before start": lambda a: (_span(a, "denied")[1], _span(a, "denied")[0], "denied"),
    "end past the article": lambda a: (_span(a, "denied")[0], len(a.body) + 50, "denied"),
}


@pytest.mark.parametrize("case", BAD_SPANS)
def test_a_bad_span_gets_the_same_message_from_the_reader_form_and_the_api(case, article, browser, api):
    start, end, quote = BAD_SPANS[case](article)
    speaker = ActorFactory()

    form = browser.post(
        f"/articles/{article.pk}/statements/new",
        {"start": start, "end": end, "quote": quote, "stance": "claim", "speaker": speaker.pk, "direct": "0"},
    )
    rest = api.post(
        "/api/v1/statements/",
        {"article": article.pk, "start": start, "end": end, "quote": quote, "stance": "claim", "speaker": speaker.pk},
        format="json",
    )

    assert form.status_code == 422 and rest.status_code == 400
    [api_message] = _api_messages(rest)
    assert api_message in _form_errors(form), (api_message, _form_errors(form))
    assert not Statement.objects.exists()


def test_an_article_with_nothing_left_after_cleaning_gets_the_same_message_everywhere(browser, api, tmp_path):
    text = "5\n\n#000000\n\nSubscribe to our newsletter"

    form = browser.post("/articles/new/", {"text": text, "fmt": "text", "action": "save"})
    rest = api.post("/api/v1/articles/", {"raw": text, "format": "text"}, format="json")
    path = tmp_path / "empty.txt"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), "--no-suggest", stdout=io.StringIO(), stderr=err)

    assert form.status_code == 422 and rest.status_code == 400
    [api_message] = _api_messages(rest)
    assert api_message.startswith("Nothing is left after cleaning")
    assert api_message in _form_errors(form), (api_message, _form_errors(form))
    assert f"FAILED {path}: {api_message}" in err.getvalue()
    assert not Article.objects.exists()


def test_an_unknown_speaker_gets_a_clear_error_from_the_form_and_the_api(article, browser, api):
    start, end = _span(article, "denied")
    form = browser.post(
        f"/articles/{article.pk}/statements/new",
        {"start": start, "end": end, "quote": "denied", "stance": "claim", "speaker": "999999", "direct": "0"},
    )
    rest = api.post(
        "/api/v1/statements/",
        {"article": article.pk, "start": start, "end": end, "stance": "claim", "speaker": 999999},
        format="json",
    )
    assert form.status_code == 422 and rest.status_code == 400
    assert "speaker" in rest.json()
    assert any("speaker" in message.lower() for message in _form_errors(form))
