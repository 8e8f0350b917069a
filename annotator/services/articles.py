"""Writes to articles: import (clean, deduplicate, store), preview, and edit.

The paste form, the upload, the API and `manage.py import_articles` all come through
`article_import`, so the same text is cleaned the same way and a re-import is always
reported as a duplicate instead of being stored twice.
"""

import datetime as dt
import importlib.util
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django.utils.text import slugify

from annotator.models import Article, Source, SourceKind
from annotator.models.articles import body_size_error, content_hash
from annotator.text import (
    CleanResult,
    Dropped,
    JsonlRecord,
    clean_text,
    extract_html,
    headline_from_body,
    parse_datetime,
)

from .import_cleaning import cleaned_in_order
from .locking import lock_unchanged
from .projects import project_articles_add
from .records import check_editable, record_save

logger = logging.getLogger(__name__)

FORMATS = ("text", "html")
EDITABLE_FIELDS = frozenset({"title", "author", "url", "source", "published_at", "status", "language", "body"})
_SURROGATE = re.compile("[\ud800-\udfff]")
_TITLE_MAX = Article._meta.get_field("title").max_length
_AUTHOR_MAX = Article._meta.get_field("author").max_length


@dataclass(frozen=True)
class ImportOutcome:
    article: Article
    created: bool
    duplicate_of: Article | None = None
    dropped: list[Dropped] = field(default_factory=list)


@dataclass(frozen=True)
class Preview:
    body: str
    caption: str
    dropped: list[Dropped]
    title: str
    url: str | None = None
    published_at: dt.datetime | None = None
    duplicate_of: Article | None = None
    author: str = ""
    # Kept although the cleaner was unsure, with why; and the outlet the page named.
    flagged: list[Dropped] = field(default_factory=list)
    outlet: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.body

    @property
    def display_title(self) -> str:
        """The title the article will be stored and shown with (Article.display_title)."""
        return self.title or headline_from_body(self.body) or "(no text)"


@dataclass(frozen=True)
class _Prepared:
    raw: str
    cleaned: CleanResult
    title: str
    url: str | None
    published_at: dt.datetime | None
    author: str = ""


def article_preview(
    *, raw: str, fmt: str = "text", title: str = "", url: str | None = None, published_at=None, **_ignored
) -> Preview:
    """What `article_import` would store, without storing it. An empty body is returned
    as such (with what was dropped), so the form can show why nothing is left."""
    prepared = _prepare(raw=raw, fmt=fmt, title=title, url=url, published_at=published_at)
    body = prepared.cleaned.body
    return Preview(
        body=body,
        caption=prepared.cleaned.caption,
        dropped=prepared.cleaned.dropped,
        title=prepared.title,
        url=prepared.url,
        published_at=prepared.published_at,
        duplicate_of=_find_duplicate(content_hash(body), prepared.url) if body else None,
        author=prepared.author,
        flagged=prepared.cleaned.flagged,
        outlet=prepared.cleaned.outlet,
    )


def article_import(
    *,
    raw: str,
    fmt: str = "text",
    title: str = "",
    url: str | None = None,
    source: Source | str | None = None,
    published_at=None,
    language: str | None = None,
    user=None,
    suggest: bool = True,
    author: str = "",
) -> ImportOutcome:
    """Clean `raw` (text, or a web page when `fmt` is "html") and store it as an article,
    unless an article with the same cleaned text or the same URL exists: then that one is
    returned with `created=False`. Raises ValidationError when nothing is left after
    cleaning or a field is invalid. After a commit, the suggester is queued for the new
    article when `suggest` is true and a suggester is installed."""
    prepared = _prepare(raw=raw, fmt=fmt, title=title, url=url, published_at=published_at, author=author)
    cleaned = prepared.cleaned
    article = _new_article(prepared, language=language, user=user)
    try:
        with transaction.atomic():
            # An unknown outlet is created here, so it is rolled back with a failed insert.
            article.source = source_resolve(source, user=user) if isinstance(source, str) else source
            article._history_user = _real_user(user)
            # Duplicates are found by the unique indexes on the text's hash and on the URL:
            # inserting and catching the violation costs one statement where looking first
            # costs two, and it is also right when two imports of the same text race.
            article.save()
            if suggest and _suggester() is not None:
                article_id = article.pk
                transaction.on_commit(lambda: enqueue_suggestions(article_id), robust=True)
    except IntegrityError:
        duplicate = _find_duplicate(article.content_hash, prepared.url)
        if duplicate is None:
            raise
        return ImportOutcome(article=duplicate, created=False, duplicate_of=duplicate, dropped=cleaned.dropped)
    return ImportOutcome(article=article, created=True, dropped=cleaned.dropped)


