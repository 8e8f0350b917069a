"""The undo of a merge is offered right after the merge, on the page the merge lands on
(the record kept), not only on the merged record's history page."""

import pytest

from annotator.models import Actor, Proposition, Statement
from tests.factories import ActorFactory, PropositionFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


def test_the_page_an_actor_merge_lands_on_offers_its_undo(as_reviewer):
    kept = ActorFactory(name="Rear Admiral John Kirby")
    duplicate = ActorFactory(name="John Kirby")
    moved = StatementFactory(speaker=duplicate)

    landed = as_reviewer.post(f"/actors/{duplicate.pk}/merge/", {"target": kept.pk}, follow=True)

    html = landed.content.decode()
    assert landed.redirect_chain[-1][0] == f"/actors/{kept.pk}/?merged={duplicate.pk}"
    assert f'action="/actors/{duplicate.pk}/unmerge/"' in html and "Undo the merge" in html
    undone = as_reviewer.post(f"/actors/{duplicate.pk}/unmerge/", follow=True)
    assert undone.redirect_chain[-1][0] == f"/actors/{duplicate.pk}/"
    assert Actor.objects.get(pk=duplicate.pk).merged_into is None
    assert Statement.objects.get(pk=moved.pk).speaker_id == duplicate.pk
    # Once undone, the old address offers nothing to undo.
    assert "Undo the merge" not in as_reviewer.get(f"/actors/{kept.pk}/", {"merged": duplicate.pk}).content.decode()


def test_the_page_a_proposition_merge_lands_on_offers_its_undo(as_reviewer):
    kept = PropositionFactory(text="Iranian jets struck IS in Iraq.")
    rewording = PropositionFactory(text="Iran's air force bombed IS in Iraq.")
    StatementFactory(proposition=rewording)

    landed = as_reviewer.post(f"/propositions/{rewording.pk}/merge/", {"target": kept.pk}, follow=True)

    html = landed.content.decode()
    assert f'action="/propositions/{rewording.pk}/unmerge/"' in html and "Undo the merge" in html
    assert "Showing only the statements matching the filters" not in html
    as_reviewer.post(f"/propositions/{rewording.pk}/unmerge/")
    assert Proposition.objects.get(pk=rewording.pk).merged_into is None


def test_only_a_reviewer_is_offered_the_undo(client, viewer):
    kept = ActorFactory()
    merged = ActorFactory(merged_into=kept)
    client.force_login(viewer)
    assert "Undo the merge" not in client.get(f"/actors/{kept.pk}/", {"merged": merged.pk}).content.decode()
