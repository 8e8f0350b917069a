"""Reviewing the suggester's output: accept, reject, accept all, run it on demand, and the
reviewers' queue of pending suggestions across articles.

Accepting or rejecting is a reviewer's call (see `annotator.roles`); analysts correct a
suggestion from the reader's edit form, which keeps it pending for a reviewer."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from annotator import roles
from annotator.models import ReviewStatus, Statement
from annotator.projects_access import statements_with_role
from annotator.selectors.reader import statement_for_edit
from annotator.selectors.review import QueueFilters, queue_filter_options, queue_groups, queue_split
from annotator.services.review_bulk import parse_picks, suggestions_decide
from annotator.services.review_bulk import review_undo as review_undo_service
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
THRESHOLD_PARAM = "threshold"
THRESHOLD_SESSION_KEY = "review_threshold"
# A stance suggestion is flagged when the scorer thinks it more likely wrong than right.
STANCE_DOUBT_FLAG = 0.5


def _pending(request, statement_id: int) -> Statement:
    statement = statement_for_edit(statement_id=statement_id, user=request.user)
    if statement is None:
        raise Http404("No such suggestion.")
    if not roles.can_review_article(request.user, statement.article_id):
        raise PermissionDenied
    return statement


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def _decide(request: HtmxHttpRequest, statement_id: int, *, accept: bool):
    statement = _pending(request, statement_id)
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
                "statement": statement.pk,
            }
        else:
            notice = {
                "text": "Suggestion accepted." if accept else "Suggestion rejected.",
                "undo_review": [_pick(saved.pk, saved.version)],
            }
            return _respond(request, article, notice=notice, saved=saved if accept else None)
    return _respond(request, article, notice=notice)


def _pick(pk: int, version: int) -> str:
    return f"{pk}:{version}"


def _queue_query(request) -> QueryDict:
    """The queue's filters and page, as the page that posted had them."""
    return QueryDict(request.POST.get("queue", ""))


def _back_to_queue(request, notice: dict):
    """Without JavaScript: back to the queue as it was filtered, the notice as a message."""
    if notice:
        (messages.error if notice.get("error") else messages.success)(request, notice["text"])
    query = _queue_query(request).urlencode()
    return redirect(reverse("review_queue") + (f"?{query}" if query else ""))


def _respond(request, article, *, notice, saved=None):
    if request.POST.get("from") == "queue":
        if wants_fragment(request):
            return _render_queue(request, _queue_query(request), notice=notice, partial=True)
        return _back_to_queue(request, notice)
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
    article = get_article(article_id, request.user, need=roles.Role.REVIEWER)
    accepted = suggestions_accept_all(article=article, user=request.user)
    left = Statement.objects.for_article(article).pending().count()
    text = f"Accepted {accepted} suggestion{'s' if accepted != 1 else ''}."
    if left:
        text += f" {left} could not be accepted as they are (no speaker yet): correct them first."
    return respond_changed(request, article, notice={"text": text, "error": bool(left)})


@require_POST
@role_required(roles.can_annotate)
def article_suggest(request: HtmxHttpRequest, article_id: int):
    article = get_article(article_id, request.user, need=roles.Role.ANALYST)
    run = suggestions_generate(article=article, user=request.user)
    text = f"{run.created} new suggestion{'s' if run.created != 1 else ''}."
    if run.skipped_rejected:
        text += f" {run.skipped_rejected} rejected before and not proposed again."
    if run.dropped:
        cap = settings.ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE
        text += f" {run.dropped} more not stored: an article holds at most {cap}."
    return respond_changed(request, article, notice={"text": text})


def _threshold(request, query: QueryDict) -> tuple[float | None, str]:
    """The reviewer's confidence threshold: from the query when it names one (kept in the
    session for their next visits; empty clears it), else the one kept. Returns it and
    the error to show when the query's value is not a number from 0 to 1."""
    if THRESHOLD_PARAM in query:
        raw = query.get(THRESHOLD_PARAM, "").strip()
        if not raw:
            request.session.pop(THRESHOLD_SESSION_KEY, None)
            return None, ""
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not 0 <= value <= 1:
            kept = request.session.get(THRESHOLD_SESSION_KEY)
            return kept, f"The threshold must be a number from 0 to 1, not {raw[:20]!r}."
        request.session[THRESHOLD_SESSION_KEY] = value or None
        return value or None, ""
    return request.session.get(THRESHOLD_SESSION_KEY), ""


