"""Propositions: the list with counts and "contested only", the claimed-by / denied-by page, merging."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from annotator.models import ActorKind, Origin, Proposition, ReviewStatus, Source, Stance, Statement
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


def texts(response) -> list[str]:
    return [p.text for p in response.context["page_obj"].object_list]


def exported(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.fixture
def jets():
    """The seed's contested proposition: Kirby claims it, an anonymous Iranian official denies it via Reuters."""
    proposition = PropositionFactory(text="Iranian jets struck Islamic State targets in Iraq.")
    article = ArticleFactory(
        title="Iran denies airstrikes",
        source=Source.objects.get(name="Common Dreams"),
        published_at=dt.datetime(2014, 12, 3, tzinfo=dt.UTC),
    )
    kirby = ActorFactory(name="John Kirby", role="Pentagon chief spokesperson")
    official = ActorFactory(name="Senior Iranian official", kind=ActorKind.ANONYMOUS, role="on condition of anonymity")
    claim = StatementFactory(
        article=article, proposition=proposition, speaker=kirby, stance=Stance.CLAIM, text="have flown these missions."
    )
    denial = StatementFactory(
        article=article,
        proposition=proposition,
        speaker=official,
        stance=Stance.DENIAL,
        text="Iran has never been involved in any air strikes",
        via=Source.objects.get(name="Reuters"),
    )
    return proposition, claim, denial


# ---- list ---------------------------------------------------------------------------------


def test_the_list_shows_claim_and_denial_counts_and_marks_the_contested(as_viewer, jets):
    proposition, _, _ = jets
    StatementFactory(proposition=PropositionFactory(text="Only claimed."), stance=Stance.CLAIM)
    response = as_viewer.get("/propositions/")
    counts = {p.text: (p.claim_count, p.denial_count) for p in response.context["page_obj"].object_list}
    assert counts == {proposition.text: (1, 1), "Only claimed.": (1, 0)}
    assert response.content.decode().count('<span class="badge badge-contested">contested</span>') == 1


def test_contested_only_keeps_propositions_both_claimed_and_denied(as_viewer, jets):
    proposition, _, _ = jets
    StatementFactory(proposition=PropositionFactory(text="Only claimed."), stance=Stance.CLAIM)
    PropositionFactory(text="Never mentioned.")
    response = as_viewer.get("/propositions/", {"contested": "true"})
    assert texts(response) == [proposition.text]
    assert 'name="contested" value="true" checked' in response.content.decode()


def test_a_rejected_suggestion_does_not_make_a_proposition_contested(as_viewer):
    proposition = PropositionFactory(text="Claimed, and denied only by a rejected suggestion.")
    StatementFactory(proposition=proposition, stance=Stance.CLAIM)
    StatementFactory(
        proposition=proposition,
        stance=Stance.DENIAL,
        text="has never been involved",
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.REJECTED,
    )
    assert texts(as_viewer.get("/propositions/", {"contested": "true"})) == []


def test_merged_propositions_are_left_out_of_the_list(as_viewer):
    kept = PropositionFactory(text="Kept.")
    PropositionFactory(text="Merged away.", merged_into=kept)
    assert texts(as_viewer.get("/propositions/")) == ["Kept."]


def test_search_topic_and_sort(as_viewer):
    PropositionFactory(text="Iran flew missions.", topics=["Iran", "airstrikes"])
    busy = PropositionFactory(text="The US coordinates with Iran.", topics=["United States"])
    StatementFactory(proposition=busy, stance=Stance.DENIAL)
    assert texts(as_viewer.get("/propositions/", {"q": "missions"})) == ["Iran flew missions."]
    assert texts(as_viewer.get("/propositions/", {"topic": "airstrikes"})) == ["Iran flew missions."]
    assert texts(as_viewer.get("/propositions/", {"sort": "denials"}))[0] == busy.text


def test_htmx_filtering_returns_the_results_partial(as_viewer, jets):
    response = as_viewer.get("/propositions/", {"contested": "true"}, headers=HTMX)
    assert response.content.lstrip().startswith(b'<section id="results"')
    assert b"<html" not in response.content


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_runs_the_same_queries_for_one_row_and_for_fifty(as_viewer, django_assert_num_queries, count):
    for _ in range(count):
        StatementFactory()
    # session, user with its role, count, page
    # + 1: the user's projects and roles there (annotator.projects_access), once per request.
    with django_assert_num_queries(5):
        response = as_viewer.get("/propositions/")
    assert len(texts(response)) == count


