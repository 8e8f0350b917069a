"""Merging an actor or a proposition rewrites every statement naming it: a reviewer may
merge only when they read every statement naming either record (or are an admin). A
site reviewer who is no member of project B cannot merge a speaker or proposition that
B's statements name: the merge page says why (403), the API answers 403 with the same
words, and nothing moves."""

import pytest

from annotator.models import Actor, ProjectMember, ProjectRole, Proposition, Statement
from tests.factories import ActorFactory, PropositionFactory, StatementFactory
from tests.statement_posts import signed_in

pytestmark = pytest.mark.django_db

LINK = {"actors": "speaker", "propositions": "proposition"}


@pytest.fixture
def shared(two_teams, make_user):
    """Project A's speaker and proposition are also named by a statement in project B;
    rita reviews site-wide and is a member of project A only."""
    a, b = two_teams["A"], two_teams["B"]
    in_b = StatementFactory(article=b["article"], text="denied", speaker=a["actor"], proposition=a["proposition"])
    rita = make_user("reviewer", username="rita")
    ProjectMember.objects.create(project=a["project"], user=rita, role=ProjectRole.REVIEWER)
    return {"a": a, "b": b, "rita": rita, "in_b": in_b}


def _records(shared, resource):
    a = shared["a"]
    if resource == "actors":
        return a["actor"], ActorFactory(name="Ankara's mayor")
    return a["proposition"], PropositionFactory(text="Jets hit targets near Ankara.")


def _unchanged(shared, resource, record):
    record.refresh_from_db()
    assert record.merged_into_id is None
    in_b = Statement.objects.get(pk=shared["in_b"].pk)
    assert getattr(in_b, f"{LINK[resource]}_id") == record.pk


@pytest.mark.parametrize("resource", ["actors", "propositions"])
def test_a_reviewer_who_cannot_read_every_statement_naming_it_may_not_merge_it(shared, resource):
    record, other = _records(shared, resource)
    response = signed_in(shared["rita"]).post(f"/{resource}/{record.pk}/merge/", {"target": other.pk})
    assert response.status_code == 403
    assert "statements you may not read" in response.content.decode()
    _unchanged(shared, resource, record)


@pytest.mark.parametrize("resource", ["actors", "propositions"])
def test_nor_merge_into_it(shared, resource):
    record, other = _records(shared, resource)
    response = signed_in(shared["rita"]).post(f"/{resource}/{other.pk}/merge/", {"target": record.pk})
    assert response.status_code == 403
    _unchanged(shared, resource, record)
    assert type(other).objects.get(pk=other.pk).merged_into_id is None


@pytest.mark.parametrize("resource", ["actors", "propositions"])
def test_the_api_refuses_the_merge_with_a_403_saying_why(shared, resource):
    record, other = _records(shared, resource)
    response = signed_in(shared["rita"]).post(
        f"/api/v1/{resource}/{record.pk}/merge/", {"target": other.pk}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "statements you may not read" in response.json()["detail"]
    _unchanged(shared, resource, record)


@pytest.mark.parametrize("resource", ["actors", "propositions"])
def test_a_reviewer_of_both_projects_merges_it(shared, resource):
    record, other = _records(shared, resource)
    ProjectMember.objects.create(project=shared["b"]["project"], user=shared["rita"], role=ProjectRole.REVIEWER)
    response = signed_in(shared["rita"]).post(f"/{resource}/{record.pk}/merge/", {"target": other.pk})
    assert response.status_code == 302
    assert type(record).objects.get(pk=record.pk).merged_into_id == other.pk
    moved = Statement.objects.get(pk=shared["in_b"].pk)
    assert getattr(moved, f"{LINK[resource]}_id") == other.pk


def test_an_admin_merges_what_spans_projects(shared, django_user_model):
    record, other = _records(shared, "actors")
    root = django_user_model.objects.get(username="root")  # the superuser two_teams made
    response = signed_in(root).post(f"/actors/{record.pk}/merge/", {"target": other.pk})
    assert response.status_code == 302
    assert Actor.objects.get(pk=record.pk).merged_into_id == other.pk


def test_records_only_the_reviewers_projects_name_merge_as_before(shared):
    a = shared["a"]
    lone, other = PropositionFactory(text="Only A says this."), PropositionFactory(text="A says this too.")
    StatementFactory(article=a["article"], text="denied", proposition=lone)
    response = signed_in(shared["rita"]).post(f"/propositions/{lone.pk}/merge/", {"target": other.pk})
    assert response.status_code == 302
    assert Proposition.objects.get(pk=lone.pk).merged_into_id == other.pk