def _hidden_export_query(filters: QueueFilters, threshold: float) -> str:
    query = QueryDict(mutable=True)
    query.update({"review_status": "pending", "origin": "suggested", "confidence_below": f"{threshold:g}"})
    if filters.stance:
        query["stance"] = filters.stance
    if filters.article:
        query["article"] = str(filters.article)
    return query.urlencode()


def _reviewable(user, picks):
    """The picks in articles the user reviews (one query); others are dropped unseen."""
    if not picks:
        return picks
    allowed = set(
        statements_with_role(user, roles.Role.REVIEWER)
        .filter(pk__in=[pk for pk, _ in picks])
        .values_list("pk", flat=True)
    )
    return [pick for pick in picks if pick[0] in allowed]


def _render_queue(request, query: QueryDict, *, notice=None, partial=False):
    filters = QueueFilters.from_query(query)
    threshold, threshold_error = _threshold(request, query)
    shown, hidden = queue_split(filters, threshold, user=request.user)
    page = Paginator(shown, QUEUE_PAGE_SIZE).get_page(query.get("page"))
    if threshold_error and notice is None:
        notice = {"text": threshold_error, "error": True}
    context = {
        "page_obj": page,
        "groups": queue_groups(page.object_list),
        "filters": filters,
        "queue_state": query.urlencode(),
        "notice": notice,
        "threshold": threshold,
        "hidden": hidden,
        "hidden_export": _hidden_export_query(filters, threshold) if hidden else "",
        "doubt_above": STANCE_DOUBT_FLAG,
    }
    if partial:
        return render(request, "review_queue.html#queue", context)
    # The filter bar is outside the partial: its choices are read for the whole page only.
    return render(request, "review_queue.html", {**context, **queue_filter_options(filters, user=request.user)})


@require_GET
@role_required(roles.can_review)
def review_queue(request: HtmxHttpRequest):
    return _render_queue(request, request.GET, partial=wants_fragment(request))


def _batch_notice(result, *, done_text: str) -> dict:
    text = done_text
    if result.refused:
        text += " " + "; ".join(f"#{pk} {why}" for pk, why in result.refused) + "."
    return {
        "text": text,
        "error": bool(result.refused),
        "undo_review": [_pick(pk, version) for pk, version in result.done],
    }


@require_POST
@role_required(roles.can_review)
def review_bulk(request: HtmxHttpRequest):
    """Accept or reject the suggestions ticked in the queue, as one batch with one undo."""
    picks = _reviewable(request.user, parse_picks(request.POST.getlist("pick")))
    decision = request.POST.get("decision")
    if decision not in ("accept", "reject"):
        notice = {"text": "Choose Accept or Reject for the selected suggestions.", "error": True}
    elif not picks:
        notice = {"text": "Nothing selected: tick suggestions first (x toggles the focused one).", "error": True}
    else:
        result = suggestions_decide(picks=picks, accept=decision == "accept", user=request.user)
        count = len(result.done)
        notice = _batch_notice(result, done_text=f"{decision.capitalize()}ed {count} suggestion{pluralize(count)}.")
    if wants_fragment(request):
        return _render_queue(request, _queue_query(request), notice=notice, partial=True)
    return _back_to_queue(request, notice)


@require_POST
@role_required(roles.can_review)
def review_undo(request: HtmxHttpRequest):
    """Take back the decisions just made (one or a batch): they are pending again."""
    picks = _reviewable(request.user, parse_picks(request.POST.getlist("pick")))
    result = review_undo_service(picks=picks, user=request.user)
    count = len(result.done)
    notice = _batch_notice(result, done_text=f"Undone: {count} suggestion{pluralize(count)} pending again.")
    notice["undo_review"] = []  # an undo is not itself undone from here
    if request.POST.get("from") == "queue" or not picks:
        if wants_fragment(request):
            return _render_queue(request, _queue_query(request), notice=notice, partial=True)
        return _back_to_queue(request, notice)
    statement = statement_for_edit(statement_id=picks[0][0], user=request.user)
    if statement is None:
        raise Http404("No such suggestion.")
    return respond_changed(request, statement.article, notice=notice, saved=statement if result.done else None)


urlpatterns = [
    path("statements/<int:statement_id>/accept", statement_accept, name="statement_accept"),
    path("statements/<int:statement_id>/reject", statement_reject, name="statement_reject"),
    path("articles/<int:article_id>/accept-all", article_accept_all, name="article_accept_all"),
    path("articles/<int:article_id>/suggest", article_suggest, name="article_suggest"),
    path("review/", review_queue, name="review_queue"),
    path("review/bulk", review_bulk, name="review_bulk"),
    path("review/undo", review_undo, name="review_undo"),
]
