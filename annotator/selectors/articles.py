"""Reads for the article pages: the filtered, sorted list with its claim and denial counts."""

from collections.abc import Mapping

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from annotator.filters import ArticleFilter
from annotator.models import Article, Source

# Undated articles go last either way (PostgreSQL would put NULLs first when descending).
_NEWEST = F("published_at").desc(nulls_last=True)
ARTICLE_SORTS = {
    "newest": (_NEWEST, "-id"),
    "oldest": (F("published_at").asc(nulls_last=True), "id"),
    "title": ("title", "id"),
    "added": ("-created_at", "-id"),
    "claims": ("-claim_count", _NEWEST, "-id"),
    "denials": ("-denial_count", _NEWEST, "-id"),
}


def article_list(*, params: Mapping, sort: str | None = None) -> tuple[ArticleFilter, QuerySet, str]:
    """Articles matching `params` (the shared ArticleFilter: search, source, status, dates,
    has denials, has pending), each with claim, denial and pending counts."""
    filterset = ArticleFilter(params, queryset=Article.objects.select_related("source"))
    # Counts after the filters: the search annotation must not end up in the GROUP BY.
    queryset = filterset.qs.with_stance_counts().defer("body", "raw", "caption", "cleaning_report")
    key = sort if sort in ARTICLE_SORTS else "newest"
    return filterset, queryset.order_by(*ARTICLE_SORTS[key]), key


def article_get(pk: int) -> Article:
    return get_object_or_404(Article.objects.select_related("source"), pk=pk)


def source_names() -> list[str]:
    """Known outlets, for the import form's suggestions."""
    return list(Source.objects.order_by("name").values_list("name", flat=True))
