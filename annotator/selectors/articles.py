"""Reads for the article pages: the filtered, sorted list with its claim and denial counts."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.paginator import Page
from django.shortcuts import get_object_or_404

from annotator.filters import INCLUDE_PENDING, ArticleFilter, Requester
from annotator.models import Article, ProjectArticle, Source
from annotator.pagination import page_of
from annotator.projects_access import visible_articles
from annotator.projects_counting import linked_projects_read

from .exports import _COUNTS, ARTICLE_ORDERING, Ordering

# Each sort as the `ordering` the export link carries, so the file is in the page's order.
# Undated articles go last either way (exports.ARTICLE_ORDERING sorts published_at nulls last).
ARTICLE_SORTS = {
    "newest": "-published_at,-id",
    "oldest": "published_at,id",
    "title": "title,id",
    "added": "-created_at,-id",
    "claims": "-claim_count,-published_at,-id",
    "denials": "-denial_count,-published_at,-id",
}


COUNT_SORTS = {"claims", "denials"}
PER_PAGE = 50
# The same orders read from the project links (when the links are the list's rows, see
# `_rows`): their copy of the date and their article id, so PostgreSQL walks the
# project's `project_article_newest` index (migration 0020_scale19_link_published).
LINKED_ORDERING = Ordering(
    ("created_at", "updated_at"),
    more={
        "published_at": ("project_links__published_at",),
        "id": ("project_links__article_id",),
        "title": ("title",),
        **_COUNTS,
    },
    nulls_last=frozenset({"published_at"}),
)


@dataclass(frozen=True)
class ArticleList:
    filter: ArticleFilter
    page: Page
    sort: str


def article_list(*, user, params: Mapping, sort: str | None = None) -> ArticleList:
    """The page of articles matching `params` (the shared ArticleFilter: search, source,
    status, dates, has denials, has pending), each with claim, denial and pending counts
    (claims and denials: accepted statements, pending suggestions too with `include_pending`).

    The counts are computed for the page's rows only, unless the list is sorted by them.
    A full-text search is counted up to a cap (`CappedPaginator`): its exact total would
    cost a pass over every matching article."""
    filterset = ArticleFilter(params, queryset=Article.objects.select_related("source"), request=Requester(user))
    linked = _scope_rows(filterset, user)
    ordering = ARTICLE_ORDERING if linked is None else LINKED_ORDERING
    queryset = filterset.qs.defer("body", "raw", "caption", "cleaning_report")
    key = sort if sort in ARTICLE_SORTS else "newest"
    by_counts = key in COUNT_SORTS
    pending = filterset.pending_included

    def counted(rows):
        return rows.with_stance_counts(include_pending=pending)

    uncounted = queryset
    if by_counts:
        queryset = counted(queryset)
    searching = bool(filterset.is_valid() and filterset.form.cleaned_data.get("q"))
    page = page_of(
        queryset.order_by(*ordering.parse(ARTICLE_SORTS[key])),
        params,
        per_page=PER_PAGE,
        per_row=None if by_counts else counted,
        capped=searching,
        counted=_total(filterset, uncounted, linked, by_counts),
    )
    return ArticleList(filter=filterset, page=page, sort=key)


def _total(filterset: ArticleFilter, rows, linked: tuple[int, ...] | None, by_counts: bool):
    """What the list's total is counted from, when something cheaper than its rows as
    sorted: the links alone for a reader whose links are the list's rows and who filters
    nothing (each link is one article: 0.5 ms for a project of 5,000, instead of 9 ms
    joined to the articles); the rows without the counts' join (the tallies: it changes
    the order, not the rows; joined, 80 ms of the list of 100,000 sorted by claims), in
    the links' date order when a search's count is capped (so PostgreSQL walks them and
    stops at the cap)."""
    asked = filterset.form.cleaned_data if filterset.is_valid() else {"invalid": True}
    if linked is not None and not any(v for k, v in asked.items() if k not in ("project", INCLUDE_PENDING)):
        return ProjectArticle.objects.filter(project_id__in=linked)
    if not by_counts:
        return None
    return rows.order_by() if linked is None else rows.order_by(*LINKED_ORDERING.parse(ARTICLE_SORTS["newest"]))


def _scope_rows(filterset: ArticleFilter, user) -> tuple[int, ...] | None:
    """Narrows `filterset`'s rows to the articles the user reads; returns the projects
    whose links are those rows, if any. A reader of projects that share no article (or a
    list narrowed to one project the reader reads whole) gets their projects' links
    joined to the articles, sorted by LINKED_ORDERING: the list walks those links in
    date order and stops after its page (for a member of one project of twenty at
    100,000 articles, the archive's date index was walked with each article probed for
    its links, and a search matched the whole archive before the join). Anyone else:
    the articles, with the projects' condition on each."""
    project = filterset.form.cleaned_data.get("project") if filterset.is_valid() else None
    linked = linked_projects_read(user, project)
    if linked is None:
        filterset.queryset = visible_articles(user, filterset.queryset)
    else:
        filterset.queryset = filterset.queryset.filter(project_links__project_id__in=linked)
    return linked


def article_get(pk: int, *, user) -> Article:
    """The article, if the user may read it (404 otherwise: another project's article is
    not confirmed to exist)."""
    return get_object_or_404(visible_articles(user, Article.objects.select_related("source")), pk=pk)


def source_names() -> list[str]:
    """Known outlets, for the import form's suggestions."""
    return list(Source.objects.order_by("name").values_list("name", flat=True))
