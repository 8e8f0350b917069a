"""Sources: the outlets, each with the articles it published and the statements it relayed."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from annotator.filters import include_pending
from annotator.models import SourceKind
from annotator.roles import can_view
from annotator.selectors import browse

from .decorators import role_required
from .partials import HtmxHttpRequest, page_or_partial

PER_PAGE = 50


@require_GET
@role_required(can_view)
def source_list(request: HtmxHttpRequest):
    kind = request.GET.get("kind", "")
    if kind not in SourceKind.values:
        kind = ""
    term = request.GET.get("q", "")
    params = request.GET.copy()
    if not kind:
        params.pop("kind", None)  # an unknown kind shows all sources, as an empty one does
    sources, sort = browse.source_list(user=request.user, params=params, sort=request.GET.get("sort"))
    page = Paginator(sources, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "q": term,
        "kind": kind,
        "kinds": SourceKind.choices,
        "sort": sort,
        "sorts": browse.SOURCE_SORTS,
        "export_ordering": browse.SOURCE_SORTS[sort],
        "include_pending": include_pending(request.GET),
    }
    return render(request, page_or_partial(request, "sources/list.html", "results"), context)


@require_GET
@role_required(can_view)
def source_detail(request: HtmxHttpRequest, slug: str):
    source = browse.source_get(slug)
    pending = include_pending(request.GET)
    articles = browse.source_articles(
        user=request.user,
        source=source,
        include_pending=pending,
        project=browse.project_in(request.GET, user=request.user),
    )
    relayed = browse.source_relayed(
        user=request.user,
        source=source,
        include_pending=pending,
        project=browse.project_in(request.GET, user=request.user),
    )
    context = {
        "source": source,
        "articles": Paginator(articles, PER_PAGE).get_page(request.GET.get("articles_page")),
        "relayed": Paginator(relayed, PER_PAGE).get_page(request.GET.get("relayed_page")),
        "include_pending": pending,
        "articles_ordering": browse.SOURCE_ARTICLES_ORDER,
        "relayed_ordering": browse.SOURCE_RELAYED_ORDER,
    }
    return render(request, "sources/detail.html", context)


urlpatterns = [
    path("sources/", source_list, name="source_list"),
    path("sources/<slug:slug>/", source_detail, name="source_detail"),
]
