"""Undoing a merge moves statements back, so it asks what the merge asked: the undo is for
someone allowed to merge, who reads every statement naming either record. A member of
project A cannot find project B's merged duplicates (page, history, API: "not found"), let
alone undo their merge; where the records are shared with B, the page and the API refuse
with a 403 saying why, and nothing moves."""

import pytest

from annotator.models import Actor, ProjectMember, ProjectRole, Proposition, Statement
from annotator.services.actors import actor_merge
from annotator.services.propositions import proposition_merge
from tests.factories import ActorFactory, PropositionFactory, StatementFactory
from tests.statement_posts import signed_in

pytestmark = pytest.mark.django_db

LINK = {"actors": "speaker", "propositions": "proposition"}


def _merged_pair(team, resource, admin):
    """A duplicate named by a statement of `team`'s article, merged by an admin into the
    team's own record. Returns (duplicate, kept, the duplicate's statement)."""
    if resource == "actors":
        duplicate, kept = ActorFactory(name=f"The mayor, {team['word']}"), team["actor"]
        said = StatementFactory(article=team["article"], text="denied", speaker=duplicate)
        actor_merge(source=duplicate, target=kept, user=admin)
    else:
        duplicate, kept = PropositionFactory(text=f"Jets hit {team['word']}."), team["proposition"]
        said = StatementFactory(article=team["article"], text="denied", proposition=duplicate)
        proposition_merge(source=duplicate, target=kept, user=admin)
    return type(duplicate).objects.get(pk=duplicate.pk), kept, said


def _still_merged(duplicate, kept, said, resource):
    assert type(duplicate).objects.get(pk=duplicate.pk).merged_into_id == kept.pk
    assert getattr(Statement.objects.get(pk=said.pk), f"{LINK[resource]}_id") == kept.pk


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.get(username="root")  # the superuser two_teams made


@pytest.fixture
def rita(two_teams, make_user):
    """Reviews site-wide (so the unmerge door opens) and is a reviewer of project A only."""
    rita = make_user("reviewer", username="rita")
    ProjectMember.objects.create(project=two_teams["A"]["project"], user=rita, role=ProjectRole.REVIEWER)
    return rita


@pytest.mark.parametrize("resource", ["actors", "propositions"])
def test_project_bs_merged_duplicate_is_not_found_by_a_reviewer_of_project_a(two_teams, rita, root, resource):
    duplicate, kept, said = _merged_pair(two_teams["B"], resource, root)
    client = signed_in(rita)
    assert client.post(f"/{resource}/{duplicate.pk}/unmerge/").status_code == 404
    api = client.post(f"/api/v1/{resource}/{duplicate.pk}/unmerge/", content_type="application/json")
    assert api.status_code == 404
    # Nor read: its page and history would name B's record it was merged into.
    assert client.get(f"/{resource}/{duplicate.pk}/").status_code == 404
    assert client.get(f"/{resource}/{duplicate.pk}/history/").status_code == 404
    _still_merged(duplicate, kept, said, resource)


@pytest.mark.parametrize("resource", ["actors", "propositions"])
def test_a_merge_whose_record_project_b_also_names_is_refused_with_a_403_saying_why(two_teams, rita, root, resource):
    a, b = two_teams["A"], two_teams["B"]
    duplicate, kept, said = _merged_pair(a, resource, root)
    StatementFactory(article=b["article"], text="denied", **{LINK[resource]: kept})
    client = signed_in(rita)
    page = client.post(f"/{resource}/{duplicate.pk}/unmerge/")
    assert page.status_code == 403
    assert "statements you may not read" in page.content.decode()
    api = client.post(f"/api/v1/{resource}/{duplicate.pk}/unmerge/", content_type="application/json")
    assert api.status_code == 403
    assert "The merge was not undone: statements you may not read" in api.json()["detail"]
    _still_merged(duplicate, kept, said, resource)


@pytest.mark.parametrize("resource", ["actors", "propositions"])
def test_a_reviewer_of_both_projects_undoes_it_by_page_and_by_api(two_teams, rita, root, resource):
    a, b = two_teams["A"], two_teams["B"]
    ProjectMember.objects.create(project=b["project"], user=rita, role=ProjectRole.REVIEWER)
    StatementFactory(article=b["article"], text="denied", **{LINK[resource]: a[resource[:-1]]})
    duplicate, kept, said = _merged_pair(a, resource, root)
    assert signed_in(rita).post(f"/{resource}/{duplicate.pk}/unmerge/").status_code == 302
    assert type(duplicate).objects.get(pk=duplicate.pk).merged_into_id is None
    assert getattr(Statement.objects.get(pk=said.pk), f"{LINK[resource]}_id") == duplicate.pk

    model = type(duplicate)
    merge = actor_merge if model is Actor else proposition_merge
    merge(source=duplicate, target=kept, user=root)
    api = signed_in(rita).post(f"/api/v1/{resource}/{duplicate.pk}/unmerge/", content_type="application/json")
    assert api.status_code == 200
    assert api.json()["merged_into"] is None
    assert getattr(Statement.objects.get(pk=said.pk), f"{LINK[resource]}_id") == duplicate.pk


@pytest.mark.parametrize("resource", ["actors", "propositions"])
def test_an_analyst_of_the_project_may_not_undo_a_merge(two_teams, root, resource):
    a = two_teams["A"]
    duplicate, kept, said = _merged_pair(a, resource, root)
    alice = signed_in(a["member"])  # analyst of project A: she reads both records, yet may not merge
    assert alice.post(f"/{resource}/{duplicate.pk}/unmerge/").status_code == 403
    api = alice.post(f"/api/v1/{resource}/{duplicate.pk}/unmerge/", content_type="application/json")
    assert api.status_code == 403
    _still_merged(duplicate, kept, said, resource)


def test_asking_the_api_to_undo_a_merge_that_never_happened_is_a_400(two_teams, rita):
    actor = two_teams["A"]["actor"]
    response = signed_in(rita).post(f"/api/v1/actors/{actor.pk}/unmerge/", content_type="application/json")
    assert response.status_code == 400
    assert "not merged" in response.json()["merged_into"][0]
    assert Actor.objects.get(pk=actor.pk).merged_into_id is None
    assert Proposition.objects.filter(merged_into__isnull=False).count() == 0
