"""The reader: an article's text with every statement highlighted, the statement panel, and the
form that opens beside them. The statement views re-render its partials after each change."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import trigger_client_event

from annotator import roles
from annotator.models import ActorKind, Article, ArticleStatus, Statement
from annotator.projects_access import has_article_role
from annotator.selectors.jobs import article_failed_job
from annotator.selectors.projects import article_assignments
from annotator.selectors.reader import (
    actor_by_id,
    actors_matching,
    article_for_reader,
    proposition_by_id,
    propositions_matching,
    reader_data,
)
from annotator.selectors.review import article_heading

from .decorators import role_required
from .partials import HtmxHttpRequest, wants_fragment

TEMPLATE = "reader.html"


def get_article(article_id: int, user, *, need: roles.Role = roles.Role.VIEWER) -> Article:
    """The article, 404 if the user may not read it, 403 if they may read it but their
    role in its projects is below `need`."""
    try:
        article = article_for_reader(article_id=article_id, user=user)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    if need != roles.Role.VIEWER and not has_article_role(user, article.pk, need):
        raise PermissionDenied
    return article


def reader_url(article_id: int, statement_id: int | None = None) -> str:
    url = reverse("article_detail", args=[article_id])
    return f"{url}#statement-{statement_id}" if statement_id else url


def form_context(form, *, user, statement: Statement | None = None, conflict: Statement | None = None) -> dict:
    """What the statement form shows beside its fields: the speaker and proposition options
    (matches for what is typed, the chosen one always among them)."""
    if form is None:
        return {"form": None}
    return {
        "form": form,
        "form_statement": statement,
        "conflict": conflict,
        **speaker_options_context(
            user=user,
            query=form.value_of("speaker_query"),
            selected=form.value_of("speaker"),
            kind=form.value_of("new_speaker_kind"),
            role=form.value_of("new_speaker_role"),
        ),
        **proposition_options_context(
            user=user, query=form.value_of("proposition_query"), selected=form.value_of("proposition")
        ),
    }


def speaker_options_context(*, user, query: str, selected: str, kind: str = "", role: str = "") -> dict:
    query = " ".join(query.split())
    return {
        "speaker_query": query,
        "selected_speaker": selected,
        "speaker_options": _with_selected(
            actors_matching(query, user=user) if query else [], selected, lambda pk: actor_by_id(pk, user=user)
        ),
        "actor_kinds": ActorKind.choices,
        "new_speaker_kind": kind or ActorKind.PERSON,
        "new_speaker_role": role,
    }


def proposition_options_context(*, user, query: str, selected: str) -> dict:
    query = " ".join(query.split())
    return {
        "proposition_query": query,
        "selected_proposition": selected,
        "proposition_options": _with_selected(
            propositions_matching(query, user=user) if query else [],
            selected,
            lambda pk: proposition_by_id(pk, user=user),
        ),
    }


def _with_selected(matches: list, selected: str, lookup) -> list:
    """The matches, with the chosen record first when the search no longer finds it."""
    if selected.isdigit() and all(str(m.pk) != selected for m in matches):
        chosen = lookup(int(selected))
        if chosen is not None:
            return [chosen, *matches]
    return matches


def reader_context(request: HtmxHttpRequest, article: Article, **extra) -> dict:
    data = reader_data(article=article)
    user = request.user
    return {
        "article": article,
        "heading": article_heading(article),
        "data": data,
        "statuses": ArticleStatus.choices,
        "editable_ids": {s.pk for s in data.statements if roles.can_edit_statement(user, s)},
        "my_assignments": article_assignments(user, article.pk),
        # The toolbar's actions follow the role in this article's projects, not the highest anywhere.
        "can_annotate": roles.can_annotate_article(user, article.pk),
        "can_review": roles.can_review_article(user, article.pk),
        "form": None,
        **extra,
    }


def render_reader(request: HtmxHttpRequest, article: Article, *, partial: str | None = None, status=200, **extra):
    """The whole reader page, or (for a real htmx request) just `partial` of it."""
    template = f"{TEMPLATE}#{partial}" if partial and wants_fragment(request) else TEMPLATE
    return render(request, template, reader_context(request, article, **extra), status=status)


def render_changes(
    request: HtmxHttpRequest, article: Article, *, notice: dict | None = None, saved: Statement | None = None, **extra
) -> HttpResponse:
    """The answer to an htmx change: the form slot (usually closed), and out of band the body,
    the panel and the notice, so the highlights and the panel always change together."""
    context = reader_context(request, article, notice=notice, oob=True, **extra)
    parts = [
        render_to_string(f"{TEMPLATE}#form_slot", {**context, "oob": False}, request=request),
        *(render_to_string(f"{TEMPLATE}#{name}", context, request=request) for name in ("body", "panel", "notice")),
        render_to_string(f"{TEMPLATE}#toolbar", context, request=request),
    ]
    response = HttpResponse("".join(parts))
    # After settle: the script refocuses the statement in the new panel, not the one being replaced.
    trigger_client_event(response, "statementsChanged", {"saved": saved.pk if saved else None}, after="settle")
    return response


def respond_changed(request, article: Article, *, notice: dict | None = None, saved: Statement | None = None, **extra):
    """htmx: the changed regions; otherwise redirect back to the reader (post/redirect/get)."""
    if wants_fragment(request):
        return render_changes(request, article, notice=notice, saved=saved, **extra)
    url = reader_url(article.pk, saved.pk if saved else None)
    if notice and notice.get("undo"):
        url = f"{reverse('article_detail', args=[article.pk])}?deleted={notice['undo']}"
    return redirect(url)


@require_http_methods(["GET"])
@role_required(roles.can_view)
def article_detail(request: HtmxHttpRequest, article_id: int):
    article = get_article(article_id, request.user)
    notice = None
    deleted = request.GET.get("deleted", "")
    if deleted.isdigit() and not Statement.objects.filter(pk=int(deleted)).exists():
        # Back from a delete without JavaScript: offer the same undo the htmx answer offers.
        notice = {"text": "Statement deleted.", "undo": int(deleted)}
    failed_job = article_failed_job(article_id=article.pk)
    return render_reader(request, article, partial="workspace", notice=notice, failed_job=failed_job)


urlpatterns = [
    path("articles/<int:article_id>/", article_detail, name="article_detail"),
]
