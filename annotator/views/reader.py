"""The reader: an article's text with every statement highlighted, the statement panel, and the
form that opens beside them. The statement views re-render its partials after each change."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import trigger_client_event

from annotator import roles
from annotator.double import double_mode
from annotator.models import ActorKind, Article, ArticleStatus, Statement
from annotator.projects_access import has_article_role
from annotator.selectors.answers import hide_unreadable_answers
from annotator.selectors.jobs import article_failed_job
from annotator.selectors.projects import article_assignments
from annotator.selectors.reader import (
    actor_by_id,
    actors_matching,
    article_for_reader,
    panel_page,
    proposition_by_id,
    propositions_matching,
    reader_data,
    reader_window,
    statement_place,
)
from annotator.selectors.review import article_heading
from annotator.text.windows import SINGLE_WINDOW_CHARS, window_at, window_bounds

from .decorators import role_required
from .partials import HtmxHttpRequest, wants_fragment

TEMPLATE = "reader.html"
# How many windows a page may say it holds: more than any analyst scrolls through.
MAX_LOADED = 200


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


def reader_url(article_id: int, statement_id: int | None = None, *, windowed: bool = False) -> str:
    """The reader, opened on a statement. In a text long enough to load in windows, the query
    asks for the statement's window, so that it shows without JavaScript too."""
    url = reverse("article_detail", args=[article_id])
    if not statement_id:
        return url
    return f"{url}?statement={statement_id}#statement-{statement_id}" if windowed else f"{url}#statement-{statement_id}"


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
    options = _with_selected(
        actors_matching(query, user=user) if query else [], selected, lambda pk: actor_by_id(pk, user=user)
    )
    return {
        "speaker_query": query,
        "selected_speaker": selected,
        "speaker_options": options,
        # Offering to create a speaker who is already listed makes duplicates merges must undo.
        "speaker_exists": any(_same_name(query, actor.name, *actor.aliases) for actor in options),
        "actor_kinds": ActorKind.choices,
        "new_speaker_kind": kind or ActorKind.PERSON,
        "new_speaker_role": role,
    }


def proposition_options_context(*, user, query: str, selected: str) -> dict:
    query = " ".join(query.split())
    options = _with_selected(
        propositions_matching(query, user=user) if query else [], selected, lambda pk: proposition_by_id(pk, user=user)
    )
    return {
        "proposition_query": query,
        "selected_proposition": selected,
        "proposition_options": options,
        "proposition_exists": any(_same_name(query, proposition.text) for proposition in options),
    }


def _same_name(query: str, *names: str) -> bool:
    folded = query.casefold()
    return bool(folded) and any(" ".join(name.split()).casefold() == folded for name in names)


def _with_selected(matches: list, selected: str, lookup) -> list:
    """The matches, with the chosen record first when the search no longer finds it."""
    if selected.isdigit() and all(str(m.pk) != selected for m in matches):
        chosen = lookup(int(selected))
        if chosen is not None:
            return [chosen, *matches]
    return matches


def loaded_state(request: HtmxHttpRequest) -> tuple[set[int], tuple[int, int]]:
    """What the analyst's page holds: its script names, with every htmx request, the windows
    of the text it has loaded and the range of panel pages (reader.js). A page that says
    nothing holds the first window and the first page."""
    windows = {int(w) for w in request.headers.get("X-Reader-Windows", "").split(",")[:MAX_LOADED] if _small(w)}
    first, _, last = request.headers.get("X-Reader-Panel", "").partition("-")
    pages = (int(first), int(last)) if _small(first) and _small(last) else (0, 0)
    return windows or {0}, pages


def _small(value: str | None) -> bool:
    return bool(value) and value.isdigit() and len(value) <= 6


def reader_context(
    request: HtmxHttpRequest,
    article: Article,
    *,
    windows: set[int] | None = None,
    panel_pages: tuple[int, int] | None = None,
    **extra,
) -> dict:
    if windows is None or panel_pages is None:
        loaded_windows, loaded_pages = loaded_state(request)
        windows = loaded_windows if windows is None else windows
        panel_pages = loaded_pages if panel_pages is None else panel_pages
    double, independent = double_mode(request.user, article)
    own_of = request.user if independent else None
    data = reader_data(article=article, windows=windows, panel_pages=panel_pages, own_of=own_of)
    hide_unreadable_answers(data.panel.statements, user=request.user)
    return {
        "double": double,
        "independent": independent,
        "article": article,
        "heading": article_heading(article),
        "data": data,
        "panel": data.panel,
        "statuses": ArticleStatus.choices,
        **statement_permissions(request, data.panel.statements),
        "my_assignments": (mine := article_assignments(request.user, article.pk)),
        # Whether "s" may put this article off for later (an open assignment of it).
        "my_open_here": any(a.done_at is None for a in mine),
        # The toolbar's actions follow the role in this article's projects, not the highest anywhere.
        "can_annotate": roles.can_annotate_article(request.user, article.pk),
        "can_review": roles.can_review_article(request.user, article.pk),
        "form": None,
        **extra,
    }


def own_versions_of(request: HtmxHttpRequest, article: Article):
    """The user, when they annotate `article` independently (double annotation): the reader
    then shows only their own versions. None otherwise."""
    return request.user if double_mode(request.user, article)[1] else None


def statement_permissions(request: HtmxHttpRequest, statements) -> dict:
    """Which of the panel's statements the user may edit and delete: the panel offers only those."""
    user = request.user
    return {
        "editable_ids": {s.pk for s in statements if roles.can_edit_statement(user, s)},
        "deletable_ids": {s.pk for s in statements if roles.can_delete_statement(user, s)},
    }


