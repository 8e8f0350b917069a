"""Writes to actors: create, edit, and merge a duplicate into the actor it duplicates."""

from django.db import transaction

from annotator.models import Actor, ActorKind, Statement
from annotator.selectors.duplicates import actor_named

from .locking import lock_unchanged
from .merging import check_merge_permitted, check_mergeable, merge_reason, move_statements
from .records import DuplicateRecord, check_editable, record_save

EDITABLE_FIELDS = frozenset({"name", "kind", "role", "affiliation", "country", "aliases"})


@transaction.atomic
def actor_create(
    *,
    name: str,
    kind: str = ActorKind.PERSON,
    role: str = "",
    affiliation: str = "",
    country: str = "",
    aliases: list[str] | None = None,
    user=None,
) -> Actor:
    """Raises DuplicateRecord when a live actor `user` may read has this name already (case
    and spacing aside); one only other projects name is not a duplicate for them."""
    _refuse_duplicate(name, user=user)
    actor = Actor(
        name=name, kind=kind, role=role, affiliation=affiliation, country=country, aliases=list(aliases or [])
    )
    return record_save(actor, user=user)


@transaction.atomic
def actor_update(*, actor: Actor, user=None, read_at=None, **changes) -> Actor:
    """`read_at`: the `updated_at` the editor read; StaleEdit if the actor was saved since."""
    check_editable(changes, EDITABLE_FIELDS)
    if read_at is not None:
        actor = lock_unchanged(actor, read_at)
    if "name" in changes:
        _refuse_duplicate(changes["name"], editing=actor, user=user)
    for field, value in changes.items():
        setattr(actor, field, value)
    return record_save(actor, user=user)


def _refuse_duplicate(name: str, *, editing: Actor | None = None, user=None) -> None:
    """A rename is a way to make a duplicate too: the actor being edited may keep its own name.
    Only actors `user` may read count (all, for the operator: no user)."""
    existing = actor_named(name, user=user)
    if existing is not None and (editing is None or existing.pk != editing.pk):
        raise DuplicateRecord(
            field="name",
            existing=existing,
            message=f"An actor named “{existing.name}” already exists (id {existing.pk}): "
            "use that one, or merge into it rather than creating a duplicate.",
        )


@transaction.atomic
def actor_merge(*, source: Actor, target: Actor, user=None) -> Actor:
    """Merge `source` (a duplicate) into `target`: its statements move to `target`, its
    name and aliases become aliases of `target`. `source` is kept, marked as merged, so
    the history shows what happened and the merge can be undone."""
    source, target = (Actor.objects.select_for_update().get(pk=a.pk) for a in (source, target))
    check_mergeable(source, target, "actor")
    check_merge_permitted(user=user, field="speaker", source=source, target=target, what="actor")
    reason = merge_reason("actor", source, target)
    statements = Statement.objects.filter(speaker=source)
    move_statements(field="speaker", statements=statements, to=target, user=user, reason=reason)
    target.aliases = [*target.aliases, source.name, *source.aliases]
    target.full_clean()
    # The target's own name need not be repeated as an alias.
    target.aliases = [alias for alias in target.aliases if alias.casefold() != target.name.casefold()]
    target._history_user = user
    target._change_reason = reason
    target.save()
    source.merged_into = target
    source._history_user = user
    source._change_reason = reason
    source.save()
    return target
