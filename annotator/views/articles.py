"""Articles: the searchable list, the import (paste or upload, preview, save; or a JSON
Lines batch as a background job), the status."""

from dataclasses import dataclass
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from annotator.forms.articles import ArticleImportForm, ArticleStatusForm, max_input_bytes, too_large_message
from annotator.models import ArticleStatus, Project, ProjectRole
from annotator.projects_access import PROJECT_ORDER, can_read_article, scope_of
from annotator.roles import can_annotate, can_annotate_article, can_import, can_view
from annotator.selectors import articles as selectors
from annotator.selectors.articles import ARTICLE_SORTS
from annotator.services.articles import (
    ImportItem,
    Preview,
    article_import,
    article_preview,
    article_update,
    articles_import_many,
)
from annotator.services.fetching import FetchedArticle, article_fetch
from annotator.services.jobs import job_import_create
from annotator.services.projects import project_articles_add
from annotator.text import JSONL, JsonlError, JsonlRecord, parse_jsonl

from .decorators import role_required
from .partials import HtmxHttpRequest, navigate, page_or_partial, wants_fragment


@require_GET
@role_required(can_view)
def article_list(request: HtmxHttpRequest):
    found = selectors.article_list(user=request.user, params=request.GET, sort=request.GET.get("sort"))
    context = {
        "filter": found.filter,
        "page_obj": found.page,
        "sort": found.sort,
        "export_ordering": ARTICLE_SORTS[found.sort],
        "statuses": ArticleStatus.choices,
        "managed_projects": [p for p in scope_of(request.user).mine() if p.role == ProjectRole.MANAGER],
    }
    return render(request, page_or_partial(request, "articles/list.html", "results"), context)


