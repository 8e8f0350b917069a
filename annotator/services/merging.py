"""What merging an actor and merging a proposition have in common."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from annotator.models import Statement


def check_mergeable(source, target, what: str) -> None:
    if source.pk == target.pk:
        raise ValidationError({"target": f"The {what} cannot be merged into itself."})
    if source.merged_into_id is not None:
        raise ValidationError({"source": f"This {what} was already merged into another."})
    if target.merged_into_id is not None:
        raise ValidationError({"target": f"The target {what} was itself merged into another; merge into that one."})


def move_statements(*, field: str, source, target, user, reason: str) -> int:
    """Point `field` of every statement from `source` to `target`, with a history entry
    per statement (so the merge can be undone) and a new version (so an editor holding
    the old one gets a conflict instead of silently moving it back)."""
    moved = list(Statement.objects.select_for_update().filter(**{field: source}))
    now = timezone.now()
    for statement in moved:
        setattr(statement, field, target)
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
