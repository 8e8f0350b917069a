"""Actors: the list, everything one actor claimed and denied grouped by proposition, merging duplicates."""

import csv
import io

import pytest
from django.urls import reverse

from annotator.models import Actor, ActorKind, Origin, ReviewStatus, Stance
from tests.factories import ActorFactory, PropositionFactory, StatementFactory

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


def names(response) -> list[str]:
    return [a.name for a in response.context["page_obj"].object_list]


def exported_ids(client, url, column) -> set[int]:
    response = client.get(url)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return {int(row[column]) for row in csv.DictReader(io.StringIO(text))}


# ---- list ---------------------------------------------------------------------------------


def test_the_list_shows_each_actor_with_claim_and_denial_counts(as_viewer):
    kirby = ActorFactory(name="John Kirby", aliases=["Kirby"])
    StatementFactory(speaker=kirby, stance=Stance.CLAIM)
    StatementFactory(speaker=kirby, stance=Stance.DENIAL)
    StatementFactory(speaker=kirby, stance=Stance.DENIAL, text="has never been involved")
    response = as_viewer.get("/actors/")
    row = response.context["page_obj"].object_list[0]
    assert (row.name, row.claim_count, row.denial_count) == ("John Kirby", 1, 2)
    assert "also Kirby" in response.content.decode()


def test_search_matches_aliases_and_kind_filters(as_viewer):
    ActorFactory(name="Rear Admiral John Kirby", aliases=["Pentagon spokesman"])
    ActorFactory(name="Senior Iranian official", kind=ActorKind.ANONYMOUS)
    assert names(as_viewer.get("/actors/", {"q": "pentagon spokesman"})) == ["Rear Admiral John Kirby"]
    assert names(as_viewer.get("/actors/", {"kind": "anonymous"})) == ["Senior Iranian official"]


def test_merged_actors_are_left_out_and_the_export_agrees(as_viewer):
    kept = ActorFactory(name="John Kirby")
    ActorFactory(name="J. Kirby", merged_into=kept)
    response = as_viewer.get("/actors/")
    assert names(response) == ["John Kirby"]
    export_url = reverse("export_actors_csv") + "?merged=false&ordering=name%2Cid"
    assert f'href="{export_url.replace("&", "&amp;")}"' in response.content.decode()
    assert exported_ids(as_viewer, export_url, "actor_id") == {kept.pk}


def test_htmx_filtering_returns_the_results_partial(as_viewer):
    ActorFactory(name="Kirby")
    response = as_viewer.get("/actors/", {"q": "Kirby"}, headers=HTMX)
    assert response.content.lstrip().startswith(b'<section id="results"')


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_runs_the_same_queries_for_one_row_and_for_fifty(as_viewer, django_assert_num_queries, count):
    for _ in range(count):
        StatementFactory()
    # + 1: the user's projects and roles there (annotator.projects_access), once per request.
    with django_assert_num_queries(5):
        response = as_viewer.get("/actors/")
    assert len(names(response)) == count


# ---- detail -------------------------------------------------------------------------------


def test_the_page_groups_what_the_actor_claimed_and_denied_by_proposition(as_viewer):
    kirby = ActorFactory(name="John Kirby", aliases=["Kirby", "Pentagon spokesman"])
    jets = PropositionFactory(text="Iranian jets struck IS in Iraq.")
    coordination = PropositionFactory(text="The US coordinates strikes with Iran.")
    StatementFactory(speaker=kirby, proposition=jets, stance=Stance.CLAIM, text="have flown these missions.")
    StatementFactory(speaker=kirby, proposition=coordination, stance=Stance.DENIAL, text="denied accusations")
    StatementFactory(speaker=kirby, proposition=coordination, stance=Stance.DENIAL, text="air strikes")
    StatementFactory(proposition=jets, stance=Stance.DENIAL)  # someone else
    html = as_viewer.get(f"/actors/{kirby.pk}/").content.decode()
    groups = html.split('<section class="group">')[1:]
    assert [g.split("</a></h3>")[0].rsplit(">", 1)[1] for g in groups] == [jets.text, coordination.text]
    assert groups[0].count("stance-label stance-claim") == 1 and "stance-denial" not in groups[0].split("<ul")[1]
    assert groups[1].count("stance-label stance-denial") == 2
    assert '<span class="tag">Kirby</span><span class="tag">Pentagon spokesman</span>' in html


def test_the_page_says_which_actors_were_merged_into_this_one(as_viewer):
    kept = ActorFactory(name="John Kirby")
    merged = ActorFactory(name="J. Kirby", merged_into=kept)
    html = as_viewer.get(f"/actors/{kept.pk}/").content.decode()
    assert f'<a href="/actors/{merged.pk}/">J. Kirby</a>' in html
    assert "was merged into" in as_viewer.get(f"/actors/{merged.pk}/").content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_the_page_runs_the_same_queries_for_one_statement_and_for_fifty(as_viewer, django_assert_num_queries, count):
    actor = ActorFactory()
    for _ in range(count):
        StatementFactory(speaker=actor)
    # session, user with its role, actor, count, page, actors merged into it, pending suggestions
    # + 1: the user's projects and roles there (annotator.projects_access), once per request.
    with django_assert_num_queries(8):
        response = as_viewer.get(f"/actors/{actor.pk}/")
    assert len(response.context["page_obj"].object_list) == count


