"""Sources: the outlets, and for each the articles it published and the statements it relayed."""

import pytest

from annotator.models import Origin, ReviewStatus, Source
from tests.factories import ArticleFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


def test_the_list_counts_articles_published_and_statements_relayed_separately(as_viewer):
    reuters = Source.objects.get(name="Reuters")
    for _ in range(2):
        ArticleFactory(source=reuters)
    for _ in range(3):
        StatementFactory(via=reuters)
    StatementFactory(via=reuters, origin=Origin.SUGGESTED, review_status=ReviewStatus.REJECTED)
    response = as_viewer.get("/sources/", {"q": "reuters"})
    (row,) = response.context["page_obj"].object_list
    assert (row.name, row.article_count, row.relayed_count) == ("Reuters", 2, 3)


def test_search_by_alias_kind_and_sort(as_viewer):
    assert [s.name for s in as_viewer.get("/sources/", {"q": "Thomson"}).context["page_obj"]] == ["Reuters"]
    wires = as_viewer.get("/sources/", {"kind": "wire"}).context["page_obj"].object_list
    assert wires and all(s.kind == "wire" for s in wires)
    guardian = Source.objects.get(name="The Guardian")
    StatementFactory(via=guardian)
    assert as_viewer.get("/sources/", {"sort": "relayed"}).context["page_obj"].object_list[0] == guardian


def test_an_unknown_kind_is_ignored_rather_than_failing(as_viewer):
    response = as_viewer.get("/sources/", {"kind": "tabloid"})
    assert response.status_code == 200 and response.context["kind"] == ""


def test_htmx_filtering_returns_the_results_partial(as_viewer):
    response = as_viewer.get("/sources/", {"q": "BBC"}, headers=HTMX)
    assert response.content.lstrip().startswith(b'<section id="results"')


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_runs_the_same_queries_for_one_row_and_for_fifty(as_viewer, django_assert_num_queries, count):
    Source.objects.all().delete()
    for _ in range(count):
        StatementFactory(via=SourceFactory())
    # session, user with its role, count, page (counts come as subqueries of the page)
    # + 1: the user's projects and roles there (annotator.projects_access), once per request.
    with django_assert_num_queries(5):
        response = as_viewer.get("/sources/")
    assert len(response.context["page_obj"].object_list) >= count


def test_the_page_shows_articles_published_and_statements_relayed(as_viewer):
    reuters = Source.objects.get(name="Reuters")
    published = ArticleFactory(source=reuters, title="A Reuters story")
    relayed = StatementFactory(via=reuters, text="has never been involved")
    ArticleFactory(title="Someone else's")
    response = as_viewer.get("/sources/reuters/")
    assert list(response.context["articles"].object_list) == [published]
    assert list(response.context["relayed"].object_list) == [relayed]
    html = response.content.decode()
    published_part, relayed_part = html.split('id="relayed"')
    assert "A Reuters story" in published_part and "Someone else" not in html
    assert "has never been involved</blockquote>" in relayed_part
    assert f'href="/actors/{relayed.speaker.pk}/"' in relayed_part


@pytest.mark.parametrize("count", [1, 50])
def test_the_page_runs_the_same_queries_for_one_row_and_for_fifty(as_viewer, django_assert_num_queries, count):
    reuters = Source.objects.get(name="Reuters")
    for _ in range(count):
        ArticleFactory(source=reuters)
        StatementFactory(via=reuters)
    # session, user with its role, source, and a count and a page for each list
    # + 1: the user's projects and roles there (annotator.projects_access), once per request.
    with django_assert_num_queries(8):
        response = as_viewer.get("/sources/reuters/")
    assert len(response.context["relayed"].object_list) == count


def test_an_unknown_source_is_404(as_viewer):
    assert as_viewer.get("/sources/no-such-outlet/").status_code == 404


def test_the_list_exports_exactly_the_sources_it_shows(as_viewer):
    import csv
    import io

    from django.urls import reverse

    StatementFactory(via=Source.objects.get(name="Reuters"))
    response = as_viewer.get("/sources/", {"kind": "wire", "q": "r", "sort": "name"})
    shown = [s.pk for s in response.context["page_obj"].object_list]
    export_url = reverse("export_sources_csv") + "?kind=wire&amp;q=r&amp;ordering=name%2Cid"
    assert f'href="{export_url}"' in response.content.decode()
    export = as_viewer.get(export_url.replace("&amp;", "&"))
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8"))))
    assert sorted(int(row["source_id"]) for row in rows) == sorted(shown)
    reuters = next(row for row in rows if row["name"] == "Reuters")
    assert (reuters["kind"], reuters["relayed_count"]) == ("wire", "1")
