"""The steps every write of an actor, proposition or article shares."""

from django.core.exceptions import ValidationError


class DuplicateRecord(ValidationError):
    """`field` names a record that exists already (`existing`): use it, or merge into it.
    The form shows it as an error with a link, the API as a 400 with `existing_id`."""

    def __init__(self, *, field: str, existing, message: str):
        super().__init__({field: [message]})
        self.field = field
        self.existing = existing


def check_editable(changes: dict, editable: frozenset[str]) -> None:
    unknown = set(changes) - editable
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")


def record_save(record, *, user=None, reason: str = ""):
    """Validate `record` as the model does, then save it with `user` as the author (and
    `reason` as the change reason) in its history."""
    record.full_clean()
    record._history_user = user
    if reason:
        record._change_reason = reason
    record.save()
    return record
