"""Writes for learning from reviews: keep each decision on a suggestion as a training
example, train the scorer and let it go live only if it does no worse on held-back
reviews, and score pending suggestions with the live scorer.

`review_example_sync` runs inside the write that decides a suggestion (`statement_update`,
which every path takes: the reader, the queue, the bulk batch, the API, an undo), so a
decision and its example commit together or not at all. The features are those of the
suggestion *as the suggester proposed it* (its first history record): an analyst's
correction before the reviewer accepted it is what the example teaches, not an input."""

import re

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from annotator.models import (
    Actor,
    Origin,
    ReviewExample,
    ReviewOutcome,
    ReviewStatus,
    ScorerModel,
    ScorerStatus,
    Statement,
    SuggestionScore,
)
from annotator.suggest.confidence import Candidate, Scorer, evaluate, features
from annotator.suggest.confidence.metrics import gate, is_held_back
from annotator.suggest.confidence.train import Example, NotTrainable, train

_PROPOSED = re.compile(r"^Proposed new actor: (?P<name>.+?)(?: \(.*\))?(?: \[(?P<kind>\w+)\])?$", re.MULTILINE)
_RELAYED = re.compile(r"^Relayed via .+ \(not a known source\)$", re.MULTILINE)


# Features -------------------------------------------------------------------------------


def candidate_of(record, body: str) -> Candidate:
    """A statement (or one of its history records) as the scorer's features see it."""
    proposed = _PROPOSED.search(record.note or "")
    return Candidate(
        text=body,
        start=record.start,
        end=record.end,
        stance=record.stance,
        direct=record.direct,
        cue=record.cue or "",
        cue_start=record.cue_start,
        speaker_text=record.speaker_text or "",
        speaker_start=record.speaker_start,
        speaker_linked=record.speaker_id is not None,
        new_actor=proposed is not None,
        speaker_kind=(proposed.group("kind") or "") if proposed else "",
        via=record.via_id is not None or bool(_RELAYED.search(record.note or "")),
    )


def _speaker_name(record, names: dict[int, str]) -> str:
    """The speaker's name: the linked actor's, else the new actor the note proposes."""
    if record.speaker_id is not None:
        return names.get(record.speaker_id, "")
    proposed = _PROPOSED.search(record.note or "")
    return proposed.group("name").strip() if proposed else ""


# Examples -------------------------------------------------------------------------------

EXAMPLE_FIELDS = [
    *("outcome", "features", "suggested_start", "suggested_end", "suggested_stance", "suggested_speaker"),
    *("final_start", "final_end", "final_stance", "final_speaker", "reviewer", "reviewed_at"),
]


def _as_suggested(statement: Statement):
    """The suggestion as the suggester stored it: its first history record."""
    return statement.history.order_by("history_date", "history_id").first() or statement