def render_reader(request: HtmxHttpRequest, article: Article, *, partial: str | None = None, status=200, **extra):
    """The whole reader page, or (for a real htmx request) just `partial` of it. A whole page
    with a statement's form open (edit without JavaScript) shows that statement's window."""
    fragment = partial and wants_fragment(request)
    template = f"{TEMPLATE}#{partial}" if fragment else TEMPLATE
    editing = extra.get("form_statement")
    if not fragment and editing is not None and "windows" not in extra:
        place = statement_place(article=article, statement_id=editing.pk, own_of=own_versions_of(request, article))
        if place is not None:
            extra.update(windows={place[0]}, panel_pages=(place[1], place[1]))
    return render(request, template, reader_context(request, article, **extra), status=status)


def render_changes(
    request: HtmxHttpRequest, article: Article, *, notice: dict | None = None, saved: Statement | None = None, **extra
) -> HttpResponse:
    """The answer to an htmx change: the form slot (usually closed), and out of band the body,
    the panel and the notice, so the highlights and the panel always change together. The
    body comes back with the windows the page had loaded (and the saved statement's)."""
    windows, pages = loaded_state(request)
    if saved is not None:
        windows.add(window_at(window_bounds(article.body), saved.start).index)
    context = reader_context(request, article, windows=windows, panel_pages=pages, notice=notice, oob=True, **extra)
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
    url = reader_url(article.pk, saved.pk if saved else None, windowed=len(article.body) > SINGLE_WINDOW_CHARS)
    if notice and notice.get("undo"):
        url = f"{reverse('article_detail', args=[article.pk])}?deleted={notice['undo']}"
    return redirect(url)


@require_http_methods(["GET"])
@role_required(roles.can_view)
def article_detail(request: HtmxHttpRequest, article_id: int):
    """The reader. Its parts load on their own too: `?window=N` (a window of the text, as the
    analyst scrolls), `?panel=N` (a page of the statement panel), `?statement=N` (the window
    and the panel page that hold that statement: a jump to it)."""
    article = get_article(article_id, request.user)
    window, page, statement = (request.GET.get(name, "") for name in ("window", "panel", "statement"))
    for value in (window, page, statement):
        if value and not _small(value):
            return HttpResponseBadRequest("window, panel and statement take a whole number.")
    if statement:
        return jump_to_statement(request, article, int(statement))
    if window and wants_fragment(request):
        return window_fragment(request, article, int(window))
    if page and wants_fragment(request):
        return panel_fragment(request, article, int(page), before=request.GET.get("dir") == "before")
    notice = None
    deleted = request.GET.get("deleted", "")
    if deleted.isdigit() and not Statement.objects.filter(pk=int(deleted)).exists():
        # Back from a delete without JavaScript: offer the same undo the htmx answer offers.
        notice = {"text": "Statement deleted.", "undo": int(deleted)}
    failed_job = article_failed_job(article_id=article.pk)
    windows = {int(window)} if window else None
    pages = (int(page), int(page)) if page else None
    return render_reader(
        request,
        article,
        partial="workspace",
        notice=notice,
        failed_job=failed_job,
        windows=windows or {0},
        panel_pages=pages or (0, 0),
    )


def window_fragment(request: HtmxHttpRequest, article: Article, index: int, *, oob: bool = False):
    window = reader_window(article=article, index=index, own_of=own_versions_of(request, article))
    if window is None:
        raise Http404("The article has no such window.")
    return render(request, f"{TEMPLATE}#window", {"article": article, "w": window, "oob_window": oob})


def panel_fragment(request: HtmxHttpRequest, article: Article, page: int, *, before: bool):
    """One more page of the panel, with a link to the page before it (scrolling up) or after it."""
    panel = panel_page(article=article, page=page, own_of=own_versions_of(request, article))
    hide_unreadable_answers(panel.statements, user=request.user)
    context = {"article": article, "panel": panel, "only_before": before, "only_after": not before}
    return render(request, f"{TEMPLATE}#panel_page", {**context, **statement_permissions(request, panel.statements)})


def jump_to_statement(request: HtmxHttpRequest, article: Article, statement_id: int):
    """The window of the text and the page of the panel that hold a statement. For htmx, the
    window swaps in place out of band, and the panel too when the page has not loaded that page."""
    own_of = own_versions_of(request, article)
    place = statement_place(article=article, statement_id=statement_id, own_of=own_of)
    if place is None and wants_fragment(request):
        raise Http404("No such statement in this article.")
    window, page = place or (0, 0)  # a link to a statement gone since opens the article
    if not wants_fragment(request):
        failed_job = article_failed_job(article_id=article.pk)
        return render_reader(request, article, windows={window}, panel_pages=(page, page), failed_job=failed_job)
    parts = [window_fragment(request, article, window, oob=True).content.decode()]
    first, last = loaded_state(request)[1]
    if not first <= page <= last:
        panel = panel_page(article=article, page=page, own_of=own_of)
        hide_unreadable_answers(panel.statements, user=request.user)
        context = {"article": article, "panel": panel, "oob": True, **statement_permissions(request, panel.statements)}
        parts.append(render_to_string(f"{TEMPLATE}#panel", context, request=request))
    return HttpResponse("".join(parts))


urlpatterns = [
    path("articles/<int:article_id>/", article_detail, name="article_detail"),
]
