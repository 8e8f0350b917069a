"""Actors and propositions: created and edited by analysts, merged by reviewers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Actor, Proposition, Stance, Statement
from annotator.services.actors import actor_merge
from annotator.services.propositions import proposition_merge
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_an_analyst_creates_and_renames_an_actor_with_history(client_for, analyst):
    client = client_for(analyst)
    response = client.post(
        "/api/v1/actors/", {"name": " John  Kirby ", "role": "Pentagon spokesperson", "aliases": ["Kirby"]}
    )
    assert response.status_code == 201, response.json()
    actor = Actor.objects.get(pk=response.json()["id"])
    assert actor.name == "John Kirby"
    response = client.patch(
        f"/api/v1/actors/{actor.pk}/",
        {"affiliation": "US Department of Defense", "updated_at": response.json()["updated_at"]},
    )
    assert response.json()["affiliation"] == "US Department of Defense"
    assert [h.history_user for h in actor.history.all()] == [analyst, analyst]


def test_an_actor_without_a_name_is_a_400_naming_it(api):
    response = api.post("/api/v1/actors/", {"name": "", "kind": "robot"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"name", "kind"}


def test_actor_filters_and_counts(api):
    kirby = ActorFactory(name="John Kirby", kind="person")
    ActorFactory(name="Pentagon", kind="government")
    StatementFactory(speaker=kirby, stance=Stance.CLAIM)
    rows = api.get("/api/v1/actors/", {"q": "kirby"}).json()["results"]
    assert [(r["name"], r["claim_count"], r["denial_count"]) for r in rows] == [("John Kirby", 1, 0)]
    assert [r["name"] for r in api.get("/api/v1/actors/", {"kind": "government"}).json()["results"]] == ["Pentagon"]


def test_a_reviewer_merges_a_duplicate_actor_and_its_statements_follow(client_for, reviewer):
    survivor = ActorFactory(name="John Kirby", aliases=["Kirby"])
    duplicate = ActorFactory(name="Rear Admiral John Kirby", aliases=["Adm. Kirby"])
    statements = StatementFactory.create_batch(2, speaker=duplicate)
    response = client_for(reviewer).post(f"/api/v1/actors/{duplicate.pk}/merge/", {"target": survivor.pk})
    assert response.status_code == 200, response.json()
    assert response.json()["aliases"] == ["Kirby", "Rear Admiral John Kirby", "Adm. Kirby"]
    assert response.json()["claim_count"] == 2
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    for statement in statements:
        statement.refresh_from_db()
        assert statement.speaker == survivor
        assert statement.version == 2
        moved = statement.history.first()
        assert (moved.history_user, moved.speaker_id) == (reviewer, survivor.pk)
        assert "merged actor" in moved.history_change_reason
    assert duplicate.history.first().history_user == reviewer


def test_an_analyst_may_not_merge(client_for, analyst):
    a, b = ActorFactory(), ActorFactory()
    assert client_for(analyst).post(f"/api/v1/actors/{a.pk}/merge/", {"target": b.pk}).status_code == 403
    assert Actor.objects.get(pk=a.pk).merged_into is None


@pytest.mark.parametrize("case", ["itself", "missing", "already merged"])
def test_a_merge_that_makes_no_sense_is_a_400(api, case):
    actor, other = ActorFactory(), ActorFactory()
    target = {"itself": actor.pk, "missing": 999_999, "already merged": other.pk}[case]
    if case == "already merged":
        actor_merge(source=ActorFactory(), target=actor)
        actor_merge(source=other, target=ActorFactory())
    response = api.post(f"/api/v1/actors/{actor.pk}/merge/", {"target": target})
    assert response.status_code == 400
    assert "target" in response.json()


def test_a_merge_is_all_or_nothing(monkeypatch):
    survivor, duplicate = ActorFactory(), ActorFactory()
    statement = StatementFactory(speaker=duplicate)

    def fail(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Actor, "save", fail)
    with pytest.raises(RuntimeError):
        actor_merge(source=duplicate, target=survivor)
    statement.refresh_from_db()
    assert statement.speaker == duplicate


def test_a_proposition_lists_who_claims_and_who_denies_it(api):
    proposition = PropositionFactory(text="Iranian jets struck IS targets in Iraq.")
    kirby, official = ActorFactory(name="John Kirby"), ActorFactory(name="Iranian official")
    article = ArticleFactory()
    StatementFactory(article=article, text="indications", speaker=kirby, proposition=proposition)
    StatementFactory(article=article, text="have flown", speaker=kirby, proposition=proposition)
    StatementFactory(
        article=article, text="never been involved", speaker=official, proposition=proposition, stance="denial"
    )
    row = api.get(f"/api/v1/propositions/{proposition.pk}/").json()
    assert row["claimants"] == [{"id": kirby.pk, "name": "John Kirby", "statements": 2}]
    assert row["deniers"] == [{"id": official.pk, "name": "Iranian official", "statements": 1}]
    assert (row["claim_count"], row["denial_count"], row["contested"]) == (2, 1, True)
    assert [r["id"] for r in api.get("/api/v1/propositions/", {"contested": "true"}).json()["results"]] == [
        proposition.pk
    ]


def _proposition_page_queries(api, n):
    for proposition in PropositionFactory.create_batch(n):
        StatementFactory(proposition=proposition)
    api.get("/api/v1/propositions/")
    with CaptureQueriesContext(connection) as queries:
        assert len(api.get("/api/v1/propositions/", {"page_size": 100}).json()["results"]) == n
    return len(queries)


def test_proposition_summaries_cost_the_same_queries_for_one_as_for_many(api):
    one = _proposition_page_queries(api, 1)
    Statement.objects.all().delete()
    Proposition.objects.all().delete()
    assert _proposition_page_queries(api, 30) == one


def test_a_reviewer_merges_a_reworded_proposition(client_for, reviewer):
    survivor = PropositionFactory(text="Iran struck IS in Iraq.", topics=["iran"])
    duplicate = PropositionFactory(text="Iranian jets hit Islamic State in Iraq.", topics=["iraq"])
    statement = StatementFactory(proposition=duplicate)
    response = client_for(reviewer).post(f"/api/v1/propositions/{duplicate.pk}/merge/", {"target": survivor.pk})
    assert response.status_code == 200
    assert response.json()["topics"] == ["iran", "iraq"]
    statement.refresh_from_db()
    assert statement.proposition == survivor
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor


def test_a_merged_proposition_frees_its_text(reviewer):
    survivor, duplicate = PropositionFactory(), PropositionFactory(text="Same words.")
    proposition_merge(source=duplicate, target=survivor, user=reviewer)
    assert PropositionFactory(text="same words.").pk


def test_proposition_text_is_unique_ignoring_case(api):
    PropositionFactory(text="Iran struck IS in Iraq.")
    response = api.post("/api/v1/propositions/", {"text": "iran struck is in iraq."}, format="json")
    assert response.status_code == 400


def test_sources_are_listed_by_name(api, viewer, client_for):
    names = [row["name"] for row in client_for(viewer).get("/api/v1/sources/", {"page_size": 200}).json()["results"]]
    assert names == sorted(names)
    assert "Reuters" in names
