"""Search is the same in spirit on SQLite and PostgreSQL: every word in any order, a
"quoted phrase" as a phrase, `or` and `-word`, with English stemming. These tests run on
both databases (SQLite answers with FTS5, PostgreSQL with its text search)."""

import io

import pytest
from django.core.management import call_command

from annotator.models import Article
from annotator.search import WebSearch, fts5_query, parse_web_search
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db

LIST = "/articles/"
DEMO = "Iran denies airstrikes against Islamic State targets in Iraq"


def titles(client, q: str) -> list[str]:
    response = client.get(LIST, {"q": q})
    assert response.status_code == 200
    return sorted(article.title for article in response.context["page_obj"].object_list)


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def demo(as_viewer):
    call_command("loaddemo", stdout=io.StringIO())
    ArticleFactory(title="Talks in Vienna", body="Diplomats met in Vienna on the margins of the nuclear talks.")
    return as_viewer


@pytest.mark.parametrize("q", ["airstrikes Iraq", "Iraq airstrikes", "AIRSTRIKES iraq"])
def test_the_search_boxs_own_example_finds_the_demo_article_with_every_word_in_any_order(demo, q):
    assert titles(demo, q) == [DEMO]


def test_a_word_matches_its_other_forms(demo):
    assert titles(demo, "airstrike") == [DEMO]  # "airstrikes", by its stem
    assert titles(demo, "mission denied") == [DEMO]  # "missions", "denies"


def test_every_word_must_be_there(demo):
    assert titles(demo, "airstrikes Narnia") == []


def test_a_quoted_phrase_is_matched_as_a_phrase(demo):
    assert titles(demo, '"airstrikes against Islamic State"') == [DEMO]
    assert titles(demo, '"Iraq airstrikes"') == []  # both words are there, never side by side


def test_or_and_a_minus_work_as_on_the_web(demo):
    assert titles(demo, "Vienna or Diyala") == [DEMO, "Talks in Vienna"]
    assert titles(demo, "talks -Diyala") == ["Talks in Vienna"]


def test_the_title_is_searched_too_and_follows_its_edits(as_viewer):
    article = ArticleFactory(title="Pentagon briefing", body="Nothing about planes here.")
    assert titles(as_viewer, "Pentagon") == ["Pentagon briefing"]
    Article.objects.filter(pk=article.pk).update(title="Ministry statement")
    assert titles(as_viewer, "Pentagon") == []
    assert titles(as_viewer, "ministry") == ["Ministry statement"]
    Article.objects.filter(pk=article.pk).delete()
    assert titles(as_viewer, "ministry") == []


def test_punctuation_or_syntax_alone_finds_nothing_and_never_fails(as_viewer):
    ArticleFactory(title="Anything", body="Some text.")
    for q in ["—", '"', "-", '"" OR', "NEAR(a b)", "a*", "title:x", "^x"]:
        response = as_viewer.get(LIST, {"q": q})
        assert response.status_code == 200, q


def test_quotes_are_searched_word_by_word_in_any_order(as_viewer):
    for text in ["Iran has never been involved in any air strikes in Iraq", "Nothing has changed about our policy"]:
        StatementFactory(article=ArticleFactory(body=f"He said: {text}."), text=text)
    found = as_viewer.get("/api/v1/statements/", {"q": "Iraq strikes"}).json()["results"]
    assert [s["quote"] for s in found] == ["Iran has never been involved in any air strikes in Iraq"]
    phrase = as_viewer.get("/api/v1/statements/", {"q": '"Iraq strikes"'}).json()["results"]
    assert phrase == []


def test_the_search_text_is_read_as_postgresqls_web_search():
    assert parse_web_search('airstrikes "Islamic State" or Daesh -talks') == WebSearch(
        groups=[["airstrikes"], ["Islamic State", "Daesh"]], excluded=["talks"]
    )
    assert parse_web_search("— ! ?") == WebSearch()
    assert fts5_query(parse_web_search('say "no" -x')) == ('("say") AND ("no")', '"x"')
    assert fts5_query(parse_web_search('a"b')) == ('("a") AND ("b")', "")
