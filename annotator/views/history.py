"""History pages: every version of an article, actor, proposition or statement with who,
when and what changed; the recently deleted statements of an article; and the reviewer's
way back: restoring a deleted statement (the reader's restore endpoint) and undoing a merge."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from annotator import double, roles
from annotator.models import Actor, Article, Proposition
from annotator.projects_access import can_read_article, visible_actors, visible_articles, visible_propositions
from annotator.selectors.history import object_history, recently_deleted_statements
from annotator.selectors.history_access import may_read_deleted
from annotator.services.merging import MergeNotPermitted
from annotator.services.unmerge import actor_unmerge, proposition_unmerge

from .decorators import role_required
from .partials import HtmxHttpRequest

# Where each kind of record is shown, to link back from its history.
DETAIL_URL = {
    "article": "article_detail",
    "actor": "actor_detail",
    "proposition": "proposition_detail",
}
TITLE = {"article": "Article", "actor": "Actor", "proposition": "Proposition", "statement": "Statement"}


def _may_read(user, kind: str, pk: int, history) -> bool:
    """A history is read by who may read its record: the article's (or the statement's
    article's) projects; actors and propositions that a statement they read names, or
    none. A deleted record's projects are unknown: see history_access.may_read_deleted."""
    subject = history.subject
    if history.deleted and not may_read_deleted(user, kind, pk, subject):
        return False
    if kind == "article":
        return can_read_article(user, pk)
    if kind == "statement":
        return can_read_article(user, subject.article_id)
    if history.deleted:
        return True
    model = Actor if kind == "actor" else Proposition
    visible = visible_actors if kind == "actor" else visible_propositions
    return visible(user, model.objects.filter(pk=pk)).exists()


@require_GET
@role_required(roles.can_view)
def history_page(request: HtmxHttpRequest, pk: int, kind: str):
    """Every version of the `kind` record `pk` (the URL names the kind)."""
    history = object_history(kind=kind, pk=pk, page=request.GET.get("page"), user=request.user)
    if history is None or not _may_read(request.user, kind, pk, history):
        raise Http404(f"No {kind} {pk}, and none in the history.")
    subject = history.subject
    if kind == "statement" and not double.may_read_version(request.user, subject):
        # Another annotator's independent version (double annotation): as if it did not exist.
        raise Http404(f"No {kind} {pk}, and none in the history.")
    context = {
        "kind": kind,
        "kind_title": TITLE[kind],
        "pk": pk,
        "history": history,
        "subject": subject,
        "page_obj": history.page,
        "detail_url": None if history.deleted or kind not in DETAIL_URL else reverse(DETAIL_URL[kind], args=[pk]),
        "can_restore": kind == "statement" and history.deleted and roles.can_delete_statement(request.user, subject),
        "can_unmerge": kind in ("actor", "proposition")
        and not history.deleted
        and subject.merged_into_id is not None
        and roles.can_merge(request.user),
    }
    if kind == "statement":
        context["article_id"] = subject.article_id
        context["article_exists"] = Article.objects.filter(pk=subject.article_id).exists()
    return render(request, "history/object.html", context)


@require_GET
@role_required(roles.can_view)
def article_deleted_statements(request: HtmxHttpRequest, article_id: int):
    article = get_object_or_404(visible_articles(request.user, Article.objects.select_related("source")), pk=article_id)
    user = request.user
    # Others' independent versions (double annotation) stay out of an annotator's sight.
    judge = double.can_adjudicate(user, article)
    deleted = [
        item
        for item in recently_deleted_statements(article_id=article.pk, user=user)
        if judge or not item.record.independent or item.record.annotator_id == user.pk
    ]
    context = {
        "article": article,
        "deleted": deleted,
        "restorable": {item.record.id for item in deleted if roles.can_delete_statement(user, item.record)},
    }
    return render(request, "history/deleted.html", context)


def _unmerge(request, model, pk: int, service, detail: str):
    # A record the user may not read is answered as one that does not exist.
    visible = visible_actors if model is Actor else visible_propositions
    record = get_object_or_404(visible(request.user, model.objects.all()), pk=pk)
    what = model._meta.verbose_name
    if record.merged_into_id is None:
        messages.info(request, f"This {what} is not merged into another; nothing to undo.")
        return redirect(detail, pk=pk)
    target_id = record.merged_into_id
    try:
        service(**{model._meta.model_name: record}, user=request.user)
    except ValidationError as error:
        messages.error(request, f"The merge was not undone: {' '.join(error.messages)}")
        return redirect(f"{model._meta.model_name}_history", pk=pk)
    except MergeNotPermitted as refusal:
        # Statements of a project the reviewer is not in name one of the two: say why.
        return render(request, "403.html", {"reason": str(refusal)}, status=403)
    messages.success(request, f"Merge undone: this {what} is separate again from #{target_id}, with its statements.")
    return redirect(detail, pk=pk)


@require_POST
@role_required(roles.can_merge)
def actor_unmerge_view(request: HtmxHttpRequest, pk: int):
    return _unmerge(request, Actor, pk, actor_unmerge, "actor_detail")


@require_POST
@role_required(roles.can_merge)
def proposition_unmerge_view(request: HtmxHttpRequest, pk: int):
    return _unmerge(request, Proposition, pk, proposition_unmerge, "proposition_detail")


urlpatterns = [
    path("articles/<int:pk>/history/", history_page, {"kind": "article"}, name="article_history"),
    path("articles/<int:article_id>/deleted/", article_deleted_statements, name="article_deleted_statements"),
    path("actors/<int:pk>/history/", history_page, {"kind": "actor"}, name="actor_history"),
    path("actors/<int:pk>/unmerge/", actor_unmerge_view, name="actor_unmerge"),
    path("propositions/<int:pk>/history/", history_page, {"kind": "proposition"}, name="proposition_history"),
    path("propositions/<int:pk>/unmerge/", proposition_unmerge_view, name="proposition_unmerge"),
    path("statements/<int:pk>/history/", history_page, {"kind": "statement"}, name="statement_history"),
]
