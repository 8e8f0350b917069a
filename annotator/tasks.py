"""Background work, through Django's task framework (the immediate backend in
development and tests, django-tasks-db's worker in docker-compose). Tasks take ids, not
objects: they may run in another process, later.

The job tasks (an import, the suggester over many articles, an export to a file) take a
Job's id and the attempt they were queued for. Each marks the job running, works through
its items in transactions (an import a batch of lines at a time, with its checkpoint; the
suggester an article at a time), so an article is stored whole or not at all, writes its
progress now and then, never once per item (`JobProgress`), and records the result.

A run beats while it works (`Heartbeat`): a job whose worker dies is resumed by the next
worker (`annotator.services.job_recovery`). A run that raises is queued again with
back-off, up to ANNOTATOR_TASK_RETRIES times, and then marks its job failed, with the
error and the progress made so far; either way it re-raises: the job is what the analyst
sees and retries; the re-raise keeps the task framework's own record true (the worker
logs the traceback and keeps it as a failed task) instead of calling a failed run a
success.

Queues: imports on `imports`, the suggester (on one article or many) on `suggestions`,
exports on `default`; docker-compose runs a worker for imports alone, so an import never
waits behind a suggester run, and one for everything."""

import os
import re
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.tasks import task
from django.utils import timezone

from annotator.models import JobKind
from annotator.services import job_recovery
from annotator.services.job_recovery import Heartbeat
from annotator.services.jobs import JobProgress, JobSuperseded, job_start

IMPORTS, SUGGESTIONS, OTHERS = "imports", "suggestions", "default"


@task(queue_name=SUGGESTIONS)
def suggest_article(article_id: int, retries: int = 0) -> dict:
    """Run the suggester on one article; returns the counts of the run. If it fails it is
    queued again with back-off (`retries` so far); after the last, the failure is kept as
    a failed job, shown on the article's page."""
    from annotator.models import Article
    from annotator.services.suggestions import suggestions_generate

    try:
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            # Deleted between enqueue and run: nothing to suggest, and nothing to retry.
            return {"article_id": article_id, "created": 0, "skipped_existing": 0, "skipped_rejected": 0, "dropped": 0}
        run = suggestions_generate(article=article)
        job_recovery.article_failures_clear(article_id)
    except Exception as error:
        job_recovery.reconnect_if_broken()
        delay = job_recovery.retry_delay(retries) if job_recovery.can_retry_later(suggest_article) else None
        if delay is None:
            job_recovery.suggest_failure_record(article_id=article_id, error=error, retries=retries)
        else:
            suggest_article.using(run_after=timezone.now() + delay).enqueue(article_id, retries + 1)
        raise
    return {
        "article_id": run.article_id,
        "created": run.created,
        "skipped_existing": run.skipped_existing,
        "skipped_rejected": run.skipped_rejected,
        "dropped": run.dropped,
    }


@task(queue_name=OTHERS)
def retrain_suggester(project_id: int | None = None, force: bool = False, user_id: int | None = None) -> dict:
    """Retrain the suggestion scorer once ANNOTATOR_RETRAIN_EVERY reviews were made since
    its last training (checked again here: several reviews may have queued this task).
    The new scorer goes live only if it does no worse on held-back reviews."""
    from django.contrib.auth import get_user_model

    from annotator.models import Project
    from annotator.services.learning import reviews_since_last_training, scorer_train

    project = Project.objects.filter(pk=project_id).first() if project_id is not None else None
    every = settings.ANNOTATOR_RETRAIN_EVERY
    if not force and (every <= 0 or reviews_since_last_training(project) < every):
        return {"trained": False}
    trigger = "reviewer" if force else f"every {every} reviews"
    user = get_user_model().objects.filter(pk=user_id).first() if user_id is not None else None
    row = scorer_train(project=project, trigger=trigger, user=user)
    return {"trained": True, "scorer": row.pk, "status": row.status, "reason": row.reason}


def enqueue_suggestions(article_id: int):
    """Queue the suggester for an article (the import service calls this on commit)."""
    return suggest_article.enqueue(article_id)


