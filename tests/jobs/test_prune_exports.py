"""Prepared export files are removed after ANNOTATOR_EXPORT_KEEP_DAYS; the job stays and
says so. Files no job names (a deleted job's, a crashed run's partial one) go too, once
as old; anything else in the directory is left alone."""

import datetime as dt
import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from annotator.models import Job, JobStatus
from annotator.services.export_files import export_files_prune
from annotator.services.jobs import job_export_create
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db

WEEK = dt.timedelta(days=7)


def exported(analyst, run_jobs, *, days_ago: float) -> Job:
    with run_jobs():
        job = job_export_create(user=analyst, resource="statements", fmt="csv")
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=days_ago))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.file
    return job


def aged(path, days: float, content: bytes | None = None):
    if content is not None:
        path.write_bytes(content)
    when = (timezone.now() - dt.timedelta(days=days)).timestamp()
    os.utime(path, (when, when))
    return path


def test_a_file_older_than_the_limit_is_removed_and_its_job_kept(analyst, run_jobs, export_dir):
    StatementFactory()
    old, recent = exported(analyst, run_jobs, days_ago=8), exported(analyst, run_jobs, days_ago=1)
    old_path, recent_path = export_dir / old.file, export_dir / recent.file
    size = old_path.stat().st_size

    pruned = export_files_prune(older_than=WEEK)

    assert (pruned.files, pruned.bytes, pruned.leftovers) == (1, size, 0)
    assert not old_path.exists() and recent_path.exists()
    old.refresh_from_db()
    assert old.status == JobStatus.SUCCEEDED and old.file == ""
    assert old.result["rows"] == 1 and "file_removed_at" in old.result


def test_the_job_page_says_the_file_was_removed_and_offers_no_download(client, analyst, run_jobs):
    job = exported(analyst, run_jobs, days_ago=30)
    export_files_prune(older_than=WEEK)
    client.force_login(analyst)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The file was removed on" in page and "kept for 7 days" in page
    assert f"/jobs/{job.pk}/download/" not in page
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_leftover_files_go_once_as_old_and_other_files_stay(analyst, run_jobs, export_dir):
    kept = exported(analyst, run_jobs, days_ago=1)
    aged(export_dir / kept.file, 30)  # named by a job within the limit: kept, whatever its age
    deleted_jobs = aged(export_dir / "job-999-0123abcd.csv", 8, b"statement_id\n")
    crashed_run = aged(export_dir / ".job-998-x1y2.part", 8, b"statement_id,")
    writing_now = aged(export_dir / ".job-997-z9.part", 0, b"statement_id,")
    not_ours = aged(export_dir / "notes.txt", 100, b"keep me")

    pruned = export_files_prune(older_than=WEEK)

    assert pruned.leftovers == 2
    assert not deleted_jobs.exists() and not crashed_run.exists()
    assert (export_dir / kept.file).exists() and writing_now.exists() and not_ours.exists()


def test_the_command_reports_what_it_removed_and_refuses_a_negative_age(analyst, run_jobs, capsys):
    exported(analyst, run_jobs, days_ago=3)
    call_command("prune_exports", "--days", "2")
    assert "Removed 1 export file(s) older than 2 day(s)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--days must be 0 or more"):
        call_command("prune_exports", "--days", "-1")


def test_the_command_keeps_files_for_the_configured_days_by_default(analyst, run_jobs, settings):
    settings.ANNOTATOR_EXPORT_KEEP_DAYS = 10
    job = exported(analyst, run_jobs, days_ago=8)
    call_command("prune_exports")
    job.refresh_from_db()
    assert job.file
