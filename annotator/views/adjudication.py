"""Adjudication: a doubly annotated article's versions side by side, one row per aligned
statement, decided one key at a time (static/js/adjudicate.js)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from annotator import double, roles
from annotator.models import Article
from annotator.projects_access import can_read_article
from annotator.selectors.adjudication import adjudication_for
from annotator.selectors.review import article_heading
from annotator.services.adjudication import AdjudicationConflict, statement_adjudicate

from .decorators import role_required
from .partials import HtmxHttpRequest, wants_fragment

TEMPLATE = "adjudicate.html"


def _article_to_adjudicate(request, article_id: int) -> Article:
    article = Article.objects.select_related("source").filter(pk=article_id).first()
    # An article the user may not read is answered as one that does not exist (a 403 told
    # a member of project A which of B's article ids exist); one they read but may not
    # settle, with a 403.
    if article is None or not can_read_article(request.user, article.pk):
        raise Http404("No such article.")
    if not double.can_adjudicate(request.user, article):
        raise PermissionDenied
    return article


def _render(request: HtmxHttpRequest, article: Article, *, status: int = 200, **extra):
    context = {
        "article": article,
        "heading": article_heading(article),
        "adjudication": adjudication_for(article),
        **extra,
    }
    template = f"{TEMPLATE}#rows" if wants_fragment(request) else TEMPLATE
    return render(request, template, context, status=status)


@require_http_methods(["GET"])
@role_required(roles.can_view)
def article_adjudicate(request: HtmxHttpRequest, article_id: int):
    return _render(request, _article_to_adjudicate(request, article_id))


def _ids(raw: str) -> list[int]:
    parts = [p for p in raw.split(",") if p.strip()]
    if not parts or not all(p.strip().isdigit() for p in parts):
        raise ValueError("row")
    return [int(p) for p in parts]


def _optional_int(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValueError(raw)
    return int(raw)


@require_http_methods(["POST"])
@role_required(roles.can_view)
def adjudication_decide(request: HtmxHttpRequest, article_id: int):
    """Take the posted version into the canonical set. htmx: the rows again, with the
    outcome announced; otherwise back to the page at the row (post/redirect/get)."""
    article = _article_to_adjudicate(request, article_id)
    data = request.POST
    try:
        chosen = int(data.get("chosen", ""))
        chosen_version = int(data.get("chosen_version", ""))
        row = _ids(data.get("row", ""))
        replaces = _optional_int(data.get("replaces"))
        replaces_version = _optional_int(data.get("replaces_version"))
    except ValueError:
        return HttpResponseBadRequest(
            "Send chosen, chosen_version and row (the row's statement ids), as the page does."
        )
    row_index = data.get("row_index", "")
    try:
        canonical = statement_adjudicate(
            chosen=chosen,
            chosen_version=chosen_version,
            row=row,
            reviewer=request.user,
            replaces=replaces,
            replaces_version=replaces_version,
        )
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    except (AdjudicationConflict, ValidationError) as error:
        text = str(error) if isinstance(error, AdjudicationConflict) else "; ".join(error.messages)
        if wants_fragment(request):
            # 200: htmx swaps only successes (base.html), and the rows must show the decision that won.
            return _render(request, article, notice={"text": text, "error": True}, focus=row_index)
        messages.error(request, text)
        return redirect(f"{reverse('article_adjudicate', args=[article.pk])}#row-{row_index}")
    who = canonical.annotator.get_username() if canonical.annotator else "the annotator"
    text = f"Row {int(row_index) + 1 if row_index.isdigit() else ''}: {who}'s version taken into the canonical set."
    if wants_fragment(request):
        return _render(request, article, notice={"text": text}, focus=row_index, advance=True)
    messages.success(request, text)
    return redirect(f"{reverse('article_adjudicate', args=[article.pk])}#row-{row_index}")


urlpatterns = [
    path("articles/<int:article_id>/adjudicate/", article_adjudicate, name="article_adjudicate"),
    path("articles/<int:article_id>/adjudicate/decide", adjudication_decide, name="adjudication_decide"),
]
