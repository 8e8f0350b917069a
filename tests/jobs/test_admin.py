"""The admin shows jobs read-only, without their uploaded input; deleting a job there
deletes its export file too."""

import pytest

from annotator.models import Job, JobKind, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_superuser(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))
    return client


def test_jobs_are_listed_and_shown_read_only_without_their_input(as_superuser, analyst):
    job = Job.objects.create(
        kind=JobKind.IMPORT, status=JobStatus.FAILED, label="Night batch", started_by=analyst, input_text="SECRET-INPUT"
    )
    listing = as_superuser.get("/admin/annotator/job/")
    assert listing.status_code == 200 and "Night batch" in listing.content.decode()
    page = as_superuser.get(f"/admin/annotator/job/{job.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200 and "SECRET-INPUT" not in html
    assert 'name="_save"' not in html  # view only
    assert as_superuser.get("/admin/annotator/job/add/").status_code == 403


def test_deleting_an_export_job_in_the_admin_deletes_its_file(as_superuser, analyst, export_dir):
    export_dir.mkdir(parents=True)
    (export_dir / "job-1-abc.csv").write_text("statement_id\r\n")
    job = Job.objects.create(
        kind=JobKind.EXPORT, status=JobStatus.SUCCEEDED, label="Export", started_by=analyst, file="job-1-abc.csv"
    )
    response = as_superuser.post(f"/admin/annotator/job/{job.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Job.objects.exists() and list(export_dir.iterdir()) == []
