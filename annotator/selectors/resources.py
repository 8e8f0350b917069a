"""Base querysets of the API and the exports: what each list needs, in a fixed number
of queries whatever the page size. The shared FilterSets narrow them."""

from django.db.models import QuerySet

from annotator.models import Actor, Article, Proposition, Source, Statement
from annotator.models.counts import stance_counts

# An article's text can be large; lists never show it.
ARTICLE_TEXT_FIELDS = ("body", "raw", "caption", "cleaning_report")


def statement_queryset() -> QuerySet[Statement]:
    return (
        Statement.objects.select_related("article", "article__source", "speaker", "proposition", "via", "annotator")
        .defer(*(f"article__{name}" for name in ARTICLE_TEXT_FIELDS))
        .order_by("id")
    )


def article_queryset(*, with_text: bool = False, include_pending: bool = False) -> QuerySet[Article]:
    """Articles with their claim and denial counts: accepted statements, and pending
    suggestions only with `include_pending` (the lists' `include_pending=true`)."""
    articles = Article.objects.select_related("source").annotate(
        **stance_counts("article", include_pending=include_pending)
    )
    if with_text:
        return articles.select_related("created_by").order_by("id")
    return articles.defer(*ARTICLE_TEXT_FIELDS).order_by("id")


def actor_queryset(*, include_pending: bool = False, within=None) -> QuerySet[Actor]:
    """Actors with claim and denial counts (of the statements meeting `within`, when given)."""
    return Actor.objects.annotate(**stance_counts("speaker", include_pending=include_pending, within=within)).order_by(
        "id"
    )


def proposition_queryset() -> QuerySet[Proposition]:
    return Proposition.objects.order_by("id")


def source_queryset() -> QuerySet[Source]:
    return Source.objects.order_by("name")
