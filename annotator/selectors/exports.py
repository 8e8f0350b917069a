"""Reads for the exports: each resource's rows, filtered by its shared FilterSet,
shaped so that streaming them holds one chunk of rows in memory, never the table."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Greatest, Least, Substr
from django_filters import FilterSet

from annotator.filters import (
    ActorFilter,
    ArticleFilter,
    PropositionFilter,
    Requester,
    SourceFilter,
    StatementFilter,
    include_pending,
)
from annotator.models import Statement
from annotator.models.counts import stance_counts
from annotator.projects_access import (
    project_in,
    visible_actors,
    visible_articles,
    visible_propositions,
    visible_statements,
)
from annotator.projects_counting import counting_within

from .resources import ARTICLE_TEXT_FIELDS, actor_queryset, article_queryset, proposition_queryset

# The W3C export's TextQuoteSelector carries this much context on each side of a quote.
CONTEXT_CHARS = 32


class ExportFilterError(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items()))


@dataclass(frozen=True)
class Ordering:
    """The `ordering` parameter: field names, each optionally prefixed with "-".

    `allowed` are the API's orders as well; `more` are the orders the browse pages sort by
    (a page's export link carries its order, so the file lists rows as the page does),
    each naming the paths it sorts by. `nulls_last` names sort undated rows last either way,
    as the pages do (PostgreSQL and SQLite disagree otherwise)."""

    allowed: tuple[str, ...]
    default: tuple[str, ...] = ("id",)
    more: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    nulls_last: frozenset[str] = frozenset()

    @property
    def names(self) -> set[str]:
        return {*self.allowed, *self.more}

    def parse(self, value: str | None) -> list:
        """The same rules as the API's `ordering` parameter, with the same error."""
        terms = [term.strip() for term in (value or "").split(",") if term.strip()]
        if not terms:
            return list(self.default)
        bad = [term for term in terms if term.removeprefix("-") not in self.names]
        if bad:
            raise ExportFilterError(
                {"ordering": [f"Cannot order by {', '.join(bad)}; use one of {', '.join(sorted(self.names))}."]}
            )
        # A unique last key makes the order total, so two runs give the same file.
        terms = terms if terms[-1].removeprefix("-") == "id" else [*terms, "id"]
        return [expression for term in terms for expression in self._expressions(term)]

    def _expressions(self, term: str):
        descending, name = term.startswith("-"), term.removeprefix("-")
        for path in self.more.get(name, (name,)):
            if name in self.nulls_last:
                yield F(path).desc(nulls_last=True) if descending else F(path).asc(nulls_last=True)
            else:
                yield f"-{path}" if descending else path


_COUNTS = {"claim_count": ("claim_count",), "denial_count": ("denial_count",)}
STATEMENT_ORDERING = Ordering(
    ("id", "created_at", "updated_at"),
    more={
        "published_at": ("article__published_at",),
        "article": ("article_id",),
        "start": ("start",),
        "stance": ("stance",),
        "proposition": ("proposition__text", "proposition_id"),
    },
    nulls_last=frozenset({"published_at"}),
)
ARTICLE_ORDERING = Ordering(
    ("id", "created_at", "updated_at"),
    more={"published_at": ("published_at",), "title": ("title",), **_COUNTS},
    nulls_last=frozenset({"published_at"}),
)
ACTOR_ORDERING = Ordering(("id", "name", "created_at", "updated_at"), more=_COUNTS)
PROPOSITION_ORDERING = Ordering(("id", "text", "created_at", "updated_at"), more=_COUNTS)
SOURCE_ORDERING = Ordering(
    ("id", "name", "created_at"),
    default=("name",),
    more={"article_count": ("article_count",), "relayed_count": ("relayed_count",)},
)


def _filtered(filterset_class: type[FilterSet], queryset: QuerySet, params, ordering: Ordering, user=None) -> QuerySet:
    filterset = filterset_class(data=params, queryset=queryset, request=None if user is None else Requester(user))
    if not filterset.is_valid():
        raise ExportFilterError({field: list(messages) for field, messages in filterset.errors.items()})
    return filterset.qs.order_by(*ordering.parse(params.get("ordering")))


def _scoped(user, visible, queryset):
    """`queryset` as `user` may read it; a command's export (no user) reads everything."""
    return queryset if user is None else visible(user, queryset)


def statement_export_rows(params, *, user=None, with_context: bool = False) -> QuerySet[Statement]:
    """Statements with what a row shows, but not their article's text: with a long
    article, a chunk of rows would otherwise hold its body once per statement. The W3C
    export needs the text around each quote; the database cuts it out."""
    statements = Statement.objects.select_related(
        "article", "article__source", "speaker", "proposition", "via", "annotator"
    ).defer(*(f"article__{name}" for name in ARTICLE_TEXT_FIELDS))
    if with_context:
        # SQL strings are 1-based; Python's slices body[start - 32:start] and body[end:end + 32].
        statements = statements.annotate(
            quote_prefix=Substr(
                "article__body", Greatest(F("start") - CONTEXT_CHARS + 1, Value(1)), Least(F("start"), CONTEXT_CHARS)
            ),
            quote_suffix=Substr("article__body", F("end") + 1, Value(CONTEXT_CHARS)),
        )
    return _filtered(
        StatementFilter, _scoped(user, visible_statements, statements), params, STATEMENT_ORDERING, user=user
    )


def article_export_rows(params, *, user=None) -> QuerySet:
    articles = article_queryset(include_pending=include_pending(params))
    return _filtered(ArticleFilter, _scoped(user, visible_articles, articles), params, ARTICLE_ORDERING, user=user)


def actor_export_rows(params, *, user=None) -> QuerySet:
    actors = actor_queryset(include_pending=include_pending(params), within=counting_within(user, params))
    return _filtered(ActorFilter, _scoped(user, visible_actors, actors), params, ACTOR_ORDERING, user=user)


def proposition_export_rows(params, *, user=None) -> QuerySet:
    propositions = proposition_queryset().annotate(
        **stance_counts("proposition", include_pending=include_pending(params), within=counting_within(user, params))
    )
    return _filtered(
        PropositionFilter, _scoped(user, visible_propositions, propositions), params, PROPOSITION_ORDERING, user=user
    )


def source_export_rows(params, *, user=None) -> QuerySet:
    from annotator.selectors.browse import sources_with_counts

    sources = sources_with_counts(
        user=user, include_pending=include_pending(params), project=project_in(params, user=user)
    )
    return _filtered(SourceFilter, sources, params, SOURCE_ORDERING, user=user)
