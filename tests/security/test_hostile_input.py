"""Hostile values through every input, and every output checked.

Inputs: article text and title (paste, upload, API, import command), actor names and
aliases, proposition text, notes and cues (reader form and API), search boxes and filters
of every list, the API and the exports. Outputs: the pages escape it (no element, attribute
or URL from the data becomes active), the CSP forbids inline script, the CSV and JSON
exports keep it inert (a formula prefix gets an apostrophe) and otherwise intact, and
nothing answers with a 500."""

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from rest_framework.test import APIClient

from annotator.exports.cells import is_formula_risk
from annotator.models import Actor, Article, Proposition, Statement
from annotator.services.tokens import token_create
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory

from .hostile import HOSTILE, INVALID_UTF8, SHORT

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href"}


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text of each inline script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


def assert_inert(response, url: str) -> None:
    """The page shows hostile data as text: no element, attribute or URL of it is active."""
    assert response.status_code < 500, f"{url}: {response.status_code}"
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0], url
    html = response.content.decode()
    for name, value in SHORT.items():
        if any(char in value for char in "<>\"'"):
            assert value not in html, f"{url}: {name} is in the page unescaped"
    parser = _Elements()
    parser.feed(html)
    nonce = re.search(r"'nonce-([^']+)'", policy)
    for tag, attrs in parser.tags:
        assert not any(attr.startswith("on") for attr in attrs), f"{url}: event handler on <{tag}> {attrs}"
        for attr in URL_ATTRIBUTES & set(attrs):
            target = (attrs[attr] or "").strip().lower()
            assert not target.startswith(("javascript:", "data:text/html", "vbscript:")), f"{url}: {attr}={target}"
        if tag in ("script", "iframe", "object", "embed", "base", "meta") and tag != "meta":
            # Only our own scripts: from our static files, or carrying this response's nonce.
            allowed = (attrs.get("src") or "").startswith("/static/") or (
                nonce and attrs.get("nonce") == nonce.group(1)
            )
            assert tag == "script" and allowed, f"{url}: foreign <{tag}> {attrs}"
    for script in parser.inline_scripts:
        assert "alert" not in script, f"{url}: data inside an inline script"


@pytest.fixture
def browser(reviewer):
    client = Client(raise_request_exception=False)
    client.force_login(reviewer)
    return client


@pytest.fixture
def api(reviewer):
    cache.clear()
    client = APIClient(raise_request_exception=False)
    _, key = token_create(user=reviewer, name="hostile")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _pages(article=None, actor=None, proposition=None, statement=None) -> list[str]:
    urls = ["/articles/", "/actors/", "/propositions/", "/sources/", "/matrix/", "/review/"]
    if article:
        urls += [f"/articles/{article.pk}/", f"/articles/{article.pk}/history/", f"/articles/{article.pk}/deleted/"]
    if actor:
        urls += [f"/actors/{actor.pk}/", f"/actors/{actor.pk}/history/"]
    if proposition:
        urls += [f"/propositions/{proposition.pk}/", f"/propositions/{proposition.pk}/history/"]
    if statement:
        urls += [f"/statements/{statement.pk}/history/", f"/statements/{statement.pk}/edit"]
    return urls


