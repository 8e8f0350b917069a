"""The jobs pages: the list (yours, or everyone's for reviewers), a job's page whose
progress polls itself until the job is done, retry, the download, and the entry points
on the import page and the article list."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from annotator.models import Article, Job, JobKind, JobStatus
from annotator.services.jobs import job_export_create, job_import_create, job_start
from tests.factories import ArticleFactory, StatementFactory

from .conftest import jsonl, report

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
POLL_1S = 'hx-trigger="every 1s"'


def make_job(user, *, status=JobStatus.SUCCEEDED, kind=JobKind.IMPORT, **fields) -> Job:
    return Job.objects.create(kind=kind, status=status, label=f"A {kind} job", started_by=user, **fields)


# ---- the import page ----------------------------------------------------------------------


def test_import_in_the_background_starts_a_job_and_its_page_shows_the_result(client, analyst, run_jobs):
    client.force_login(analyst)
    upload = SimpleUploadedFile("batch.jsonl", jsonl(report(1), report(2), "{oops").encode())
    with run_jobs():
        response = client.post("/articles/new/", {"file": upload, "source": "Reuters", "action": "background"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.label == "Import of “batch.jsonl”: 3 lines" and job.input["source"] == "Reuters"

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "2 imported · 1 failed" in html
    assert 'class="job-status job-succeeded"' in html
    for article in Article.objects.all():
        assert f'href="/articles/{article.pk}/"' in html
    assert '<td class="num">3</td><td>invalid JSON: Expecting property name enclosed in double quotes' in html
    assert POLL_1S not in html


def test_an_htmx_background_import_navigates_to_the_job(client, analyst, run_jobs):
    client.force_login(analyst)
    with run_jobs():
        response = client.post(
            "/articles/new/", {"text": jsonl(report(1)), "fmt": "jsonl", "action": "background"}, headers=HTMX
        )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/jobs/{Job.objects.get().pk}/"


def test_the_preview_of_a_batch_offers_the_background_import_and_keeps_the_file_name(client, analyst, run_jobs):
    client.force_login(analyst)
    upload = SimpleUploadedFile("night-batch.jsonl", jsonl(report(1), report(2)).encode())
    preview = client.post("/articles/new/", {"file": upload, "action": "preview"})
    html = preview.content.decode()
    assert 'name="action" value="background"' in html
    assert '<input type="hidden" name="batch_name" value="night-batch.jsonl">' in html
    with run_jobs():
        client.post(
            "/articles/new/",
            {
                "text": jsonl(report(1), report(2)),
                "fmt": "jsonl",
                "batch_name": "night-batch.jsonl",
                "action": "background",
            },
        )
    assert Job.objects.get().label == "Import of “night-batch.jsonl”: 2 lines"


@pytest.mark.parametrize(
    "data, error",
    [
        (
            {"text": "Kirby said there were indications.", "action": "background"},
            "Only a JSON Lines batch (one article a line) is imported in the background.",
        ),
        (
            {"text": jsonl("[1]", {"title": "none"}), "fmt": "jsonl", "action": "background"},
            "No line of the file holds an article.",
        ),
        ({"text": "", "action": "background"}, "Paste the article&#x27;s text or choose a file to upload."),
    ],
)
def test_bad_input_for_a_background_import_is_a_clear_form_error(client, analyst, data, error):
    client.force_login(analyst)
    response = client.post("/articles/new/", data)
    assert response.status_code == 422
    assert error in response.content.decode()
    assert not Job.objects.exists()


# ---- a job's page and its polling ---------------------------------------------------------


def test_while_a_job_runs_its_progress_region_polls_itself_and_once_done_it_stops(client, analyst):
    job = job_import_create(user=analyst, raw=jsonl(report(1), report(2), report(3), report(4)))
    client.force_login(analyst)

    queued = client.get(f"/jobs/{job.pk}/", headers=HTMX).content.decode()
    assert queued.strip().startswith('<section id="job"')  # the partial, not the page
    assert POLL_1S in queued and f'hx-get="/jobs/{job.pk}/"' in queued
    assert "Waiting for a worker" in queued
    assert '<progress max="4" value="0"' in queued

    job_start(job_id=job.pk, attempt=1)
    Job.objects.filter(pk=job.pk).update(done=1)
    running = client.get(f"/jobs/{job.pk}/", headers=HTMX).content.decode()
    assert POLL_1S in running and '<progress max="4" value="1"' in running and "Running" in running

    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, done=4, summary="4 imported")
    done = client.get(f"/jobs/{job.pk}/", headers=HTMX).content.decode()
    assert "hx-trigger" not in done and "hx-get" not in done
    assert '<progress max="4" value="4"' in done and "4 imported" in done

    full = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "<!doctype html>" in full and "<h1>" in full


def test_a_running_job_whose_worker_went_silent_is_shown_stalled_and_can_be_retried(client, analyst, settings):
    job = job_import_create(user=analyst, raw=jsonl(report(1)))
    job_start(job_id=job.pk, attempt=1)
    long_ago = timezone.now() - dt.timedelta(seconds=settings.ANNOTATOR_JOB_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
    client.force_login(analyst)
    html = client.get(f"/jobs/{job.pk}/", headers=HTMX).content.decode()
    assert "Stalled" in html and "its worker seems to have stopped" in html
    assert 'hx-trigger="every 5s"' in html
    assert f'action="/jobs/{job.pk}/retry/"' in html


def test_a_failed_job_shows_its_error_and_a_retry_button_that_requeues_it(client, analyst, run_jobs):
    job = make_job(
        analyst,
        status=JobStatus.FAILED,
        input_text=jsonl(report(1), report(2)),
        total=2,
        error="RuntimeError: the database connection was lost",
        result={"imported": [], "duplicates": [], "failed": []},
    )
    client.force_login(analyst)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "This job failed." in html and "RuntimeError: the database connection was lost" in html
    assert "Retry" in html

    with run_jobs():
        response = client.post(f"/jobs/{job.pk}/retry/", headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.strip().startswith('<section id="job"')
    assert "Queued again, with the same input." in html  # the messages, out of band
    assert POLL_1S in html  # queued again: the region polls again
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempt == 2 and Article.objects.count() == 2
    html = client.get(f"/jobs/{job.pk}/", headers=HTMX).content.decode()
    assert "2 imported" in html and "hx-trigger" not in html


def test_retrying_a_job_that_succeeded_says_there_is_nothing_to_retry(client, analyst):
    job = make_job(analyst)
    client.force_login(analyst)
    response = client.post(f"/jobs/{job.pk}/retry/", follow=True)
    assert response.redirect_chain == [(f"/jobs/{job.pk}/", 302)]
    assert "This job succeeded; there is nothing to retry." in response.content.decode()
    job.refresh_from_db()
    assert job.attempt == 1


# ---- who sees what ------------------------------------------------------------------------


def test_the_list_shows_your_own_jobs_and_reviewers_see_everyones(client, analyst, make_user, reviewer):
    other = make_user("analyst")
    mine, theirs = make_job(analyst), make_job(other)
    client.force_login(analyst)
    listed = client.get("/jobs/").context["page_obj"].object_list
    assert list(listed) == [mine]
    assert client.get(f"/jobs/{theirs.pk}/").status_code == 403
    client.force_login(reviewer)
    response = client.get("/jobs/")
    assert list(response.context["page_obj"].object_list) == [theirs, mine]
    assert '<th scope="col">Started by</th>' in response.content.decode()
    assert client.get(f"/jobs/{theirs.pk}/").status_code == 200


def test_a_user_who_lost_the_role_of_a_job_may_see_it_but_not_retry_it(client, viewer):
    job = make_job(viewer, status=JobStatus.FAILED)  # an import started while still an analyst
    client.force_login(viewer)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "This job failed." in html and "Retry" not in html
    assert client.post(f"/jobs/{job.pk}/retry/").status_code == 403


def test_an_export_file_is_downloaded_only_by_whoever_may_see_its_job(
    client, analyst, make_user, reviewer, viewer, run_jobs
):
    StatementFactory()
    with run_jobs():
        job = job_export_create(user=analyst, resource="statements", fmt="csv")
    job.refresh_from_db()
    url = f"/jobs/{job.pk}/download/"

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")
    for outsider in (make_user("analyst"), viewer, make_user(None)):
        client.force_login(outsider)
        assert client.get(url).status_code == 403, outsider
    for allowed in (analyst, reviewer):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{job.result["filename"]}"'
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"statement_id,")


def test_only_a_finished_export_with_its_file_is_offered(client, analyst, export_dir):
    client.force_login(analyst)
    running = make_job(analyst, kind=JobKind.EXPORT, status=JobStatus.RUNNING, file="")
    not_export = make_job(analyst, kind=JobKind.IMPORT)
    gone = make_job(analyst, kind=JobKind.EXPORT, file="job-9-0123456789abcdef.csv", result={"filename": "x.csv"})
    sneaky = make_job(analyst, kind=JobKind.EXPORT, file="../settings.py", result={"filename": "x.csv"})
    for job in (running, not_export, sneaky):
        assert client.get(f"/jobs/{job.pk}/download/").status_code == 404, job.file
    # A file removed from the server since: back to the job, which says so.
    vanished = client.get(f"/jobs/{gone.pk}/download/", follow=True)
    assert vanished.redirect_chain == [(f"/jobs/{gone.pk}/", 302)]
    assert "The file is no longer on the server; prepare it again." in vanished.content.decode()


def test_export_files_are_not_under_the_static_or_media_urls(settings):
    from django.conf import settings as live

    assert not str(live.ANNOTATOR_EXPORT_DIR).startswith(str(live.STATIC_ROOT))
    assert getattr(live, "MEDIA_URL", "") in ("", "/")  # media files are not served at all


# ---- the jobs list ------------------------------------------------------------------------


def test_the_list_polls_while_a_job_is_active_and_not_once_all_are_done(client, analyst):
    client.force_login(analyst)
    make_job(analyst)
    assert "hx-trigger" not in client.get("/jobs/", headers=HTMX).content.decode()
    active = make_job(analyst, status=JobStatus.RUNNING, total=10, done=3)
    html = client.get("/jobs/", headers=HTMX).content.decode()
    assert html.strip().startswith('<section id="jobs"') and 'hx-trigger="every 2s"' in html
    assert '<progress max="10" value="3"' in html
    Job.objects.filter(pk=active.pk).update(status=JobStatus.SUCCEEDED, done=10)
    assert "hx-trigger" not in client.get("/jobs/", headers=HTMX).content.decode()


def test_the_jobs_list_costs_the_same_queries_for_one_job_and_for_many(
    client, reviewer, make_user, django_assert_num_queries
):
    client.force_login(reviewer)
    make_job(make_user("analyst"), result={"imported": [[n, n] for n in range(1000)]}, input_text="x" * 10_000)
    # Session, user with its role, the count, the page of jobs with their starters; and
    # the user's projects, for the nav's project switcher.
    with django_assert_num_queries(5):
        one = client.get("/jobs/")
    for n in range(30):
        make_job(make_user("analyst"), status=JobStatus.FAILED if n % 2 else JobStatus.RUNNING)
    with django_assert_num_queries(5):
        many = client.get("/jobs/")
    assert len(one.context["page_obj"].object_list) == 1
    assert len(many.context["page_obj"].object_list) == 31


def test_the_list_reads_neither_inputs_nor_results(client, analyst, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_job(analyst)
    client.force_login(analyst)
    with CaptureQueriesContext(connection) as queries:
        client.get("/jobs/")
    select = next(q["sql"] for q in queries if 'FROM "annotator_job"' in q["sql"] and "COUNT" not in q["sql"])
    for column in ("input_text", '"input"', '"result"', "error_detail"):
        assert column not in select.split(" FROM ")[0], column


# ---- the article list's actions -----------------------------------------------------------


def test_the_article_list_offers_suggest_and_prepare_as_a_file_for_its_filter(client, analyst, viewer):
    ArticleFactory(title="One")
    ArticleFactory(title="Two")
    client.force_login(analyst)
    html = client.get("/articles/?status=new&page=1&sort=title").content.decode()
    assert "Suggest for these 2 articles" in html and "Prepare as a file" in html
    assert '<input type="hidden" name="status" value="new">' in html
    assert 'name="page"' not in html.split('action="/jobs/suggest/"')[1].split("</form>")[0]
    client.force_login(viewer)
    html = client.get("/articles/").content.decode()
    assert "Suggest for" not in html and "Prepare as a file" in html


def test_prepare_as_a_file_from_the_article_list_exports_what_it_shows(client, viewer, run_jobs, export_dir):
    from django.http import QueryDict

    from annotator.exports.pipeline import export_chunks

    kept = ArticleFactory(title="Kept")
    ArticleFactory(title="Other")
    client.force_login(viewer)
    with run_jobs():
        response = client.post(
            "/jobs/export/", {"resource": "articles", "fmt": "csv", "q": "", "source": str(kept.source_id)}
        )
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.input == {"resource": "articles", "fmt": "csv", "query": f"source={kept.source_id}"}
    expected = b"".join(export_chunks("articles", "csv", QueryDict(f"source={kept.source_id}")))
    assert (export_dir / job.file).read_bytes() == expected
    assert b"Kept" in expected and b"Other" not in expected
    html = client.get(response.url).content.decode()
    assert f'href="/jobs/{job.pk}/download/"' in html and "1 row" in html


def test_the_jobs_page_prepares_the_whole_archive_and_refuses_a_bad_choice_clearly(client, viewer, run_jobs):
    client.force_login(viewer)
    page = client.get("/jobs/").content.decode()
    assert "Prepare the whole archive as a file" in page and 'action="/jobs/export/"' in page
    refused = client.post("/jobs/export/", {"resource": "articles", "fmt": "w3c"})
    assert refused.status_code == 422
    assert "Only statements export as W3C Web Annotations; choose CSV or JSON Lines." in refused.content.decode()
    bad_filter = client.post("/jobs/export/", {"resource": "statements", "fmt": "csv", "stance": "maybe"})
    assert bad_filter.status_code == 422
    assert "stance: Select a valid choice." in bad_filter.content.decode()
    assert not Job.objects.exists()
    with run_jobs():
        client.post("/jobs/export/", {"resource": "statements", "fmt": "w3c"})
    assert Job.objects.get().label == "Export of statements as W3C Web Annotations (the whole archive)"


def test_suggest_with_a_bad_filter_or_no_article_starts_nothing_and_says_why(client, analyst):
    client.force_login(analyst)
    bad = client.post("/jobs/suggest/", {"status": "someday"}, follow=True)
    assert bad.redirect_chain == [("/articles/?status=someday", 302)]
    assert "Nothing was started: the filter is not valid (status: Select a valid choice." in bad.content.decode()
    empty = client.post("/jobs/suggest/", {"status": "done"}, follow=True)
    assert "No article matches this filter: there is nothing to run the suggester on." in empty.content.decode()
    assert not Job.objects.exists()


def test_the_nav_links_the_jobs_page_for_every_role(client, viewer):
    client.force_login(viewer)
    html = client.get("/jobs/").content.decode()
    assert '<a href="/jobs/" aria-current="page">Jobs</a>' in html
