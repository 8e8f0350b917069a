"""Exports follow the list's sort order as well as its filters: each page's export link
carries its order as `ordering`, and the file lists the rows in the order the page shows."""

import csv
import datetime as dt
import html as htmllib
import io
import re

import pytest

from annotator.models import Job, Stance
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

TEXTS = ("denied accusations", "has never been involved", "air strikes", "indications")


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


def export_link(response, resource: str) -> str:
    found = re.search(rf'href="(/export/{resource}\.csv[^"]*)"', response.content.decode())
    assert found, f"no export link for {resource}"
    return htmllib.unescape(found.group(1))


def exported_ids(client, url: str, column: str) -> list[int]:
    text = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    return [int(row[column]) for row in csv.DictReader(io.StringIO(text))]


def busy(article_or_none=None, *, claims=0, denials=0, **links):
    for index in range(claims + denials):
        stance = Stance.CLAIM if index < claims else Stance.DENIAL
        article = article_or_none or ArticleFactory()
        StatementFactory(article=article, text=TEXTS[index], stance=stance, **links)


def test_the_article_export_lists_articles_in_the_pages_order(as_viewer):
    undated = ArticleFactory(title="Undated", published_at=None)
    old = ArticleFactory(title="Old", published_at=dt.datetime(2014, 1, 1, tzinfo=dt.UTC))
    new = ArticleFactory(title="New", published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    busy(old, claims=3)
    busy(undated, claims=1)
    for sort in ("newest", "oldest", "title", "claims"):
        response = as_viewer.get("/articles/", {"sort": sort})
        page = [a.pk for a in response.context["page_obj"].object_list]
        assert exported_ids(as_viewer, export_link(response, "articles"), "article_id") == page, sort
    assert page == [old.pk, undated.pk, new.pk]  # most claims first, then newest; undated last among equals


def test_the_background_export_of_the_article_list_keeps_its_order(as_viewer):
    ArticleFactory()
    response = as_viewer.get("/articles/", {"sort": "claims", "has_denials": "false"})
    assert '<input type="hidden" name="ordering" value="-claim_count,-published_at,-id">' in response.content.decode()
    form = {"resource": "articles", "fmt": "csv", "has_denials": "false", "ordering": "-claim_count,-published_at,-id"}
    as_viewer.post("/jobs/export/", form)
    assert "ordering=-claim_count%2C-published_at%2C-id" in Job.objects.get().input["query"]


def test_the_actor_and_proposition_exports_list_rows_in_the_pages_order(as_viewer):
    kirby, official, general = (ActorFactory(name=name) for name in ("John Kirby", "An official", "A general"))
    busy(claims=1, denials=2, speaker=kirby)
    busy(claims=3, speaker=official)
    busy(denials=1, speaker=general)
    for sort in ("name", "claims", "denials", "recent"):
        response = as_viewer.get("/actors/", {"sort": sort})
        page = [a.pk for a in response.context["page_obj"].object_list]
        assert exported_ids(as_viewer, export_link(response, "actors"), "actor_id") == page, sort
    assert page == [general.pk, official.pk, kirby.pk]
    for sort in ("text", "claims", "denials", "recent"):
        response = as_viewer.get("/propositions/", {"sort": sort})
        page = [p.pk for p in response.context["page_obj"].object_list]
        assert exported_ids(as_viewer, export_link(response, "propositions"), "proposition_id") == page, sort


def test_the_source_list_export_lists_sources_in_the_pages_order(as_viewer):
    relaying = SourceFactory(name="Zeta Wire")
    busy(claims=2, via=relaying)
    response = as_viewer.get("/sources/", {"sort": "relayed"})
    page = [s.pk for s in response.context["page_obj"].object_list]
    assert page[0] == relaying.pk
    assert exported_ids(as_viewer, export_link(response, "sources"), "source_id") == page


def test_the_statement_exports_of_actor_proposition_and_source_pages_keep_their_order(as_viewer):
    kirby, reuters = ActorFactory(name="John Kirby"), SourceFactory(name="Reuters")
    jets, talks = PropositionFactory(text="B: jets flew."), PropositionFactory(text="A: talks failed.")
    for year, proposition, text in ((2020, jets, TEXTS[0]), (2010, talks, TEXTS[1]), (2015, jets, TEXTS[2])):
        article = ArticleFactory(published_at=dt.datetime(year, 1, 1, tzinfo=dt.UTC))
        StatementFactory(article=article, text=text, speaker=kirby, proposition=proposition, via=reuters)
    response = as_viewer.get(f"/actors/{kirby.pk}/")
    page = [s.pk for s in response.context["page_obj"].object_list]
    assert exported_ids(as_viewer, export_link(response, "statements"), "statement_id") == page
    response = as_viewer.get(f"/propositions/{jets.pk}/")
    page = [s.pk for s in response.context["claims"].object_list]
    assert exported_ids(as_viewer, export_link(response, "statements"), "statement_id") == page
    response = as_viewer.get(f"/sources/{reuters.slug}/")
    page = [s.pk for s in response.context["relayed"].object_list]
    assert exported_ids(as_viewer, export_link(response, "statements"), "statement_id") == page


def test_an_order_the_export_does_not_know_is_refused_naming_the_ones_it_does(as_viewer):
    response = as_viewer.get("/export/actors.csv", {"ordering": "-loudness"})
    assert response.status_code == 400
    assert "claim_count" in response.json()["ordering"][0]
