"""Projects: my projects, a new project (site admins), one project's page (members,
articles, assignments, progress), its guidelines; and the switcher that keeps the
current project in the session.

Who may do what is asked of `annotator.projects_access`: members read their project;
its managers change its members, articles, assignments and guidelines."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotator import roles
from annotator.charts import done_over_time
from annotator.filters import ArticleFilter
from annotator.guidelines import guidelines_html
from annotator.models import Article, ProjectRole
from annotator.projects_access import (
    can_create_project,
    can_manage_project,
    project_role,
    scope_of,
    visible_articles,
)
from annotator.projects_session import SESSION_KEY
from annotator.selectors import projects as selectors
from annotator.services import projects as services
from annotator.services.assignments import assignments_create, assignments_split

from .decorators import role_required
from .partials import HtmxHttpRequest


def _project(request, slug: str, *, manage: bool = False):
    project = selectors.project_get(slug, user=request.user)
    if manage and not can_manage_project(request.user, project):
        raise PermissionDenied("Only the project's managers may do this.")
    return project


def _ids(values) -> list[int]:
    return sorted({int(v) for v in values if str(v).isdigit()})


@require_GET
@role_required(roles.can_view)
def project_list(request: HtmxHttpRequest):
    context = {"projects": selectors.my_projects(request.user), "can_create": can_create_project(request.user)}
    return render(request, "projects/list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(can_create_project)
def project_new(request: HtmxHttpRequest):
    values = {name: request.POST.get(name, "") for name in ("name", "slug", "description")}
    errors: dict = {}
    if request.method == "POST":
        try:
            project = services.project_create(**values, user=request.user)
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, f"Project “{project.name}” created: add its members and articles.")
            return redirect("project_detail", slug=project.slug)
    status = 422 if errors else 200
    return render(request, "projects/new.html", {"values": values, "errors": errors}, status=status)


@require_GET
@role_required(roles.can_view)
def project_detail(request: HtmxHttpRequest, slug: str):
    project = _project(request, slug)
    articles, article_total = selectors.project_article_page(project)
    members = selectors.project_members(project)
    progress = selectors.project_progress(project)
    context = {
        "project": project,
        "my_role": project_role(request.user, project),
        "manager": can_manage_project(request.user, project),
        "members": members,
        "assignable": [m for m in members if m.role != ProjectRole.VIEWER],
        "roles": ProjectRole.choices,
        "articles": articles,
        "article_total": article_total,
        "progress": progress,
        "chart": done_over_time(progress.days, total=progress.assigned, today=timezone.localdate()),
    }
    return render(request, "projects/detail.html", context)


def _back(request, project, anchor: str = ""):
    return redirect(reverse("project_detail", args=[project.slug]) + anchor)


@require_POST
@role_required(roles.can_view)
def project_member_set(request: HtmxHttpRequest, slug: str):
    project = _project(request, slug, manage=True)
    username = request.POST.get("username", "")
    try:
        member = services.project_member_set(
            project=project, username=username, role=request.POST.get("role", ""), user=request.user
        )
    except ValidationError as error:
        messages.error(request, "Not changed: " + " ".join(error.messages))
    else:
        messages.success(request, f"{member.user.get_username()} is now {member.get_role_display().lower()} here.")
    return _back(request, project, "#members")


@require_POST
@role_required(roles.can_view)
def project_member_remove(request: HtmxHttpRequest, slug: str, user_id: int):
    project = _project(request, slug, manage=True)
    try:
        services.project_member_remove(project=project, member_id=user_id, user=request.user)
    except ValidationError as error:
        messages.error(request, "Not removed: " + " ".join(error.messages))
    else:
        messages.success(request, "Member removed.")
    return _back(request, project, "#members")


@require_POST
@role_required(roles.can_view)
def project_articles_add(request: HtmxHttpRequest):
    """The article list's bulk action: the ticked articles, or every article its filter
    matches, join the chosen project (`to_project`). Only articles the manager reads."""
    project = _project(request, request.POST.get("to_project", ""), manage=True)
    readable = visible_articles(request.user, Article.objects.all())
    if request.POST.get("which") == "filter":
        filterset = ArticleFilter(request.POST, queryset=readable, request=request)
        if not filterset.is_valid():
            messages.error(request, "Nothing was added: the filter is not valid.")
            return redirect("article_list")
        ids = list(filterset.qs.values_list("pk", flat=True))
    else:
        ids = list(readable.filter(pk__in=_ids(request.POST.getlist("article"))).values_list("pk", flat=True))
    if not ids:
        messages.error(request, "Nothing was added: tick articles first, or choose “every article the filter matches”.")
        return _safe_back(request) or redirect("article_list")
    added = services.project_articles_add(project=project, article_ids=ids, user=request.user)
    messages.success(request, f"{added} article{'s' if added != 1 else ''} added to {project.name}.")
    return _back(request, project, "#articles")


def _safe_back(request):
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return None


@require_POST
@role_required(roles.can_view)
def project_assign(request: HtmxHttpRequest, slug: str):
    """By hand (each ticked article to each ticked person) or split evenly among them."""
    project = _project(request, slug, manage=True)
    articles = _ids(request.POST.getlist("article"))
    if request.POST.get("which") == "unassigned":
        articles = [a.pk for a in selectors.project_article_page(project, limit=10_000)[0] if not a.project_assignments]
    people = _ids(request.POST.getlist("assignee"))
    split = request.POST.get("mode", "split") == "split"
    service = assignments_split if split else assignments_create
    try:
        result = service(project=project, article_ids=articles, assignee_ids=people, by=request.user)
    except ValidationError as error:
        messages.error(request, "Nothing assigned: " + " ".join(error.messages))
    else:
        shares = ", ".join(str(len(ids)) for ids in result.created.values()) or "none"
        text = f"{result.count} assignment{'s' if result.count != 1 else ''} made ({shares} per person)."
        if result.skipped:
            text += f" {len(result.skipped)} already assigned, left as they were."
        messages.success(request, text)
    return _back(request, project, "#progress")


@require_GET
@role_required(roles.can_view)
def project_guidelines(request: HtmxHttpRequest, slug: str):
    project = _project(request, slug)
    context = {
        "project": project,
        "manager": can_manage_project(request.user, project),
        "guidelines": guidelines_html(project.guidelines),
    }
    return render(request, "projects/guidelines.html", context)


@require_http_methods(["GET", "POST"])
@role_required(roles.can_view)
def project_guidelines_edit(request: HtmxHttpRequest, slug: str):
    project = _project(request, slug, manage=True)
    if request.method == "POST":
        text = request.POST.get("guidelines", "")
        if request.POST.get("action") != "preview":
            services.project_update(project=project, user=request.user, guidelines=text)
            messages.success(request, "Guidelines saved.")
            return redirect("project_guidelines", slug=project.slug)
        project.guidelines = text
    context = {"project": project, "text": project.guidelines, "preview": guidelines_html(project.guidelines)}
    return render(request, "projects/guidelines_edit.html", context)


@require_POST
@role_required(roles.can_view)
def project_switch(request: HtmxHttpRequest):
    """The nav's switcher: the lists narrow to this project until switched back ("" = all)."""
    slug = request.POST.get("project", "")
    if slug and not any(p.slug == slug for p in scope_of(request.user).mine()):
        raise PermissionDenied
    request.session[SESSION_KEY] = slug
    return _safe_back(request) or redirect("article_list")


urlpatterns = [
    path("projects/", project_list, name="project_list"),
    path("projects/new/", project_new, name="project_new"),
    path("projects/switch", project_switch, name="project_switch"),
    path("projects/add-articles", project_articles_add, name="project_articles_add"),
    path("projects/<slug:slug>/", project_detail, name="project_detail"),
    path("projects/<slug:slug>/members", project_member_set, name="project_member_set"),
    path("projects/<slug:slug>/members/<int:user_id>/remove", project_member_remove, name="project_member_remove"),
    path("projects/<slug:slug>/assign", project_assign, name="project_assign"),
    path("projects/<slug:slug>/guidelines/", project_guidelines, name="project_guidelines"),
    path("projects/<slug:slug>/guidelines/edit", project_guidelines_edit, name="project_guidelines_edit"),
]
