"""What merging an actor and merging a proposition have in common."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from annotator.models import Statement
from annotator.projects_access import scope_of, visible_statements


def merge_reason(what: str, source, target) -> str:
    """The change reason a merge records on everything it touches; undoing finds the merge by it."""
    return f"merged {what} {source.pk} into {target.pk}"


def check_mergeable(source, target, what: str) -> None:
    if source.pk == target.pk:
        raise ValidationError({"target": f"The {what} cannot be merged into itself."})
    if source.merged_into_id is not None:
        raise ValidationError({"source": f"This {what} was already merged into another."})
    if target.merged_into_id is not None:
        raise ValidationError({"target": f"The target {what} was itself merged into another; merge into that one."})


class MergeNotPermitted(PermissionDenied):
    """The merge would move statements the user may not read."""


def check_merge_permitted(*, user, field: str, source, target, what: str, undo: bool = False) -> None:
    """Refuse a merge unless `user` reads every statement naming either record (through
    `field`), or is an administrator: a merge rewrites those statements, and a reviewer
    of one project must not change, nor learn through the result, another project's
    data. `user` None is the operator (a command)."""
    if user is None or scope_of(user).is_admin:
        return
    naming = Statement.objects.filter(**{f"{field}_id__in": [source.pk, target.pk]})
    readable = visible_statements(user, naming).visible_to(user)
    if readable is naming:
        return  # the user reads every project and every version: nothing to ask
    if naming.exclude(pk__in=readable.values("pk")).exists():
        done, ask = ("The merge was not undone", "undo it") if undo else ("Not merged", "merge them")
        raise MergeNotPermitted(
            f"{done}: statements you may not read (in projects you are not a member of, or other "
            f"annotators' versions) name one of these {what}s. Ask an administrator to {ask}."
        )


def move_statements(*, field: str, statements: QuerySet, to, user, reason: str) -> int:
    """Point `field` of `statements` at `to`, with a history entry per statement (so a
    merge can be undone, and an undo read) and a new version (so an editor holding the
    old one gets a conflict instead of silently moving it back)."""
    moved = list(statements.select_for_update().order_by("pk"))
    now = timezone.now()
    for statement in moved:
        setattr(statement, field, to)
        statement.version += 1
        statement.updated_at = now
    if moved:
        bulk_update_with_history(
            moved,
            Statement,
            [field, "version", "updated_at"],
            batch_size=500,
            default_user=user,
            default_change_reason=reason,
        )
    return len(moved)
