"""Every change is kept, with who and when; a deleted statement comes back."""

import pytest

from annotator.models import Actor, Stance, Statement
from annotator.services.statements import (
    StatementConflict,
    statement_create,
    statement_delete,
    statement_restore,
    statement_update,
)
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(analyst):
    article = ArticleFactory()
    start = article.body.index("denied accusations")
    return statement_create(
        article=article,
        start=start,
        end=start + len("denied accusations"),
        stance=Stance.CLAIM,
        speaker=ActorFactory(),
        proposition=PropositionFactory(),
        annotator=analyst,
    )


def test_creating_a_statement_records_who_created_it(claim, analyst):
    record = claim.history.get()
    assert record.history_type == "+"
    assert record.history_user == analyst


def test_an_edit_records_who_changed_what(claim, reviewer):
    statement_update(statement=claim, version=claim.version, user=reviewer, stance=Stance.DENIAL, cue="denied")
    latest, previous = claim.history.all()[:2]
    assert latest.history_user == reviewer
    changed = {change.field for change in latest.diff_against(previous).changes}
    assert {"stance", "cue", "version"} <= changed


def test_a_deleted_statement_can_be_restored_as_it_was(claim, analyst, reviewer):
    statement_id, quote = claim.pk, claim.quote
    statement_delete(statement=claim, version=claim.version, user=analyst)
    assert not Statement.objects.filter(pk=statement_id).exists()
    assert Statement.history.filter(id=statement_id, history_type="-").get().history_user == analyst

    restored = statement_restore(statement_id=statement_id, user=reviewer)
    assert (restored.pk, restored.quote, restored.stance) == (statement_id, quote, Stance.CLAIM)
    assert restored.version == claim.version + 2  # the delete claimed one version, the restore another
    assert Statement.history.filter(id=statement_id).first().history_user == reviewer


def test_restoring_a_statement_that_exists_is_refused(claim):
    with pytest.raises(ValueError):
        statement_restore(statement_id=claim.pk)


def test_actor_changes_are_in_the_history():
    actor = ActorFactory(name="John Kirby")
    actor.role = "Pentagon press secretary"
    actor.save()
    assert [record.role for record in Actor.history.filter(id=actor.pk)] == ["Pentagon press secretary", "spokesperson"]


class TestOptimisticLocking:
    def test_the_second_of_two_edits_from_the_same_version_is_refused_and_shown_the_winner(self, claim):
        seen = claim.version
        statement_update(statement=claim, version=seen, cue="said")
        with pytest.raises(StatementConflict) as conflict:
            statement_update(statement=claim, version=seen, cue="claimed")
        assert conflict.value.current.cue == "said"
        assert Statement.objects.get(pk=claim.pk).cue == "said"

    def test_a_failed_edit_does_not_consume_the_version(self, claim):
        with pytest.raises(Exception):  # noqa: B017 - ValidationError: end before start
            statement_update(statement=claim, version=claim.version, end=claim.start)
        assert Statement.objects.get(pk=claim.pk).version == claim.version

    def test_deleting_from_a_stale_version_is_refused(self, claim):
        statement_update(statement=claim, version=claim.version, note="checked")
        with pytest.raises(StatementConflict):
            statement_delete(statement=claim, version=claim.version)
        assert Statement.objects.filter(pk=claim.pk).exists()

    def test_moving_the_offsets_rederives_the_quote(self, claim):
        body = claim.article.body
        start = body.index("Iran has never")
        updated = statement_update(statement=claim, version=claim.version, start=start, end=start + 14)
        assert updated.quote == "Iran has never"
