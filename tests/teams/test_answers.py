"""On a doubly annotated article each analyst answers only their own statements
(responds_to): the reader's form offers only those, and the API (the DRF view and the
fast create alike) refuses another annotator's version as an id that does not exist,
and the article's canonical statements with a message naming the field. A canonical
statement answers only canonical ones."""

import pytest

from annotator.api.views.statements import StatementViewSet
from annotator.models import Statement
from tests.api.test_fast_paths import drf_not_called
from tests.factories import ActorFactory, PropositionFactory
from tests.statement_posts import DOES_NOT_EXIST, post_statement, signed_in

from .conftest import mark

pytestmark = pytest.mark.django_db


def _new(article, **links) -> dict:
    return {"article": article.pk, "start": 0, "end": 9, "stance": "denial", "speaker": ActorFactory().pk, **links}


@pytest.mark.parametrize("fast", [True, False], ids=["fast create", "DRF create"])
def test_an_analyst_may_not_answer_another_annotators_version(team, fast, settings):
    bobs = mark(team.article, team.bob, team.article.body[:12])
    alices = mark(team.article, team.alice, team.article.body[:12])
    refused = post_statement(team.alice, _new(team.article, responds_to=bobs.pk), fast=fast, settings=settings)
    assert refused.status_code == 400
    # Bob's version is not alice's to see: answered as an id that does not exist.
    assert refused.json() == {"responds_to": [DOES_NOT_EXIST.format(bobs.pk)]}
    answered = post_statement(team.alice, _new(team.article, responds_to=alices.pk), fast=fast, settings=settings)
    assert answered.status_code == 201, answered.content
    assert Statement.objects.get(pk=answered.json()["id"]).independent


@pytest.mark.parametrize("fast", [True, False], ids=["fast create", "DRF create"])
def test_an_independent_version_may_not_answer_the_canonical_set_of_its_article(team, make_user, fast, settings):
    canonical = mark(team.article, team.rita, team.article.body[:12])  # rita adjudicates: canonical
    assert not canonical.independent
    response = post_statement(team.alice, _new(team.article, responds_to=canonical.pk), fast=fast, settings=settings)
    assert response.status_code == 400
    assert list(response.json()) == ["responds_to"]
    assert "own statements" in response.json()["responds_to"][0]


def test_a_reviewers_canonical_statement_may_not_answer_an_unadjudicated_version(team, settings):
    alices = mark(team.article, team.alice, team.article.body[:12])
    response = post_statement(team.rita, _new(team.article, responds_to=alices.pk), fast=True, settings=settings)
    assert response.status_code == 400
    assert "adjudicate it first" in response.json()["responds_to"][0]


def test_the_fast_create_answers_ones_own_version_itself(team, settings):
    alices = mark(team.article, team.alice, team.article.body[:12])
    with drf_not_called(StatementViewSet, "create"):
        answered = post_statement(team.alice, _new(team.article, responds_to=alices.pk), fast=True, settings=settings)
    assert answered.status_code == 201


def test_the_form_offers_an_analyst_only_their_own_statements_to_answer(team):
    alices = mark(team.article, team.alice, team.article.body[:12])
    bobs = mark(team.article, team.bob, team.article.body[:15])
    canonical = mark(team.article, team.rita, team.article.body[:20])
    alice = signed_in(team.alice)
    page = alice.get(f"/articles/{team.article.pk}/statements/new?start=0&end=5").content.decode()
    choices = page[page.index('name="responds_to"') :]
    choices = choices[: choices.index("</select>")]
    assert f'value="{alices.pk}"' in choices
    assert f'value="{bobs.pk}"' not in choices and f'value="{canonical.pk}"' not in choices
    # Posting another annotator's version anyway is refused, and nothing is saved.
    before = Statement.objects.count()
    form = {
        "start": 0,
        "end": 9,
        "quote": team.article.body[0:9],
        "stance": "denial",
        "speaker": ActorFactory().pk,
        "proposition": PropositionFactory().pk,
        "direct": "0",
        "responds_to": bobs.pk,
    }
    response = alice.post(f"/articles/{team.article.pk}/statements/new", form)
    assert response.status_code == 422 and Statement.objects.count() == before
