"""Writes for background jobs: start one (an import, a suggester run, an export), retry a
failed one, and the writes of a run itself (running, progress, succeeded, failed).

A job is queued once its row is committed (`transaction.on_commit`): a worker never
looks for a job that is not there yet, and a rolled-back request queues nothing.

Runs and retries never collide: each retry raises `Job.attempt`, the task carries the
attempt it was queued for, and every write of a run is an UPDATE filtered on it. A run
whose job was retried meanwhile (its worker seemed dead, but was only slow) updates no
row, gets `JobSuperseded`, and stops."""

import logging
import time
import traceback
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from annotator.models import Job, JobKind, JobStatus
from annotator.models.jobs import STOPPED_BY
from annotator.text import JsonlError, parse_jsonl

logger = logging.getLogger(__name__)

# Form fields that say how a list is shown, not which rows it holds.
_NOT_FILTERS = frozenset({"page", "sort", "csrfmiddlewaretoken", "resource", "fmt"})
ERROR_MAX = 1000
DETAIL_MAX = 20_000


class JobSuperseded(Exception):
    """The job was retried (or deleted) since this run started: the run must stop."""


class JobNotStoppable(Exception):
    """The job has finished: there is nothing to stop."""


class JobNotRetryable(Exception):
    pass


# Starting jobs ----------------------------------------------------------------------------


def job_import_create(*, user, raw: str, name: str = "", source: str | None = None, project: str = "") -> Job:
    """A background import of a JSON Lines batch. The text is stored with the job, so the
    worker needs no shared file and a retry reads the same input. ValidationError when no
    line holds an article (the same check the inline import makes)."""
    lines = records = 0
    for item in parse_jsonl(raw):
        lines += 1
        records += not isinstance(item, JsonlError)
    if not records:
        raise ValidationError("No line of the file holds an article.")
    what = f"“{name}”" if name else "pasted JSON Lines"
    return _create(
        kind=JobKind.IMPORT,
        user=user,
        label=f"Import of {what}: {lines} line{'s' if lines != 1 else ''}"[:300],
        input_text=raw,
        # `project`: the slug of the project the new articles join (checked by the caller).
        input={"source": source or "", "name": name, "project": project},
        total=lines,
        result=_empty_result(JobKind.IMPORT),
    )


def job_suggest_create(*, user, article_ids: list[int], query: str = "") -> Job:
    """The suggester over these articles (the ids are frozen now: the job runs over what
    the analyst saw, whatever is imported meanwhile). `query` is the article list's filter."""
    if not article_ids:
        raise ValidationError("No article matches this filter: there is nothing to run the suggester on.")
    count = len(article_ids)
    scope = "the filtered articles" if query else "every article"
    return _create(
        kind=JobKind.SUGGEST,
        user=user,
        label=f"Suggestions for {scope}: {count} article{'s' if count != 1 else ''}",
        input={"article_ids": list(article_ids), "query": query},
        total=count,
        result=_empty_result(JobKind.SUGGEST),
    )


def job_export_create(*, user, resource: str, fmt: str, params: Mapping | None = None) -> Job:
    """An export written to a file. The resource, format and filters are checked now,
    with the same rules and messages as the streaming export, so a bad request is refused
    before anything is queued."""
    from annotator.exports.pipeline import RESOURCES, export_chunks
    from annotator.selectors.exports import ExportFilterError

    if resource not in RESOURCES:
        raise ValidationError({"resource": f"Choose one of {', '.join(RESOURCES)}."})
    if fmt not in ("csv", "jsonl", "w3c") or (fmt == "w3c" and resource != "statements"):
        raise ValidationError({"fmt": "Choose CSV or JSON Lines (W3C Web Annotations: statements only)."})
    query = filter_query(params or {})
    try:
        export_chunks(resource, fmt, QueryDict(query), user=user)  # checks the filters; reads no row yet
    except ExportFilterError as error:
        problems = [f"{field}: {' '.join(msgs)}" for field, msgs in error.errors.items()]
        raise ValidationError({"params": problems}) from None
    names = {"csv": "CSV", "jsonl": "JSON Lines", "w3c": "W3C Web Annotations"}
    scope = "filtered" if query else "the whole archive"
    return _create(
        kind=JobKind.EXPORT,
        user=user,
        label=f"Export of {resource} as {names[fmt]} ({scope})",
        input={"resource": resource, "fmt": fmt, "query": query},
        result=_empty_result(JobKind.EXPORT),
    )


def filter_query(params: Mapping) -> str:
    """The filter parameters of a request, as a query string (the job keeps them as text)."""
    query = QueryDict(mutable=True)
    getlist = getattr(params, "getlist", None)
    for key in params:
        if key in _NOT_FILTERS:
            continue
        values = getlist(key) if getlist else ([params[key]] if isinstance(params[key], str) else list(params[key]))
        values = [value for value in values if value != ""]
        if values:
            query.setlist(key, values)
    return query.urlencode()


