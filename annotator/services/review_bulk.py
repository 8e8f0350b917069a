"""Deciding many suggestions at once, and taking a decision back.

A batch names each suggestion with the version the reviewer saw ("pick" = (id, version)):
one changed meanwhile is refused, never decided blind. Each decision goes through the
single-suggestion services (`suggestion_accept` / `suggestion_reject`) in its own savepoint,
so one refusal does not undo the others. The result names the versions the decisions
produced; handing them back to `review_undo` returns exactly those suggestions to pending,
as one undo for the whole batch."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from annotator.models import Actor, Origin, ReviewStatus, Statement
from annotator.services.statements import StatementConflict, statement_update
from annotator.services.suggestions import suggestion_accept, suggestion_reject

Pick = tuple[int, int]  # (statement id, the version the reviewer saw)


@dataclass
class BatchResult:
    done: list[Pick] = field(default_factory=list)  # (id, version after the change)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (id, why)


def parse_picks(values) -> list[Pick]:
    """ "id:version" strings from a form, deduplicated, in order; malformed ones dropped."""
    picks: dict[int, int] = {}
    for value in values:
        pk, _, version = str(value).partition(":")
        if pk.isdigit() and version.isdigit() and int(version) > 0:
            picks.setdefault(int(pk), int(version))
    return list(picks.items())


def _why(error: Exception, verb: str) -> str:
    if isinstance(error, StatementConflict):
        return f"not {verb}ed: someone changed it since you loaded the page"
    if isinstance(error, Statement.DoesNotExist):
        return f"not {verb}ed: it was deleted meanwhile"
    if isinstance(error, ValidationError):
        return f"not {verb}ed: " + " ".join(error.messages)
    raise error


def suggestions_decide(*, picks: list[Pick], accept: bool, user) -> BatchResult:
    """Accept (or reject) each picked suggestion as last seen at its version."""
    decide = suggestion_accept if accept else suggestion_reject
    verb = "accept" if accept else "reject"
    result = BatchResult()
    with transaction.atomic():
        for pk, version in picks:
            try:
                with transaction.atomic():
                    saved = decide(statement=pk, version=version, user=user)
            except (StatementConflict, Statement.DoesNotExist, ValidationError) as error:
                result.refused.append((pk, _why(error, verb)))
            else:
                result.done.append((saved.pk, saved.version))
    return result


def _before_decision(statement: Statement):
    """The history record of the suggestion just before it left "pending"."""
    return (
        statement.history.filter(review_status=ReviewStatus.PENDING)
        .order_by("-history_date", "-history_id")
        .only("speaker_id", "history_id")
        .first()
    )


def review_undo(*, picks: list[Pick], user) -> BatchResult:
    """Return decided suggestions to pending, each as its decision left it (`version`): a
    suggestion changed since then is left alone and reported. The speaker goes back to what
    it was while pending (accepting may have named one)."""
    result = BatchResult()
    with transaction.atomic():
        for pk, version in picks:
            current = Statement.objects.filter(pk=pk).first()
            if current is None:
                result.refused.append((pk, "not undone: it was deleted meanwhile"))
                continue
            if current.origin != Origin.SUGGESTED or current.review_status == ReviewStatus.PENDING:
                result.refused.append((pk, "nothing to undo: it is not a decided suggestion"))
                continue
            before = _before_decision(current)
            speaker_id = before.speaker_id if before is not None else current.speaker_id
            try:
                with transaction.atomic():
                    saved = statement_update(
                        statement=pk,
                        version=version,
                        user=user,
                        review_status=ReviewStatus.PENDING,
                        speaker=Actor.objects.filter(pk=speaker_id).first() if speaker_id else None,
                    )
            except (StatementConflict, Statement.DoesNotExist, ValidationError) as error:
                result.refused.append((pk, _why(error, "undo").replace("undoed", "undone")))
            else:
                result.done.append((saved.pk, saved.version))
    return result
