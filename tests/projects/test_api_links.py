"""A statement links only to what its author may see. Through the API (the DRF view and
the fast create alike) and the reader's form, a member of project A who names a speaker,
proposition or statement only project B's statements name is told it does not exist, in
the words used for an id that never existed: B's ids cannot be probed."""

import json

import pytest

from annotator.models import Statement
from tests.factories import ActorFactory, SourceFactory
from tests.statement_posts import DOES_NOT_EXIST, post_statement, signed_in

pytestmark = pytest.mark.django_db


def _new(article, **links) -> dict:
    return {"article": article.pk, "start": 0, "end": 9, "stance": "claim", **links}


@pytest.mark.parametrize("fast", [True, False], ids=["fast create", "DRF create"])
@pytest.mark.parametrize("field", ["speaker", "proposition", "responds_to"])
def test_a_record_only_another_project_names_is_answered_as_one_that_does_not_exist(two_teams, field, fast, settings):
    a, b = two_teams["A"], two_teams["B"]
    hidden = {"speaker": b["actor"], "proposition": b["proposition"], "responds_to": b["statement"]}[field]
    alice = a["member"]
    before = Statement.objects.count()
    refused = post_statement(alice, _new(a["article"], **{field: hidden.pk}), fast=fast, settings=settings)
    missing = post_statement(alice, _new(a["article"], **{field: 10**9}), fast=fast, settings=settings)
    assert refused.status_code == missing.status_code == 400
    assert refused.json() == {field: [DOES_NOT_EXIST.format(hidden.pk)]}
    assert missing.json() == {field: [DOES_NOT_EXIST.format(10**9)]}
    assert Statement.objects.count() == before


@pytest.mark.parametrize("fast", [True, False], ids=["fast create", "DRF create"])
def test_records_of_ones_own_project_and_records_nobody_names_yet_may_be_linked(two_teams, fast, settings):
    a = two_teams["A"]
    alice = a["member"]
    fresh = ActorFactory(name="Nobody quoted yet")
    links = {"speaker": fresh.pk, "proposition": a["proposition"].pk, "responds_to": a["statement"].pk}
    # Outlets are reference data every project shares: any may be named as the relay.
    links["via"] = SourceFactory().pk
    response = post_statement(alice, _new(a["article"], **links), fast=fast, settings=settings)
    assert response.status_code == 201, response.content
    assert response.json()["speaker"] == fresh.pk and response.json()["responds_to"] == a["statement"].pk


def test_an_update_may_not_link_another_projects_speaker_either(two_teams):
    a, b = two_teams["A"], two_teams["B"]
    statement = a["statement"]
    statement.annotator = a["member"]
    statement.save()
    response = signed_in(a["member"]).patch(
        f"/api/v1/statements/{statement.pk}/",
        json.dumps({"version": statement.version, "speaker": b["actor"].pk, "proposition": b["proposition"].pk}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "speaker": [DOES_NOT_EXIST.format(b["actor"].pk)],
        "proposition": [DOES_NOT_EXIST.format(b["proposition"].pk)],
    }
    statement.refresh_from_db()
    assert statement.speaker_id == a["actor"].pk


def test_the_readers_form_refuses_another_projects_speaker_and_proposition(two_teams):
    a, b = two_teams["A"], two_teams["B"]
    article = a["article"]
    form = {
        "start": 0,
        "end": 9,
        "quote": article.body[0:9],
        "stance": "claim",
        "speaker": b["actor"].pk,
        "proposition": b["proposition"].pk,
        "direct": "0",
    }
    before = Statement.objects.count()
    response = signed_in(a["member"]).post(f"/articles/{article.pk}/statements/new", form)
    page = response.content.decode()
    assert response.status_code == 422
    assert "That speaker no longer exists" in page and "That proposition no longer exists" in page
    assert b["word"] not in page
    assert Statement.objects.count() == before
