"""Jobs with the database task backend, as docker-compose runs them: the web request only
queues (the job shows "queued", polling), and `manage.py db_worker` — here one pass of
it, `--batch` — runs the task in its own transactions, as a worker in another container
would. PostgreSQL only: that is what the team server runs."""

import pytest
from django.conf import settings
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from annotator.models import Article, Job, JobStatus, Origin, Statement
from annotator.services import articles as article_service
from annotator.services.jobs import job_export_create, job_retry
from tests.factories import StatementFactory

from .conftest import jsonl, report, run_worker

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def database_backend():
    # override_settings sends setting_changed, on which django.tasks drops its cached backends.
    with override_settings(TASKS=DATABASE_BACKEND):
        yield


def test_a_queued_import_waits_for_the_worker_which_then_runs_it(client, analyst):
    client.force_login(analyst)
    response = client.post(
        "/articles/new/", {"text": jsonl(report(1), report(2), "{oops"), "fmt": "jsonl", "action": "background"}
    )
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/"

    # Queued: a task row for the worker, nothing imported yet, the page polls.
    task = DBTaskResult.objects.get(task_path="annotator.tasks.import_articles_job")
    assert task.status == "READY" and task.args_kwargs == {"args": [job.pk, 1], "kwargs": {}}
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.task_result_id == str(task.id)
    assert not Article.objects.exists()
    html = client.get(f"/jobs/{job.pk}/", headers=HTMX).content.decode()
    assert "Waiting for a worker" in html and 'hx-trigger="every 1s"' in html

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.summary == "2 imported · 1 failed"
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.return_value["ran"] is True
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Report 1", "Report 2"]
    # The import queued the suggester for each new article, and the same pass ran it.
    assert Statement.objects.filter(origin=Origin.SUGGESTED).exists()
    html = client.get(f"/jobs/{job.pk}/", headers=HTMX).content.decode()
    assert "hx-trigger" not in html and "2 imported · 1 failed" in html


def test_a_failing_run_fails_the_job_and_its_task_and_a_retry_queues_a_new_task(analyst, monkeypatch, settings):
    from annotator.services.jobs import job_import_create

    settings.ANNOTATOR_TASK_RETRIES = 0  # no automatic retry (see test_reliability.py): it fails at once

    original = article_service.articles_import_many
    monkeypatch.setattr(
        article_service,
        "articles_import_many",
        lambda *a, **k: (_ for _ in ()).throw(ConnectionError("database went away")),
    )
    job = job_import_create(user=analyst, raw=jsonl(report(1), report(2)))
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "ConnectionError: database went away"
    first = DBTaskResult.objects.get(id=job.task_result_id)
    assert first.status == "FAILED"
    assert "ConnectionError" in first.traceback  # the operator's copy of the failure
    assert not Article.objects.exists()

    monkeypatch.setattr(article_service, "articles_import_many", original)
    job_retry(job=job, user=analyst)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempt == 2
    second = DBTaskResult.objects.get(id=job.task_result_id)
    assert second.pk != first.pk and second.args_kwargs["args"] == [job.pk, 2]
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and Article.objects.count() == 2


def test_an_export_written_by_the_worker_is_downloaded_from_the_web(client, analyst, export_dir):
    from django.http import QueryDict

    from annotator.exports.pipeline import export_chunks

    StatementFactory(annotator=analyst)
    job = job_export_create(user=analyst, resource="statements", fmt="jsonl")
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    client.force_login(analyst)
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404  # nothing offered yet
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    download = client.get(f"/jobs/{job.pk}/download/")
    assert b"".join(download.streaming_content) == b"".join(export_chunks("statements", "jsonl", QueryDict("")))
