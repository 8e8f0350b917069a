"""Reviewing the suggester's output: accept, reject, accept all, run it on demand, and the
reviewers' queue of pending suggestions across articles.

Accepting or rejecting is a reviewer's call (see `annotator.roles`); analysts correct a
suggestion from the reader's edit form, which keeps it pending for a reviewer."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from annotator import roles
from annotator.models import ReviewStatus, Statement
from annotator.selectors.reader import pending_suggestions, statement_for_edit
from annotator.services.statements import StatementConflict
from annotator.services.suggestions import (
    suggestion_accept,
    suggestion_reject,
    suggestions_accept_all,
    suggestions_generate,
)

from .decorators import role_required
from .partials import HtmxHttpRequest, wants_fragment
from .reader import get_article, respond_changed

QUEUE_PAGE_SIZE = 50


def _pending(statement_id: int) -> Statement:
    statement = statement_for_edit(statement_id=statement_id)
    if statement is None:
        raise Http404("No such suggestion.")
    return statement


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def _decide(request: HtmxHttpRequest, statement_id: int, *, accept: bool):
    statement = _pending(statement_id)
    article = statement.article
    verb = "accept" if accept else "reject"
    version = _version(request)
    if statement.review_status != ReviewStatus.PENDING:
        notice = {
            "text": f"Nothing to {verb}: this statement is already {statement.get_review_status_display().lower()}."
        }
    elif version is None:
        notice = {
            "text": f"Not {verb}ed: the request did not say which version you saw. Reload and retry.",
            "error": True,
        }
    else:
        try:
            if accept:
                saved = suggestion_accept(statement=statement, version=version, user=request.user)
            else:
                saved = suggestion_reject(statement=statement, version=version, user=request.user)
        except Statement.DoesNotExist:
            notice = {"text": f"Not {verb}ed: someone deleted this suggestion meanwhile.", "error": True}
        except StatementConflict:
            notice = {
                "text": f"Not {verb}ed: someone changed this suggestion since you loaded it. "
                "The current version is shown; decide again.",
                "error": True,
            }
        except ValidationError as error:
            notice = {
                "text": f"Not {verb}ed: " + " ".join(error.messages) + " Correct it first (e).",
                "error": True,
            }
        else:
            notice = {"text": "Suggestion accepted." if accept else "Suggestion rejected."}
            return _respond(request, article, notice=notice, saved=saved if accept else None)
    return _respond(request, article, notice=notice)


def _respond(request, article, *, notice, saved=None):
    if request.POST.get("from") == "queue":
        if wants_fragment(request):
            return _render_queue(request, notice=notice, partial=True)
        return redirect(reverse("review_queue"))
    return respond_changed(request, article, notice=notice, saved=saved)


@require_POST
@role_required(roles.can_review)
def statement_accept(request: HtmxHttpRequest, statement_id: int):
    return _decide(request, statement_id, accept=True)


@require_POST
@role_required(roles.can_review)
def statement_reject(request: HtmxHttpRequest, statement_id: int):
    return _decide(request, statement_id, accept=False)


@require_POST
@role_required(roles.can_review)
def article_accept_all(request: HtmxHttpRequest, article_id: int):
    article = get_article(article_id)
    accepted = suggestions_accept_all(article=article, user=request.user)
    left = Statement.objects.for_article(article).pending().count()
    text = f"Accepted {accepted} suggestion{'s' if accepted != 1 else ''}."
    if left:
        text += f" {left} could not be accepted as they are (no speaker yet): correct them first."
    return respond_changed(request, article, notice={"text": text, "error": bool(left)})


@require_POST
@role_required(roles.can_annotate)
def article_suggest(request: HtmxHttpRequest, article_id: int):
    article = get_article(article_id)
    run = suggestions_generate(article=article, user=request.user)
    text = f"{run.created} new suggestion{'s' if run.created != 1 else ''}."
    if run.skipped_rejected:
        text += f" {run.skipped_rejected} rejected before and not proposed again."
    return respond_changed(request, article, notice={"text": text})


def _render_queue(request, *, notice=None, partial=False):
    page = Paginator(pending_suggestions(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "suggestions": list(page.object_list), "notice": notice}
    template = "review_queue.html#queue" if partial else "review_queue.html"
    return render(request, template, context)


@require_GET
@role_required(roles.can_review)
def review_queue(request: HtmxHttpRequest):
    return _render_queue(request, partial=wants_fragment(request))


urlpatterns = [
    path("statements/<int:statement_id>/accept", statement_accept, name="statement_accept"),
    path("statements/<int:statement_id>/reject", statement_reject, name="statement_reject"),
    path("articles/<int:article_id>/accept-all", article_accept_all, name="article_accept_all"),
    path("articles/<int:article_id>/suggest", article_suggest, name="article_suggest"),
    path("review/", review_queue, name="review_queue"),
]
