"""Adjudication: a reviewer takes one annotator's version of an aligned statement into the
canonical set.

The canonical statement is a copy of the chosen version (`adjudicated_from` points at
it; its annotator stays the annotator's), saved with the reviewer as the history's
author and "adjudicated by <reviewer> from <annotator>'s version" as the reason. A row
is decided once: the versions of the row are locked while the decision is checked, and a
decision made by someone else since the page was loaded is a conflict, not overwritten.
Changing one's mind names the canonical statement (and its version) being replaced."""

from django.db import transaction

from annotator.models import Origin, ReviewStatus, Statement

from .statements import StatementConflict, _claim_version, _validate

COPIED = (
    "start",
    "end",
    "quote",
    "speaker_id",
    "speaker_text",
    "speaker_start",
    "speaker_end",
    "stance",
    "proposition_id",
    "via_id",
    "cue",
    "cue_start",
    "cue_end",
    "direct",
    "note",
)
REASON_LENGTH = 100  # the history's change-reason column


class AdjudicationConflict(Exception):
    """The row was decided, or the chosen version changed, since the reviewer loaded it."""

    def __init__(self, message: str, current: Statement | None = None):
        self.current = current
        super().__init__(message)


def adjudication_reason(reviewer, annotator) -> str:
    name = annotator.get_username() if annotator is not None else "an unknown annotator"
    return f"adjudicated by {reviewer.get_username()} from {name}'s version"[:REASON_LENGTH]


def _decided_by(canonical: Statement) -> str:
    record = canonical.history.filter(history_change_reason__startswith="adjudicated by").order_by("-history_id")
    record = record.select_related("history_user").first()
    return record.history_user.get_username() if record and record.history_user else "someone"


def _responds_to(chosen: Statement):
    """The canonical statement the chosen version's answer points at: the target itself
    when canonical, the canonical taken from it when it is a version, else none."""
    target = chosen.responds_to
    if target is None or not target.independent:
        return target
    return Statement.objects.filter(adjudicated_from=target, independent=False).first()


@transaction.atomic
def statement_adjudicate(
    *,
    chosen: int,
    chosen_version: int,
    row: list[int],
    reviewer,
    replaces: int | None = None,
    replaces_version: int | None = None,
) -> Statement:
    """Take version `chosen` (as read at `chosen_version`) of the row `row` (the ids of its
    versions, as the page showed them) into the canonical set; `replaces` is the canonical
    statement the page showed for the row, if any."""
    if chosen not in row:
        raise ValueError("The chosen version is not one of the row's.")
    # Locked in id order, so two reviewers deciding the same row queue instead of both writing.
    versions = {
        s.pk: s
        for s in Statement.objects.select_for_update(of=("self",))
        .filter(pk__in=row, independent=True)
        .select_related("article", "annotator", "responds_to")
        .order_by("pk")
    }
    picked = versions.get(chosen)
    if picked is None:
        raise AdjudicationConflict("This version was deleted since you loaded the page; reload to see the row now.")
    if picked.version != chosen_version:
        raise AdjudicationConflict(
            f"{_name(picked)}'s version was changed since you loaded the page; reload to compare it again.", picked
        )
    existing = (
        Statement.objects.filter(adjudicated_from_id__in=list(versions), independent=False)
        .select_related("adjudicated_from__annotator")
        .first()
    )
    if existing is not None and existing.pk != replaces:
        raise AdjudicationConflict(
            f"Already adjudicated by {_decided_by(existing)} from {_name(existing.adjudicated_from)}'s version "
            "while you were looking; nothing was changed.",
            existing,
        )
    if existing is None and replaces is not None:
        raise AdjudicationConflict("The decision you were changing was deleted meanwhile; reload to decide again.")
    reason = adjudication_reason(reviewer, picked.annotator)
    if existing is not None:
        if existing.adjudicated_from_id == picked.pk:
            return existing  # the same decision again: nothing to write
        try:
            _claim_version(existing.pk, replaces_version or 0)
        except StatementConflict as conflict:
            raise AdjudicationConflict(
                "The canonical statement was edited since you loaded the page; nothing was changed.", conflict.current
            ) from None
        canonical = Statement.objects.select_related("article").get(pk=existing.pk)
    else:
        canonical = Statement(article=picked.article, independent=False)
    for name in COPIED:
        setattr(canonical, name, getattr(picked, name))
    canonical.responds_to = _responds_to(picked)
    canonical.adjudicated_from = picked
    canonical.annotator = picked.annotator
    canonical.origin = Origin.MANUAL
    canonical.review_status = ReviewStatus.ACCEPTED
    _validate(canonical)
    canonical._history_user = reviewer
    canonical._change_reason = reason
    canonical.save()
    return canonical


def _name(statement: Statement | None) -> str:
    if statement is None or statement.annotator is None:
        return "an unknown annotator"
    return statement.annotator.get_username()