def review_example_sync(*, statement: Statement, user=None) -> ReviewExample | None:
    """Keep (or, back to pending, drop) the example of a decided suggestion. Called by
    `statement_update` whenever a suggestion's review status changes."""
    if statement.origin != Origin.SUGGESTED:
        return None
    if statement.review_status == ReviewStatus.PENDING:
        ReviewExample.objects.filter(statement=statement).delete()
        return None
    body = statement.article.body
    suggested = _as_suggested(statement)
    ids = {pk for pk in (suggested.speaker_id, statement.speaker_id) if pk is not None}
    names = dict(Actor.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    example = ReviewExample(
        statement=statement,
        features=features(candidate_of(suggested, body)),
        suggested_start=suggested.start,
        suggested_end=suggested.end,
        suggested_stance=suggested.stance,
        suggested_speaker=_speaker_name(suggested, names)[:300],
        reviewer=user if getattr(user, "pk", None) else None,
    )
    if statement.review_status == ReviewStatus.REJECTED:
        example.outcome = ReviewOutcome.REJECTED
    else:
        example.final_speaker = _speaker_name(statement, names)[:300]
        same = (statement.start, statement.end, statement.stance) == (
            suggested.start,
            suggested.end,
            suggested.stance,
        ) and example.final_speaker.casefold() == example.suggested_speaker.casefold()
        example.outcome = ReviewOutcome.ACCEPTED if same else ReviewOutcome.CORRECTED
        example.final_start, example.final_end, example.final_stance = statement.start, statement.end, statement.stance
    # One upsert: a decision changed outright (accepted, then rejected through the API)
    # replaces its example; an undo has deleted it above.
    ReviewExample.objects.bulk_create(
        [example], update_conflicts=True, unique_fields=["statement"], update_fields=EXAMPLE_FIELDS
    )
    _check_retrain_on_commit()
    return example


def _check_retrain_on_commit() -> None:
    """Once per transaction, however many decisions it holds (a bulk batch of 50 asks once)."""
    connection = transaction.get_connection()
    if any(entry[1] is retrain_if_due for entry in getattr(connection, "run_on_commit", ())):
        return
    transaction.on_commit(retrain_if_due)


def _examples(project=None) -> list[tuple[int, Example]]:
    rows = ReviewExample.objects.filter(project=project).order_by("id")
    return [
        (
            row.pk,
            Example(
                values=row.features,
                accepted=row.outcome == ReviewOutcome.ACCEPTED,
                stance_kept=row.stance_kept,
            ),
        )
        for row in rows.only("id", "features", "outcome", "suggested_stance", "final_stance")
    ]


# The live scorer --------------------------------------------------------------------------


def live_scorer(project=None) -> tuple[ScorerModel, Scorer] | None:
    """The live scorer's row and the scorer it stores (one query; parsing a few hundred
    weights costs less than a cache that must notice a retrain or a restore)."""
    row = ScorerModel.objects.filter(project=project, status=ScorerStatus.LIVE).first()
    return (row, Scorer.from_json(row.coefficients)) if row is not None else None


def suggestion_scores_refresh(statements=None, *, project=None) -> int:
    """Score these suggestions (default: every pending one) with the live scorer, in bulk:
    one read of the statements with their articles' bodies, one upsert. Returns how many
    were scored; with no live scorer, none."""
    live = live_scorer(project)
    queryset = Statement.objects.filter(origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING)
    if statements is not None:
        queryset = queryset.filter(pk__in=[s if isinstance(s, int) else s.pk for s in statements])
    if live is None:
        if statements is None:  # a full refresh with no scorer (after a restore): none is current
            SuggestionScore.objects.all().delete()
        return 0
    row, scorer = live
    rows = queryset.select_related("article").only(
        *("id", "start", "end", "stance", "direct", "cue", "cue_start", "speaker_text", "speaker_start"),
        *("speaker_id", "via_id", "note", "article__body"),
    )
    scores = []
    for statement in rows.iterator(chunk_size=500):
        values = features(candidate_of(statement, statement.article.body))
        doubt = scorer.stance_doubt(values)
        scores.append(
            SuggestionScore(
                statement_id=statement.pk,
                confidence=round(scorer.confidence(values), 4),
                stance_doubt=None if doubt is None else round(doubt, 4),
                scorer=row,
            )
        )
    SuggestionScore.objects.bulk_create(
        scores,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["statement"],
        update_fields=["confidence", "stance_doubt", "scorer"],
    )
    return len(scores)


# Training ---------------------------------------------------------------------------------


@transaction.atomic
def scorer_train(*, project=None, trigger: str = "command", user=None) -> ScorerModel:
    """Train a scorer on the reviews not held back; judge it and the live one on the held-
    back reviews; make it live if it is no worse (then rescore every pending suggestion).
    Returns the new row, live or refused, with the reason."""
    examples = _examples(project)
    training = [example for key, example in examples if not is_held_back(key)]
    held_back = [example for key, example in examples if is_held_back(key)]
    live = live_scorer(project)
    fields = {
        "project": project,
        "trigger": trigger[:40],
        "started_by": user if getattr(user, "pk", None) else None,
        "trained_on": len(training),
        "held_back": len(held_back),
    }
    try:
        candidate = train(training)
    except NotTrainable as error:
        return ScorerModel.objects.create(status=ScorerStatus.REFUSED, reason=str(error)[:300], **fields)
    if live is not None:
        before, replaces = evaluate(live[1], held_back), "the live model"
    else:
        rate = sum(example.accepted for example in training) / len(training)
        before, replaces = evaluate(Scorer.constant(rate), held_back), "the constant acceptance rate"
    after = evaluate(candidate, held_back)
    verdict = gate(before, after, replaces=replaces)
    if verdict.live and live is not None:
        ScorerModel.objects.filter(pk=live[0].pk).update(status=ScorerStatus.REPLACED)
    created = ScorerModel.objects.create(
        status=ScorerStatus.LIVE if verdict.live else ScorerStatus.REFUSED,
        reason=verdict.reason[:300],
        coefficients=candidate.as_json(),
        before=before.as_json(),
        after=after.as_json(),
        replaces=live[0] if live else None,
        **fields,
    )
    if verdict.live:
        suggestion_scores_refresh(project=project)
    return created


def reviews_since_last_training(project=None) -> int:
    last = ScorerModel.objects.filter(project=project).aggregate(at=Max("created_at"))["at"]
    examples = ReviewExample.objects.filter(project=project)
    return (examples.filter(reviewed_at__gt=last) if last else examples).count()


def retrain_if_due(project=None) -> bool:
    """Queue a retrain when ANNOTATOR_RETRAIN_EVERY reviews were made since the last one
    (0 turns automatic retraining off). The task checks again before it trains."""
    every = settings.ANNOTATOR_RETRAIN_EVERY
    if every <= 0 or reviews_since_last_training(project) < every:
        return False
    from annotator.tasks import retrain_suggester

    retrain_suggester.enqueue(project.pk if project else None)
    return True
