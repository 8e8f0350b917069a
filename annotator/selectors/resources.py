"""Base querysets of the API and the exports: what each list needs, in a fixed number
of queries whatever the page size. The shared FilterSets narrow them."""

from django.db.models import QuerySet

from annotator.models import Actor, Article, Proposition, Source, Stance, Statement
from annotator.models.counts import live_count

# An article's text can be large; lists never show it.
ARTICLE_TEXT_FIELDS = ("body", "raw", "caption", "cleaning_report")


def statement_queryset() -> QuerySet[Statement]:
    return (
        Statement.objects.select_related("article", "article__source", "speaker", "proposition", "via", "annotator")
        .defer(*(f"article__{name}" for name in ARTICLE_TEXT_FIELDS))
        .order_by("id")
    )


def article_queryset(*, with_text: bool = False) -> QuerySet[Article]:
    articles = Article.objects.select_related("source").annotate(
        claim_count=live_count("article", Stance.CLAIM), denial_count=live_count("article", Stance.DENIAL)
    )
    if with_text:
        return articles.select_related("created_by").order_by("id")
    return articles.defer(*ARTICLE_TEXT_FIELDS).order_by("id")


def actor_queryset() -> QuerySet[Actor]:
    return Actor.objects.annotate(
        claim_count=live_count("speaker", Stance.CLAIM), denial_count=live_count("speaker", Stance.DENIAL)
    ).order_by("id")


def proposition_queryset() -> QuerySet[Proposition]:
    return Proposition.objects.order_by("id")


def source_queryset() -> QuerySet[Source]:
    return Source.objects.order_by("name")