def test_the_list_export_gives_the_rows_the_page_shows(as_viewer, jets):
    proposition, _, _ = jets
    kept = PropositionFactory(text="Other contested?")
    StatementFactory(proposition=kept, stance=Stance.CLAIM)
    PropositionFactory(text="Merged away.", merged_into=proposition)
    response = as_viewer.get("/propositions/", {"contested": "true", "sort": "claims"})
    export_url = reverse("export_propositions_csv") + "?contested=true&merged=false&ordering=-claim_count%2Ctext%2Cid"
    assert f'href="{export_url.replace("&", "&amp;")}"' in response.content.decode()
    shown = {p.pk for p in response.context["page_obj"].object_list}
    assert {int(row["proposition_id"]) for row in exported(as_viewer, export_url)} == shown == {proposition.pk}


# ---- detail -------------------------------------------------------------------------------


def test_the_page_lists_the_claimant_under_claimed_by_and_the_denier_under_denied_by(as_viewer, jets):
    proposition, claim, denial = jets
    response = as_viewer.get(f"/propositions/{proposition.pk}/")
    assert list(response.context["claims"].object_list) == [claim]
    assert list(response.context["denials"].object_list) == [denial]
    html = response.content.decode()
    claimed_by, denied_by = html.split('id="claimed-by"')[1].split('id="denied-by"')
    assert "John Kirby" in claimed_by and "Senior Iranian official" not in claimed_by
    assert "Senior Iranian official" in denied_by and "John Kirby" not in denied_by


def test_each_entry_names_speaker_role_quote_article_outlets_and_date(as_viewer, jets):
    proposition, _, denial = jets
    html = as_viewer.get(f"/propositions/{proposition.pk}/").content.decode()
    denied_by = html.split('id="denied-by"')[1]
    assert f'href="/actors/{denial.speaker.pk}/">Senior Iranian official</a>' in denied_by
    assert "on condition of anonymity" in denied_by
    assert "Iran has never been involved in any air strikes</blockquote>" in denied_by
    assert f'href="{reverse("article_detail", args=[denial.article.pk])}">Iran denies airstrikes</a>' in denied_by
    assert '<dt>Published by</dt><dd><a href="/sources/common-dreams/">Common Dreams</a>' in denied_by
    assert '<dt>Relayed via</dt><dd><a href="/sources/reuters/">Reuters</a>' in denied_by
    assert "3 Dec 2014" in denied_by


def test_contested_mark_only_when_both_columns_have_entries(as_viewer, jets):
    proposition, _, denial = jets
    assert "badge-contested" in as_viewer.get(f"/propositions/{proposition.pk}/").content.decode()
    Statement.objects.filter(pk=denial.pk).update(review_status=ReviewStatus.REJECTED)
    response = as_viewer.get(f"/propositions/{proposition.pk}/")
    assert response.context["contested"] is False
    assert "badge-contested" not in response.content.decode()
    assert "Nobody, so far." in response.content.decode()


def test_a_pending_suggestion_is_listed_and_marked_as_such_when_pending_ones_are_included(as_viewer, jets):
    proposition, _, _ = jets
    StatementFactory(
        proposition=proposition, stance=Stance.DENIAL, origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING
    )
    html = as_viewer.get(f"/propositions/{proposition.pk}/").content.decode()
    assert "suggested, pending review" not in html
    html = as_viewer.get(f"/propositions/{proposition.pk}/", {"include_pending": "true"}).content.decode()
    assert "suggested, pending review" in html.split('id="denied-by"')[1]


def test_the_matrix_link_narrows_the_page_to_one_speaker(as_viewer, jets):
    proposition, claim, _ = jets
    response = as_viewer.get(f"/propositions/{proposition.pk}/", {"speaker": claim.speaker.pk})
    assert list(response.context["claims"].object_list) == [claim]
    assert list(response.context["denials"].object_list) == []
    assert "Showing only the statements matching the filters" in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_the_page_runs_the_same_queries_for_one_entry_a_side_and_for_fifty(as_viewer, django_assert_num_queries, count):
    proposition = PropositionFactory()
    for stance in (Stance.CLAIM, Stance.DENIAL):
        for _ in range(count):
            StatementFactory(proposition=proposition, stance=stance, via=SourceFactory())
    # session, user with its role, proposition, and a count and a page for each column
    # + 1: the user's projects and roles there (annotator.projects_access), once per request.
    with django_assert_num_queries(8):
        response = as_viewer.get(f"/propositions/{proposition.pk}/")
    assert len(response.context["claims"].object_list) == len(response.context["denials"].object_list) == count