def _new_article(prepared: _Prepared, *, language: str | None, user) -> Article:
    """The unsaved, validated article for `prepared`; ValidationError naming the field."""
    cleaned = prepared.cleaned
    if not cleaned.body:
        raise ValidationError(
            {"body": f"Nothing is left after cleaning: {_dropped_summary(cleaned.dropped) or 'the text is empty'}."}
        )
    article = Article(
        title=prepared.title,
        author=prepared.author,
        url=prepared.url,
        published_at=prepared.published_at,
        body=cleaned.body,
        raw=prepared.raw,
        caption=cleaned.caption,
        cleaning_report=[{"text": item.text, "reason": item.reason} for item in cleaned.dropped],
        language=language or Article._meta.get_field("language").default,
        created_by=_real_user(user),
    )
    # clean() sets content_hash; uniqueness is left to the database (see article_import).
    # The source and the user are objects the code chose, not input: checking that they
    # exist would be a query per article (and cleaning may run in another thread).
    article.full_clean(exclude=["source", "created_by"], validate_unique=False, validate_constraints=False)
    return article


@dataclass(frozen=True)
class ImportItem:
    """One article to import in a batch; `ref` says where it came from (a file, a line)."""

    raw: str
    fmt: str = "text"
    title: str = ""
    url: str | None = None
    source: Source | str | None = None
    published_at: object = None
    language: str | None = None
    ref: str = ""

    @classmethod
    def of_record(cls, record: JsonlRecord, *, ref: str, source: Source | str | None = None) -> "ImportItem":
        """The article on one line of a JSON Lines batch; `source` when the line names none."""
        return cls(
            raw=record.content,
            fmt=record.fmt,
            title=record.title or "",
            url=record.url,
            source=record.source or source,
            published_at=record.published_at,
            language=record.language,
            ref=ref,
        )


@dataclass(frozen=True)
class ImportResult:
    """What became of one ImportItem: an outcome, or the reason it was refused."""

    item: ImportItem
    outcome: ImportOutcome | None = None
    error: ValidationError | None = None

    @property
    def reason(self) -> str:
        return "; ".join(self.error.messages) if self.error else ""


def articles_import_many(
    items: list[ImportItem],
    *,
    user=None,
    suggest: bool = True,
    sources: "SourceResolver | None" = None,
    project=None,
) -> list[ImportResult]:
    """Import a batch: the same cleaning, validation and duplicate rules as
    `article_import`, in one transaction with one lookup for duplicates (by the unique
    hash and URL) and one insert for the new articles and their history. Results come
    back in the order of `items`.

    One commit and one round trip per batch instead of four per article is what makes a
    large import fast. The batch is all or nothing: if the database refuses it (another
    import stored one of these texts a moment ago), it is rolled back and every item is
    imported on its own instead, so each gets its exact outcome. With a `project`, the new
    articles join it in the same transaction (`project_articles_add`, as imported there)."""
    resolve = sources or SourceResolver(user=user)
    return _store(_validated(items, user), user=user, suggest=suggest, resolve=resolve, project=project)


