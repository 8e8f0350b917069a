"""Writes to statements: the one path the UI, the API, the importer and the suggester use.

Every write validates with `full_clean()` (the same rules everywhere), runs in a
transaction, records its author in the history, and guards against lost updates:
an edit names the version it started from, and loses if someone saved in between.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annotator.double import answer_error, works_independently
from annotator.models import Article, ArticleStatus, Origin, ReviewStatus, Statement

# The history's reason for a restore (the history page shows the version as "restored").
RESTORED = "Restored after deletion"


class StatementConflict(Exception):
    """Someone else saved this statement since the caller loaded it."""

    def __init__(self, current: Statement | None):
        self.current = current
        super().__init__("This statement was changed by someone else; nothing was overwritten.")


EDITABLE_FIELDS = frozenset(
    {
        "start",
        "end",
        "quote",
        "speaker",
        "speaker_text",
        "speaker_start",
        "speaker_end",
        "stance",
        "proposition",
        "via",
        "cue",
        "cue_start",
        "cue_end",
        "direct",
        "responds_to",
        "note",
        "review_status",
    }
)


FOREIGN_KEYS = ("article", "speaker", "proposition", "via", "responds_to", "annotator")


def _validate(statement: Statement, changed: set[str] | None = None) -> None:
    """full_clean(), without re-reading what the caller already holds.

    Statement.clean() states every check constraint with a message naming the field,
    and the database enforces them again; letting full_clean() also test each
    constraint costs a query and a savepoint apiece. Related objects passed in as
    instances were loaded by the caller (a form or serializer checked they exist), so
    only ids given bare are looked up; on an edit, links left as they were are not."""
    loaded = [
        name
        for name in FOREIGN_KEYS
        if name in statement._state.fields_cache or (changed is not None and name not in changed)
    ]
    statement.full_clean(exclude=loaded, validate_constraints=False)
    if changed is None or "responds_to" in changed:
        # Who may answer what on a doubly annotated article (annotator.double).
        problem = answer_error(statement)
        if problem:
            raise ValidationError({"responds_to": problem})


def _slice(article: Article, start, end) -> str | None:
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(article.body):
        return article.body[start:end]
    return None


@transaction.atomic
def statement_create(
    *,
    article: Article,
    start: int,
    end: int,
    quote: str | None = None,
    stance: str,
    speaker=None,
    proposition=None,
    via=None,
    cue: str = "",
    cue_start: int | None = None,
    cue_end: int | None = None,
    speaker_text: str = "",
    speaker_start: int | None = None,
    speaker_end: int | None = None,
    direct: bool = False,
    responds_to=None,
    note: str = "",
    origin: str = Origin.MANUAL,
    review_status: str | None = None,
    annotator=None,
) -> Statement:
    """Create a statement. `quote` may be left out (it is the text at the offsets); when
    given it must equal that text, so a client that counted offsets wrongly is told.

    On a doubly annotated article, an annotator who does not adjudicate it makes an
    independent version of their own (see annotator.double); everyone else, and the
    suggester, adds to the canonical set."""
    if review_status is None:
        review_status = ReviewStatus.PENDING if origin == Origin.SUGGESTED else ReviewStatus.ACCEPTED
    statement = Statement(
        article=article,
        start=start,
        end=end,
        quote=_slice(article, start, end) if quote is None else quote,
        stance=stance,
        speaker=speaker,
        proposition=proposition,
        via=via,
        cue=cue,
        cue_start=cue_start,
        cue_end=cue_end,
        speaker_text=speaker_text,
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        direct=direct,
        responds_to=responds_to,
        note=note,
        origin=origin,
        review_status=review_status,
        annotator=annotator,
        independent=origin == Origin.MANUAL and works_independently(annotator, article),
    )
    if statement.quote is None:
        statement.quote = ""
    _validate(statement)
    statement._history_user = annotator
    statement.save()
    if article.status == ArticleStatus.NEW and origin == Origin.MANUAL:
        _start_work_on(article, user=annotator)
    return statement


def _start_work_on(article: Article, *, user) -> None:
    """An analyst's first statement moves the article from New to In progress. A change
    like any other: saved with its `updated_at` and kept in the history, by whom and why."""
    # The row as it is now (and locked): the caller's copy may be stale or partly loaded.
    current = Article.objects.select_for_update().filter(pk=article.pk, status=ArticleStatus.NEW).first()
    if current is None:
        return
    current.status = ArticleStatus.IN_PROGRESS
    current._history_user = user
    current._change_reason = "First statement made: in progress"
    current.save(update_fields=["status", "updated_at"])
    article.status = current.status


def _claim_version(pk: int, version: int) -> None:
    """Take the statement from `version` to `version + 1`, or raise StatementConflict.

    The conditional UPDATE is the lock: of two writers holding the same version,
    exactly one matches a row; the other sees 0 rows and gets the winner's version."""
    claimed = Statement.objects.filter(pk=pk, version=version).update(version=version + 1, updated_at=timezone.now())
    if not claimed:
        current = Statement.objects.with_related().filter(pk=pk).first()
        if current is None:
            raise Statement.DoesNotExist(f"Statement {pk} does not exist (it may have been deleted).")
        raise StatementConflict(current)