def test_the_page_export_gives_the_statements_the_page_shows(as_viewer, jets):
    proposition, claim, denial = jets
    StatementFactory(
        proposition=proposition, stance=Stance.DENIAL, origin=Origin.SUGGESTED, review_status=ReviewStatus.REJECTED
    )
    StatementFactory(stance=Stance.CLAIM)  # another proposition
    html = as_viewer.get(f"/propositions/{proposition.pk}/").content.decode()
    export_url = (
        reverse("export_statements_csv") + f"?proposition={proposition.pk}&ordering=published_at%2Carticle%2Cstart%2Cid"
    )
    assert f'href="{export_url.replace("&", "&amp;")}"' in html
    rows = exported(as_viewer, export_url)
    assert {int(row["statement_id"]) for row in rows} == {claim.pk, denial.pk}


def test_an_unknown_proposition_is_404(as_viewer):
    assert as_viewer.get("/propositions/999999/").status_code == 404


# ---- merge --------------------------------------------------------------------------------


def test_a_reviewer_sees_the_merge_action_and_a_viewer_does_not(client, viewer, reviewer, jets):
    proposition, _, _ = jets
    client.force_login(viewer)
    assert (
        f"/propositions/{proposition.pk}/merge/" not in client.get(f"/propositions/{proposition.pk}/").content.decode()
    )
    client.force_login(reviewer)
    assert f"/propositions/{proposition.pk}/merge/" in client.get(f"/propositions/{proposition.pk}/").content.decode()


def test_the_merge_page_finds_candidates_but_not_the_proposition_itself(as_reviewer):
    source = PropositionFactory(text="Iran bombed IS in Iraq.")
    target = PropositionFactory(text="Iranian jets bombed IS targets.")
    PropositionFactory(text="Iran bombed nothing, merged.", merged_into=target)
    response = as_reviewer.get(f"/propositions/{source.pk}/merge/", {"q": "bombed"})
    assert response.context["candidates"] == [target]
    partial = as_reviewer.get(f"/propositions/{source.pk}/merge/", {"q": "bombed"}, headers=HTMX)
    assert partial.content.lstrip().startswith(b'<form id="candidates"')


def test_a_reviewer_merges_a_rewording_into_the_proposition_kept(as_reviewer, reviewer):
    target = PropositionFactory(text="Iranian jets struck IS in Iraq.", topics=["Iran"])
    source = PropositionFactory(text="Iran's air force bombed IS in Iraq.", topics=["airstrikes"])
    moved = StatementFactory(proposition=source, stance=Stance.DENIAL)
    response = as_reviewer.post(f"/propositions/{source.pk}/merge/", {"target": target.pk})
    assert response.status_code == 302 and response.url == f"/propositions/{target.pk}/?merged={source.pk}"
    moved.refresh_from_db()
    source.refresh_from_db()
    target.refresh_from_db()
    assert moved.proposition == target
    assert source.merged_into == target
    assert target.topics == ["Iran", "airstrikes"]
    assert source.history.first().history_user == reviewer


def test_merging_without_a_choice_or_into_itself_is_refused(as_reviewer):
    source = PropositionFactory()
    assert as_reviewer.post(f"/propositions/{source.pk}/merge/", {}).context["form"].errors["target"] == [
        "Choose what to merge into."
    ]
    response = as_reviewer.post(f"/propositions/{source.pk}/merge/", {"target": source.pk})
    assert "cannot be merged into" in response.context["form"].errors["target"][0]
    source.refresh_from_db()
    assert source.merged_into is None


def test_an_analyst_may_not_merge(client, analyst):
    source, target = PropositionFactory(), PropositionFactory()
    client.force_login(analyst)
    assert client.get(f"/propositions/{source.pk}/merge/").status_code == 403
    assert client.post(f"/propositions/{source.pk}/merge/", {"target": target.pk}).status_code == 403
    assert Proposition.objects.get(pk=source.pk).merged_into is None
