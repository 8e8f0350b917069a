"""Reads for the jobs pages: a user's jobs (everyone's, for reviewers), one job, and
what a job's result links to."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from annotator import roles
from annotator.db import ARTICLE_MARK, CompiledQuery
from annotator.filters import ArticleFilter, Requester
from annotator.models import Article, Job, JobStatus
from annotator.projects_access import article_condition


def job_list(*, user) -> QuerySet[Job]:
    """Newest first, without the inputs and results (a list shows the summary line)."""
    return (
        Job.objects.visible_to(user, everyone=roles.can_see_all_jobs(user))
        .select_related("started_by")
        .without_payload()
        .order_by("-created_at", "-id")
    )


def job_get(*, pk: int, user, payload: bool = False) -> Job:
    """The job, if `user` may see it: 404 when there is none, 403 when it is someone else's."""
    jobs = Job.objects.select_related("started_by")
    if not payload:
        # The page shows the result, never the uploaded text.
        jobs = jobs.defer("input_text", "error_detail")
    job = get_object_or_404(jobs, pk=pk)
    if not roles.can_see_job(user, job):
        raise PermissionDenied
    return job


def articles_by_id(ids: list[int], *, limit: int) -> dict[int, Article]:
    """Titles for the links of a job's result: one query, for the first `limit` ids."""
    wanted = ids[:limit]
    articles = Article.objects.filter(pk__in=wanted).only("id", "title", "url")
    return {article.pk: article for article in articles}


def articles_to_suggest(params: Mapping, *, user) -> tuple[list[int], dict]:
    """The ids of the articles the list's filter matches that the user annotates (analyst
    in one of their projects), and its errors (a filter the list would leave out is
    refused here: a job must not quietly run over more)."""
    annotatable = Article.objects.filter(article_condition(user, "pk", roles.Role.ANALYST) or Q())
    filterset = ArticleFilter(params, queryset=annotatable, request=Requester(user))
    if not filterset.is_valid():
        return [], {field: list(messages) for field, messages in filterset.errors.items()}
    return list(filterset.qs.order_by("id").values_list("id", flat=True)), {}


_FAILED_JOB_FIELDS = ("id", "error", "retries", "finished_at")


def _failed_jobs(article_id):
    jobs = Job.objects.filter(failed_article_id=article_id, status=JobStatus.FAILED)
    return jobs.order_by("-finished_at", "-id").values_list(*_FAILED_JOB_FIELDS)[:1]


# Asked by every reader page: compiled once per process and run prepared (issue 16).
_FAILED_JOB_QUERY = CompiledQuery(_failed_jobs, article_id=ARTICLE_MARK)


def article_failed_job(*, article_id: int) -> Job | None:
    """The latest failed suggester run on this article, which its page reports (until the
    suggester succeeds there). Only what the banner shows (the other fields deferred, as
    `.only()` leaves them)."""
    rows = _FAILED_JOB_QUERY.rows(article_id=article_id)
    return Job.from_db("default", _FAILED_JOB_FIELDS, rows[0]) if rows else None
