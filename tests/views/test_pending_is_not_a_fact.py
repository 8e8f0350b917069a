"""Pending suggestions are not facts: every count, list, export and API list takes accepted
statements (an analyst's own are accepted when made) unless pending suggestions are asked
for with the "include pending suggestions" switch (`include_pending=true`), and then each
pending one is marked. A rejected suggestion never counts."""

import csv
import io

import pytest
from django.http import QueryDict
from rest_framework.test import APIClient

from annotator.exports import copy_out, pipeline
from annotator.models import Origin, ReviewStatus, Stance
from annotator.services.tokens import token_create
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

TEXTS = ("denied accusations", "has never been involved", "air strikes", "indications", "Pentagon spokesperson")


def suggestion(status=ReviewStatus.PENDING, **fields):
    return StatementFactory(origin=Origin.SUGGESTED, review_status=status, annotator=None, **fields)


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def kirby_mostly_unreviewed():
    """John Kirby: one statement an analyst made, three pending suggestions, one rejected."""
    kirby = ActorFactory(name="John Kirby")
    jets = PropositionFactory(text="Iranian jets struck IS in Iraq.")
    article = ArticleFactory()
    made = StatementFactory(article=article, speaker=kirby, proposition=jets, text=TEXTS[0])
    pending = [suggestion(article=article, speaker=kirby, proposition=jets, text=text) for text in TEXTS[1:4]]
    rejected = suggestion(ReviewStatus.REJECTED, article=article, speaker=kirby, proposition=jets, text=TEXTS[4])
    return kirby, jets, made, pending, rejected


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# ---- pages --------------------------------------------------------------------------------


def test_actor_page_counts_only_reviewed_statements_by_default(as_viewer, kirby_mostly_unreviewed):
    kirby, _, made, pending, _ = kirby_mostly_unreviewed
    response = as_viewer.get(f"/actors/{kirby.pk}/")
    assert [s.pk for s in response.context["page_obj"].object_list] == [made.pk]
    html = response.content.decode()
    assert "pending review" not in html.split("claimed and denied")[1].split("</p>", 1)[1]
    assert "3 suggestions await review" in html and "Include pending suggestions" in html


def test_actor_page_shows_pending_suggestions_marked_when_asked(as_viewer, kirby_mostly_unreviewed):
    kirby, _, made, pending, rejected = kirby_mostly_unreviewed
    response = as_viewer.get(f"/actors/{kirby.pk}/", {"include_pending": "true"})
    shown = {s.pk for s in response.context["page_obj"].object_list}
    assert shown == {made.pk, *(s.pk for s in pending)}  # never the rejected one
    html = response.content.decode()
    assert html.count('<span class="badge badge-pending">pending review</span>') == 3
    assert "Show accepted statements only" in html
    # "Export what I see": the export link carries the switch, and the file holds the same rows.
    assert (
        f'href="/export/statements.csv?speaker={kirby.pk}&amp;ordering=proposition%2Cstance%2Cpublished_at%2Cid&amp;include_pending=true"'
        in html
    )
    rows = csv_rows(as_viewer.get("/export/statements.csv", {"speaker": kirby.pk, "include_pending": "true"}))
    assert {int(row["statement_id"]) for row in rows} == shown


def test_actor_list_counts_only_reviewed_statements_by_default(as_viewer, kirby_mostly_unreviewed):
    kirby = kirby_mostly_unreviewed[0]
    listed = as_viewer.get("/actors/").context["page_obj"].object_list
    assert {(a.name, a.claim_count) for a in listed} == {("John Kirby", 1)}
    response = as_viewer.get("/actors/", {"include_pending": "true", "sort": "claims"})
    assert [(a.pk, a.claim_count) for a in response.context["page_obj"].object_list] == [(kirby.pk, 4)]
    assert "includes pending suggestions" in response.content.decode()


def test_proposition_list_and_page_count_only_reviewed_statements(as_viewer, kirby_mostly_unreviewed):
    _, jets, made, pending, _ = kirby_mostly_unreviewed
    # A pending denial does not make a proposition contested.
    suggestion(proposition=jets, stance=Stance.DENIAL)
    page = as_viewer.get("/propositions/").context["page_obj"].object_list
    assert [(p.claim_count, p.denial_count) for p in page] == [(1, 0)]
    assert list(as_viewer.get("/propositions/", {"contested": "true"}).context["page_obj"].object_list) == []
    contested = as_viewer.get("/propositions/", {"contested": "true", "include_pending": "true"})
    assert [(p.claim_count, p.denial_count) for p in contested.context["page_obj"].object_list] == [(4, 1)]
    response = as_viewer.get(f"/propositions/{jets.pk}/")
    assert [s.pk for s in response.context["claims"].object_list] == [made.pk]
    assert response.context["contested"] is False
    response = as_viewer.get(f"/propositions/{jets.pk}/", {"include_pending": "true"})
    assert response.context["contested"] is True
    assert "Showing only the statements matching the filters" not in response.content.decode()


def test_article_counts_and_has_denials_ignore_pending_suggestions_by_default(as_viewer):
    article = ArticleFactory(title="Only a machine saw a denial here")
    StatementFactory(article=article, text=TEXTS[0])
    suggestion(article=article, text=TEXTS[1], stance=Stance.DENIAL)
    row = as_viewer.get("/articles/").context["page_obj"].object_list[0]
    assert (row.claim_count, row.denial_count, row.pending_count) == (1, 0, 1)
    assert list(as_viewer.get("/articles/", {"has_denials": "true"}).context["page_obj"].object_list) == []
    found = as_viewer.get("/articles/", {"has_denials": "true", "include_pending": "true"})
    assert [(a.pk, a.denial_count) for a in found.context["page_obj"].object_list] == [(article.pk, 1)]