def articles_import_batches(
    batches: Iterable[list[ImportItem]],
    *,
    user=None,
    suggest: bool = True,
    sources: "SourceResolver | None" = None,
    project=None,
) -> Iterator[list[ImportResult]]:
    """`articles_import_many` over each batch, the next batches cleaned while this one is
    stored: cleaning is Python and storing mostly waiting on the database, so the two
    overlap, on every core (annotator/services/import_cleaning.py; the cleaning touches
    no database). Yields each batch's results.

    A batch the database refuses for another reason than a duplicate (a DatabaseError)
    is rolled back whole and its articles imported one by one, each with its outcome.
    With a `project`, each batch's new articles join it in the batch's transaction."""
    resolve = sources or SourceResolver(user=user)
    store = partial(_store, user=user, suggest=suggest, resolve=resolve, project=project)
    alone = partial(_import_alone_guarded, resolve=resolve, user=user, suggest=suggest, project=project)
    for validated in cleaned_in_order((list(batch) for batch in batches), partial(_validated, user=user)):
        try:
            yield store(validated)
        except DatabaseError:
            resolve.forget()
            yield [alone(item) for item in validated.items]


@dataclass
class _Validated:
    """A batch after cleaning and validation: what failed, and the unsaved articles."""

    items: list[ImportItem]
    results: list["ImportResult | None"]
    pending: list[tuple[int, Article]]


def _validated(items: list[ImportItem], user) -> _Validated:
    """Clean and validate every item; no database access (it may run in another thread)."""
    results: list[ImportResult | None] = [None] * len(items)
    pending: list[tuple[int, Article]] = []
    for position, item in enumerate(items):
        try:
            prepared = _prepare(
                raw=item.raw, fmt=item.fmt, title=item.title, url=item.url, published_at=item.published_at
            )
            pending.append((position, _new_article(prepared, language=item.language, user=user)))
        except ValidationError as error:
            results[position] = ImportResult(item=item, error=error)
    return _Validated(items=items, results=results, pending=pending)


def _store(validated: _Validated, *, user, suggest, resolve, project=None) -> list[ImportResult]:
    items, results, pending = validated.items, list(validated.results), validated.pending
    if not pending:
        return results
    try:
        with transaction.atomic():
            _store_batch(items, pending, results, resolve=resolve, user=user, suggest=suggest, project=project)
    except IntegrityError:
        resolve.forget()
        for position, _ in pending:
            results[position] = _import_alone(
                items[position], resolve=resolve, user=user, suggest=suggest, project=project
            )
    return results


def _import_alone_guarded(item: ImportItem, *, resolve, user, suggest, project=None) -> ImportResult:
    try:
        return _import_alone(item, resolve=resolve, user=user, suggest=suggest, project=project)
    except DatabaseError as error:
        resolve.forget()
        return ImportResult(item=item, error=ValidationError(f"database error: {error}"))


def _store_batch(items, pending, results, *, resolve, user, suggest, project=None) -> None:
    stored = _stored_matching(
        {article.content_hash for _, article in pending}, {article.url for _, article in pending if article.url}
    )
    by_hash = {article.content_hash: article for article in stored}
    by_url = {article.url: article for article in stored if article.url}
    new: list[tuple[int, Article]] = []
    for position, article in pending:
        # An exact text match says more than a shared URL (as in _find_duplicate).
        earlier = by_hash.get(article.content_hash) or (by_url.get(article.url) if article.url else None)
        if earlier is not None:
            # `earlier` may be new in this batch: the insert below gives it its id.
            dropped = _dropped(article.cleaning_report)
            outcome = ImportOutcome(article=earlier, created=False, duplicate_of=earlier, dropped=dropped)
            results[position] = ImportResult(item=items[position], outcome=outcome)
            continue
        article.source = resolve(items[position].source)
        # Twice in one batch: the second is a duplicate of the first, as it would be one by one.
        by_hash[article.content_hash] = article
        if article.url:
            by_url[article.url] = article
        new.append((position, article))
    if not new:
        return
    created = Article.objects.bulk_create([article for _, article in new])
    Article.history.bulk_history_create(created, default_user=_real_user(user))
    if project is not None:
        project_articles_add(project=project, article_ids=[a.pk for a in created], user=user, imported=True)
    for position, article in new:
        results[position] = ImportResult(
            item=items[position],
            outcome=ImportOutcome(article=article, created=True, dropped=_dropped(article.cleaning_report)),
        )
    if suggest and _suggester() is not None:
        transaction.on_commit(partial(_enqueue_all, [article.pk for _, article in new]), robust=True)