@transaction.atomic
def statement_update(
    *, statement: Statement | int, version: int, user=None, take_over: bool = False, **changes
) -> Statement:
    """Apply `changes` to a statement last seen at `version`.

    Changing the offsets re-derives the quote unless a quote is given (then it must match).
    `take_over` makes `user` the statement's annotator (a reviewer accepting a suggestion);
    clients never set the annotator directly."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    pk = statement if isinstance(statement, int) else statement.pk
    _claim_version(pk, version)
    current = Statement.objects.select_related("article").get(pk=pk)
    status_before = current.review_status
    for field, value in changes.items():
        setattr(current, field, value)
    if take_over and user is not None:
        current.annotator = user
    if ("start" in changes or "end" in changes) and "quote" not in changes:
        current.quote = _slice(current.article, current.start, current.end) or ""
    _validate(current, changed=set(changes))
    current._history_user = user
    current.save()
    if current.review_status != status_before and current.origin == Origin.SUGGESTED:
        # A decision on a suggestion (or its undo): its training example, in this transaction.
        from annotator.services.learning import review_example_sync

        review_example_sync(statement=current, user=user)
    return current


@transaction.atomic
def statement_delete(*, statement: Statement | int, version: int, user=None) -> int:
    """Delete a statement last seen at `version`. It stays in the history and can be
    restored with `statement_restore`. Returns the id it had."""
    pk = statement if isinstance(statement, int) else statement.pk
    _claim_version(pk, version)
    current = Statement.objects.get(pk=pk)
    current._history_user = user
    current.delete()
    return pk


@transaction.atomic
def statement_restore(*, statement_id: int, user=None) -> Statement:
    """Bring back a deleted statement, as it was when deleted, under its old id and with its
    original `created_at`; its history records the restore as such."""
    if Statement.objects.filter(pk=statement_id).exists():
        raise ValueError(f"Statement {statement_id} exists; there is nothing to restore.")
    record = (
        Statement.history.filter(id=statement_id, history_type="-").order_by("-history_date", "-history_id").first()
    )
    if record is None:
        raise Statement.DoesNotExist(f"No deleted statement {statement_id} in the history.")
    restored = record.instance
    restored.version = record.version + 1
    # Links to objects deleted meanwhile are dropped rather than failing the restore.
    if restored.responds_to_id and not Statement.objects.filter(pk=restored.responds_to_id).exists():
        restored.responds_to = None
    restored.full_clean(validate_unique=False)  # links may point at deleted rows: check them all
    restored._history_user = user
    restored._change_reason = RESTORED
    created_at = record.created_at
    restored.save(force_insert=True)
    # auto_now_add stamped the insert with now; the statement was made when it was made.
    Statement.objects.filter(pk=restored.pk).update(created_at=created_at)
    inserted = Statement.history.filter(id=restored.pk, history_type="+").order_by("-history_id").first()
    Statement.history.filter(history_id=inserted.history_id).update(created_at=created_at)
    restored.created_at = created_at
    return restored
