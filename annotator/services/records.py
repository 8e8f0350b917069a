"""The steps every write of an actor, proposition or article shares."""


def check_editable(changes: dict, editable: frozenset[str]) -> None:
    unknown = set(changes) - editable
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")


def record_save(record, *, user=None):
    """Validate `record` as the model does, then save it with `user` as the author in its history."""
    record.full_clean()
    record._history_user = user
    record.save()
    return record