def _stored_matching(hashes: set[str], urls: set[str]) -> list[Article]:
    """The stored articles with one of these texts or URLs: two unique indexes, one query."""
    return list(Article.objects.filter(Q(content_hash__in=hashes) | Q(url__in=urls)).order_by())


def _import_alone(item: ImportItem, *, resolve, user, suggest, project=None) -> ImportResult:
    try:
        with transaction.atomic():
            outcome = article_import(
                raw=item.raw,
                fmt=item.fmt,
                title=item.title,
                url=item.url,
                source=resolve(item.source),
                published_at=item.published_at,
                language=item.language,
                user=user,
                suggest=suggest,
            )
            if project is not None and outcome.created:
                project_articles_add(project=project, article_ids=[outcome.article.pk], user=user, imported=True)
    except ValidationError as error:
        resolve.forget()
        return ImportResult(item=item, error=error)
    return ImportResult(item=item, outcome=outcome)


def _dropped(report: list[dict]) -> list[Dropped]:
    return [Dropped(text=entry["text"], reason=entry["reason"]) for entry in report]


@transaction.atomic
def article_update(*, article: Article, user=None, read_at=None, **changes) -> Article:
    """Edit an article's details. Its body may change only while it has no statements
    (their offsets point into it): otherwise a ValidationError on "body". `read_at`: the
    `updated_at` the editor read; StaleEdit if the article was saved since."""
    check_editable(changes, EDITABLE_FIELDS)
    if read_at is not None:
        article = lock_unchanged(article, read_at)
    if isinstance(changes.get("source"), str):
        changes["source"] = source_resolve(changes["source"], user=user)
    if "published_at" in changes:
        changes["published_at"] = _as_datetime(changes["published_at"])
    if "title" in changes:
        changes["title"] = " ".join((changes["title"] or "").split())
    if "author" in changes:
        changes["author"] = " ".join((changes["author"] or "").split())
    if "url" in changes:
        changes["url"] = (changes["url"] or "").strip() or None
    if "body" in changes and changes["body"] != article.body:
        body = (changes["body"] or "").strip()
        if article.statements.exists():
            raise ValidationError(
                {"body": "The text cannot change once the article has statements: their offsets would drift."}
            )
        if Article.objects.filter(content_hash=content_hash(body)).exclude(pk=article.pk).exists():
            raise ValidationError({"body": "Another article already has this text."})
        changes["body"] = body
    for name, value in changes.items():
        setattr(article, name, value)
    return record_save(article, user=_real_user(user))


def source_resolve(name: str, *, user=None) -> Source | None:
    """The Source called `name` (its name or one of its aliases, ignoring case and
    spacing); an unknown name becomes a new Source of kind "other". Blank gives None."""
    wanted = " ".join((name or "").split())
    if not wanted:
        return None
    found = Source.objects.filter(name__iexact=wanted).first()
    if found is not None:
        return found
    # Sources are a few hundred outlets at most: checking their aliases in Python is cheap
    # and behaves the same on SQLite and PostgreSQL.
    for candidate in Source.objects.exclude(aliases=[]).only("id", "name", "aliases", "slug", "kind"):
        if candidate.is_called(wanted):
            return Source.objects.get(pk=candidate.pk)
    return _source_create(wanted, user=user)


class SourceResolver:
    """`source_resolve` with a memory, for a batch that names the same outlets again and again."""

    def __init__(self, *, user=None):
        self.user = user
        self._known: dict[str, Source | None] = {}

    def __call__(self, name: Source | str | None) -> Source | None:
        if name is None or isinstance(name, Source):
            return name
        key = " ".join(name.split()).casefold()
        if key not in self._known:
            self._known[key] = source_resolve(name, user=self.user)
        return self._known[key]

    def forget(self) -> None:
        """Drop what was learnt: outlets created in a rolled-back transaction are gone."""
        self._known.clear()


def enqueue_suggestions(article_id: int) -> None:
    """Queue the suggester for one article, when a suggester is installed."""
    task = _suggester()
    if task is not None:
        task.enqueue(article_id)


