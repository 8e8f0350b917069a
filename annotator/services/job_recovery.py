"""Keeping background work alive: heartbeats, resuming a job whose worker died, and
retrying a failed task with back-off before calling it failed.

- A run beats (`Job.heartbeat_at`) every ANNOTATOR_JOB_HEARTBEAT_SECONDS from a thread
  beside its work, so a long article or batch is never mistaken for a dead worker.
- A worker (`manage.py worker`) looks, as it starts and then every beat, for running jobs
  whose worker has not beaten for ANNOTATOR_JOB_STALE_SECONDS, and queues each again as
  a new attempt (`jobs_resume_stalled`). Imports and suggester runs carry on after the
  last item they recorded (both are idempotent per article); an export starts over. If
  the old worker was only slow, its next write finds a newer attempt and it stops.
- A run that raises is queued again after a delay that doubles each time, up to
  ANNOTATOR_TASK_RETRIES times (`job_retry_later`); then the job is failed, with the
  reason, on its page and, for the suggester, on the article it failed on. The same
  holds for the suggester's task on one article (`suggest_article`), whose final failure
  becomes a failed job that can be retried from its page.

Every write here is an UPDATE filtered on the job's attempt (and status), as in
`annotator.services.jobs`: two workers that both see a stalled job resume it once."""

import datetime as dt
import logging
import threading
import traceback
import uuid

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from annotator.models import Article, Job, JobKind, JobStatus
from annotator.models.jobs import stale_after
from annotator.services.jobs import DETAIL_MAX, _empty_result, _enqueue_on_commit, _message

logger = logging.getLogger(__name__)


# Heartbeat --------------------------------------------------------------------------------


def job_heartbeat(*, job_id: int, attempt: int) -> bool:
    """Say this run is alive. False when the job has moved on (retried, stopped, deleted)."""
    return bool(
        Job.objects.filter(pk=job_id, attempt=attempt, status=JobStatus.RUNNING).update(heartbeat_at=timezone.now())
    )


class Heartbeat:
    """`with Heartbeat(job_id, attempt): work()` beats every `every` seconds while the
    work runs, on a connection of its own (the work's may be inside a long transaction).
    A failed beat is logged and tried again at the next; a beat that finds the job moved
    on stops beating (the work learns it at its own next write)."""

    def __init__(self, job_id: int, attempt: int, *, every: float | None = None):
        self.job_id, self.attempt = job_id, attempt
        self.every = settings.ANNOTATOR_JOB_HEARTBEAT_SECONDS if every is None else every
        self.beats = 0
        self._stop = threading.Event()
        self._thread = None

    def __enter__(self):
        if self.every > 0:
            self._thread = threading.Thread(target=self._beat, name=f"job-{self.job_id}-heartbeat", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return False

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    alive = job_heartbeat(job_id=self.job_id, attempt=self.attempt)
                except DatabaseError:
                    logger.warning("Job %s: heartbeat failed; trying again", self.job_id, exc_info=True)
                    connection.close()  # reconnect at the next beat
                    continue
                self.beats += 1
                if not alive:
                    return
        finally:
            connections.close_all()  # this thread's own connections


# Resuming jobs whose worker died ------------------------------------------------------------


def jobs_resume_stalled() -> list[int]:
    """Queue again every running job whose worker stopped beating; returns their ids."""
    cutoff = timezone.now() - stale_after()
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    resumed = []
    for pk, attempt, kind, task_result_id in Job.objects.filter(silent, status=JobStatus.RUNNING).values_list(
        "pk", "attempt", "kind", "task_result_id"
    ):
        with transaction.atomic():
            changes = {
                "status": JobStatus.QUEUED,
                "attempt": F("attempt") + 1,
                "resumes": F("resumes") + 1,
                "started_at": None,
                "heartbeat_at": None,
                "task_result_id": "",
                "summary": "Its worker stopped; waiting for another to resume it.",
            }
            if kind == JobKind.EXPORT:
                changes |= {"done": 0, "result": _empty_result(JobKind.EXPORT), "file": ""}
            # Filtered again on the attempt and the silence: a beat since, or another
            # worker resuming it first, leaves nothing to update.
            if not Job.objects.filter(silent, pk=pk, attempt=attempt, status=JobStatus.RUNNING).update(**changes):
                continue
            _task_result_lost(task_result_id)
            _enqueue_on_commit(Job.objects.get(pk=pk))
        logger.warning("Job %s: its worker stopped beating; queued again as attempt %s", pk, attempt + 1)
        resumed.append(pk)
    return resumed


def _task_result_lost(task_result_id: str) -> None:
    """The task framework's record of the dead worker's run says "running" forever: close it."""
    try:
        uuid.UUID(task_result_id)
    except ValueError:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_result_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="annotator.services.job_recovery.WorkerLost",
        traceback="Its worker stopped beating; the job was queued again.",
    )


# Retrying with back-off -------------------------------------------------------------------


def retry_delay(retries_so_far: int) -> dt.timedelta | None:
    """How long to wait before the next automatic retry, or None when none is left."""
    if retries_so_far >= settings.ANNOTATOR_TASK_RETRIES:
        return None
    seconds = settings.ANNOTATOR_TASK_RETRY_DELAY * 2**retries_so_far
    return dt.timedelta(seconds=min(seconds, settings.ANNOTATOR_TASK_RETRY_MAX_DELAY))