def test_the_page_export_gives_the_statements_the_page_shows(as_viewer):
    actor = ActorFactory()
    shown = StatementFactory(speaker=actor)
    StatementFactory(speaker=actor, origin=Origin.SUGGESTED, review_status=ReviewStatus.REJECTED, text="air strikes")
    StatementFactory()
    response = as_viewer.get(f"/actors/{actor.pk}/")
    export_url = (
        reverse("export_statements_csv") + f"?speaker={actor.pk}&ordering=proposition%2Cstance%2Cpublished_at%2Cid"
    )
    assert f'href="{export_url.replace("&", "&amp;")}"' in response.content.decode()
    page_ids = {s.pk for s in response.context["page_obj"].object_list}
    assert exported_ids(as_viewer, export_url, "statement_id") == page_ids == {shown.pk}


# ---- merge --------------------------------------------------------------------------------


def test_a_reviewer_merges_a_duplicate_statements_move_and_aliases_are_kept(as_reviewer, reviewer):
    kept = ActorFactory(name="Rear Admiral John Kirby", aliases=["Kirby"])
    duplicate = ActorFactory(name="John Kirby", aliases=["Pentagon spokesman"])
    moved = StatementFactory(speaker=duplicate)
    candidates = as_reviewer.get(f"/actors/{duplicate.pk}/merge/", {"q": "Kirby"}).context["candidates"]
    assert candidates == [kept]
    response = as_reviewer.post(f"/actors/{duplicate.pk}/merge/?q=Kirby", {"target": kept.pk})
    assert response.status_code == 302 and response.url == f"/actors/{kept.pk}/?merged={duplicate.pk}"
    moved.refresh_from_db()
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert moved.speaker == kept
    assert kept.aliases == ["Kirby", "John Kirby", "Pentagon spokesman"]
    assert duplicate.merged_into == kept
    assert duplicate.history.first().history_user == reviewer
    assert moved.history.first().history_change_reason == f"merged actor {duplicate.pk} into {kept.pk}"


def test_merging_into_an_actor_that_was_itself_merged_is_refused(as_reviewer):
    final = ActorFactory()
    gone = ActorFactory(merged_into=final)
    source = ActorFactory()
    response = as_reviewer.post(f"/actors/{source.pk}/merge/", {"target": gone.pk})
    assert response.status_code == 200
    assert "cannot be merged into" in response.context["form"].errors["target"][0]
    assert Actor.objects.get(pk=source.pk).merged_into is None


def test_an_analyst_may_not_merge_actors(client, analyst):
    source, target = ActorFactory(), ActorFactory()
    client.force_login(analyst)
    assert client.post(f"/actors/{source.pk}/merge/", {"target": target.pk}).status_code == 403
    assert Actor.objects.get(pk=source.pk).merged_into is None


# ---- the statements' order, read as two lists ------------------------------------------------


def test_statements_are_grouped_by_proposition_text_then_those_without_one_whatever_the_slice(reviewer):
    """The page reads statements with a proposition and those without one apart (so the
    first can walk propositions in text order); every slice a page can take must be the
    slice of the one list sorted by proposition text, stance, date, id, NULLs last."""
    from django.db.models import F

    from annotator.models import Statement
    from annotator.selectors.actor_statements import actor_statements

    actor = ActorFactory()
    later, earlier = PropositionFactory(text="Zeta happened"), PropositionFactory(text="Alpha happened")
    for proposition, stance in [
        (later, Stance.CLAIM),
        (earlier, Stance.DENIAL),
        (earlier, Stance.CLAIM),
        (None, Stance.DENIAL),
        (None, Stance.CLAIM),
    ]:
        StatementFactory(speaker=actor, proposition=proposition, stance=stance)
    StatementFactory(speaker=actor, origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING, proposition=None)
    # The one list, NULLs last on both databases (SQLite sorts them first unless told).
    one_list = list(
        Statement.objects.accepted()
        .filter(speaker=actor)
        .order_by(
            F("proposition__text").asc(nulls_last=True), "proposition_id", "stance", "article__published_at", "id"
        )
    )
    rows = actor_statements(user=reviewer, actor=actor)
    assert rows.count() == len(one_list) == 5
    assert [s.proposition_id for s in rows[0:5]] == [earlier.pk, earlier.pk, later.pk, None, None]
    for start in range(6):
        for stop in range(start, 7):
            assert [s.pk for s in rows[start:stop]] == [s.pk for s in one_list[start:stop]], (start, stop)
    assert actor_statements(user=reviewer, actor=actor, include_pending=True).count() == 6
