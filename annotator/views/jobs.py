"""Background jobs: the list, one job (its progress polls itself while it runs), retry,
an export's download, and starting a suggester run or an export (a background import
starts on the import page).

Who sees what (`annotator.roles`): everyone sees their own jobs, reviewers and admins
everyone's; starting or retrying a job needs the role of its kind (import: analyst,
suggestions: analyst, export: any role)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from annotator import roles
from annotator.exports.pipeline import FORMATS, W3C_CONTENT_TYPE
from annotator.forms.jobs import ExportJobForm
from annotator.models import JobKind, JobStatus
from annotator.selectors import jobs as selectors
from annotator.services.jobs import (
    JobNotRetryable,
    JobNotStoppable,
    filter_query,
    job_export_create,
    job_retry,
    job_stop,
    job_suggest_create,
)
from annotator.tasks import export_path

from .decorators import role_required
from .partials import HtmxHttpRequest, navigate, page_or_partial, wants_fragment

PER_PAGE = 50
# A result links this many articles; the rest are counted.
LINKED = 100


@require_GET
@role_required(roles.can_view)
def job_list(request: HtmxHttpRequest):
    return _render_list(request, ExportJobForm())


def _render_list(request: HtmxHttpRequest, export_form: ExportJobForm, status: int = 200):
    page = Paginator(selectors.job_list(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "everyone": roles.can_see_all_jobs(request.user),
        "any_active": any(job.is_active for job in page.object_list),
        "export_form": export_form,
    }
    return render(request, page_or_partial(request, "jobs/list.html", "jobs"), context, status=status)


@require_GET
@role_required(roles.can_view)
def job_detail(request: HtmxHttpRequest, pk: int):
    job = selectors.job_get(pk=pk, user=request.user)
    return _render_job(request, job)


def _render_job(request: HtmxHttpRequest, job, *, oob_messages: bool = False):
    context = {
        "job": job,
        "can_control": roles.can_control_job(request.user, job),
        "oob_messages": oob_messages,
        "keep_days": settings.ANNOTATOR_EXPORT_KEEP_DAYS,
        **_result_context(job),
    }
    return render(request, page_or_partial(request, "jobs/detail.html", "job"), context)


def _result_context(job) -> dict:
    """The result's lists, with the linked articles fetched in one query. While the job
    runs, the page polls every second and shows the summary line only."""
    if job.is_active:
        return {}
    result = job.result
    if job.kind == JobKind.IMPORT:
        imported, duplicates = result.get("imported", []), result.get("duplicates", [])
        articles = selectors.articles_by_id(
            [pk for _, pk in imported[:LINKED]] + [pk for _, pk in duplicates[:LINKED]], limit=2 * LINKED
        )
        return {
            "imported": [(line, pk, articles.get(pk)) for line, pk in imported[:LINKED]],
            "imported_count": len(imported),
            "imported_more": max(0, len(imported) - LINKED),
            "duplicates": [(line, pk, articles.get(pk)) for line, pk in duplicates[:LINKED]],
            "duplicate_count": len(duplicates),
            "duplicates_more": max(0, len(duplicates) - LINKED),
            "failed": result.get("failed", []),
        }
    if job.kind == JobKind.SUGGEST:
        touched = result.get("articles", [])
        articles = selectors.articles_by_id([pk for pk, _ in touched[:LINKED]], limit=LINKED)
        return {
            "suggested": [(pk, created, articles.get(pk)) for pk, created in touched[:LINKED]],
            "suggested_more": max(0, len(touched) - LINKED),
        }
    return {}


def _control(request: HtmxHttpRequest, pk: int, action, refused: type[Exception], done: str):
    """Retry or stop: the same permission, and the job's region sent back for htmx."""
    job = selectors.job_get(pk=pk, user=request.user)
    if not roles.can_control_job(request.user, job):
        raise PermissionDenied
    try:
        action(job=job, user=request.user)
    except refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    if wants_fragment(request):
        # Fresh from the database: with the immediate backend a retry has already run.
        return _render_job(request, selectors.job_get(pk=pk, user=request.user), oob_messages=True)
    return redirect("job_detail", pk=pk)


@require_POST
@role_required(roles.can_view)
def job_retry_view(request: HtmxHttpRequest, pk: int):
    return _control(request, pk, job_retry, JobNotRetryable, "Queued again, with the same input.")


@require_POST
@role_required(roles.can_view)
def job_stop_view(request: HtmxHttpRequest, pk: int):
    done = "Stopped. What it had finished is kept; a retry carries on from there."
    return _control(request, pk, job_stop, JobNotStoppable, done)


@require_GET
@role_required(roles.can_view)
def job_download(request: HtmxHttpRequest, pk: int):
    """An export job's file, to whoever may see the job. Only a finished job names its
    file, so a partial file is never offered."""
    job = selectors.job_get(pk=pk, user=request.user)
    if job.kind != JobKind.EXPORT or job.status != JobStatus.SUCCEEDED or not job.file:
        raise Http404("This job has no file to download.")
    path = export_path(job.file)
    if path is None:
        raise Http404("This job has no file to download.")
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        messages.error(request, "The file is no longer on the server; prepare it again.")
        return redirect("job_detail", pk=pk)
    fmt = job.input.get("fmt", "csv")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.result.get("filename") or path.name,
        content_type=W3C_CONTENT_TYPE if fmt == "w3c" else FORMATS.get(fmt, "application/octet-stream"),
    )
    # As the streaming exports: a proxy must not serve one user's file to another.
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(roles.can_annotate)
def job_suggest_new(request: HtmxHttpRequest):
    """The suggester over the articles the list's filter matches (the form posts the
    list's query parameters)."""
    query = filter_query(request.POST)
    back = reverse("article_list") + (f"?{query}" if query else "")
    article_ids, errors = selectors.articles_to_suggest(request.POST, user=request.user)
    if errors:
        problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())
        messages.error(request, f"Nothing was started: the filter is not valid ({problems}).")
        return navigate(request, back)
    try:
        job = job_suggest_create(user=request.user, article_ids=article_ids, query=query)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return navigate(request, back)
    return navigate(request, reverse("job_detail", args=[job.pk]))


@require_POST
@role_required(roles.can_view)
def job_export_new(request: HtmxHttpRequest):
    """An export to a file: the whole archive (from the jobs page) or a list's filter."""
    form = ExportJobForm(request.POST)
    if form.is_valid():
        try:
            job = job_export_create(
                user=request.user,
                resource=form.cleaned_data["resource"],
                fmt=form.cleaned_data["fmt"],
                params=request.POST,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            return navigate(request, reverse("job_detail", args=[job.pk]))
    return _render_list(request, form, status=422)


urlpatterns = [
    path("jobs/", job_list, name="job_list"),
    path("jobs/suggest/", job_suggest_new, name="job_suggest_new"),
    path("jobs/export/", job_export_new, name="job_export_new"),
    path("jobs/<int:pk>/", job_detail, name="job_detail"),
    path("jobs/<int:pk>/retry/", job_retry_view, name="job_retry"),
    path("jobs/<int:pk>/stop/", job_stop_view, name="job_stop"),
    path("jobs/<int:pk>/download/", job_download, name="job_download"),
]
