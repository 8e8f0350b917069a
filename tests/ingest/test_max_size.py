"""ANNOTATOR_MAX_ARTICLE_CHARS bounds an article's text on every way in: the import form (a
form error), the API (400 naming the text's field; an over-large request body is a JSON 413), the
import_articles command and import jobs (that article fails with the reason, the others are
imported), and an import from an address. The same words everywhere."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from annotator.models import Article
from annotator.services.jobs import job_import_create
from annotator.services.tokens import token_create
from tests.factories import ArticleFactory
from tests.jobs.conftest import jsonl, report

pytestmark = pytest.mark.django_db

LIMIT = 2_000
REASON = f"The text is 2,400 characters long; an article may hold at most {LIMIT:,}."
SHORT = "Officials denied that jets struck targets near the river, a senior official told Reuters."


def too_long() -> str:
    """A text that is 2,400 characters once cleaned: distinct sentences, nothing to drop."""
    sentences = [f"Sentence {n:03d} says something else entirely, told Reuters." for n in range(200)]
    text = " ".join(sentences)
    return text[: text.rfind(" ", 0, 2_400)] + " " + "x" * (2_400 - text.rfind(" ", 0, 2_400) - 1)


@pytest.fixture(autouse=True)
def limit(settings):
    settings.ANNOTATOR_MAX_ARTICLE_CHARS = LIMIT


@pytest.fixture
def api(analyst):
    client = APIClient()
    _, key = token_create(user=analyst, name="size")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_the_default_limit_is_two_million_characters():
    from annotator import settings as project_settings

    assert project_settings.ANNOTATOR_MAX_ARTICLE_CHARS == 2_000_000


def test_the_text_is_exactly_as_long_as_the_tests_say():
    assert len(too_long()) == 2_400


@pytest.mark.parametrize("action", ["preview", "save"])
def test_the_import_form_refuses_a_text_over_the_limit(client, analyst, action):
    client.force_login(analyst)
    response = client.post("/articles/new/", {"text": too_long(), "action": action})
    assert response.status_code == 422
    assert REASON in " ".join(response.context["form"].non_field_errors())
    assert not Article.objects.exists()


def test_a_text_at_the_limit_is_imported(client, analyst):
    client.force_login(analyst)
    text = too_long()[:LIMIT]
    response = client.post("/articles/new/", {"text": text, "action": "save"})
    assert response.status_code == 302
    assert len(Article.objects.get().body) == LIMIT


def test_the_api_answers_400_naming_the_field_sent(api):
    # The API names what the client sent (`raw`, as for a text with nothing left after cleaning).
    response = api.post("/api/v1/articles/", {"raw": too_long()}, format="json")
    assert response.status_code == 400
    assert response.json() == {"raw": [f"{REASON} Split it into several articles."]}
    assert not Article.objects.exists()


def test_an_article_edit_over_the_limit_is_refused_too(api):
    article = ArticleFactory()
    response = api.patch(
        f"/api/v1/articles/{article.pk}/",
        {"body": too_long(), "updated_at": article.updated_at.isoformat()},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["body"]


def test_a_request_body_over_the_upload_limit_is_a_json_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = api.post("/api/v1/articles/", {"raw": "x" * 5_000}, format="json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["limit_bytes"] == 1_000 and "1,000 bytes" in response.json()["detail"]


def test_a_multipart_form_field_over_the_upload_limit_is_a_json_413_too(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    # Django counts a multipart body's files apart: it finds the field too large as it parses.
    response = api.post("/api/v1/articles/", {"raw": "x" * 5_000}, format="multipart")
    assert response.status_code == 413 and response.json()["limit_bytes"] == 1_000


def test_the_command_fails_that_article_and_imports_the_others(tmp_path):
    (tmp_path / "long.txt").write_text(too_long())
    (tmp_path / "short.txt").write_text(SHORT)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 import failed"):
        call_command("import_articles", str(tmp_path), stdout=out, stderr=err)
    assert f"FAILED {tmp_path / 'long.txt'}: {REASON}" in err.getvalue()
    assert list(Article.objects.values_list("body", flat=True)) == [SHORT]


def test_an_import_job_fails_that_line_and_imports_the_others(analyst, django_capture_on_commit_callbacks):
    batch = jsonl(report(1), {"title": "Long", "text": too_long()}, report(2))
    with django_capture_on_commit_callbacks(execute=True):
        job = job_import_create(user=analyst, raw=batch, name="batch.jsonl")
    job.refresh_from_db()
    [[line, reason]] = job.result["failed"]
    assert line == 2 and reason.startswith(REASON)
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Report 1", "Report 2"]


def test_an_address_whose_page_is_too_long_is_refused(client, analyst, api, loopback_allowed):
    page = f"<html><head><title>Long</title></head><body><article><p>{too_long()}</p></article></body></html>"
    loopback_allowed.page("/long", page.encode(), "text/html")
    url = loopback_allowed.url("/long")
    [from_api] = api.post("/api/v1/articles/", {"url": url}, format="json").json()["raw"]
    assert from_api.startswith(REASON)
    client.force_login(analyst)
    form = client.post("/articles/new/", {"url": url, "action": "preview"})
    assert REASON in " ".join(form.context["form"].non_field_errors())
    assert not Article.objects.exists()