@transaction.atomic
def _create(*, kind: str, user, label: str, input: dict, total: int = 0, input_text: str = "", result: dict) -> Job:
    job = Job(
        kind=kind,
        label=label,
        started_by=user if getattr(user, "is_authenticated", False) else None,
        input=input,
        input_text=input_text,
        total=total,
        result=result,
        summary="Waiting for a worker.",
    )
    job.full_clean()
    job.save()
    _enqueue_on_commit(job)
    return job


@transaction.atomic
def job_retry(*, job: Job, user=None) -> Job:
    """Queue a failed job again, with the same input; or one whose worker stopped
    answering (a worker that died leaves its job "running"). An import or a suggester run
    resumes after the last item it recorded; an export starts over."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not job.can_be_retried:
        if job.is_active:
            raise JobNotRetryable("This job is still running; it can be retried only if it fails or its worker stops.")
        raise JobNotRetryable("This job succeeded; there is nothing to retry.")
    changes = {
        "status": JobStatus.QUEUED,
        "attempt": F("attempt") + 1,
        "error": "",
        "error_detail": "",
        "started_at": None,
        "heartbeat_at": None,
        "finished_at": None,
        "task_result_id": "",
        "summary": "Waiting for a worker (retry).",
    }
    if job.kind == JobKind.EXPORT:
        changes |= {"done": 0, "result": _empty_result(JobKind.EXPORT), "file": ""}
    Job.objects.filter(pk=job.pk).update(**changes)
    job.refresh_from_db()
    _enqueue_on_commit(job)
    return job


@transaction.atomic
def job_stop(*, job: Job, user) -> Job:
    """Stop a queued or running job. Its run finds, at its next write, that the job has
    moved on to a newer attempt (as after a retry) and stops; what it had stored stays,
    each batch whole, and the batch it was on is rolled back. The job is marked failed,
    stopped by `user`, so it can be retried: an import or a suggester run then carries
    on where it stopped."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not job.is_active:
        raise JobNotStoppable("This job has already finished; there is nothing to stop.")
    now = timezone.now()
    # An export's result is written only at its end: there is nothing to tell before.
    kept = job.done and job.kind != JobKind.EXPORT
    done = f"Stopped after {summarize(job.kind, job.result)}" if kept else "Stopped"
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED,
        attempt=F("attempt") + 1,
        error=f"{STOPPED_BY}{user.get_username()}.",
        error_detail="",
        heartbeat_at=now,
        finished_at=now,
        summary=f"{done}."[:300],
    )
    job.refresh_from_db()
    return job


def _enqueue_on_commit(job: Job) -> None:
    job_id, attempt, kind = job.pk, job.attempt, job.kind
    transaction.on_commit(lambda: _enqueue(job_id, attempt, kind))


def _enqueue(job_id: int, attempt: int, kind: str) -> None:
    from annotator.tasks import JOB_TASKS

    try:
        # With the immediate backend (development, tests) the job runs here, now.
        task_result = JOB_TASKS[kind].enqueue(job_id, attempt)
    except Exception as error:
        # Not queued, so no worker will ever fail it: say so, and let it be retried.
        logger.exception("Job %s could not be queued", job_id)
        Job.objects.filter(pk=job_id, attempt=attempt, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED,
            error=_message(error, prefix="It could not be queued: "),
            error_detail=traceback.format_exc()[-DETAIL_MAX:],
            finished_at=timezone.now(),
            summary="Failed.",
        )
        return
    Job.objects.filter(pk=job_id, attempt=attempt).update(task_result_id=str(task_result.id)[:64])


# A run's own writes -----------------------------------------------------------------------


def job_start(*, job_id: int, attempt: int) -> Job | None:
    """Mark the job running, if it is still this attempt's to run (a task may be
    delivered after a retry queued a newer one: then it is not, and None is returned)."""
    now = timezone.now()
    started = Job.objects.filter(pk=job_id, attempt=attempt, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, summary="Running."
    )
    if not started:
        return None
    return Job.objects.select_related("started_by").get(pk=job_id)


