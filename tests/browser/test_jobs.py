"""A background import in a real browser: the job's page shows it queued with a progress
bar, polls by itself while the worker runs it, and shows the result when it is done —
without a reload, and then stops polling."""

import pytest
from django.conf import settings
from django.test import override_settings

from annotator.models import Article, Job
from tests.browser.helpers import settled
from tests.jobs.conftest import jsonl, report, run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.ANNOTATOR_EXPORT_DIR = tmp_path / "exports"
    return settings.ANNOTATOR_EXPORT_DIR


@pytest.fixture
def database_backend():
    # Jobs wait for a worker, as on the team server, instead of running during the request.
    backend = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    with override_settings(TASKS={"default": backend}):
        yield


def test_a_background_import_shows_its_progress_then_its_result(
    logged_in_page, live_server, analyst, database_backend, tmp_path
):
    batch = tmp_path / "night-batch.jsonl"
    batch.write_text(jsonl(report(1), report(2), {"title": "Broken", "text": 42}))
    page = logged_in_page(analyst)
    page.goto(f"{live_server.url}/articles/new/")
    page.get_by_label("Or upload a file").set_input_files(str(batch))
    with page.expect_navigation():
        page.get_by_role("button", name="Import in the background").click()

    job = Job.objects.get()
    assert page.url == f"{live_server.url}/jobs/{job.pk}/"
    assert page.get_by_role("heading", name="Import of “night-batch.jsonl”: 3 lines").is_visible()
    region = page.locator("#job")
    assert region.locator(".job-status").inner_text() == "Queued"
    assert region.locator("progress").get_attribute("max") == "3"
    assert region.locator("progress").get_attribute("value") == "0"
    assert "Waiting for a worker" in region.inner_text()
    assert region.get_attribute("hx-trigger") == "every 1s"
    page.evaluate("() => { window.stillTheSamePage = true }")

    run_worker()

    region.locator(".job-status", has_text="Succeeded").wait_for()
    settled(page)
    assert page.evaluate("() => window.stillTheSamePage") is True  # updated in place, not reloaded
    assert region.locator("progress").get_attribute("value") == "3"
    assert "2 imported · 1 failed" in region.inner_text()
    failed = region.locator("table.job-failed tbody tr")
    assert failed.inner_text().split("\t") == ["3", '"text" must be a string, not a number']
    for article in Article.objects.order_by("pk"):
        assert region.get_by_role("link", name=article.title).get_attribute("href") == f"/articles/{article.pk}/"
    assert page.locator("#job").get_attribute("hx-trigger") is None  # polling stopped


def test_the_whole_archive_prepared_from_the_jobs_page_is_offered_for_download(
    logged_in_page, live_server, viewer, export_dir
):
    page = logged_in_page(viewer)
    page.goto(f"{live_server.url}/articles/")
    page.get_by_role("link", name="Jobs").click()
    page.get_by_role("heading", name="Jobs").wait_for()
    page.get_by_label("What").select_option("statements")
    page.get_by_label("Format").select_option("jsonl")
    with page.expect_navigation():
        page.get_by_role("button", name="Prepare the file").click()
    job = Job.objects.get()
    assert page.url == f"{live_server.url}/jobs/{job.pk}/"
    assert page.get_by_role("link", name="Download").get_attribute("href") == f"/jobs/{job.pk}/download/"
    assert [path.name for path in export_dir.iterdir()] == [Job.objects.get().file]
    page.get_by_role("link", name="Jobs", exact=True).first.click()
    row = page.get_by_role("row", name="Export of statements as JSON Lines")
    row.wait_for()
    assert "Succeeded" in row.inner_text()


def test_a_queued_job_is_stopped_in_place_and_a_retry_then_runs_it(
    logged_in_page, live_server, analyst, database_backend, tmp_path
):
    batch = tmp_path / "wrong-batch.jsonl"
    batch.write_text(jsonl(report(1), report(2)))
    page = logged_in_page(analyst)
    page.goto(f"{live_server.url}/articles/new/")
    page.get_by_label("Or upload a file").set_input_files(str(batch))
    with page.expect_navigation():
        page.get_by_role("button", name="Import in the background").click()
    region = page.locator("#job")
    assert region.locator(".job-status").inner_text() == "Queued"
    settled(page)

    region.get_by_role("button", name="Stop").click()

    region.locator(".job-status", has_text="Stopped").wait_for()
    settled(page)
    assert "This job was stopped." in region.inner_text()
    assert page.locator("#messages").inner_text().startswith("Stopped.")
    assert region.get_attribute("hx-trigger") is None  # finished: no more polling
    assert region.get_by_role("button", name="Stop").count() == 0

    region.get_by_role("button", name="Retry").click()
    region.locator(".job-status", has_text="Queued").wait_for()
    run_worker()
    region.locator(".job-status", has_text="Succeeded").wait_for()
    assert Article.objects.count() == 2
