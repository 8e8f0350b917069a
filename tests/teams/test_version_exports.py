"""Exporting every annotator's version of a doubly annotated article: `versions=all` on
the CSV and JSONL exports and the API list adds the independent versions the requester
may read (all of them for the project's reviewers and managers, their own for an
analyst) to the canonical set; each row says whose it is (`annotator`), whether it is a
version (`independent`) and which version a canonical statement was adjudicated from
(`adjudicated_from_id`). Without the option, the canonical set alone, as before."""

import csv
import io
import json

import pytest

from annotator.services.adjudication import statement_adjudicate
from tests.exports.conftest import read
from tests.factories import ActorFactory, PropositionFactory
from tests.statement_posts import signed_in

from .conftest import mark

pytestmark = pytest.mark.django_db


@pytest.fixture
def adjudicated(team):
    """alice and bob each mark "denied accusations"; rita takes bob's into the canonical set."""
    proposition = PropositionFactory()
    alices = mark(team.article, team.alice, "denied accusations", speaker=ActorFactory(), proposition=proposition)
    bobs = mark(team.article, team.bob, "denied accusations", stance="denial", proposition=proposition)
    canonical = statement_adjudicate(
        chosen=bobs.pk, chosen_version=bobs.version, row=[alices.pk, bobs.pk], reviewer=team.rita
    )
    return alices, bobs, canonical


def _csv(user, query: str = "") -> dict[int, dict]:
    response = signed_in(user).get(f"/export/statements.csv?project=iran-strikes{query}")
    assert response.status_code == 200
    return {int(row["statement_id"]): row for row in csv.DictReader(io.StringIO(read(response).lstrip("\ufeff")))}


def test_by_default_the_export_holds_the_canonical_set_saying_where_each_came_from(team, adjudicated):
    alices, bobs, canonical = adjudicated
    rows = _csv(team.rita)
    assert list(rows) == [canonical.pk]
    row = rows[canonical.pk]
    assert (row["annotator"], row["independent"], row["adjudicated_from_id"]) == ("bob", "false", str(bobs.pk))


def test_a_project_reviewer_exports_every_annotators_version_beside_the_canonical_set(team, adjudicated):
    alices, bobs, canonical = adjudicated
    rows = _csv(team.rita, "&versions=all")
    assert sorted(rows) == sorted([alices.pk, bobs.pk, canonical.pk])
    assert (rows[alices.pk]["annotator"], rows[alices.pk]["independent"]) == ("alice", "true")
    assert (rows[bobs.pk]["annotator"], rows[bobs.pk]["independent"]) == ("bob", "true")
    assert rows[alices.pk]["adjudicated_from_id"] == ""
    assert rows[canonical.pk]["adjudicated_from_id"] == str(bobs.pk)


def test_an_analyst_exports_the_canonical_set_and_only_their_own_version(team, adjudicated):
    alices, bobs, canonical = adjudicated
    assert sorted(_csv(team.alice, "&versions=all")) == sorted([alices.pk, canonical.pk])


def test_a_member_of_another_project_exports_nothing_of_these_versions(team, adjudicated, make_user):
    from annotator.models import Project, ProjectMember, ProjectRole

    other = Project.objects.create(name="Elsewhere", slug="elsewhere")
    outsider = make_user(None, username="olga")
    ProjectMember.objects.create(project=other, user=outsider, role=ProjectRole.REVIEWER)
    response = signed_in(outsider).get("/export/statements.csv?versions=all")
    assert response.status_code == 200
    assert read(response).count("\n") == 1  # the header alone


def test_jsonl_carries_the_same_columns(team, adjudicated):
    alices, bobs, canonical = adjudicated
    response = signed_in(team.rita).get("/export/statements.jsonl?project=iran-strikes&versions=all")
    lines = [json.loads(line) for line in read(response).splitlines()]
    by_id = {line["statement_id"]: line for line in lines}
    assert by_id[alices.pk]["independent"] is True and by_id[alices.pk]["annotator"] == "alice"
    assert by_id[canonical.pk]["adjudicated_from_id"] == bobs.pk


def test_an_unknown_versions_value_is_a_400_naming_the_parameter(team, adjudicated):
    response = signed_in(team.rita).get("/export/statements.csv?versions=some")
    assert response.status_code == 400 and "versions" in response.json()


def test_the_api_list_takes_the_same_option_and_says_the_same(team, adjudicated):
    alices, bobs, canonical = adjudicated
    rita = signed_in(team.rita)
    canonical_only = rita.get("/api/v1/statements/?project=iran-strikes").json()["results"]
    assert [s["id"] for s in canonical_only] == [canonical.pk]
    assert (canonical_only[0]["independent"], canonical_only[0]["adjudicated_from"]) == (False, bobs.pk)
    every = rita.get("/api/v1/statements/?project=iran-strikes&versions=all").json()["results"]
    assert sorted(s["id"] for s in every) == sorted([alices.pk, bobs.pk, canonical.pk])
    assert {s["id"]: s["annotator_name"] for s in every if s["independent"]} == {alices.pk: "alice", bobs.pk: "bob"}
    mine = signed_in(team.alice).get("/api/v1/statements/?project=iran-strikes&versions=all").json()["results"]
    assert sorted(s["id"] for s in mine) == sorted([alices.pk, canonical.pk])


def test_the_agreement_page_offers_the_export_to_those_who_adjudicate(team, adjudicated):
    assert 'id="export-versions"' in signed_in(team.rita).get("/projects/iran-strikes/agreement/").content.decode()
    assert 'id="export-versions"' not in signed_in(team.alice).get("/projects/iran-strikes/agreement/").content.decode()