@require_POST
@role_required(can_annotate)
def article_status(request: HtmxHttpRequest, pk: int):
    """Mark an article new, in progress or done."""
    article = selectors.article_get(pk, user=request.user)
    if not can_annotate_article(request.user, article.pk):
        raise PermissionDenied
    form = ArticleStatusForm(request.POST)
    if form.is_valid():
        try:
            article = article_update(article=article, user=request.user, status=form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{article}” is now marked {article.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose new, in progress or done.")
    if wants_fragment(request):
        context = {"article": article, "oob_messages": True, "next_url": _next_url(request)}
        response = render(request, "articles/list.html#status", context)
        # Other regions (the reader's toolbar) listen for this to show the new status.
        return trigger_client_event(response, "article-status", {"id": article.pk, "status": article.status})
    return redirect(_next_url(request) or reverse("article_list"))


@dataclass
class BatchItem:
    """One line of a JSON Lines upload, previewed."""

    record: JsonlRecord
    preview: Preview


@require_http_methods(["GET", "POST"])
@role_required(can_import)
def article_new(request: HtmxHttpRequest):
    """Step 1, the form; step 2 (action=preview), what cleaning keeps and drops; step 3
    (action=save), the import, then a redirect to the article (or the list, for a batch)."""
    projects = _import_projects(request.user)
    if request.method == "POST":
        form = ArticleImportForm(request.POST, request.FILES, projects=projects)
    else:
        form = ArticleImportForm(projects=projects, initial={"project": request.GET.get("project", "")})
    if request.method == "GET" or not form.is_valid():
        return _render_new(request, form, status=200 if request.method == "GET" else 422)
    if request.POST.get("action") == "edit":
        return _render_new(request, form)
    fetched = None
    if form.cleaned_data.get("fetch"):
        fetched = _fetch(form)
        if fetched is None:
            return _render_new(request, form, status=422)
    if request.POST.get("action") == "background":
        return _import_in_background(request, form)
    details = _details(form.cleaned_data)
    if form.cleaned_data["fmt"] == JSONL:
        return _jsonl(request, form, details)
    if request.POST.get("action") == "save":
        return _save_one(request, form, details)
    try:
        preview = article_preview(raw=form.cleaned_data["raw"], fmt=form.cleaned_data["fmt"], **details)
    except ValidationError as error:
        _add_errors(form, error)
        return _render_new(request, form, status=422)
    if preview.is_empty:
        form.add_error(None, "Nothing is left after cleaning: every paragraph was dropped (see below).")
        return _render_new(request, form, preview=preview, status=422)
    return _render_new(request, form, preview=preview, fetched=fetched)


def _import_projects(user) -> list[tuple[str, str]]:
    """The projects (slug, name) the user may import into: analyst or above there."""
    return [
        (p.slug, p.name)
        for p in scope_of(user).mine()
        if not p.is_default and PROJECT_ORDER.index(p.role) >= PROJECT_ORDER.index(ProjectRole.ANALYST)
    ]


def _chosen_project(form: ArticleImportForm):
    slug = form.cleaned_data.get("project") or ""
    return Project.objects.filter(slug=slug).first() if slug else None


def _fetch(form: ArticleImportForm) -> FetchedArticle | None:
    """The page at the form's address, put in the form as if pasted: the preview then sends
    the page itself back, so the save stores what was previewed without fetching again.
    None, with the reason on the field that held the address, when it cannot be fetched."""
    field = form.cleaned_data["fetch"]
    try:
        fetched = article_fetch(form.cleaned_data["url"])
    except ValidationError as error:
        form.add_error(field, error.message_dict["url"])
        return None
    size = len(fetched.raw.encode("utf-8"))
    if size > max_input_bytes():
        form.add_error(field, too_large_message(size))
        return None
    form.cleaned_data.update(
        raw=fetched.raw,
        fmt=fetched.fmt,
        url=fetched.url,
        # The title and the date are read from the page on import, as for an upload.
        source=form.cleaned_data.get("source") or fetched.outlet_name,
    )
    return fetched


def _save_one(request: HtmxHttpRequest, form: ArticleImportForm, details: dict):
    project = _chosen_project(form)
    try:
        with transaction.atomic():
            outcome = article_import(
                raw=form.cleaned_data["raw"],
                fmt=form.cleaned_data["fmt"],
                source=form.cleaned_data["source"] or None,
                user=request.user,
                **details,
            )
            if project is not None and outcome.created:
                project_articles_add(
                    project=project, article_ids=[outcome.article.pk], user=request.user, imported=True
                )
    except ValidationError as error:
        _add_errors(form, error)
        return _render_new(request, form, status=422)
    article = outcome.article
    if outcome.created:
        messages.success(request, f"Imported “{article}”.")
    elif not can_read_article(request.user, article.pk):
        messages.warning(request, "This text was imported before, in a project you do not read; nothing was stored.")
        return navigate(request, reverse("article_list"))
    else:
        messages.warning(
            request,
            format_html(
                'This article was imported before, as <a href="{}">{}</a>; nothing new was stored.',
                _article_url(article.pk),
                article,
            ),
        )
    return navigate(request, _article_url(article.pk))


def _jsonl(request: HtmxHttpRequest, form: ArticleImportForm, details: dict):
    """A batch: every line previewed (or refused, by line number); the save imports the good ones."""
    records, errors = [], []
    for item in parse_jsonl(form.cleaned_data["raw"]):
        (errors if isinstance(item, JsonlError) else records).append(item)
    if not records:
        form.add_error(None, "No line of the file holds an article.")
        return _render_new(request, form, batch_errors=errors, status=422)
    if request.POST.get("action") == "save":
        return _save_batch(
            request, records, errors, default_source=form.cleaned_data["source"] or None, project=_chosen_project(form)
        )
    batch = []
    for record in records:
        try:
            preview = article_preview(
                raw=record.content,
                fmt=record.fmt,
                title=record.title or "",
                url=record.url,
                published_at=record.published_at,
            )
        except ValidationError as error:
            errors.append(JsonlError(record.line, " ".join(error.messages)))
            continue
        batch.append(BatchItem(record=record, preview=preview))
    return _render_new(request, form, batch=batch, batch_errors=sorted(errors, key=lambda e: e.line))


def _save_batch(request: HtmxHttpRequest, records, errors, *, default_source, project=None):
    # The same batch import as import_articles and background jobs: each line's outcome,
    # and a refused line leaves nothing (not even a new outlet it named).
    items = [ImportItem.of_record(record, ref=str(record.line), source=default_source) for record in records]
    created = duplicates = 0
    with transaction.atomic():
        results = articles_import_many(items, user=request.user)
        if project is not None:
            new = [r.outcome.article.pk for r in results if r.error is None and r.outcome.created]
            project_articles_add(project=project, article_ids=new, user=request.user, imported=True)
    for record, result in zip(records, results, strict=True):
        if result.error is not None:
            messages.error(request, f"Line {record.line} was not imported: {' '.join(result.error.messages)}")
        elif result.outcome.created:
            created += 1
        else:
            duplicates += 1
            outcome = result.outcome
            messages.warning(
                request,
                format_html(
                    'Line {} was imported before, as <a href="{}">{}</a>.',
                    record.line,
                    _article_url(outcome.article.pk),
                    outcome.article,
                ),
            )
    for error in errors:
        messages.error(request, f"Line {error.line} was skipped: {error.reason}.")
    messages.success(
        request,
        f"Imported {created} article{'s' if created != 1 else ''}"
        + (f"; {duplicates} already there" if duplicates else "")
        + (f"; {len(errors)} line{'s' if len(errors) != 1 else ''} skipped" if errors else "")
        + ".",
    )
    return navigate(request, reverse("article_list"))


def _import_in_background(request: HtmxHttpRequest, form: ArticleImportForm):
    """A JSON Lines batch, imported by a background job: no preview (a large batch would
    take long to clean twice); the job's page shows the progress and, line by line, the result."""
    if form.cleaned_data["fmt"] != JSONL:
        form.add_error(
            None,
            "Only a JSON Lines batch (one article a line) is imported in the background. "
            "Preview and save a single article instead.",
        )
        return _render_new(request, form, status=422)
    try:
        job = job_import_create(
            user=request.user,
            raw=form.cleaned_data["raw"],
            name=_batch_name(request, form),
            source=form.cleaned_data["source"] or None,
            project=form.cleaned_data.get("project") or "",
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _render_new(request, form, status=422)
    return navigate(request, reverse("job_detail", args=[job.pk]))


def _batch_name(request, form) -> str:
    """The uploaded file's name (kept through the preview step), for the job's label only."""
    upload = form.cleaned_data.get("file") if form.is_bound and hasattr(form, "cleaned_data") else None
    name = upload.name if upload else request.POST.get("batch_name", "")
    return PurePath(name.replace("\\", "/")).name[:120] if name else ""


def _render_new(request, form, *, preview=None, batch=None, batch_errors=(), fetched=None, status=200):
    context = {
        "fetched": fetched,
        "batch_name": _batch_name(request, form) if request.method == "POST" else "",
        "form": form,
        "preview": preview,
        "batch": batch,
        "batch_errors": batch_errors,
        "source_names": selectors.source_names(),
        "max_upload": max_input_bytes(),
    }
    return render(request, page_or_partial(request, "articles/new.html", "import"), context, status=status)


def _details(cleaned: dict) -> dict:
    return {
        "title": cleaned.get("title") or "",
        "url": cleaned.get("url") or None,
        "published_at": cleaned.get("published_at"),
    }


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _article_url(pk: int) -> str:
    try:
        return reverse("article_detail", args=[pk])
    except NoReverseMatch:  # the reader is not installed: the list still finds the article
        return reverse("article_list")


def _next_url(request) -> str | None:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


urlpatterns = [
    path("articles/", article_list, name="article_list"),
    path("articles/new/", article_new, name="article_new"),
    path("articles/<int:pk>/status/", article_status, name="article_status"),
]
