"""The suggester over a filtered set of articles, and exports written to a file: the file
holds exactly the streaming export's bytes, and a file is offered only once it is whole."""

import pytest
from django.http import QueryDict

from annotator.exports import pipeline
from annotator.exports.pipeline import export_chunks
from annotator.models import Job, JobKind, JobStatus, Origin, ReviewStatus, Statement
from annotator.services.jobs import job_export_create, job_retry, job_suggest_create
from annotator.services.suggestions import suggestion_reject
from tests.factories import ArticleFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Pentagon chief spokesperson Rear Admiral John Kirby said there were indications the Iranians flew missions.\n\n"
    '"Iran has never been involved in any air strikes," a senior Iranian official told Reuters.\n\n'
    '"Nothing has changed about our policy," Kirby told reporters.'
)


def suggested(article) -> int:
    return Statement.objects.filter(article=article, origin=Origin.SUGGESTED).count()


# ---- suggestions --------------------------------------------------------------------------


def test_a_suggest_job_runs_the_suggester_over_the_filtered_articles_only(client, analyst, run_jobs):
    reuters, other = SourceFactory(name="Reuters"), SourceFactory(name="Tass")
    chosen = [ArticleFactory(source=reuters, body=f"{BODY}\n\nItem {n}.") for n in range(2)]
    left_out = ArticleFactory(source=other, body=f"{BODY}\n\nItem 9.")
    client.force_login(analyst)
    with run_jobs():
        response = client.post("/jobs/suggest/", {"source": str(reuters.pk), "page": "2", "sort": "title"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.kind == JobKind.SUGGEST and job.started_by == analyst
    assert job.input == {"article_ids": [a.pk for a in chosen], "query": f"source={reuters.pk}"}
    assert job.label == "Suggestions for the filtered articles: 2 articles"
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert [suggested(a) for a in chosen] == [3, 3] and suggested(left_out) == 0
    assert job.result == {
        "processed": 2,
        "created": 6,
        "skipped": 0,
        "dropped": 0,
        "missing": 0,
        "articles": [[chosen[0].pk, 3], [chosen[1].pk, 3]],
    }
    assert job.summary == "2 articles · 6 suggestions created"


def test_a_second_run_creates_nothing_twice_and_skips_what_was_rejected(analyst, reviewer, run_jobs):
    article = ArticleFactory(body=BODY)
    with run_jobs():
        job_suggest_create(user=analyst, article_ids=[article.pk])
    first = Statement.objects.filter(article=article).order_by("start").first()
    suggestion_reject(statement=first, version=first.version, user=reviewer)
    gone = ArticleFactory(body=f"{BODY}\n\nGone.")
    gone_id = gone.pk
    gone.delete()
    with run_jobs():
        job = job_suggest_create(user=analyst, article_ids=[article.pk, gone_id])
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    counts = [job.result[key] for key in ("processed", "created", "skipped", "missing")]
    assert counts == [1, 0, 3, 1]
    assert suggested(article) == 3
    assert job.summary == "1 article · 0 suggestions created · 3 skipped · 1 deleted meanwhile"


def test_a_failed_suggest_job_resumes_after_the_last_article_it_finished(analyst, run_jobs, monkeypatch):
    from annotator.services import suggestions

    articles = [ArticleFactory(body=f"{BODY}\n\nItem {n}.") for n in range(3)]
    original = suggestions.suggestions_generate
    monkeypatch.setattr(
        suggestions,
        "suggestions_generate",
        lambda *, article, user=None: (
            (_ for _ in ()).throw(RuntimeError("suggester crashed"))
            if article.pk == articles[1].pk
            else original(article=article, user=user)
        ),
    )
    with run_jobs():
        job = job_suggest_create(user=analyst, article_ids=[a.pk for a in articles])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "RuntimeError: suggester crashed"
    assert (job.done, job.result["processed"]) == (1, 1)
    assert [suggested(a) for a in articles] == [3, 0, 0]
    monkeypatch.undo()
    with run_jobs():
        job_retry(job=job, user=analyst)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.result["processed"], job.result["created"], job.result["skipped"]) == (3, 9, 0)
    assert [suggested(a) for a in articles] == [3, 3, 3]


# ---- exports ------------------------------------------------------------------------------


@pytest.fixture
def archive(analyst):
    article = ArticleFactory(title="Jets over Iraq, «عربي» 🇮🇷")
    StatementFactory(article=article, text="denied accusations", annotator=analyst)
    StatementFactory(article=article, text="has never been involved", annotator=analyst)
    StatementFactory(text="indications", origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING, annotator=None)
    return article


def streamed(resource: str, fmt: str, query: str = "") -> bytes:
    return b"".join(export_chunks(resource, fmt, QueryDict(query)))


@pytest.mark.parametrize(
    "resource, fmt, query",
    [
        ("statements", "csv", ""),
        ("statements", "csv", "include_pending=true"),
        ("statements", "jsonl", "review_status=pending"),
        ("statements", "w3c", ""),
        ("articles", "csv", ""),
        ("actors", "jsonl", ""),
        ("propositions", "csv", ""),
        ("sources", "csv", ""),
    ],
)
def test_an_export_job_writes_exactly_what_the_streaming_export_gives(
    archive, analyst, run_jobs, export_dir, resource, fmt, query
):
    with run_jobs():
        job = job_export_create(user=analyst, resource=resource, fmt=fmt, params=QueryDict(query))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    written = (export_dir / job.file).read_bytes()
    assert written == streamed(resource, fmt, query)
    assert job.result["bytes"] == len(written)
    assert job.result["filename"].startswith(f"{resource}-")
    assert (job.done, job.total) == (job.result["rows"], job.result["rows"])
    assert [path.name for path in export_dir.iterdir()] == [job.file]  # no temporary file left


def test_the_export_rows_and_the_label_say_what_was_exported(archive, analyst, run_jobs):
    with run_jobs():
        whole = job_export_create(user=analyst, resource="statements", fmt="csv")
        filtered = job_export_create(
            user=analyst, resource="statements", fmt="csv", params={"origin": "suggested", "include_pending": "true"}
        )
    whole.refresh_from_db()
    filtered.refresh_from_db()
    assert whole.label == "Export of statements as CSV (the whole archive)"
    # The pending suggestion is not a fact yet: only the two accepted statements.
    assert whole.result["rows"] == 2 and whole.summary.startswith("2 rows · ")
    assert filtered.label == "Export of statements as CSV (filtered)"
    assert filtered.input["query"] == "origin=suggested&include_pending=true" and filtered.result["rows"] == 1


@pytest.mark.parametrize(
    "resource, fmt, params, message",
    [
        ("everything", "csv", {}, "Choose one of statements, articles, actors, propositions, sources."),
        ("articles", "w3c", {}, "Choose CSV or JSON Lines (W3C Web Annotations: statements only)."),
        ("statements", "pdf", {}, "Choose CSV or JSON Lines (W3C Web Annotations: statements only)."),
        ("statements", "csv", {"stance": "maybe"}, "stance: Select a valid choice. maybe is not one of"),
    ],
)
def test_a_bad_export_request_is_refused_before_anything_is_queued(analyst, resource, fmt, params, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        job_export_create(user=analyst, resource=resource, fmt=fmt, params=params)
    assert any(text.startswith(message) for text in refused.value.messages), refused.value.messages
    assert not Job.objects.exists()


def test_a_failed_export_leaves_no_file_and_offers_none(archive, analyst, run_jobs, export_dir, monkeypatch, client):
    def breaking(resource, fmt, params, *, user=None, bom=False):
        def chunks():
            yield b"id,quote\r\n"
            # Mid-stream: the file so far is a temporary one, and the job names no file.
            job = Job.objects.get()
            assert job.file == "" and job.status == JobStatus.RUNNING
            assert [path.name.startswith(".job-") and path.suffix == ".part" for path in export_dir.iterdir()] == [True]
            raise OSError("disk full")

        return chunks()

    monkeypatch.setattr(pipeline, "export_chunks", breaking)
    with run_jobs():
        job = job_export_create(user=analyst, resource="statements", fmt="csv")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "OSError: disk full"
    assert job.file == "" and list(export_dir.iterdir()) == []
    client.force_login(analyst)
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404

    monkeypatch.undo()
    with run_jobs():
        job_retry(job=job, user=analyst)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempt == 2
    assert (export_dir / job.file).read_bytes() == streamed("statements", "csv")
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == streamed("statements", "csv")


def test_an_export_superseded_by_a_retry_leaves_no_file(archive, analyst, export_dir, monkeypatch):
    from annotator.services.jobs import job_start
    from annotator.tasks import export_job

    job = job_export_create(user=analyst, resource="statements", fmt="csv")  # queued, not run
    original = pipeline.export_chunks

    def retried_meanwhile(*args, **kwargs):
        yield from original(*args, **kwargs)
        Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, attempt=2)

    monkeypatch.setattr(pipeline, "export_chunks", retried_meanwhile)
    assert export_job.call(job.pk, 1) == {"job_id": job.pk, "attempt": 1, "ran": False}
    assert list(export_dir.iterdir()) == []
    assert job_start(job_id=job.pk, attempt=2) is not None  # the newer attempt is free to run


@pytest.mark.postgres
def test_progress_is_not_written_while_an_export_streams_with_copy_on_the_same_connection(
    archive, analyst, run_jobs, export_dir, monkeypatch, settings
):
    """A CSV streamed by PostgreSQL's COPY holds the connection until it ends: a progress
    write in between would wait for it forever. The job waits for the stream instead."""
    from django.db import connection

    settings.ANNOTATOR_JOB_PROGRESS_INTERVAL = 0  # would write after every chunk

    def copied(resource, fmt, params, *, user=None, bom=False):
        def chunks():
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(
                    "COPY (SELECT n, repeat('x', 100) FROM generate_series(1, 20000) AS n) TO STDOUT WITH CSV"
                ) as copy,
            ):
                for block in copy:
                    yield bytes(block)

        return chunks()

    monkeypatch.setattr(pipeline, "export_chunks", copied)
    with run_jobs():
        job = job_export_create(user=analyst, resource="statements", fmt="csv")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (export_dir / job.file).read_bytes().count(b"\n") == 20000
