"""Reads for the browse pages: propositions, actors, sources and the matrix.

Every function returns querysets or small structures whose query count does not depend on
how many rows they hold: related rows come through select_related, counts through
annotations, never one query per row."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db import connection
from django.db.models import Count, Expression, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from annotator.filters import (
    INCLUDE_PENDING,
    ActorFilter,
    PropositionFilter,
    Requester,
    StatementFilter,
    include_pending,
)
from annotator.models import (
    Actor,
    ActorTally,
    ProjectActorTally,
    ProjectPropositionTally,
    Proposition,
    PropositionTally,
    ReviewStatus,
    Source,
    Stance,
    Statement,
)
from annotator.models.tallies import tallies_kept
from annotator.pagination import page_of
from annotator.projects_access import (
    in_project_condition,
    project_in,
    visible_actors,
    visible_articles,
    visible_propositions,
    visible_statements,
)
from annotator.projects_counting import counting_within

from . import matrix_tallies
from .actor_statements import ACTOR_STATEMENTS_ORDER, actor_statements  # noqa: F401 - the actor page's reads
from .exports import (
    ACTOR_ORDERING,
    ARTICLE_ORDERING,
    PROPOSITION_ORDERING,
    SOURCE_ORDERING,
    STATEMENT_ORDERING,
)
from .search_terms import search_term


def counting_condition(user, filterset):
    """What per-row counts count: statements the user may read, in the chosen project."""
    project = filterset.form.cleaned_data.get("project") if filterset.is_valid() else None
    return counting_within(user, project=project) if project is not None else counting_within(user)


# Each page's sort, as the `ordering` its export link carries: the page and the file sort
# by the same terms (exports.Ordering turns them into the ORDER BY of both).
PROPOSITION_SORTS = {
    "text": "text,id",
    "claims": "-claim_count,text,id",
    "denials": "-denial_count,text,id",
    "recent": "-created_at,-id",
}
ACTOR_SORTS = {
    "name": "name,id",
    "claims": "-claim_count,name,id",
    "denials": "-denial_count,name,id",
    "recent": "-created_at,-id",
}
SOURCE_SORTS = {
    "name": "name,id",
    "articles": "-article_count,name,id",
    "relayed": "-relayed_count,name,id",
}
# The orders of the statement lists on the actor, proposition and source pages.
PROPOSITION_STATEMENTS_ORDER = "published_at,article,start,id"
SOURCE_RELAYED_ORDER = "-published_at,-id"
SOURCE_ARTICLES_ORDER = "-published_at,-id"
LIST_PER_PAGE = 50
# The matrix is a picture: past this many rows or columns it stops being readable at a glance.
MATRIX_MAX_ACTORS = 30
MATRIX_MAX_PROPOSITIONS = 40


def with_defaults(params: Mapping, **defaults: str) -> QueryDict:
    """`params` with `defaults` for the filters the page applies unasked (merged records
    hidden). The page's export link carries the result, so the export applies them too.
    (Pending and rejected suggestions need no default: the FilterSets leave them out unless
    asked, on the page, in the export and in the API alike.)"""
    query = params.copy() if isinstance(params, QueryDict) else QueryDict(mutable=True)
    if not isinstance(params, QueryDict):
        for key, value in params.items():
            query[key] = value
    for key, value in defaults.items():
        if not query.get(key):
            query[key] = value
    return query


def sort_key(sorts: Mapping[str, str], sort: str | None) -> str:
    """The page's sort: the one asked for if the page has it, else its first."""
    return sort if sort in sorts else next(iter(sorts))


def _sorted(queryset: QuerySet, sorts: Mapping[str, str], sort: str | None) -> tuple[QuerySet, str]:
    key = sort_key(sorts, sort)
    return queryset.order_by(*SOURCE_ORDERING.parse(sorts[key])), key


# Propositions


def proposition_list(*, user, params: Mapping, sort: str | None = None) -> tuple[PropositionFilter, Page, str]:
    """The page of live (not merged away) propositions matching `params`, with their claim
    and denial counts (counted for the page's rows, unless the list is sorted by them;
    pending suggestions only with `include_pending=true`), among those the user may read."""
    filterset = PropositionFilter(
        with_defaults(params, merged="false"), queryset=visible_propositions(user), request=Requester(user)
    )
    within = counting_condition(user, filterset)
    return filterset, *_counted_page(filterset.qs, PROPOSITION_SORTS, PROPOSITION_ORDERING, sort, params, within)


