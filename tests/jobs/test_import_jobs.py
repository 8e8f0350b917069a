"""A JSON Lines batch imported by a background job: every line imported, reported as
already there, or failed with its reason; a run that breaks keeps whole articles only,
and a retry finishes the batch without storing anything twice."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator import tasks
from annotator.models import Article, Job, JobKind, JobStatus, Source
from annotator.services import articles as article_service
from annotator.services.jobs import JobNotRetryable, JobProgress, JobSuperseded, job_import_create, job_retry, job_start
from annotator.tasks import import_articles_job
from tests.factories import ArticleFactory

from .conftest import jsonl, report

pytestmark = pytest.mark.django_db


def titles() -> list[str]:
    return sorted(Article.objects.values_list("title", flat=True))


def test_an_import_job_counts_imported_duplicates_and_failed_lines_with_their_reasons(analyst, run_jobs):
    existing = ArticleFactory(title="Old", body="Already stored text, word for word.")
    batch = jsonl(
        report(1, source="The Guardian"),
        {"title": "Dup", "text": "Already stored text, word for word."},
        "{not json",
        {"title": "Empty", "text": "#000000"},
        report(2),
        {"title": "Bad", "text": 42},
    )
    with run_jobs():
        job = job_import_create(user=analyst, raw=batch, name="batch.jsonl")
    job.refresh_from_db()
    assert job.kind == JobKind.IMPORT
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total) == (6, 6)
    assert job.label == "Import of “batch.jsonl”: 6 lines"
    one, two = Article.objects.get(title="Report 1"), Article.objects.get(title="Report 2")
    assert job.result["imported"] == [[1, one.pk], [5, two.pk]]
    assert job.result["duplicates"] == [[2, existing.pk]]
    assert job.result["failed"] == [
        [3, "invalid JSON: Expecting property name enclosed in double quotes at column 2"],
        [4, "Nothing is left after cleaning: 1 × colour code."],
        [6, '"text" must be a string, not a number'],
    ]
    assert job.summary == "2 imported · 1 already there · 3 failed"
    assert one.source.name == "The Guardian" and one.created_by == analyst
    assert job.started_at <= job.finished_at and job.error == ""
    assert job.task_result_id


def test_the_batch_is_stored_with_the_job_so_any_worker_and_any_retry_can_read_it(analyst):
    batch = jsonl(report(1), report(2))
    job = job_import_create(user=analyst, raw=batch, source="Reuters")  # queued: its commit never comes here
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.QUEUED
    assert job.input_text == batch
    assert job.input == {"source": "Reuters", "name": "", "project": ""}
    assert job.total == 2 and job.summary == "Waiting for a worker."
    assert not Article.objects.exists()


def test_a_batch_without_a_single_article_is_refused_before_anything_is_queued(analyst):
    with pytest.raises(ValidationError, match="No line of the file holds an article."):
        job_import_create(user=analyst, raw=jsonl("[1, 2]", {"title": "no text"}))
    assert not Job.objects.exists()


def test_the_default_source_applies_to_lines_that_name_none(analyst, run_jobs):
    with run_jobs():
        job_import_create(user=analyst, raw=jsonl(report(1), report(2, source="BBC")), source="Reuters")
    assert dict(Article.objects.values_list("title", "source__name")) == {"Report 1": "Reuters", "Report 2": "BBC"}


@pytest.fixture
def breaks_in_second_batch(monkeypatch):
    """Batches of two lines. The second batch is stored, then something fails inside its
    transaction (a lost connection, a bug): that batch must roll back whole, new outlet
    and progress checkpoint included."""
    monkeypatch.setattr(tasks, "IMPORT_BATCH", 2)
    original = article_service.articles_import_many
    calls = []

    def flaky(items, **kwargs):
        calls.append(items)
        results = original(items, **kwargs)
        if len(calls) == 2:
            assert Article.objects.filter(title="Report 3").exists()  # it was written...
            raise RuntimeError("the database connection was lost")
        return results

    monkeypatch.setattr(article_service, "articles_import_many", flaky)
    return monkeypatch


def test_a_job_that_fails_midway_is_marked_failed_and_keeps_only_whole_articles(
    analyst, run_jobs, breaks_in_second_batch
):
    batch = jsonl(report(1), report(2), report(3, source="Brand New Outlet"), report(4), report(5))
    with run_jobs():
        job = job_import_create(user=analyst, raw=batch)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "RuntimeError: the database connection was lost"
    assert "Traceback" in job.error_detail
    # ...and rolled back: the first batch is whole, nothing of the second is there.
    assert titles() == ["Report 1", "Report 2"]
    assert not Source.objects.filter(name="Brand New Outlet").exists()
    for article in Article.objects.all():
        assert article.body and article.raw and article.content_hash
        assert article.history.count() == 1
    assert job.done == 2
    assert [line for line, _ in job.result["imported"]] == [1, 2]
    assert job.summary == "Failed after 2 imported"
    assert job.can_be_retried


def test_a_retry_finishes_the_batch_without_storing_anything_twice(analyst, run_jobs, breaks_in_second_batch):
    batch = jsonl(report(1), report(2), report(3), report(4), report(5))
    with run_jobs():
        job = job_import_create(user=analyst, raw=batch)
    breaks_in_second_batch.undo()  # whatever broke is fixed

    with run_jobs():
        job_retry(job=job, user=analyst)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempt == 2
    assert job.error == "" and job.error_detail == ""
    assert titles() == [f"Report {n}" for n in range(1, 6)]
    assert [line for line, _ in job.result["imported"]] == [1, 2, 3, 4, 5]
    assert job.result["duplicates"] == [] and job.result["failed"] == []
    assert (job.done, job.total) == (5, 5)


def test_a_retry_reports_lines_stored_meanwhile_as_already_there(analyst, run_jobs):
    """A stalled job (its worker died after the first batch) is retried; meanwhile someone
    imported line 3 by hand. The retry resumes after the first batch and stores nothing twice."""
    batch = jsonl(report(1), report(2), report(3), report(4))
    job = job_import_create(user=analyst, raw=batch)
    started = job_start(job_id=job.pk, attempt=1)
    first = article_service.article_import(raw=report(1)["text"], title="Report 1", user=analyst).article
    JobProgress(started).checkpoint(done=1, result={"imported": [[1, first.pk]], "duplicates": [], "failed": []})
    by_hand = article_service.article_import(raw=report(3)["text"], title="By hand", user=analyst).article
    Job.objects.filter(pk=job.pk).update(heartbeat_at=job.created_at.replace(year=2000))  # long silent
    job.refresh_from_db()
    assert job.is_stalled and job.can_be_retried

    with run_jobs():
        job_retry(job=job, user=analyst)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert Article.objects.count() == 4
    assert [line for line, _ in job.result["imported"]] == [1, 2, 4]
    assert job.result["duplicates"] == [[3, by_hand.pk]]


def test_a_run_superseded_by_a_retry_stops_and_writes_nothing(analyst, run_jobs):
    job = job_import_create(user=analyst, raw=jsonl(report(1), report(2)))
    started = job_start(job_id=job.pk, attempt=1)
    progress = JobProgress(started)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, attempt=2)  # a retry, meanwhile
    with pytest.raises(JobSuperseded):
        progress.save()
    # The first attempt's task, delivered late, does not run at all.
    assert import_articles_job.call(job.pk, 1) == {"job_id": job.pk, "attempt": 1, "ran": False}
    assert not Article.objects.exists()
    with run_jobs():
        import_articles_job.enqueue(job.pk, 2)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and Article.objects.count() == 2


def test_only_a_failed_or_stalled_job_can_be_retried(analyst, run_jobs):
    with run_jobs():
        done = job_import_create(user=analyst, raw=jsonl(report(1)))
    with pytest.raises(JobNotRetryable, match="succeeded"):
        job_retry(job=done, user=analyst)
    running = job_import_create(user=analyst, raw=jsonl(report(2)))
    job_start(job_id=running.pk, attempt=1)
    with pytest.raises(JobNotRetryable, match="still running"):
        job_retry(job=running, user=analyst)


def test_progress_is_written_once_per_batch_not_once_per_article(analyst, run_jobs, monkeypatch):
    monkeypatch.setattr(tasks, "IMPORT_BATCH", 10)
    batch = jsonl(*(report(n) for n in range(1, 21)))
    with CaptureQueriesContext(connection) as queries, run_jobs():
        job = job_import_create(user=analyst, raw=batch)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and len(job.result["imported"]) == 20
    job_writes = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "annotator_job"')]
    # Running, one checkpoint per batch of ten, succeeded, the task's id: 20 articles, 5 writes.
    assert len(job_writes) == 5


def test_progress_writes_follow_the_interval():
    job = Job(pk=1, kind=JobKind.SUGGEST, total=10, result={"processed": 0})
    progress = JobProgress(job, interval=3600)
    saved = []
    progress.save = lambda **changes: saved.append(progress.done)
    for _ in range(10):
        progress.advance()
    assert saved == []
    progress.interval = 0
    progress.advance(0)
    assert saved == [10]


def test_a_job_that_cannot_be_queued_is_failed_so_it_can_be_retried(analyst, run_jobs, monkeypatch):
    def refuse(*args):
        raise ConnectionError("queue unreachable")

    monkeypatch.setitem(tasks.JOB_TASKS, JobKind.IMPORT, type("T", (), {"enqueue": staticmethod(refuse)})())
    with run_jobs():
        job = job_import_create(user=analyst, raw=jsonl(report(1)))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "It could not be queued: ConnectionError: queue unreachable"
    assert job.can_be_retried