class JobProgress:
    """A run's progress and result, written together so they always agree, and never
    once per item: either at most every ANNOTATOR_JOB_PROGRESS_INTERVAL seconds (the
    runner changes `result`, then calls `advance()`), or once per batch of items, in the
    batch's own transaction (`checkpoint()`, then `committed()`)."""

    def __init__(self, job: Job, *, interval: float | None = None):
        self.job_id, self.attempt, self.kind = job.pk, job.attempt, job.kind
        self.total, self.done = job.total, job.done
        self.result = job.result or _empty_result(job.kind)
        self.interval = settings.ANNOTATOR_JOB_PROGRESS_INTERVAL if interval is None else interval
        # The article being worked on, if any: a failure there is shown on its page.
        self.article_id: int | None = None
        self.writes = 0
        self._last = time.monotonic()

    def advance(self, items: int = 1) -> None:
        self.done += items
        self.tick()

    def tick(self) -> None:
        """Write now if the last write is old enough, and the connection is free: while a
        stream runs on it (PostgreSQL's COPY ... TO STDOUT) a query would wait forever.
        (The CSV export's COPY has a connection of its own; this keeps a stream on the
        job's connection, should an export ever use one, from hanging the job.)"""
        if time.monotonic() - self._last >= self.interval and not _connection_streaming():
            self.save()

    def save(self, **changes) -> None:
        self._write(self.done, self.result, **changes)

    def checkpoint(self, *, done: int, result: dict) -> None:
        """Write `done` and `result` inside the caller's transaction, with the items they
        count: if that transaction rolls back, so does the checkpoint, and a retry resumes
        exactly after what was stored. The run's own counters move only once it commits
        (`committed`)."""
        self._write(done, result)

    def committed(self, *, done: int, result: dict) -> None:
        self.done, self.result = done, result

    def _write(self, done: int, result: dict, **changes) -> None:
        updated = Job.objects.filter(pk=self.job_id, attempt=self.attempt, status=JobStatus.RUNNING).update(
            done=done,
            total=self.total,
            result=result,
            summary=summarize(self.kind, result)[:300],
            heartbeat_at=timezone.now(),
            **changes,
        )
        self.writes += 1
        self._last = time.monotonic()
        if not updated:
            raise JobSuperseded(self.job_id)

    def succeed(self, **changes) -> None:
        self.save(status=JobStatus.SUCCEEDED, finished_at=timezone.now(), **changes)

    def fail(self, error: BaseException) -> None:
        """Record the failure with the progress made before it (a retry resumes there)."""
        from annotator.models import Article

        article_id = self.article_id
        if article_id is not None and not Article.objects.filter(pk=article_id).exists():
            article_id = None
        Job.objects.filter(pk=self.job_id, attempt=self.attempt, status=JobStatus.RUNNING).update(
            failed_article_id=article_id,
            status=JobStatus.FAILED,
            done=self.done,
            total=self.total,
            result=self.result,
            summary=("Failed after " + summarize(self.kind, self.result))[:300] if self.done else "Failed.",
            error=_message(error),
            error_detail="".join(traceback.format_exception(error))[-DETAIL_MAX:],
            heartbeat_at=timezone.now(),
            finished_at=timezone.now(),
        )


def _connection_streaming() -> bool:
    from django.db import connection

    if connection.vendor != "postgresql" or connection.connection is None:
        return False
    from psycopg.pq import TransactionStatus

    return connection.connection.info.transaction_status == TransactionStatus.ACTIVE


# Results ----------------------------------------------------------------------------------


def _empty_result(kind: str) -> dict:
    if kind == JobKind.IMPORT:
        # Lists of [line number, article id] and [line number, reason].
        return {"imported": [], "duplicates": [], "failed": []}
    if kind == JobKind.SUGGEST:
        # `articles`: [article id, suggestions created] for each article that got some;
        # `dropped`: suggestions not stored, the article holding ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE.
        return {"processed": 0, "created": 0, "skipped": 0, "dropped": 0, "missing": 0, "articles": []}
    return {"rows": 0, "bytes": 0, "filename": ""}


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def summarize(kind: str, result: dict) -> str:
    if kind == JobKind.IMPORT:
        parts = [f"{len(result.get('imported', [])):,} imported"]
        if result.get("duplicates"):
            parts.append(f"{len(result['duplicates']):,} already there")
        if result.get("failed"):
            parts.append(f"{len(result['failed']):,} failed")
        return " · ".join(parts)
    if kind == JobKind.SUGGEST:
        parts = [
            _plural(result.get("processed", 0), "article"),
            _plural(result.get("created", 0), "suggestion") + " created",
        ]
        if result.get("skipped"):
            parts.append(f"{result['skipped']:,} skipped")
        if result.get("dropped"):
            parts.append(f"{result['dropped']:,} dropped over the per-article cap")
        if result.get("missing"):
            parts.append(f"{result['missing']:,} deleted meanwhile")
        return " · ".join(parts)
    return f"{_plural(result.get('rows', 0), 'row')} · {filesizeformat(result.get('bytes', 0))}"


def _message(error: BaseException, prefix: str = "") -> str:
    text = str(error).strip() or type(error).__name__
    return f"{prefix}{type(error).__name__}: {text}"[:ERROR_MAX]


def job_delete(*, job: Job) -> None:
    """Delete a job and its export file. A running job's worker finds no row and stops."""
    from annotator.tasks import export_path

    path = export_path(job.file)
    job.delete()
    if path is not None:
        path.unlink(missing_ok=True)