def _counted_page(
    queryset: QuerySet, sorts: Mapping[str, str], ordering, sort: str | None, params: Mapping, within=None
):
    """The requested page of `queryset` (actors or propositions) in order `sort`, each row
    with its claim and denial counts: for the page's rows only, unless sorted by them."""
    key = sort_key(sorts, sort)
    by_counts = "_count" in sorts[key]
    pending = include_pending(params)

    def counted(rows: QuerySet) -> QuerySet:
        return rows.with_stance_counts(include_pending=pending, within=within)

    if by_counts:
        # Every row's counts are needed to sort: one index-only count per row (the
        # live-statement indexes), 45-110 ms for 5,000 actors or 10,000 propositions.
        queryset = counted(queryset)
    page = page_of(
        queryset.order_by(*ordering.parse(sorts[key])),
        params,
        per_page=LIST_PER_PAGE,
        per_row=None if by_counts else counted,
    )
    return page, key


def proposition_get(pk: int, *, user) -> Proposition:
    return get_object_or_404(visible_propositions(user, Proposition.objects.select_related("merged_into")), pk=pk)


@dataclass
class PropositionSides:
    filterset: StatementFilter
    claims: QuerySet
    denials: QuerySet


def proposition_sides(*, user, proposition: Proposition, params: Mapping) -> PropositionSides:
    """Who claimed and who denied `proposition`: its accepted statements (pending suggestions
    too with `include_pending=true`), narrowed by the statement filters in `params` (the
    matrix links here with `speaker=`), oldest article first."""
    base = visible_statements(user, Statement.objects.filter(proposition=proposition)).for_entries(by="proposition")
    filterset = StatementFilter(with_defaults(params), queryset=base, request=Requester(user))
    # Sorting by an expression of the date, not the column, keeps PostgreSQL from walking
    # the article-date index in the hope of meeting this proposition's statements early:
    # news about one event clusters in time, so that walk can read most of the archive.
    # Fetching the proposition's statements by its index and sorting them is bounded.
    published = Coalesce("article__published_at", "article__published_at")
    ordered = filterset.qs.order_by(published.asc(nulls_last=True), "article_id", "start", "id")
    return PropositionSides(filterset=filterset, claims=ordered.claims(), denials=ordered.denials())


def merge_candidates(model, *, user, exclude: int, term: str, limit: int = 20) -> list:
    """Actors or propositions a record may be merged into: live ones matching `term`, that the user may read."""
    term = search_term(term)
    if not term:
        return []
    queryset = model.objects.filter(merged_into__isnull=True).exclude(pk=exclude).search(term)
    queryset = (visible_actors if model is Actor else visible_propositions)(user, queryset)
    return list(queryset[:limit])


# Actors


def actor_list(*, user, params: Mapping, sort: str | None = None) -> tuple[ActorFilter, Page, str]:
    """The page of live actors matching `params`, with their claim and denial counts."""
    filterset = ActorFilter(
        with_defaults(params, merged="false"), queryset=visible_actors(user), request=Requester(user)
    )
    within = counting_condition(user, filterset)
    return filterset, *_counted_page(filterset.qs, ACTOR_SORTS, ACTOR_ORDERING, sort, params, within)


def actor_get(pk: int, *, user) -> Actor:
    return get_object_or_404(visible_actors(user, Actor.objects.select_related("merged_into")), pk=pk)


def actor_pending_count(*, user, actor: Actor) -> int:
    """How many suggestions naming `actor` as the speaker await review (that the user may read)."""
    return visible_statements(user, Statement.objects.pending()).filter(speaker=actor).count()


def actors_merged_into(*, actor: Actor) -> QuerySet:
    return Actor.objects.filter(merged_into=actor).order_by("name")


# Sources