def _csv_rows(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _jsonl_rows(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines() if line]


def _unneutralised(cell: str) -> str:
    """A CSV cell back to the value: the apostrophe the export puts before a formula dropped."""
    return cell[1:] if cell.startswith("'") and is_formula_risk(cell[1:]) else cell


def _normalised(value: str) -> str:
    # Names and proposition texts are stored with their whitespace collapsed (Actor.clean, Proposition.clean).
    return " ".join(value.split())


@pytest.mark.parametrize("name", HOSTILE)
def test_names_texts_and_notes_from_the_api_are_shown_inert_and_exported_intact(name, api, browser):
    value = HOSTILE[name]
    actor_response = api.post("/api/v1/actors/", {"name": value, "aliases": [value]}, format="json")
    proposition_response = api.post("/api/v1/propositions/", {"text": value}, format="json")
    assert actor_response.status_code < 500 and proposition_response.status_code < 500
    if "\x00" in value or len(value) > 300 or not value.strip():
        # NUL characters and oversized values are refused, naming the field; nothing is stored.
        assert actor_response.status_code == 400 and "name" in actor_response.json()
        assert not Actor.objects.exists()
        return
    assert actor_response.status_code == 201, actor_response.json()
    assert proposition_response.status_code == 201, proposition_response.json()
    actor = Actor.objects.get(pk=actor_response.json()["id"])
    proposition = Proposition.objects.get(pk=proposition_response.json()["id"])
    assert actor.name == _normalised(value)
    article = ArticleFactory(title=value)
    start = article.body.index("denied")
    created = api.post(
        "/api/v1/statements/",
        {
            "article": article.pk,
            "start": start,
            "end": start + 6,
            "stance": "denial",
            "speaker": actor.pk,
            "proposition": proposition.pk,
            "note": value,
            "cue": value[:200],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    statement = Statement.objects.get(pk=created.json()["id"])
    assert statement.note == value.strip()  # the API trims surrounding whitespace, as documented by DRF

    for url in _pages(article, actor, proposition, statement):
        assert_inert(browser.get(url), url)

    [row] = [r for r in _csv_rows(browser, "/export/actors.csv") if r["actor_id"] == str(actor.pk)]
    assert _unneutralised(row["name"]) == actor.name
    if is_formula_risk(actor.name):
        assert row["name"].startswith("'")
    [row] = [r for r in _csv_rows(browser, "/export/statements.csv") if r["statement_id"] == str(statement.pk)]
    assert _unneutralised(row["proposition"]) == proposition.text
    assert _unneutralised(row["cue"]) == statement.cue
    assert _unneutralised(row["article_title"]) == article.title
    [line] = [r for r in _jsonl_rows(browser, "/export/actors.jsonl") if r["actor_id"] == actor.pk]
    assert line["name"] == actor.name and line["aliases"] == "; ".join(actor.aliases)
    assert api.get(f"/api/v1/statements/{statement.pk}/").json()["note"] == value.strip()


@pytest.mark.parametrize("name", HOSTILE)
def test_an_article_pasted_with_hostile_text_and_title_is_stored_shown_inert_and_searchable(name, browser):
    value = HOSTILE[name]
    text = f"The ministry said {value} on Wednesday.\n\nA second paragraph about the strikes."
    response = browser.post("/articles/new/", {"text": text, "title": value[:500], "fmt": "text", "action": "save"})
    assert response.status_code in (302, 422), response.status_code
    if response.status_code == 422:
        # Refused with a reason shown in the form (NUL characters), nothing stored.
        assert "Null characters are not allowed" in response.content.decode()
        assert not Article.objects.exists()
        return
    article = Article.objects.get()
    assert "\x00" not in article.body
    for url in _pages(article=article):
        assert_inert(browser.get(url), url)
    [row] = _csv_rows(browser, "/export/articles.csv")
    assert _unneutralised(row["title"]) == article.title


@pytest.mark.parametrize("name", HOSTILE)
def test_search_boxes_and_filters_take_hostile_values_without_failing(name, browser, api):
    value = HOSTILE[name][:5000]
    StatementFactory(note="a note")
    for url, param in [
        ("/articles/", "q"),
        ("/actors/", "q"),
        ("/propositions/", "q"),
        ("/propositions/", "topic"),
        ("/sources/", "q"),
        ("/sources/", "kind"),
        ("/matrix/", "topic"),
        ("/articles/", "source"),
        ("/articles/", "published_after"),
        ("/autocomplete/actors", "q"),
        ("/autocomplete/propositions", "q"),
        ("/actors/1/merge/", "q"),
        ("/articles/", "page"),
        ("/articles/", "sort"),
    ]:
        assert_inert(browser.get(url, {param: value}), f"{url}?{param}={name}")
    for url in ["/api/v1/statements/", "/api/v1/articles/", "/api/v1/actors/", "/api/v1/propositions/"]:
        for param in ("q", "ordering", "cursor", "stance", "created_since"):
            response = api.get(url, {param: value})
            assert response.status_code < 500, f"{url}?{param}={name}: {response.status_code}"
    for url in ["/export/statements.csv", "/export/articles.jsonl", "/export/statements.jsonld"]:
        for param in ("q", "speaker", "published_before", "ordering"):
            response = browser.get(url, {param: value})
            assert response.status_code < 500, f"{url}?{param}={name}"
            if response.status_code == 200:
                b"".join(response.streaming_content)


@pytest.mark.parametrize("number", ["99999999999999999999", "-1", "0", "1e400", "9223372036854775808", "NaN", "１２"])
def test_numbers_out_of_any_columns_range_are_refused_or_match_nothing_never_a_500(number, browser, api):
    StatementFactory()
    for param in ("article", "speaker", "proposition", "annotator", "source", "via"):
        response = api.get("/api/v1/statements/", {param: number})
        assert response.status_code in (200, 400), f"{param}={number}: {response.status_code}"
        response = browser.get("/export/statements.csv", {param: number})
        assert response.status_code in (200, 400), f"export {param}={number}: {response.status_code}"
    for url in (
        f"/api/v1/statements/{number}/",
        f"/api/v1/articles/{number}/",
        f"/api/v1/actors/{number}/",
        f"/api/v1/sources/{number}/",
    ):
        # (Full-width digits are digits to Python: "１２" names row 12, like "12".)
        assert api.get(url).status_code in (200, 400, 404), url
    merge = api.post(f"/api/v1/actors/{ActorFactory().pk}/merge/", {"target": number}, format="json")
    assert merge.status_code == 400
    statement = StatementFactory()
    edit = api.patch(f"/api/v1/statements/{statement.pk}/", {"version": number, "start": number}, format="json")
    assert edit.status_code in (400, 409)
    assert browser.post(f"/statements/{statement.pk}/delete", {"version": number}).status_code < 500
    assert browser.get("/articles/", {"page": number}).status_code == 200


def test_the_reader_form_refuses_nul_and_stores_every_other_hostile_name_as_text(browser):
    article = ArticleFactory()
    start = article.body.index("denied")
    for name, value in SHORT.items():
        data = {
            "start": start,
            "end": start + 6,
            "quote": "denied",
            "stance": "denial",
            "speaker": "new",
            "speaker_query": value,
            "new_speaker_kind": "person",
            "new_speaker_role": value,
            "proposition": "new",
            "proposition_query": value,
            "direct": "0",
            "note": value,
            "cue": value,
        }
        response = browser.post(f"/articles/{article.pk}/statements/new", data)
        assert response.status_code in (302, 422), name
        if "\x00" in value or not value.strip():
            assert response.status_code == 422, name
            continue
        assert response.status_code == 302, (name, response.content.decode()[:2000])
    assert all("\x00" not in actor.name + actor.role for actor in Actor.objects.all())
    assert_inert(browser.get(f"/articles/{article.pk}/"), "reader")
    for statement in Statement.objects.all():
        assert_inert(browser.get(f"/statements/{statement.pk}/edit"), f"edit {statement.note[:20]!r}")


def test_the_api_answers_bytes_that_are_not_json_or_not_utf8_with_a_400(api):
    for body in (b'{"name": "\xff\xfe"}', b"\xc0\xaf", b'{"name": "x"', b"[]", b"null", b'"just a string"'):
        response = api.generic("POST", "/api/v1/actors/", body, content_type="application/json")
        assert response.status_code == 400, body
    assert not Actor.objects.exists()


def test_query_strings_and_form_posts_with_invalid_utf8_do_not_fail(browser):
    StatementFactory()
    for url in ("/articles/?q=%FF%FE", "/actors/?q=%C0%AF", "/export/statements.csv?q=%80", "/sources/?q=%ED%A0%80"):
        assert browser.get(url).status_code < 500, url
    response = browser.generic(
        "POST", "/articles/new/", b"text=%FF%FEabc&action=save", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500


@pytest.mark.parametrize("name", INVALID_UTF8)
def test_uploads_and_imports_of_invalid_utf8_are_decoded_never_a_500(name, browser, tmp_path):
    data = INVALID_UTF8[name]
    upload = SimpleUploadedFile("article.txt", data, content_type="text/plain")
    response = browser.post("/articles/new/", {"file": upload, "action": "save"})
    assert response.status_code in (302, 422)
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    try:
        call_command("import_articles", str(path), "--no-suggest", stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError:
        pass
    for article in Article.objects.all():
        article.body.encode("utf-8")  # stored text is valid Unicode
        assert_inert(browser.get(f"/articles/{article.pk}/"), name)


def test_a_hostile_jsonl_batch_through_the_api_and_the_command_is_stored_as_text(api, tmp_path, browser):
    lines = [
        json.dumps({"title": value[:400], "source": value[:150], "text": f"Officials said {value} today."})
        for value in SHORT.values()
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        call_command("import_articles", str(path), "--no-suggest", stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError:
        pass  # some lines may be refused (say, a source name that is blank once cleaned); none may crash
    # The cleaner drops markup and template code left in scraped text, so a few of these
    # lines clean to the same body (a reported duplicate) or to nothing (a reported refusal).
    assert Article.objects.count() >= len(SHORT) - 6
    for article in Article.objects.all():
        assert "\x00" not in article.title + article.body
        assert_inert(browser.get(f"/articles/{article.pk}/"), article.title[:30])
    response = api.post("/api/v1/articles/", {"raw": HOSTILE["megabyte"], "title": HOSTILE["script"]}, format="json")
    assert response.status_code == 201
    assert response.json()["title"] == HOSTILE["script"]


def test_existing_hostile_data_shows_inert_on_every_browse_page(browser):
    article = ArticleFactory(title=HOSTILE["attribute_breakout"], body=f"Start. {HOSTILE['script']} denied it.")
    actor = ActorFactory(name=HOSTILE["img_onerror"], role=HOSTILE["javascript_url"], aliases=[HOSTILE["svg_onload"]])
    proposition = PropositionFactory(text=HOSTILE["closing_tags"], topics=[HOSTILE["single_quote_breakout"]])
    statement = StatementFactory(
        article=article, text=HOSTILE["script"], speaker=actor, proposition=proposition, note=HOSTILE["template_tag"]
    )
    for url in _pages(article, actor, proposition, statement) + [f"/sources/{article.source.slug}/"]:
        response = browser.get(url)
        assert_inert(response, url)
    reader = browser.get(f"/articles/{article.pk}/").content.decode()
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in reader
    assert "{% debug %}" in browser.get(f"/statements/{statement.pk}/edit").content.decode()
