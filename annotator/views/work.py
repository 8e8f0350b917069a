"""My work: an analyst's assignments, open and done, the "next unfinished article" key
(n), the skip key (s: later, after the rest), and the reader's Done button (done per
assignee)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from annotator import roles
from annotator.projects_access import visible_projects
from annotator.selectors import projects as selectors
from annotator.services.assignments import assignment_mark, assignments_skip

from .decorators import role_required
from .partials import HtmxHttpRequest
from .projects import _project, _safe_back


def _narrowed(request):
    """The project `?project=` (or the switcher) narrows My work to, if the user is in it."""
    slug = request.GET.get("project", "")
    return visible_projects(request.user).filter(slug=slug).first() if slug else None


@require_GET
@role_required(roles.can_view)
def my_work(request: HtmxHttpRequest):
    project = _narrowed(request)
    context = {
        "project": project,
        "open": list(selectors.open_assignments(request.user, project=project)),
        "done": selectors.done_assignments(request.user, project=project),
    }
    return render(request, "work.html", context)


@require_GET
@role_required(roles.can_view)
def work_next(request: HtmxHttpRequest):
    """To the next unfinished article (after `?after=`, the one open now), or back to My work."""
    after = request.GET.get("after", "")
    following = selectors.next_unfinished(
        request.user, project=_narrowed(request), after=int(after) if after.isdigit() else None
    )
    if following is None:
        messages.success(request, "Nothing left to do: every article assigned to you is done.")
        return redirect("my_work")
    if str(following.article_id) == after:
        messages.info(request, "This is the last article left open for you.")
    return redirect("article_detail", article_id=following.article_id)


@require_POST
@role_required(roles.can_view)
def work_skip(request: HtmxHttpRequest, article_id: int):
    """Put the article off for later (`s`), then open the next unfinished one. With
    `project` (the My work page narrowed to one), only the assignment in that project."""
    project = _narrowed_post(request)
    try:
        assignments_skip(article_id=article_id, assignee=request.user, project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _safe_back(request) or redirect("my_work")
    messages.info(request, "Skipped: it comes back after the rest of your work.")
    query = f"?after={article_id}" + (f"&project={project.slug}" if project else "")
    return redirect(reverse("work_next") + query)


def _narrowed_post(request):
    slug = request.POST.get("project", "")
    return visible_projects(request.user).filter(slug=slug).first() if slug else None


@require_POST
@role_required(roles.can_view)
def assignment_done(request: HtmxHttpRequest, slug: str, article_id: int):
    """The assignee marks the article done in this project (`done=0`: open again)."""
    project = _project(request, slug)
    done = request.POST.get("done", "1") != "0"
    try:
        assignment_mark(project=project, article_id=article_id, assignee=request.user, done=done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _safe_back(request) or redirect("my_work")
    if done and request.POST.get("then") == "next":
        messages.success(request, "Done. Here is your next article.")
        return redirect(reverse("work_next") + f"?after={article_id}")
    messages.success(request, "Marked done." if done else "Open again.")
    return _safe_back(request) or redirect("my_work")


urlpatterns = [
    path("work/", my_work, name="my_work"),
    path("work/next", work_next, name="work_next"),
    path("work/skip/<int:article_id>", work_skip, name="work_skip"),
    path("projects/<slug:slug>/articles/<int:article_id>/done", assignment_done, name="assignment_done"),
]
