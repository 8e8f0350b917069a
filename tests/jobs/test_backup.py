"""Backups hold analysts' work, not the machinery's: no jobs (their inputs are the
articles they imported), no export files. A restore starts the job list afresh."""

import gzip
import json

import pytest
from django.core.management import call_command

from annotator.models import Article, Job, JobKind, JobStatus
from annotator.services.backup import backed_up_models
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_jobs_are_not_backed_up_and_a_restore_empties_the_job_list(analyst, tmp_path):
    ArticleFactory(title="Kept")
    Job.objects.create(kind=JobKind.IMPORT, status=JobStatus.SUCCEEDED, label="old", started_by=analyst, input_text="x")
    assert Job not in backed_up_models()
    path = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(path), stdout=open("/dev/null", "w"))
    with gzip.open(path, "rt") as backup:
        models = {json.loads(line)["model"] for line in backup}
    assert "annotator.article" in models and "annotator.job" not in models

    call_command("restore", str(path), "--yes", stdout=open("/dev/null", "w"))
    assert list(Article.objects.values_list("title", flat=True)) == ["Kept"]
    assert not Job.objects.exists()
