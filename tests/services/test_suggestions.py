"""Suggestions as pending statements: generate, accept, correct, reject, accept all."""

import pytest
from django.core.exceptions import ValidationError

from annotator.models import Actor, ActorKind, Origin, ReviewStatus, Statement
from annotator.services.actors import actor_update
from annotator.services.statements import StatementConflict, statement_delete
from annotator.services.suggestions import (
    suggestion_accept,
    suggestion_reject,
    suggestions_accept_all,
    suggestions_generate,
)
from annotator.tasks import enqueue_suggestions
from tests.factories import ActorFactory, ArticleFactory, SourceFactory, StatementFactory

BODY = (
    "Pentagon chief spokesperson Rear Admiral John Kirby said there were indications the Iranians flew missions.\n\n"
    '"Iran has never been involved in any air strikes," a senior Iranian official told Reuters.\n\n'
    '"Nothing has changed about our policy," Kirby told reporters.'
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    SourceFactory(name="Reuters", aliases=["Thomson Reuters"])
    return ArticleFactory(body=BODY)


def suggestions(article):
    return list(Statement.objects.filter(article=article, origin=Origin.SUGGESTED).order_by("start"))


def test_generate_creates_pending_suggestions_with_speaker_cue_and_via(article):
    run = suggestions_generate(article=article)
    assert (run.created, run.skipped_existing, run.skipped_rejected) == (3, 0, 0)
    kirby, official, nothing = suggestions(article)
    assert {s.review_status for s in (kirby, official, nothing)} == {ReviewStatus.PENDING}
    assert (official.stance, official.via.name, official.direct, official.cue) == ("denial", "Reuters", True, "told")
    assert official.speaker_text == "a senior Iranian official"
    assert BODY[official.speaker_start : official.speaker_end] == "a senior Iranian official"
    assert official.quote == BODY[official.start : official.end]
    assert kirby.stance == "claim" and nothing.stance == "denial"


def test_unknown_speaker_is_proposed_in_the_note_not_created(article):
    suggestions_generate(article=article)
    kirby = suggestions(article)[0]
    assert kirby.speaker is None
    assert kirby.note == "Proposed new actor: Rear Admiral John Kirby (Pentagon chief spokesperson) [person]"
    assert not Actor.objects.exists()


def test_known_speaker_is_linked_by_alias(article):
    known = ActorFactory(name="John Kirby", aliases=["Kirby"])
    suggestions_generate(article=article)
    kirby, _, nothing = suggestions(article)
    assert kirby.speaker == known and nothing.speaker == known


def test_rerunning_changes_nothing(article):
    suggestions_generate(article=article)
    before = list(Statement.objects.values_list("id", "version", "review_status"))
    run = suggestions_generate(article=article)
    assert (run.created, run.skipped_existing) == (0, 3)
    assert list(Statement.objects.values_list("id", "version", "review_status")) == before


def test_rerunning_never_resurrects_a_rejected_suggestion_even_once_deleted(article, reviewer):
    suggestions_generate(article=article)
    first = suggestions(article)[0]
    rejected = suggestion_reject(statement=first, version=first.version, user=reviewer)
    assert suggestions_generate(article=article).skipped_rejected == 1
    statement_delete(statement=rejected, version=rejected.version, user=reviewer)
    run = suggestions_generate(article=article)
    assert (run.created, run.skipped_rejected) == (0, 1)
    assert not Statement.objects.filter(start=first.start, end=first.end).exists()


def test_rerunning_never_touches_an_analysts_own_statement(article, analyst):
    quote = '"Nothing has changed about our policy,"'
    manual = StatementFactory(article=article, text=quote, stance="denial", annotator=analyst)
    run = suggestions_generate(article=article)
    assert run.skipped_existing == 1 and run.created == 2
    manual.refresh_from_db()
    assert (manual.origin, manual.review_status, manual.version) == (Origin.MANUAL, ReviewStatus.ACCEPTED, 1)


def test_accept_creates_the_proposed_actor_and_records_the_reviewer(article, reviewer):
    suggestions_generate(article=article)
    kirby = suggestions(article)[0]
    accepted = suggestion_accept(statement=kirby, version=kirby.version, user=reviewer)
    assert accepted.review_status == ReviewStatus.ACCEPTED and accepted.annotator == reviewer
    actor = accepted.speaker
    assert (actor.name, actor.role, actor.kind) == ("Rear Admiral John Kirby", "Pentagon chief spokesperson", "person")
    # The same proposed actor is reused, not duplicated, by the next acceptance.
    nothing = suggestions(article)[2]
    assert suggestion_accept(statement=nothing, version=nothing.version, user=reviewer).speaker == actor


def test_accept_an_anonymous_speaker_creates_an_anonymous_actor(article, reviewer):
    suggestions_generate(article=article)
    official = suggestions(article)[1]
    accepted = suggestion_accept(statement=official, version=official.version, user=reviewer)
    assert (accepted.speaker.name, accepted.speaker.kind) == ("Senior Iranian official", ActorKind.ANONYMOUS)


def test_accept_with_a_corrected_speaker_and_proposition(article, reviewer):
    from tests.factories import PropositionFactory

    suggestions_generate(article=article)
    kirby = suggestions(article)[0]
    other, proposition = ActorFactory(name="Someone Else"), PropositionFactory()
    accepted = suggestion_accept(
        statement=kirby, version=kirby.version, user=reviewer, speaker=other, proposition=proposition
    )
    assert (accepted.speaker, accepted.proposition) == (other, proposition)
    assert not Actor.objects.filter(name="Rear Admiral John Kirby").exists()


def test_accept_with_a_stale_version_conflicts_and_creates_nothing(article, reviewer):
    suggestions_generate(article=article)
    kirby = suggestions(article)[0]
    with pytest.raises(StatementConflict):
        suggestion_accept(statement=kirby, version=kirby.version + 1, user=reviewer)
    assert not Actor.objects.exists()
    kirby.refresh_from_db()
    assert kirby.review_status == ReviewStatus.PENDING


def test_only_pending_suggestions_can_be_accepted_or_rejected(article, reviewer, analyst):
    suggestions_generate(article=article)
    first = suggestions(article)[0]
    rejected = suggestion_reject(statement=first, version=first.version, user=reviewer)
    with pytest.raises(ValidationError, match="already rejected"):
        suggestion_accept(statement=rejected, version=rejected.version, user=reviewer)
    manual = StatementFactory(article=article, text="Pentagon chief spokesperson")
    with pytest.raises(ValidationError, match="made by an analyst"):
        suggestion_reject(statement=manual, version=manual.version, user=reviewer)


def test_reject_keeps_the_suggestion_as_rejected(article, reviewer):
    suggestions_generate(article=article)
    first = suggestions(article)[0]
    rejected = suggestion_reject(statement=first, version=first.version, user=reviewer)
    assert rejected.review_status == ReviewStatus.REJECTED and rejected.speaker is None
    assert rejected.history.first().history_user == reviewer


def test_accept_all_accepts_every_pending_suggestion_of_the_article(article, reviewer):
    suggestions_generate(article=article)
    other = ArticleFactory()
    suggestions_generate(article=other)
    assert suggestions_accept_all(article=article, user=reviewer) == 3
    assert {s.review_status for s in suggestions(article)} == {ReviewStatus.ACCEPTED}
    assert all(s.review_status == ReviewStatus.PENDING for s in suggestions(other))
    assert suggestions_accept_all(article=article, user=reviewer) == 0


def test_accept_all_leaves_suggestions_without_any_speaker_pending(reviewer):
    article = ArticleFactory(body="They said the plan would fail.")
    suggestions_generate(article=article)
    assert suggestions_accept_all(article=article, user=reviewer) == 0
    assert suggestions(article)[0].review_status == ReviewStatus.PENDING


def test_accept_without_any_speaker_is_refused_clearly(reviewer):
    article = ArticleFactory(body="They said the plan would fail.")
    suggestions_generate(article=article)
    (s,) = suggestions(article)
    with pytest.raises(ValidationError, match="Name the speaker"):
        suggestion_accept(statement=s, version=s.version, user=reviewer)


def test_the_task_runs_the_suggester_through_the_task_framework(article):
    result = enqueue_suggestions(article.pk)
    assert result.return_value == {
        "article_id": article.pk,
        "created": 3,
        "skipped_existing": 0,
        "skipped_rejected": 0,
        "dropped": 0,
    }
    assert len(suggestions(article)) == 3


def test_the_task_ignores_a_deleted_article():
    assert enqueue_suggestions(999_999).return_value["created"] == 0


def test_the_known_actors_index_follows_new_and_renamed_actors(article):
    def speaker_of_first_suggestion():
        Statement.objects.filter(article=article).delete()
        suggestions_generate(article=article)
        return suggestions(article)[0].speaker

    assert speaker_of_first_suggestion() is None
    kirby = ActorFactory(name="John Kirby")
    assert speaker_of_first_suggestion() == kirby
    actor_update(actor=kirby, name="Jen Psaki")
    assert speaker_of_first_suggestion() is None
