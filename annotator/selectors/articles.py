"""Reads for the article pages: the filtered, sorted list with its claim and denial counts."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.paginator import Page
from django.shortcuts import get_object_or_404

from annotator.filters import ArticleFilter, Requester
from annotator.models import Article, Source
from annotator.pagination import page_of
from annotator.projects_access import visible_articles

from .exports import ARTICLE_ORDERING

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
    articles = visible_articles(user, Article.objects.select_related("source"))
    filterset = ArticleFilter(params, queryset=articles, request=Requester(user))
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
        queryset.order_by(*ARTICLE_ORDERING.parse(ARTICLE_SORTS[key])),
        params,
        per_page=PER_PAGE,
        per_row=None if by_counts else counted,
        capped=searching,
        # The counts' join (the tallies) changes the order, not the rows: the total is
        # counted without it (a join of 100,000 rows was 80 ms of the sorted list).
        counted=uncounted.order_by() if by_counts else None,
    )
    return ArticleList(filter=filterset, page=page, sort=key)


def article_get(pk: int, *, user) -> Article:
    """The article, if the user may read it (404 otherwise: another project's article is
    not confirmed to exist)."""
    return get_object_or_404(visible_articles(user, Article.objects.select_related("source")), pk=pk)


def source_names() -> list[str]:
    """Known outlets, for the import form's suggestions."""
    return list(Source.objects.order_by("name").values_list("name", flat=True))
