"""Undoing a merge of actors or propositions.

A merge (see `merging.py`) leaves three traces, all in the history under one change
reason ("merged actor 3 into 7"): a record per statement it moved, a record of the target
with the names or topics it gained, and a record of the source marked `merged_into`.
Undoing reads those traces back: the statements that merge moved and that still point at
the target return to the source, the target loses what the merge added to it (and only
that: later edits stay), and the source is no longer marked merged. All in one
transaction, with a history entry of its own, so an unmerge can itself be read and redone.
Who may undo a merge is who may make it: someone who reads every statement naming either
record (`check_merge_permitted`), so that nobody moves another project's statements.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from annotator.models import Actor, Proposition, Statement

from .merging import check_merge_permitted, merge_reason, move_statements
from .propositions import refuse_duplicate
from .records import record_save


def _unmerge_reason(what: str, source, target) -> str:
    return f"unmerged {what} {source.pk} from {target.pk}"


def _lock_pair(model, source) -> tuple:
    """The merged record and the record it was merged into, both locked for this transaction."""
    source = model.objects.select_for_update().get(pk=source.pk)
    if source.merged_into_id is None:
        raise ValidationError({"source": f"This {model._meta.verbose_name} is not merged into another."})
    target = model.objects.select_for_update().get(pk=source.merged_into_id)
    return source, target


def _merge_started_at(source, reason: str):
    """When the last merge of `source` under `reason` began: the history entries of the
    statements it moved are the ones recorded after the source's previous change."""
    records = list(source.history.order_by("-history_date", "-history_id")[:2000])
    for index, record in enumerate(records):
        if record.history_change_reason == reason and record.merged_into_id is not None:
            earlier = records[index + 1] if index + 1 < len(records) else None
            return earlier.history_date if earlier is not None else None
    raise ValidationError({"source": "The history does not record this merge, so it cannot be undone here."})


def _moved_statements(*, field: str, source, target, reason: str) -> QuerySet[Statement]:
    """Statements that merge moved from `source` to `target` and that still point at
    `target` (one moved elsewhere since, or deleted, is left as it is now). A subquery,
    not a list of ids: a merge can move more statements than a query may carry
    parameters (65,535 on PostgreSQL)."""
    since = _merge_started_at(source, reason)
    records = Statement.history.filter(history_change_reason=reason, **{f"{field}_id": target.pk})
    if since is not None:
        records = records.filter(history_date__gte=since)
    return Statement.objects.filter(pk__in=records.values("id"), **{field: target})


def _added_by_merge(target, reason: str, attribute: str) -> set[str]:
    """The entries of `attribute` (aliases, topics) that the merge added to the target,
    casefolded: what the target's merge record has and its record before did not."""
    records = list(target.history.order_by("-history_date", "-history_id")[:2000])
    for index, record in enumerate(records):
        if record.history_change_reason == reason:
            before = records[index + 1] if index + 1 < len(records) else None
            had = {item.casefold() for item in (getattr(before, attribute) or [])} if before else set()
            return {item.casefold() for item in (getattr(record, attribute) or [])} - had
    return set()


@transaction.atomic
def actor_unmerge(*, actor: Actor | int, user=None) -> Actor:
    """Undo the merge of `actor` into the actor it was merged into. Returns `actor`, live again."""
    given = Actor(pk=actor) if isinstance(actor, int) else actor
    # The target keeps an alias that is its own name, whatever the merge added.
    return _unmerge(given, what="actor", field="speaker", gained="aliases", user=user, keep=lambda t: {t.name})


@transaction.atomic
def proposition_unmerge(*, proposition: Proposition | int, user=None) -> Proposition:
    """Undo the merge of `proposition` into the one it was merged into. Refused (nothing
    changes) when a live proposition `user` may read has taken its wording meanwhile: the
    one brought back would duplicate it (one only another project uses is no duplicate
    for them, as on creating one)."""
    given = Proposition(pk=proposition) if isinstance(proposition, int) else proposition

    def wording_free(source, user):
        refuse_duplicate(source.text, editing=source, user=user)

    return _unmerge(given, what="proposition", field="proposition", gained="topics", user=user, check=wording_free)


def _unmerge(given, *, what: str, field: str, gained: str, user, keep=lambda target: set(), check=None):
    """The steps both undos share: statements back to the source, the target without the
    `gained` entries (aliases, topics) only the merge gave it, the source live again."""
    source, target = _lock_pair(type(given), given)
    # Undoing moves statements back as the merge moved them: the same people may do it.
    check_merge_permitted(user=user, field=field, source=source, target=target, what=what, undo=True)
    if check is not None:
        check(source, user)
    reason = merge_reason(what, source, target)
    undo = _unmerge_reason(what, source, target)
    # Read (and locked) by move_statements before anything points elsewhere.
    statements = _moved_statements(field=field, source=source, target=target, reason=reason)
    added = _added_by_merge(target, reason, gained) - {item.casefold() for item in keep(target)}
    setattr(target, gained, [item for item in getattr(target, gained) if item.casefold() not in added])
    record_save(target, user=user, reason=undo)
    source.merged_into = None
    record_save(source, user=user, reason=undo)
    move_statements(field=field, statements=statements, to=source, user=user, reason=undo)
    return source