# Jobs -------------------------------------------------------------------------------------


def _run(job_id: int, attempt: int, work) -> dict:
    job = job_start(job_id=job_id, attempt=attempt)
    if job is None:
        # Retried since this task was queued (a newer attempt runs), or already run.
        return {"job_id": job_id, "attempt": attempt, "ran": False}
    progress = JobProgress(job)
    try:
        with Heartbeat(job_id, attempt):
            work(job, progress)
    except JobSuperseded:
        return {"job_id": job_id, "attempt": attempt, "ran": False}
    except Exception as error:
        # If even this write fails (the database is still away), the job stays running
        # with no heartbeat, and the next worker resumes it.
        job_recovery.reconnect_if_broken()
        if job_recovery.job_retry_later(progress, error) is None:
            progress.fail(error)
        raise
    except BaseException as error:
        # A worker told to stop at once (SystemExit, Ctrl+C): the job is queued again for
        # the next worker; without a queue (the immediate backend) it is failed, and
        # retryable, rather than left looking as if it still ran.
        job_recovery.reconnect_if_broken()
        if not job_recovery.job_requeue(progress):
            progress.fail(error)
        raise
    return {"job_id": job_id, "attempt": attempt, "ran": True, "done": progress.done}


@task(queue_name=IMPORTS)
def import_articles_job(job_id: int, attempt: int) -> dict:
    return _run(job_id, attempt, _import_articles)


@task(queue_name=SUGGESTIONS)
def suggest_articles_job(job_id: int, attempt: int) -> dict:
    return _run(job_id, attempt, _suggest_articles)


@task(queue_name=OTHERS)
def export_job(job_id: int, attempt: int) -> dict:
    return _run(job_id, attempt, _export)


JOB_TASKS = {JobKind.IMPORT: import_articles_job, JobKind.SUGGEST: suggest_articles_job, JobKind.EXPORT: export_job}


# Lines of an import per transaction: the articles of a batch and the job's checkpoint
# commit together. Large enough that a commit is cheap per article, small enough that a
# failure costs little to redo and the progress bar moves.
IMPORT_BATCH = 100


def _import_articles(job, progress: JobProgress) -> None:
    """Batch after batch of lines, each batch in one transaction with the job's progress
    (`articles_import_many`: the same cleaning, validation and duplicate rules as the
    inline import, one insert per batch). A batch is stored whole or not at all, and its
    checkpoint with it, so a retry resumes exactly after the last stored batch; a line
    stored meanwhile by another import is a duplicate by its text's hash: reported, never
    stored twice."""
    from annotator.models import Project
    from annotator.services.articles import ImportItem, SourceResolver, articles_import_many
    from annotator.services.projects import project_articles_add
    from annotator.text import JsonlError, parse_jsonl

    user = job.started_by
    default_source = job.input.get("source") or None
    slug = job.input.get("project") or ""
    project = Project.objects.filter(slug=slug).first() if slug else None
    lines = list(parse_jsonl(job.input_text))
    progress.total = len(lines)
    resolve = SourceResolver(user=user)
    while progress.done < len(lines):
        batch = lines[progress.done : progress.done + IMPORT_BATCH]
        records = [line for line in batch if not isinstance(line, JsonlError)]
        items = [ImportItem.of_record(record, ref=f"line {record.line}", source=default_source) for record in records]
        result = {key: list(value) for key, value in progress.result.items()}
        try:
            with transaction.atomic():
                outcomes = dict(
                    zip((r.line for r in records), articles_import_many(items, user=user, sources=resolve), strict=True)
                )
                if project is not None:
                    new = [r.outcome.article.pk for r in outcomes.values() if r.error is None and r.outcome.created]
                    project_articles_add(project=project, article_ids=new, user=user, imported=True)
                for line in batch:
                    if isinstance(line, JsonlError):
                        result["failed"].append([line.line, line.reason])
                        continue
                    outcome = outcomes[line.line]
                    if outcome.error is not None:
                        result["failed"].append([line.line, outcome.reason[:500]])
                    else:
                        key = "imported" if outcome.outcome.created else "duplicates"
                        result[key].append([line.line, outcome.outcome.article.pk])
                progress.checkpoint(done=progress.done + len(batch), result=result)
        except BaseException:
            resolve.forget()  # outlets created in the rolled-back batch are gone
            raise
        progress.committed(done=progress.done + len(batch), result=result)
    progress.succeed()


