"""Storing a suggester run: many new statements of one article, written in bulk.

One `statement_create` per suggestion (validate, insert, history insert, a savepoint
each) stored 22,222 suggestions of one large article in 154 s, holding the only task
worker all the while. Here the statements of a run are validated in Python (the model's
own `clean()`, which checks every span against the body) and written with one INSERT per
batch, their history rows likewise (`bulk_create_with_history`). The database still
checks each quote against its article (its trigger), and the whole run is one transaction
(the caller's): it is stored whole or not at all.

A statement may answer another of the same run (`responds_to`, a denial answering a
claim): it is written after the one it answers, in a later wave, so the link is set in
the INSERT and the history row records it.

On PostgreSQL (psycopg 3) the rows go in with binary COPY instead (`suggestion_copy`):
the same rows, history rows and triggers, each statement checked as its row is made
while the database takes the rows before it (22,222 rows: 0.3-0.4 s of Python CPU
instead of 5 s, and 0.7-0.8 s of the database's). The INSERT path stays for SQLite and
for a caller that asks for it (`use_copy=False`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from annotator.models import Article, Statement
from annotator.services.suggestion_copy import copy_available, statements_copy

# Rows per INSERT: large enough to amortise the round trip and the quote check (once per
# INSERT on PostgreSQL: it cuts the article into blocks), small enough for the 65,535
# parameters of PostgreSQL's server-side binding (about 31 per history row). Django
# lowers it further where a database allows fewer (SQLite).
BATCH_SIZE = 2000


def suggestions_store(
    *, article: Article, statements: list[Statement], user=None, use_copy: bool | None = None
) -> list[Statement]:
    """Validate and insert `statements` (new, unsaved, all of `article`), with their
    history by `user`. Returns them, saved (with their ids), in the order given.
    Raises ValidationError, naming the statement, when one breaks a rule: nothing is stored.

    `use_copy`: None takes COPY where the database has it, False the INSERT path; True
    insists on COPY (ValueError where there is none)."""
    article_cache = Statement.article.field.set_cached_value
    for number, statement in enumerate(statements):
        if statement.pk is not None or statement.article_id != article.pk:
            raise ValueError(f"Statement {number} is not a new statement of article {article.pk}.")
        # clean() reads the body: the one already loaded (the id is already the article's,
        # so only the cache is set, not the descriptor's whole assignment).
        article_cache(statement, article)
    if use_copy is None:
        use_copy = copy_available()
    elif use_copy and not copy_available():
        raise ValueError("COPY needs PostgreSQL through psycopg 3.")
    if use_copy:
        try:
            # Each statement is checked as its row is made, while the database takes the
            # rows before it; a broken one abandons the COPY, and nothing is stored.
            statements_copy(statements, user=user, check=Statement.clean)
        except ValidationError:
            _validate(statements)  # the first broken one in the order given, named
            raise
        return statements
    _validate(statements)
    with transaction.atomic():
        remaining = statements
        while remaining:
            wave = [s for s in remaining if s.responds_to is None or s.responds_to.pk is not None]
            if not wave:
                raise ValueError("Suggestions answer each other in a circle.")
            bulk_create_with_history(wave, Statement, batch_size=BATCH_SIZE, default_user=user)
            remaining = [s for s in remaining if s.pk is None]
    return statements


def _validate(statements: list[Statement]) -> None:
    """Raise ValidationError naming the first statement of `statements` that breaks a rule."""
    for number, statement in enumerate(statements):
        try:
            statement.clean()
        except ValidationError as error:
            raise ValidationError(f"Suggestion {number} ({statement.start}-{statement.end}): {error}") from None
