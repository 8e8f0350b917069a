"""Articles: imported over the API as on the import page, listed without their text."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Article
from tests.factories import ArticleFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/articles/"

TEXT = (
    "Iran denies air strikes in Iraq\n\n"
    "Iranian officials on Wednesday denied accusations that its military has been involved in airstrikes "
    "against Islamic State targets in Iraq.\n\n"
    "Iranian officials on Wednesday denied accusations that its military has been involved in airstrikes "
    "against Islamic State targets in Iraq.\n\n"
    "Sign up for our newsletter"
)


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_an_analyst_imports_text_and_it_is_cleaned_as_on_import(client_for, analyst):
    source = SourceFactory(name="Al Jazeera")
    response = client_for(analyst).post(
        URL, {"raw": TEXT, "format": "text", "title": "Iran denies", "source": source.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["body"].count("Iranian officials on Wednesday denied") == 1
    assert body["source_detail"]["name"] == "Al Jazeera"
    assert Article.objects.get(pk=body["id"]).raw == TEXT


def test_an_html_page_is_reduced_to_its_text(api):
    page = (
        "<html><head><title>Strikes</title></head><body><nav>Home | World</nav><article><h1>Strikes</h1>"
        + "".join(
            f"<p>Paragraph {i} says Iranian jets may have struck targets in Iraq on day {i}.</p>" for i in range(8)
        )
        + "</article></body></html>"
    )
    response = api.post(URL, {"raw": page, "format": "html"}, format="json")
    assert response.status_code == 201, response.json()
    assert "<p>" not in response.json()["body"]
    assert "Paragraph 3 says" in response.json()["body"]


def test_the_same_text_twice_is_a_409_pointing_at_the_first_article(api):
    first = api.post(URL, {"raw": TEXT}, format="json").json()
    response = api.post(URL, {"raw": TEXT, "title": "again"}, format="json")
    assert response.status_code == 409
    assert response.json()["duplicate_of"] == first["id"]
    assert response.json()["current"]["id"] == first["id"]
    assert Article.objects.count() == 1


def test_text_that_cleans_to_nothing_is_a_400_on_raw(api):
    response = api.post(URL, {"raw": "   \n\n  "}, format="json")
    assert response.status_code == 400
    assert "raw" in response.json()


def test_the_list_leaves_out_the_text_and_the_detail_has_it(api):
    article = ArticleFactory()
    StatementFactory(article=article)
    row = api.get(URL).json()["results"][0]
    assert "body" not in row
    assert row["claim_count"] == 1
    assert api.get(f"{URL}{article.pk}/").json()["body"] == article.body


def test_the_body_cannot_change_once_the_article_has_statements(api):
    article = ArticleFactory()

    def change(**fields):
        read_at = Article.objects.get(pk=article.pk).updated_at.isoformat()
        return api.patch(f"{URL}{article.pk}/", {**fields, "updated_at": read_at}, format="json")

    assert change(body="Something else entirely.").status_code == 200
    article.refresh_from_db()
    StatementFactory(article=article, text="Something else")
    response = change(body="A third text.")
    assert response.status_code == 400
    assert "body" in response.json()
    assert change(title="Renamed").json()["title"] == "Renamed"


def test_article_filters_narrow_the_list(api):
    reuters = SourceFactory(name="Reuters")
    old = ArticleFactory(source=reuters, published_at=dt.datetime(2014, 12, 3, tzinfo=dt.UTC), title="Old strikes")
    new = ArticleFactory(published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), body="Jets over Baghdad, officials said.")
    StatementFactory(article=new, text="Jets over Baghdad", stance="denial")
    cases = {
        "source": (reuters.pk, [old]),
        "published_after": ("2020-01-01", [new]),
        "published_before": ("2020-01-01", [old]),
        "has_denials": ("true", [new]),
        "q": ("Baghdad", [new]),
        "status": ("new", [old, new]),
    }
    for name, (value, expected) in cases.items():
        assert ids(api.get(URL, {name: value})) == [a.pk for a in expected], name


def test_articles_page_by_cursor(api):
    articles = ArticleFactory.create_batch(5)
    first = api.get(URL, {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    assert [r["id"] for r in first["results"] + second["results"]] == [a.pk for a in articles[:4]]


def test_listing_articles_costs_the_same_queries_for_one_as_for_many(api):
    def page_queries():
        api.get(URL)
        with CaptureQueriesContext(connection) as queries:
            api.get(URL, {"page_size": 200})
        return len(queries)

    StatementFactory(article=ArticleFactory())
    one = page_queries()
    for article in ArticleFactory.create_batch(40):
        StatementFactory(article=article)
    assert page_queries() == one