def test_the_matrix_counts_reviewed_statements_and_marks_pending_ones_when_included(as_viewer):
    kirby, jets = ActorFactory(name="John Kirby"), PropositionFactory(text="Jets flew.")
    StatementFactory(speaker=kirby, proposition=jets)
    suggestion(speaker=kirby, proposition=jets, stance=Stance.DENIAL)
    suggestion(speaker=ActorFactory(name="Only suggested"), proposition=jets)
    grid = as_viewer.get("/matrix/").context["matrix"]
    assert [a.name for a in grid.actors] == ["John Kirby"]
    cell = grid.cells[(kirby.pk, jets.pk)]
    assert (cell.claims, cell.denials, cell.kind) == (1, 0, "claim")
    response = as_viewer.get("/matrix/", {"include_pending": "true"})
    cell = response.context["matrix"].cells[(kirby.pk, jets.pk)]
    assert (cell.claims, cell.denials, cell.pending, cell.kind) == (1, 1, 1, "both")
    assert "of which 1 pending review" in response.content.decode()
    assert len(response.context["matrix"].actors) == 2


def test_source_page_names_the_speaker_of_a_pending_suggestion(as_viewer):
    reuters = SourceFactory(name="Reuters")
    StatementFactory(via=reuters, text=TEXTS[0])
    suggestion(via=reuters, text=TEXTS[1], speaker=None, speaker_text="a senior Iranian official")
    suggestion(
        via=reuters,
        text=TEXTS[3],
        speaker=None,
        speaker_text="he",
        note="Proposed new actor: John Kirby (Pentagon spokesperson) [person]",
    )
    response = as_viewer.get(f"/sources/{reuters.slug}/")
    assert response.context["relayed"].paginator.count == 1
    html = as_viewer.get(f"/sources/{reuters.slug}/", {"include_pending": "true"}).content.decode()
    relayed = html.split('id="relayed"')[1]
    assert "Speaker not named" not in relayed
    assert "a senior Iranian official" in relayed and ">John Kirby</span>" in relayed
    assert relayed.count("suggested, pending review") == 2
    sources = as_viewer.get("/sources/", {"q": "Reuters"}).context["page_obj"].object_list
    assert [s.relayed_count for s in sources] == [1]


# ---- exports and the API ----------------------------------------------------------------


def test_every_export_leaves_pending_suggestions_out_unless_asked(as_viewer, kirby_mostly_unreviewed):
    kirby, jets, made, pending, rejected = kirby_mostly_unreviewed
    statements = csv_rows(as_viewer.get("/export/statements.csv"))
    assert [int(row["statement_id"]) for row in statements] == [made.pk]
    included = csv_rows(as_viewer.get("/export/statements.csv", {"include_pending": "true"}))
    assert {int(row["statement_id"]) for row in included} == {made.pk, *(s.pk for s in pending)}
    assert {row["review_status"] for row in included} == {"accepted", "pending"}  # each row says which
    for resource in ("actors", "propositions"):
        row = csv_rows(as_viewer.get(f"/export/{resource}.csv"))[0]
        assert row["claim_count"] == "1", resource
        row = csv_rows(as_viewer.get(f"/export/{resource}.csv", {"include_pending": "true"}))[0]
        assert row["claim_count"] == "4", resource
    jsonld = b"".join(as_viewer.get("/export/statements.jsonld").streaming_content).decode()
    assert jsonld.count('"TextQuoteSelector"') == 1


def test_api_lists_count_and_show_reviewed_statements_unless_asked(api_client_for, kirby_mostly_unreviewed):
    kirby, jets, made, pending, rejected = kirby_mostly_unreviewed
    api = api_client_for()
    listed = api.get("/api/v1/statements/").json()["results"]
    assert [s["id"] for s in listed] == [made.pk]
    listed = api.get("/api/v1/statements/", {"include_pending": "true"}).json()["results"]
    assert {s["id"] for s in listed} == {made.pk, *(s.pk for s in pending)}
    # One statement by its id is there whatever its state: a reviewer accepts it by id.
    assert api.get(f"/api/v1/statements/{pending[0].pk}/").status_code == 200
    assert api.get("/api/v1/actors/").json()["results"][0]["claim_count"] == 1
    assert api.get("/api/v1/actors/", {"include_pending": "true"}).json()["results"][0]["claim_count"] == 4
    proposition = api.get("/api/v1/propositions/").json()["results"][0]
    assert (proposition["claim_count"], proposition["claimants"][0]["statements"]) == (1, 1)
    proposition = api.get("/api/v1/propositions/", {"include_pending": "true"}).json()["results"][0]
    assert (proposition["claim_count"], proposition["claimants"][0]["statements"]) == (4, 4)
    article = api.get("/api/v1/articles/").json()["results"][0]
    assert article["claim_count"] == 1
    assert api.get("/api/v1/articles/", {"include_pending": "true"}).json()["results"][0]["claim_count"] == 4


@pytest.fixture
def api_client_for(viewer):
    def make():
        client = APIClient()
        _, key = token_create(user=viewer, name="tests")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_copy_fast_path_exports_reviewed_statements_unless_asked():
    made = StatementFactory(text=TEXTS[0])
    pending = suggestion(text=TEXTS[1])
    suggestion(ReviewStatus.REJECTED, text=TEXTS[2])
    assert copy_out.available()

    def exported(query: str) -> set[int]:
        data = b"".join(pipeline.export_chunks("statements", "csv", QueryDict(query))).decode("utf-8")
        return {int(row["statement_id"]) for row in csv.DictReader(io.StringIO(data))}

    assert exported("") == {made.pk}
    assert exported("include_pending=true") == {made.pk, pending.pk}
