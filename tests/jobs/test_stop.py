"""Stopping a job: its run stops at its next write, what it had stored stays whole, and
the job, marked stopped, can be retried to carry on where it stopped."""

import pytest

from annotator.exports import pipeline
from annotator.models import Article, Job, JobStatus
from annotator.services import articles as article_service
from annotator.services.jobs import (
    JobNotStoppable,
    JobProgress,
    JobSuperseded,
    job_export_create,
    job_import_create,
    job_retry,
    job_start,
    job_stop,
)
from annotator.tasks import export_job, import_articles_job
from tests.factories import StatementFactory

from .conftest import jsonl, report

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_a_stopped_import_keeps_its_stored_batch_and_a_retry_carries_on(analyst, run_jobs):
    job = job_import_create(user=analyst, raw=jsonl(report(1), report(2), report(3)))
    run = JobProgress(job_start(job_id=job.pk, attempt=1))
    first = article_service.article_import(raw=report(1)["text"], title="Report 1", user=analyst).article
    run.checkpoint(done=1, result={"imported": [[1, first.pk]], "duplicates": [], "failed": []})

    job_stop(job=job, user=analyst)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.is_stopped and not job.is_active
    assert job.error == f"Stopped by {analyst.username}." and job.summary == "Stopped after 1 imported."
    assert job.done == 1 and job.can_be_retried
    # The run, at its next write, finds the job moved on and stops without writing.
    with pytest.raises(JobSuperseded):
        run.checkpoint(done=2, result={"imported": [[1, first.pk], [2, 0]], "duplicates": [], "failed": []})
    assert import_articles_job.call(job.pk, 1)["ran"] is False

    with run_jobs():
        job_retry(job=job, user=analyst)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and not job.is_stopped
    assert [line for line, _ in job.result["imported"]] == [1, 2, 3]
    assert Article.objects.count() == 3


def test_a_queued_job_stopped_before_a_worker_took_it_never_runs(analyst):
    job = job_import_create(user=analyst, raw=jsonl(report(1)))
    job_stop(job=job, user=analyst)
    assert import_articles_job.call(job.pk, 1)["ran"] is False
    job.refresh_from_db()
    assert job.is_stopped and job.summary == "Stopped." and not Article.objects.exists()


def test_a_stopped_export_leaves_no_file(analyst, export_dir, monkeypatch):
    StatementFactory.create_batch(3)
    job = job_export_create(user=analyst, resource="statements", fmt="csv")

    def chunks_then_stopped(*args, **kwargs):
        yield b"statement_id,quote\r\n"
        job_stop(job=job, user=analyst)  # someone presses Stop while the file is written
        yield b"1,x\r\n"

    monkeypatch.setattr(pipeline, "export_chunks", chunks_then_stopped)
    monkeypatch.setattr("django.conf.settings.ANNOTATOR_JOB_PROGRESS_INTERVAL", 0)
    assert export_job.call(job.pk, 1)["ran"] is False
    job.refresh_from_db()
    assert job.is_stopped and job.file == "" and job.summary == "Stopped."
    assert list(export_dir.iterdir()) == []


def test_a_finished_job_cannot_be_stopped(analyst, run_jobs):
    with run_jobs():
        job = job_import_create(user=analyst, raw=jsonl(report(1)))
    with pytest.raises(JobNotStoppable, match="already finished"):
        job_stop(job=job, user=analyst)


def test_the_job_page_offers_stop_while_it_runs_and_says_it_was_stopped(client, analyst):
    job = job_import_create(user=analyst, raw=jsonl(report(1), report(2)))
    job_start(job_id=job.pk, attempt=1)
    client.force_login(analyst)
    assert f'action="/jobs/{job.pk}/stop/"' in client.get(f"/jobs/{job.pk}/").content.decode()

    response = client.post(f"/jobs/{job.pk}/stop/", headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200 and html.strip().startswith('<section id="job"')
    assert "Stopped. What it had finished is kept" in html  # the message, out of band
    assert "This job was stopped." in html and f"Stopped by {analyst.username}." in html
    assert f'action="/jobs/{job.pk}/retry/"' in html and "/stop/" not in html
    assert "hx-trigger" not in html  # finished: the region stops polling
    assert ">Stopped</span>" in client.get("/jobs/").content.decode()


def test_stopping_a_finished_job_says_so(client, analyst, run_jobs):
    with run_jobs():
        job = job_import_create(user=analyst, raw=jsonl(report(1)))
    client.force_login(analyst)
    response = client.post(f"/jobs/{job.pk}/stop/", follow=True)
    assert response.redirect_chain == [(f"/jobs/{job.pk}/", 302)]
    assert "This job has already finished; there is nothing to stop." in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempt == 1


def test_someone_who_lost_the_role_of_a_job_may_not_stop_it(client, make_user):
    owner = make_user("analyst")
    job = job_import_create(user=owner, raw=jsonl(report(1)))
    owner.groups.clear()
    owner.groups.add(*make_user("viewer").groups.all())
    client.force_login(owner)
    assert "/stop/" not in client.get(f"/jobs/{job.pk}/").content.decode()
    assert client.post(f"/jobs/{job.pk}/stop/").status_code == 403
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