def _count_of(queryset: QuerySet, field_name: str) -> Coalesce:
    """A correlated COUNT: unlike two Count() joins, counts of two relations do not multiply."""
    counted = (
        queryset.filter(**{field_name: OuterRef("pk")})
        .order_by()
        .values(field_name)
        .annotate(n=Count("*"))  # COUNT(*): countable from an index alone
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def sources_with_counts(*, user=None, include_pending: bool = False, project=None) -> QuerySet:
    """Sources with how many articles each published and how many statements it relayed
    (accepted ones; pending suggestions too with `include_pending`), counting what `user`
    may read (everything when None: a command's export), in `project` when given."""
    from annotator.models import Article

    articles = Article.objects.all() if user is None else visible_articles(user)
    relayed = Statement.objects.counted(include_pending=include_pending)
    relayed = relayed if user is None else visible_statements(user, relayed)
    if project is not None:
        articles = articles.filter(in_project_condition(project))
        relayed = relayed.filter(in_project_condition(project, "article_id"))
    return Source.objects.annotate(article_count=_count_of(articles, "source"), relayed_count=_count_of(relayed, "via"))


def source_list(*, user, params, sort: str | None = None) -> tuple[QuerySet, str]:
    """The sources page: SourceFilter (shared with the export) over `sources_with_counts`."""
    from annotator.filters import SourceFilter

    sources = sources_with_counts(
        user=user, include_pending=include_pending(params), project=project_in(params, user=user)
    )
    filterset = SourceFilter(data=params, queryset=sources, request=Requester(user))
    queryset = filterset.qs if filterset.is_valid() else sources.none()
    return _sorted(queryset, SOURCE_SORTS, sort)


def source_get(slug: str) -> Source:
    return get_object_or_404(Source, slug=slug)


def source_articles(*, user, source: Source, include_pending: bool = False, project=None) -> QuerySet:
    articles = visible_articles(user, source.articles.all())
    if project is not None:
        articles = articles.filter(in_project_condition(project))
    articles = articles.with_stance_counts(include_pending=include_pending)
    return articles.order_by(*ARTICLE_ORDERING.parse(SOURCE_ARTICLES_ORDER))


def source_relayed(*, user, source: Source, include_pending: bool = False, project=None) -> QuerySet:
    statements = visible_statements(user, Statement.objects.counted(include_pending=include_pending))
    if project is not None:
        statements = statements.filter(in_project_condition(project, "article_id"))
    return statements.filter(via=source).for_lists().order_by(*STATEMENT_ORDERING.parse(SOURCE_RELAYED_ORDER))


# Matrix


@dataclass
class Cell:
    claims: int = 0
    denials: int = 0
    pending: int = 0  # of the claims and denials, suggestions not yet reviewed (include_pending)

    @property
    def kind(self) -> str:
        if self.claims and self.denials:
            return "both"
        return "claim" if self.claims else "denial"


@dataclass
class Matrix:
    filterset: StatementFilter
    actors: list[Actor]
    propositions: list[Proposition]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    total_actors: int = 0
    total_propositions: int = 0

    @property
    def truncated(self) -> bool:
        return self.total_actors > len(self.actors) or self.total_propositions > len(self.propositions)

    def rows(self) -> list[tuple[Proposition, list[tuple[Actor, Cell | None]]]]:
        return [(p, [(a, self.cells.get((a.pk, p.pk))) for a in self.actors]) for p in self.propositions]


class _GroupCount(Expression):
    """COUNT(*) OVER (): in a grouped query, how many groups there are, on every row, so
    the top rows and the total come from one query."""

    contains_aggregate = False
    contains_over_clause = True

    def __init__(self):
        super().__init__(output_field=IntegerField())

    def as_sql(self, compiler, connection):
        return "COUNT(*) OVER ()", []

    def get_group_by_cols(self):
        return []


# The matrix counts every canonical statement (the global tallies answer).
EVERYTHING = "everything"


def _tallies_answering(user, filterset: StatementFilter):
    """Which tallies hold the matrix's counts: EVERYTHING (the global ones: every
    canonical statement), the per-project tallies' keys (a reader of one project, or
    `project=`: see projects_counting.counting_within), or None: any other filter (but the
    pending switch), or readers the tallies cannot answer, has the statements counted."""
    if not tallies_kept() or not filterset.is_valid():
        return None
    asked = {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if name not in (INCLUDE_PENDING, "project") and value not in (None, "", [], ())
    }
    if asked:
        return None
    within = counting_condition(user, filterset)
    return EVERYTHING if within is None else getattr(within, "buckets", None)


def _most_active(statements: QuerySet, column: str, limit: int) -> tuple[dict[int, int], int]:
    """The `limit` ids of `column` with the most statements ({id: count}, busiest first),
    and how many distinct ids there are in all."""
    rows = list(statements.values(column).annotate(n=Count("*"), groups=_GroupCount()).order_by("-n", column)[:limit])
    return {row[column]: row["n"] for row in rows}, (rows[0]["groups"] if rows else 0)


def matrix(*, user, params: Mapping) -> Matrix:
    """Actors x propositions: for each pair, how many claims and denials, among the accepted
    statements (pending suggestions too with `include_pending=true`) matching `params` (the
    statement filters: topic, dates, source...). The
    most active actors and propositions are kept when there are more than fit on a screen.

    Five queries whatever the size: the busiest actors, the busiest propositions, the
    counts of their pairs, the actors, the propositions. The database picks the busiest
    (from the `statement_canon_pairs` index alone when no filter needs another table), so
    only the cells shown leave it: grouping all pairs in Python took 2.3 s at a million
    statements."""
    base = visible_statements(user, Statement.objects.filter(speaker__isnull=False, proposition__isnull=False))
    filterset = StatementFilter(with_defaults(params), queryset=base, request=Requester(user))
    answering = _tallies_answering(user, filterset)
    if answering == EVERYTHING:
        pending = filterset.pending_included
        actor_weight, total_actors = matrix_tallies.busiest(ActorTally, "actor_id", MATRIX_MAX_ACTORS, pending)
        proposition_weight, total_propositions = matrix_tallies.busiest(
            PropositionTally, "proposition_id", MATRIX_MAX_PROPOSITIONS, pending
        )
        counts = matrix_tallies.pairs(list(actor_weight), list(proposition_weight), pending)
    elif answering is not None:
        pending = filterset.pending_included
        actor_weight, total_actors = matrix_tallies.busiest_in(
            ProjectActorTally, "actor_id", MATRIX_MAX_ACTORS, pending, answering
        )
        proposition_weight, total_propositions = matrix_tallies.busiest_in(
            ProjectPropositionTally, "proposition_id", MATRIX_MAX_PROPOSITIONS, pending, answering
        )
        counts = matrix_tallies.pairs_in(list(actor_weight), list(proposition_weight), pending, answering)
    else:
        statements = filterset.qs.order_by()
        actor_weight, total_actors = _most_active(statements, "speaker_id", MATRIX_MAX_ACTORS)
        proposition_weight, total_propositions = _most_active(statements, "proposition_id", MATRIX_MAX_PROPOSITIONS)
        counts = (
            statements.filter(speaker_id__in=list(actor_weight), proposition_id__in=list(proposition_weight))
            .values("speaker_id", "proposition_id")
            .annotate(
                claims=Count("stance", filter=Q(stance=Stance.CLAIM)),
                denials=Count("stance", filter=Q(stance=Stance.DENIAL)),
                pending=Count("stance", filter=Q(review_status=ReviewStatus.PENDING)),
            )
        )
    cells = {
        (pair["speaker_id"], pair["proposition_id"]): Cell(pair["claims"], pair["denials"], pair["pending"])
        for pair in counts
    }
    actors = sorted(Actor.objects.in_bulk(list(actor_weight)).values(), key=lambda a: (a.name.casefold(), a.pk))
    propositions = sorted(
        Proposition.objects.in_bulk(list(proposition_weight)).values(),
        key=lambda p: (-proposition_weight[p.pk], p.text),
    )
    return Matrix(
        filterset=filterset,
        actors=actors,
        propositions=propositions,
        cells=cells,
        total_actors=total_actors,
        total_propositions=total_propositions,
    )


def matrix_topics(*, user) -> list[str]:
    """Every topic tag in use (on propositions the user may read), for the matrix's topic picker."""
    topics: dict[str, str] = {}
    propositions = visible_propositions(user, Proposition.objects.filter(merged_into__isnull=True), whole_table=True)
    for tag in _tags_in_text_order(propositions):
        topics.setdefault(tag.casefold(), tag)
    return sorted(topics.values(), key=str.casefold)


def _tags_in_text_order(propositions: QuerySet):
    """Every tag of `propositions`, in the order of the propositions' texts (of two
    spellings of a tag, the page shows the first one met)."""
    if connection.vendor != "postgresql":
        return (
            tag for tags in propositions.order_by("text", "id").values_list("topics", flat=True) for tag in tags or []
        )
    # Each distinct tag once, with the first text it is met at: PostgreSQL unnests 10,000
    # lists, instead of sending them (a tenth of the matrix page). The propositions'
    # query is the FROM itself: as `p.id IN (...)` it was joined back to the table row by
    # row (10,000 primary-key probes: 130 ms of a project member's matrix, now 60).
    rows, params = propositions.order_by().values("text", "topics").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.tag FROM ({rows}) p "
            "CROSS JOIN LATERAL jsonb_array_elements_text(p.topics) AS t(tag) "
            "WHERE jsonb_typeof(p.topics) = 'array' "
            "GROUP BY t.tag ORDER BY min(p.text), t.tag",
            params,
        )
        return [row[0] for row in cursor.fetchall()]
