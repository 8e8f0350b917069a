"""The steps every write of an actor, proposition or article shares."""


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