def can_retry_later(task) -> bool:
    """A delayed retry needs a queue that holds a task until its time (the database
    backend); the immediate backend would run it inside the request that failed."""
    return task.get_backend().supports_defer


def reconnect_if_broken() -> None:
    """After an error the connection may be dead (the database went away): drop it, so
    the failure can be recorded on a fresh one. Never inside a transaction (a test's)."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def job_retry_later(progress, error: BaseException) -> dt.timedelta | None:
    """Queue a failed run again after its back-off, keeping its progress (an import or a
    suggester run resumes there) and saying why on the job's page. None (and nothing
    written) when its retries are used up: the caller then fails the job."""
    from annotator.tasks import JOB_TASKS

    job = Job.objects.filter(pk=progress.job_id, attempt=progress.attempt).only("retries").first()
    delay = retry_delay(job.retries) if job is not None else None
    if delay is None or not can_retry_later(JOB_TASKS[progress.kind]):
        return None
    retry, limit = job.retries + 1, settings.ANNOTATOR_TASK_RETRIES
    when = timezone.now() + delay
    changes = {
        "status": JobStatus.QUEUED,
        "attempt": F("attempt") + 1,
        "retries": retry,
        "started_at": None,
        "heartbeat_at": None,
        "error": _message(error),
        "error_detail": "".join(traceback.format_exception(error))[-DETAIL_MAX:],
        "summary": f"Failed; retry {retry} of {limit} at {timezone.localtime(when):%H:%M:%S}.",
    }
    if progress.kind == JobKind.EXPORT:
        changes |= {"done": 0, "result": _empty_result(JobKind.EXPORT), "file": ""}
    else:
        changes |= {"done": progress.done, "total": progress.total, "result": progress.result}
    with transaction.atomic():
        if not Job.objects.filter(pk=progress.job_id, attempt=progress.attempt, status=JobStatus.RUNNING).update(
            **changes
        ):
            return None  # stopped or retried meanwhile: nothing of ours to queue
        job_id, attempt, kind = progress.job_id, progress.attempt + 1, progress.kind
        transaction.on_commit(lambda: _enqueue_at(job_id, attempt, kind, when))
    return delay


def _enqueue_at(job_id: int, attempt: int, kind: str, when: dt.datetime) -> None:
    from annotator.tasks import JOB_TASKS

    task_result = JOB_TASKS[kind].using(run_after=when).enqueue(job_id, attempt)
    Job.objects.filter(pk=job_id, attempt=attempt).update(task_result_id=str(task_result.id)[:64])


def job_requeue(progress) -> bool:
    """Its worker is shutting down mid-run (SystemExit, Ctrl+C): queue the job again at
    once, for the next worker, without counting it as a failure."""
    from annotator.tasks import JOB_TASKS

    if not can_retry_later(JOB_TASKS[progress.kind]):
        return False
    changes = {
        "status": JobStatus.QUEUED,
        "attempt": F("attempt") + 1,
        "resumes": F("resumes") + 1,
        "started_at": None,
        "heartbeat_at": None,
        "summary": "Its worker stopped; waiting for another to resume it.",
    }
    if progress.kind == JobKind.EXPORT:
        changes |= {"done": 0, "result": _empty_result(JobKind.EXPORT), "file": ""}
    else:
        changes |= {"done": progress.done, "total": progress.total, "result": progress.result}
    with transaction.atomic():
        if not Job.objects.filter(pk=progress.job_id, attempt=progress.attempt, status=JobStatus.RUNNING).update(
            **changes
        ):
            return False
        _enqueue_on_commit(Job.objects.get(pk=progress.job_id))
    return True


# The suggester on one article ---------------------------------------------------------------


def suggest_failure_record(*, article_id: int, error: BaseException, retries: int) -> Job | None:
    """The suggester's task on one article failed for the last time: keep it as a failed
    job (shown in the job list and on the article, and retried from its page)."""
    article = Article.objects.filter(pk=article_id).only("title", "created_by").first()
    if article is None:
        return None
    title = article.title or f"article {article_id}"
    result = _empty_result(JobKind.SUGGEST)
    job = Job(
        kind=JobKind.SUGGEST,
        status=JobStatus.FAILED,
        label=f"Suggestions for “{title}”"[:300],
        started_by_id=article.created_by_id,
        input={"article_ids": [article_id], "query": ""},
        total=1,
        result=result,
        summary="Failed.",
        error=_message(error),
        error_detail="".join(traceback.format_exception(error))[-DETAIL_MAX:],
        retries=retries,
        failed_article_id=article_id,
        finished_at=timezone.now(),
    )
    job.full_clean()
    job.save()
    return job


def article_failures_clear(article_id: int) -> None:
    """The suggester succeeded on this article: its page no longer reports a failure.
    (A read first: almost always there is none, and a job's row is written rarely.)"""
    failed = Job.objects.filter(failed_article_id=article_id)
    if failed.exists():
        failed.update(failed_article=None)