def _enqueue_all(article_ids: list[int]) -> None:
    """Queue the suggester for each of a batch's new articles. Where the queue is a table,
    its rows go in with one commit, not one each: 200 commits cost a batch about 1.3 s
    on PostgreSQL, one about 0.25 s. Tasks run on the spot (ImmediateBackend) are left
    outside any transaction, as one at a time."""
    task = _suggester()
    if task is None:
        return
    together = not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)
    with transaction.atomic() if together else nullcontext():
        for article_id in article_ids:
            enqueue_suggestions(article_id)


def _suggester():
    # The suggester is optional: an install without annotator.tasks imports articles all the same.
    try:
        if importlib.util.find_spec("annotator.tasks") is None:
            return None
    except (ImportError, ValueError):
        return None
    try:
        tasks = importlib.import_module("annotator.tasks")
    except ImportError:
        logger.exception("annotator.tasks could not be imported; no suggestions queued")
        return None
    return getattr(tasks, "suggest_article", None)


def _source_create(name: str, *, user=None) -> Source:
    base = slugify(name)[:190] or "source"
    slug, number = base, 1
    while Source.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    source = Source(name=name[:200], slug=slug, kind=SourceKind.OTHER)
    source.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        # Another import created it a moment ago.
        existing = Source.objects.filter(name__iexact=source.name).first()
        if existing is None:
            raise
        return existing
    return source


def _prepare(*, raw: str, fmt: str, title: str, url: str | None, published_at, author: str = "") -> _Prepared:
    if fmt not in FORMATS:
        raise ValidationError({"fmt": f"Unknown format {fmt!r}: expected one of {', '.join(FORMATS)}."})
    if not isinstance(raw, str):
        raise ValidationError({"raw": "The article must be text."})
    raw = _storable(raw)
    text = raw
    if fmt == "html":
        page = extract_html(raw)
        text = page.text
        title = title or page.title or ""
        url = url or page.url
        published_at = published_at or page.published
        author = author or page.author or ""
    cleaned = clean_text(text)
    # Refused before anything else looks at it, the preview included: the same words as the model's.
    if (too_long := body_size_error(cleaned.body)) is not None:
        raise too_long
    # What the import gave wins; then the page's HTML metadata; then what the text's own
    # headline, byline and date lines said (the cleaner read them as it dropped them).
    return _Prepared(
        raw=raw,
        cleaned=cleaned,
        title=" ".join(_storable(title or cleaned.title or "").split())[:_TITLE_MAX],
        url=(url or "").strip() or None,
        published_at=_as_datetime(published_at or cleaned.published),
        author=" ".join((author or cleaned.author).split())[:_AUTHOR_MAX],
    )


def _storable(text: str) -> str:
    """`text` without what no database column can hold: NUL characters and lone UTF-16
    surrogates (JSON can carry both). Everything else is kept as it came."""
    text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
    return text


def _find_duplicate(digest: str, url: str | None) -> Article | None:
    """The stored article with this text or this URL. Both are unique, indexed columns."""
    query = Q(content_hash=digest)
    if url:
        query |= Q(url=url)
    # No ordering: at most two rows match, and sorting them would cost more than the lookup.
    matches = list(Article.objects.filter(query).order_by()[:2])
    # An exact text match says more than a shared URL.
    return next((a for a in matches if a.content_hash == digest), matches[0] if matches else None)


def _as_datetime(value) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValidationError({"published_at": f"Not an ISO 8601 date: {value[:40]!r}."})
        value = parsed
    if not isinstance(value, dt.datetime):
        if not isinstance(value, dt.date):
            raise ValidationError({"published_at": "Expected a date or a date-time."})
        value = dt.datetime.combine(value, dt.time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _real_user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _dropped_summary(dropped: list[Dropped]) -> str:
    counts: dict[str, int] = {}
    for item in dropped:
        counts[item.reason] = counts.get(item.reason, 0) + 1
    return ", ".join(f"{count} × {reason}" for reason, count in counts.items())
