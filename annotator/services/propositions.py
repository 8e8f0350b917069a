"""Writes to propositions: create, edit, and merge a duplicate into the one it duplicates."""

from django.db import transaction

from annotator.models import Proposition, Statement
from annotator.selectors.duplicates import proposition_worded

from .locking import lock_unchanged
from .merging import check_merge_permitted, check_mergeable, merge_reason, move_statements
from .records import DuplicateRecord, check_editable, record_save

EDITABLE_FIELDS = frozenset({"text", "topics"})


@transaction.atomic
def proposition_create(*, text: str, topics: list[str] | None = None, user=None) -> Proposition:
    """Raises DuplicateRecord when a live proposition `user` may read has this wording
    already (case, spacing and a closing full stop aside)."""
    refuse_duplicate(text, user=user)
    return record_save(Proposition(text=text, topics=list(topics or [])), user=user)


@transaction.atomic
def proposition_update(*, proposition: Proposition, user=None, read_at=None, **changes) -> Proposition:
    """`read_at`: the `updated_at` the editor read; StaleEdit if the proposition was saved since."""
    check_editable(changes, EDITABLE_FIELDS)
    if read_at is not None:
        proposition = lock_unchanged(proposition, read_at)
    if "text" in changes:
        refuse_duplicate(changes["text"], editing=proposition, user=user)
    for field, value in changes.items():
        setattr(proposition, field, value)
    return record_save(proposition, user=user)


def refuse_duplicate(text: str, *, editing: Proposition | None = None, user=None) -> None:
    """Rewording one proposition into another's words would make a duplicate too.

    Only propositions `user` may read count (all, for the operator: no user): a wording
    only another project uses is no duplicate for them (proposition_worded), so neither
    its id nor its existence is told, and their proposition is created as their own."""
    existing = proposition_worded(text, user=user)
    if existing is None or (editing is not None and existing.pk == editing.pk):
        return
    raise DuplicateRecord(
        field="text",
        existing=existing,
        message=f"The proposition “{existing.text}” already exists (id {existing.pk}): "
        "use that one, or merge into it rather than creating a duplicate.",
    )


@transaction.atomic
def proposition_merge(*, source: Proposition, target: Proposition, user=None) -> Proposition:
    """Merge `source` (a rewording) into `target`: its statements move to `target` and its
    topics are added to the target's. `source` is kept, marked as merged, so the merge
    can be undone; once merged its text no longer counts as taken."""
    source, target = (Proposition.objects.select_for_update().get(pk=p.pk) for p in (source, target))
    check_mergeable(source, target, "proposition")
    check_merge_permitted(user=user, field="proposition", source=source, target=target, what="proposition")
    reason = merge_reason("proposition", source, target)
    statements = Statement.objects.filter(proposition=source)
    move_statements(field="proposition", statements=statements, to=target, user=user, reason=reason)
    source.merged_into = target
    source._history_user = user
    source._change_reason = reason
    source.save()
    target.topics = [*target.topics, *source.topics]
    target.full_clean()
    target._history_user = user
    target._change_reason = reason
    target.save()
    return target