def _suggest_articles(job, progress: JobProgress) -> None:
    """`suggestions_generate` is one transaction per article and skips what it proposed
    before, so a retry that runs an article again creates nothing twice."""
    from annotator.models import Article
    from annotator.services.suggestions import suggestions_generate

    result = progress.result
    for article_id in job.input.get("article_ids", [])[progress.done :]:
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            result["missing"] += 1
        else:
            progress.article_id = article_id
            run = suggestions_generate(article=article, user=job.started_by)
            job_recovery.article_failures_clear(article_id)
            result["processed"] += 1
            result["created"] += run.created
            result["skipped"] += run.skipped_existing + run.skipped_rejected
            # .get: a job queued before the cap existed has no such key yet.
            result["dropped"] = result.get("dropped", 0) + run.dropped
            if run.created:
                result["articles"].append([article_id, run.created])
        progress.advance()
    progress.succeed()


# Lines of the file that are not rows: a CSV's header, the W3C collection's opening.
_HEAD_LINES = {"csv": 1, "jsonl": 0, "w3c": 1}
EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "w3c": "jsonld"}
# The names `_export` gives its files: the finished one, and the temporary one it writes.
EXPORT_FILE = re.compile(rf"job-\d+-[0-9a-f]+\.({'|'.join(EXTENSIONS.values())})")
PARTIAL_EXPORT_FILE = re.compile(r"\.job-\d+-.+\.part")


def export_dir() -> Path:
    return Path(settings.ANNOTATOR_EXPORT_DIR)


def export_path(name: str) -> Path | None:
    """Where a job's file `name` is: a bare, visible name inside the export directory.
    Anything else (a path, a hidden or partial file) is None: a job never names one."""
    if not name or Path(name).name != name or name.startswith("."):
        return None
    return export_dir() / name


def _export(job, progress: JobProgress) -> None:
    """The streaming export's bytes, written to a temporary file in the export directory
    and renamed into place only when complete: a failed or superseded run leaves no file,
    and no job ever names a partial one."""
    from django.contrib.auth.models import AnonymousUser

    from annotator.exports.pipeline import RESOURCES, export_chunks

    resource, fmt = job.input["resource"], job.input["fmt"]
    params = QueryDict(job.input.get("query", ""))
    directory = export_dir()
    directory.mkdir(parents=True, exist_ok=True)
    # Rows counted as the export begins; the progress bar estimates from line ends.
    # What the person who asked may read (annotator.projects_access), as the download would.
    # A job whose starter is gone reads nothing: no user means everything only for commands.
    user = job.started_by if job.started_by_id else AnonymousUser()
    progress.total, progress.done = RESOURCES[resource].rows(params, user=user).count(), 0
    progress.save()
    chunks = export_chunks(resource, fmt, params, user=user)
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".job-{job.pk}-", suffix=".part")
    final = None
    try:
        size = lines = 0
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
                size += len(chunk)
                lines += chunk.count(b"\n")
                progress.done = max(0, min(progress.total, lines - _HEAD_LINES[fmt]))
                progress.tick()
            out.flush()
            os.fsync(out.fileno())
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        extension = EXTENSIONS[fmt]
        # A name nobody can guess, though the download view never takes one from a request.
        final = f"job-{job.pk}-{secrets.token_hex(8)}.{extension}"
        os.replace(temporary, directory / final)
        progress.done = progress.total
        progress.result.update(rows=progress.total, bytes=size, filename=f"{resource}-{stamp}.{extension}")
        progress.succeed(file=final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        if final is not None:
            (directory / final).unlink(missing_ok=True)
        raise
