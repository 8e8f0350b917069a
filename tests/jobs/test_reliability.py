"""Background work that survives its worker: a job whose worker died is resumed by the
next worker where it stopped; a failing task is retried with back-off, then shown as
failed (on its job page, and on the article the suggester failed on); imports and the
suggester are queued apart. Run with the database task backend and `manage.py worker`,
as docker-compose runs them (SQLite here; PostgreSQL too when DATABASE_URL says so)."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from annotator import tasks
from annotator.models import Article, Job, JobStatus, Origin, Statement
from annotator.services import articles as article_service
from annotator.services import suggestions as suggestion_service
from annotator.services.job_recovery import Heartbeat, jobs_resume_stalled, retry_delay
from annotator.services.jobs import job_export_create, job_import_create, job_start, job_suggest_create
from tests.factories import ArticleFactory

from .conftest import jsonl, report, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}


@pytest.fixture(autouse=True)
def database_backend():
    with override_settings(TASKS=DATABASE_BACKEND):
        yield


def _failing(error: BaseException, *, times: int | None = None, then=None):
    """A stand-in that raises `error` (the first `times` calls, or always), then calls `then`."""
    calls = []

    def call(*args, **kwargs):
        calls.append(args)
        if times is None or len(calls) <= times:
            raise error
        return then(*args, **kwargs)

    call.calls = calls
    return call


def _time_passes(job: Job) -> None:
    """The back-off has elapsed: the queued retry is due now."""
    DBTaskResult.objects.filter(id=job.task_result_id).update(run_after=timezone.now())


# A worker that died ------------------------------------------------------------------------


def _killed_mid_import(analyst) -> Job:
    """An import of three lines whose worker claimed its task, stored the first line's
    batch with its checkpoint, and was then killed (SIGKILL: no handler ran): the job
    says "running", its task row too, and nobody beats for it."""
    job = job_import_create(user=analyst, raw=jsonl(report(1), report(2), report(3)))
    job.refresh_from_db()  # queued on commit: the task's id is written then
    DBTaskResult.objects.get(id=job.task_result_id).claim("killed-worker")
    job_start(job_id=job.pk, attempt=1)
    first = article_service.article_import(raw=report(1)["text"], fmt="text", title="Report 1", user=analyst)
    silent_since = timezone.now() - dt.timedelta(seconds=settings.ANNOTATOR_JOB_STALE_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(
        done=1,
        result={"imported": [[1, first.article.pk]], "duplicates": [], "failed": []},
        heartbeat_at=silent_since,
    )
    return job


def test_a_job_whose_worker_was_killed_is_resumed_by_the_next_worker_where_it_stopped(analyst, monkeypatch):
    monkeypatch.setattr(tasks, "IMPORT_BATCH", 1)
    job = _killed_mid_import(analyst)
    dead_task = job.task_result_id

    run_worker("imports")  # the next worker, as it starts

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.attempt, job.resumes, job.retries) == (2, 1, 0)
    # Carried on after line 1: every line imported once, none a duplicate of itself.
    assert [line for line, _ in job.result["imported"]] == [1, 2, 3] and job.result["duplicates"] == []
    assert Article.objects.count() == 3
    # The dead worker's run no longer says "running"; the new run is another task.
    assert DBTaskResult.objects.get(id=dead_task).status == "FAILED"
    assert job.task_result_id != dead_task and DBTaskResult.objects.get(id=job.task_result_id).status == "SUCCESSFUL"


def test_a_job_whose_worker_beats_is_left_alone_and_a_stalled_one_is_resumed_once(analyst):
    job = _killed_mid_import(analyst)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    assert jobs_resume_stalled() == []  # a live worker's job, however long its batch takes

    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=5))
    assert jobs_resume_stalled() == [job.pk]
    assert jobs_resume_stalled() == []  # a second worker looking at once finds nothing to resume
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempt == 2 and job.done == 1


def test_a_running_worker_keeps_watching_for_stalled_jobs(analyst):
    """Not only as it starts: a worker that is up (busy or idle) resumes a job whose
    worker dies later, from the watch thread beside its loop."""
    from annotator.management.commands.worker import Watch

    watch = Watch(every=0.01)
    watch.start()
    try:
        job = _killed_mid_import(analyst)  # dies while the watching worker runs
        for _ in range(500):
            job.refresh_from_db()
            if job.status == JobStatus.QUEUED:
                break
            watch._stop.wait(0.01)
    finally:
        watch.stop()
    assert job.status == JobStatus.QUEUED and job.resumes == 1 and job.attempt == 2


def test_a_run_beats_from_beside_its_work_and_stops_beating_once_superseded(analyst):
    job = job_import_create(user=analyst, raw=jsonl(report(1)))
    job_start(job_id=job.pk, attempt=1)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)

    with Heartbeat(job.pk, 1, every=0.01) as heartbeat:
        # The work: one long step that writes nothing itself.
        while not heartbeat.beats:
            heartbeat._stop.wait(0.01)
    job.refresh_from_db()
    assert job.heartbeat_at > long_ago and not job.is_stalled

    Job.objects.filter(pk=job.pk).update(attempt=2)  # retried meanwhile
    with Heartbeat(job.pk, 1, every=0.01) as heartbeat:
        heartbeat._thread.join()  # the first beat finds the job moved on, and the thread ends
    assert heartbeat.beats == 1


def test_a_worker_told_to_stop_mid_job_hands_the_job_to_the_next_worker(analyst, monkeypatch):
    original = article_service.articles_import_many
    # Ctrl+C twice (or SIGTERM twice): db_worker exits the running task with SystemExit.
    interrupted = _failing(SystemExit(1), times=1, then=original)
    monkeypatch.setattr(article_service, "articles_import_many", interrupted)
    job = job_import_create(user=analyst, raw=jsonl(report(1), report(2)))

    run_worker("imports")  # the same pass stands in for the next worker

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and (job.resumes, job.retries) == (1, 0)
    assert Article.objects.count() == 2


def test_the_stall_limit_is_thirty_seconds_by_default():
    assert settings.ANNOTATOR_JOB_STALE_SECONDS == 30
    assert 0 < settings.ANNOTATOR_JOB_HEARTBEAT_SECONDS < settings.ANNOTATOR_JOB_STALE_SECONDS


# Retries with back-off ---------------------------------------------------------------------


def test_back_off_doubles_up_to_the_limit(settings):
    settings.ANNOTATOR_TASK_RETRIES, settings.ANNOTATOR_TASK_RETRY_DELAY = 4, 2
    settings.ANNOTATOR_TASK_RETRY_MAX_DELAY = 10
    assert [retry_delay(n).total_seconds() for n in range(4)] == [2, 4, 8, 10]
    assert retry_delay(4) is None


def test_a_failing_import_is_retried_with_back_off_and_then_shown_failed_with_its_reason(
    client, analyst, monkeypatch, settings
):
    settings.ANNOTATOR_TASK_RETRIES, settings.ANNOTATOR_TASK_RETRY_DELAY = 2, 60
    failing = _failing(ConnectionError("the database connection was cut"))
    monkeypatch.setattr(article_service, "articles_import_many", failing)
    job = job_import_create(user=analyst, raw=jsonl(report(1)))

    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.retries == 1 and job.attempt == 2
    assert job.error == "ConnectionError: the database connection was cut"
    assert job.summary.startswith("Failed; retry 1 of 2 at ")
    retry = DBTaskResult.objects.get(id=job.task_result_id)
    assert retry.status == "READY" and retry.run_after > timezone.now() + dt.timedelta(seconds=50)

    client.force_login(analyst)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The last run failed: ConnectionError: the database connection was cut" in html
    assert "1 automatic retry after a failure" in html

    run_worker()  # not due yet: nothing runs
    assert len(failing.calls) == 1

    _time_passes(job)
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.retries == 2
    retry = DBTaskResult.objects.get(id=job.task_result_id)
    assert retry.run_after > timezone.now() + dt.timedelta(seconds=110)  # twice the first delay

    _time_passes(job)
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and len(failing.calls) == 3
    assert job.error == "ConnectionError: the database connection was cut"
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "This job failed." in html and "the database connection was cut" in html


def test_an_import_that_fails_once_succeeds_on_its_retry(analyst, monkeypatch, settings):
    settings.ANNOTATOR_TASK_RETRIES = 3
    original = article_service.articles_import_many
    flaky = _failing(ConnectionError("server closed the connection"), times=1, then=original)
    monkeypatch.setattr(article_service, "articles_import_many", flaky)
    job = job_import_create(user=analyst, raw=jsonl(report(1), report(2)))
    run_worker("imports")
    job.refresh_from_db()
    _time_passes(job)
    run_worker("imports")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.retries == 1 and Article.objects.count() == 2


def test_the_suggester_failing_on_an_article_is_retried_then_shown_on_the_article(
    client, analyst, monkeypatch, settings
):
    settings.ANNOTATOR_TASK_RETRIES = 1
    article = ArticleFactory(created_by=analyst)
    failing = _failing(MemoryError("out of memory"))
    monkeypatch.setattr(suggestion_service, "suggestions_generate", failing)
    tasks.enqueue_suggestions(article.pk)

    run_worker("suggestions")
    first = DBTaskResult.objects.get(args_kwargs__args=[article.pk])
    assert first.status == "FAILED"
    retry = DBTaskResult.objects.get(args_kwargs__args=[article.pk, 1])
    assert retry.status == "READY" and retry.queue_name == "suggestions"
    assert not Job.objects.exists()  # not failed yet: a retry is due

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker("suggestions")
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.failed_article_id == article.pk and job.retries == 1
    assert job.error == "MemoryError: out of memory" and job.input["article_ids"] == [article.pk]

    client.force_login(analyst)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert "The suggester failed on this article" in html and "MemoryError: out of memory" in html
    assert f'href="/jobs/{job.pk}/"' in html

    # Retried from the job's page once the cause is gone: the banner goes.
    monkeypatch.undo()
    client.post(f"/jobs/{job.pk}/retry/")
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert Statement.objects.filter(article=article, origin=Origin.SUGGESTED).exists()
    assert "The suggester failed" not in client.get(f"/articles/{article.pk}/").content.decode()


def test_a_suggester_job_failing_on_one_article_names_it_on_that_articles_page(client, analyst, monkeypatch, settings):
    settings.ANNOTATOR_TASK_RETRIES = 0
    fine, broken = ArticleFactory(), ArticleFactory()
    original = suggestion_service.suggestions_generate

    def generate(*, article, **kwargs):
        if article.pk == broken.pk:
            raise ValueError("a sentence too long to parse")
        return original(article=article, **kwargs)

    monkeypatch.setattr(suggestion_service, "suggestions_generate", generate)
    job = job_suggest_create(user=analyst, article_ids=[fine.pk, broken.pk])
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.done == 1 and job.failed_article_id == broken.pk
    client.force_login(analyst)
    assert "a sentence too long to parse" in client.get(f"/articles/{broken.pk}/").content.decode()
    assert "The suggester failed" not in client.get(f"/articles/{fine.pk}/").content.decode()


# Queues ------------------------------------------------------------------------------------


def test_an_import_is_never_queued_behind_the_suggester(analyst):
    waiting = ArticleFactory()
    suggest = job_suggest_create(user=analyst, article_ids=[waiting.pk])
    tasks.enqueue_suggestions(waiting.pk)
    job = job_import_create(user=analyst, raw=jsonl(report(1)))
    export = job_export_create(user=analyst, resource="articles", fmt="csv")
    for queued in (suggest, job, export):
        queued.refresh_from_db()
    queue_of = lambda task_id: DBTaskResult.objects.get(id=task_id).queue_name  # noqa: E731
    assert (queue_of(job.task_result_id), queue_of(suggest.task_result_id), queue_of(export.task_result_id)) == (
        "imports",
        "suggestions",
        "default",
    )

    run_worker("imports")  # the imports worker, while the suggester's work waits
    job.refresh_from_db()
    suggest.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and suggest.status == JobStatus.QUEUED
    waiting_tasks = DBTaskResult.objects.filter(status="READY")
    assert set(waiting_tasks.values_list("queue_name", flat=True)) == {"suggestions", "default"}


# A worker really killed (PostgreSQL: the worker is another process) -------------------------


@pytest.mark.postgres
def test_a_worker_killed_with_sigkill_mid_import_is_resumed_and_every_line_is_stored_once(analyst):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.db import connection

    lines = 3000
    job = job_import_create(user=analyst, raw=jsonl(*(report(n) for n in range(1, lines + 1))))
    db = connection.settings_dict
    url = f"postgres://{db['USER']}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}@{db['HOST']}:{db['PORT'] or 5432}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{url}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "annotator.settings",
        "SECRET_KEY": "tests-only-secret-key-not-used-anywhere-else-0123456789",
        "TASKS_BACKEND": "database",
        "DEBUG": "0",
    }
    root = Path(__file__).resolve().parents[2]
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--queue-name", "imports", "--no-reload", "--no-startup-delay"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Wait (polling, no timing assertion) until the worker has stored some batches.
        for _ in range(1200):
            job.refresh_from_db()
            if job.done >= 200 or not job.is_active:
                break
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)  # no handler runs: the job stays "running"
        worker.wait()
    finally:
        if worker.poll() is None:
            worker.kill()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and 0 < job.done < lines, "the worker was not caught mid-import"
    assert Article.objects.count() == job.done  # each checkpoint commits with its batch, no more, no less

    # Thirty seconds pass with no beat; the next worker starts.
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=31))
    run_worker("imports")

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.resumes == 1
    assert len(job.result["imported"]) == lines and not job.result["duplicates"] and not job.result["failed"]
    assert Article.objects.count() == lines
