"""Optimistic locking for records without a version number (articles, actors, propositions).

Their `updated_at` changes with every save, so it serves as the version: an edit names the
`updated_at` it read, and loses if the record was saved since. The row is locked while
the edit is checked and written, so of two editors holding the same value exactly one wins."""

import datetime as dt

from django.db import transaction


class StaleEdit(Exception):
    """The record was saved by someone else after the caller read it; nothing was changed."""

    def __init__(self, current):
        self.current = current
        name = current._meta.verbose_name
        super().__init__(f"This {name} was changed by someone else since you read it; nothing was overwritten.")


def lock_unchanged(record, read_at: dt.datetime | None):
    """`record` reloaded and locked for this transaction; StaleEdit if it was saved after
    `read_at` (the `updated_at` the caller read). `read_at=None` skips the check."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_unchanged must run inside the edit's transaction")
    current = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if read_at is not None and current.updated_at != read_at:
        raise StaleEdit(current)
    return current
