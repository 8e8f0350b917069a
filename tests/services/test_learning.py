"""Learning from reviews, through the services: every decision on a suggestion is kept as a
training example in the decision's own transaction; training goes live only past the
gate; a live scorer scores pending suggestions; a retrain is queued every N reviews."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from annotator.models import (
    Origin,
    ReviewExample,
    ReviewOutcome,
    ReviewStatus,
    ScorerModel,
    ScorerStatus,
    Stance,
    SuggestionScore,
)
from annotator.services.annotation import Annotation, annotation_update
from annotator.services.backup import backed_up_models
from annotator.services.learning import scorer_train, suggestion_scores_refresh
from annotator.services.review_bulk import review_undo, suggestions_decide
from annotator.services.suggestions import suggestion_accept, suggestion_reject, suggestions_generate
from annotator.services.tokens import token_create
from annotator.suggest.confidence import Scorer
from annotator.suggest.confidence.metrics import is_held_back
from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db


def suggestion(text="denied accusations", **extra):
    fields = {"origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING, "annotator": None, **extra}
    return StatementFactory(text=text, **fields)


def test_accepting_a_suggestion_as_it_is_keeps_an_accepted_example_with_its_features(reviewer):
    pending = suggestion(cue="denied")
    suggestion_accept(statement=pending, version=pending.version, user=reviewer)
    example = ReviewExample.objects.get(statement=pending)
    assert example.outcome == ReviewOutcome.ACCEPTED and example.reviewer == reviewer
    assert example.features["cue=denied"] == 1.0 and example.features["stance=claim"] == 1.0
    assert (example.suggested_start, example.suggested_stance) == (pending.start, "claim")
    assert example.final_speaker == example.suggested_speaker == pending.speaker.name


def test_rejecting_keeps_a_rejected_example_with_no_final_statement(reviewer):
    pending = suggestion()
    suggestion_reject(statement=pending, version=pending.version, user=reviewer)
    example = ReviewExample.objects.get(statement=pending)
    assert example.outcome == ReviewOutcome.REJECTED
    assert (example.final_start, example.final_stance, example.stance_kept) == (None, "", None)


def test_a_correction_keeps_what_was_suggested_beside_what_was_accepted(reviewer):
    pending = suggestion(text="denied accusations", stance=Stance.CLAIM)
    body = pending.article.body
    start = body.index("denied accusations that its military")
    other = ActorFactory(name="Ali Shamkhani")
    corrected = Annotation(
        start=start,
        end=start + len("denied accusations that its military"),
        quote="denied accusations that its military",
        stance=Stance.DENIAL,
        speaker=other,
        proposition=pending.proposition,
    )
    annotation_update(statement=pending, version=pending.version, annotation=corrected, user=reviewer, accept=True)
    example = ReviewExample.objects.get(statement=pending)
    assert example.outcome == ReviewOutcome.CORRECTED and example.stance_kept is False
    assert (example.suggested_end - example.suggested_start, example.suggested_stance) == (18, "claim")
    assert (example.final_end - example.final_start, example.final_stance) == (36, "denial")
    assert example.final_speaker == "Ali Shamkhani" != example.suggested_speaker
    # The features are the suggestion's as proposed, not the correction's.
    assert example.features["stance=claim"] == 1.0 and "stance=denial" not in example.features


def test_a_bulk_decision_keeps_one_example_each_and_an_undo_takes_them_back(reviewer):
    first, second = suggestion(), suggestion(text="has never been involved")
    result = suggestions_decide(picks=[(first.pk, 1), (second.pk, 1)], accept=False, user=reviewer)
    assert ReviewExample.objects.filter(outcome=ReviewOutcome.REJECTED).count() == 2
    review_undo(picks=result.done, user=reviewer)
    assert not ReviewExample.objects.exists()


def test_deciding_through_the_api_keeps_an_example_too(reviewer):
    pending = suggestion()
    _, key = token_create(user=reviewer, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.patch(
        f"/api/v1/statements/{pending.pk}/", {"version": pending.version, "review_status": "rejected"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert ReviewExample.objects.get(statement=pending).outcome == ReviewOutcome.REJECTED


def test_a_failed_decision_keeps_no_example(reviewer):
    pending = suggestion(speaker=None, note="")  # no speaker and none proposed: cannot be accepted
    with pytest.raises(Exception, match="Name the speaker"):
        suggestion_accept(statement=pending, version=pending.version, user=reviewer)
    assert not ReviewExample.objects.exists()


def _reviewed(reviewer, count=30):
    """Denials (cue "denied") accepted, claims without a cue rejected: easy to learn."""
    article = ArticleFactory(body="Sentence. " * 200)
    for number in range(count):
        denial = number % 2 == 0
        text_start = number * 10
        pending = StatementFactory(
            article=article,
            start=text_start,
            end=text_start + 9,
            quote=article.body[text_start : text_start + 9],
            stance=Stance.DENIAL if denial else Stance.CLAIM,
            cue="denied" if denial else "",
            origin=Origin.SUGGESTED,
            review_status=ReviewStatus.PENDING,
            annotator=None,
        )
        decide = suggestion_accept if denial else suggestion_reject
        decide(statement=pending, version=pending.version, user=reviewer)
    return article


def test_too_few_reviews_are_refused_with_the_reason(reviewer):
    _reviewed(reviewer, count=4)
    row = scorer_train()
    assert row.status == ScorerStatus.REFUSED and "at least" in row.reason


def test_a_first_scorer_goes_live_when_it_beats_the_constant_rate_and_scores_pending_suggestions(reviewer):
    article = _reviewed(reviewer)
    denial = StatementFactory(
        article=article, start=400, end=409, quote=article.body[400:409], stance=Stance.DENIAL, cue="denied",
        origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING, annotator=None,
    )  # fmt: skip
    claim = StatementFactory(
        article=article, start=410, end=419, quote=article.body[410:419], stance=Stance.CLAIM,
        origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING, annotator=None,
    )  # fmt: skip
    row = scorer_train(user=reviewer)
    assert row.status == ScorerStatus.LIVE, row.reason
    assert row.trained_on + row.held_back == 30 and row.held_back > 0
    assert row.after["brier"] <= row.before["brier"]
    assert (
        SuggestionScore.objects.get(statement=denial).confidence
        > SuggestionScore.objects.get(statement=claim).confidence
    )


def test_a_retrain_that_does_worse_on_held_back_reviews_is_refused_and_the_live_one_stays(reviewer):
    _reviewed(reviewer)
    # A hand-made live scorer that is right about every review, with certainty.
    perfect = Scorer.from_json(
        {"format": 1, "heads": {"accept": {"intercept": -12.0, "weights": {"stance=denial": 24.0}}, "stance": None}}
    )
    live = ScorerModel.objects.create(
        status=ScorerStatus.LIVE, reason="by hand", coefficients=perfect.as_json(), trigger="test"
    )
    row = scorer_train()
    assert row.status == ScorerStatus.REFUSED and "worse" in row.reason
    assert row.replaces == live
    assert ScorerModel.objects.get(status=ScorerStatus.LIVE) == live


def test_retraining_as_well_as_the_live_one_replaces_it(reviewer):
    _reviewed(reviewer)
    first = scorer_train()
    second = scorer_train()
    assert first.status == ScorerStatus.LIVE and second.status == ScorerStatus.LIVE
    first.refresh_from_db()
    assert first.status == ScorerStatus.REPLACED and second.replaces == first


def test_the_held_back_reviews_are_never_trained_on(reviewer):
    _reviewed(reviewer)
    row = scorer_train()
    held = [pk for pk in ReviewExample.objects.values_list("pk", flat=True) if is_held_back(pk)]
    assert row.held_back == len(held) and row.trained_on == 30 - len(held)


@pytest.mark.django_db(transaction=True)
def test_every_n_reviews_queue_a_retrain(reviewer, settings):
    # Real commits: the check runs on commit of each decision, as in production.
    settings.ANNOTATOR_RETRAIN_EVERY = 12
    _reviewed(reviewer, count=11)
    assert not ScorerModel.objects.exists()
    pending = suggestion(stance=Stance.DENIAL, cue="denied")
    suggestion_accept(statement=pending, version=pending.version, user=reviewer)
    row = ScorerModel.objects.get()
    assert row.trigger == "every 12 reviews" and row.trained_on + row.held_back == 12


def test_new_suggestions_are_scored_when_stored_once_a_scorer_is_live(reviewer):
    _reviewed(reviewer)
    assert scorer_train().status == ScorerStatus.LIVE
    article = ArticleFactory()
    run = suggestions_generate(article=article)
    assert run.created > 0
    assert SuggestionScore.objects.filter(statement__article=article).count() == run.created


def test_with_no_live_scorer_nothing_is_scored():
    suggestion()
    assert suggestion_scores_refresh() == 0 and not SuggestionScore.objects.exists()


def test_the_command_prints_before_and_after_on_held_back_reviews(reviewer, capsys):
    _reviewed(reviewer)
    call_command("train_suggester")
    out = capsys.readouterr().out
    assert "live" in out and "before" in out and "after" in out and "Brier" in out and "average precision" in out


def test_scorers_and_examples_are_in_the_backup():
    labels = {model._meta.label for model in backed_up_models()}
    assert {"annotator.ScorerModel", "annotator.ReviewExample", "annotator.SuggestionScore"} <= labels


def test_a_bulk_batch_asks_for_a_retrain_once(reviewer, django_capture_on_commit_callbacks):
    picks = [(suggestion(text=text).pk, 1) for text in ("denied accusations", "has never been involved", "there were")]
    with django_capture_on_commit_callbacks() as callbacks:
        suggestions_decide(picks=picks, accept=False, user=reviewer)
    assert ReviewExample.objects.count() == 3
    assert sum(callback.__name__ == "retrain_if_due" for callback in callbacks) == 1


def test_an_installation_has_one_live_scorer_at_most():
    ScorerModel.objects.create(status=ScorerStatus.LIVE, reason="first", trigger="test")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScorerModel.objects.create(status=ScorerStatus.LIVE, reason="second", trigger="test")
    ScorerModel.objects.create(status=ScorerStatus.REFUSED, reason="refused ones are many", trigger="test")
