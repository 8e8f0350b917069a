"""Per-row counts of statements: read from the tallies the database keeps (models/tallies.py)
when they answer the question, else counted as correlated subqueries.

The tallies hold everyone's counts, so they answer when nothing narrows what is counted
(`within` is None: a reader of every project, no `project=`); the per-project tallies
answer when `within` is the articles of one project (projects_counting.CountedIn: a member
of one project, or `project=`); an article's counts are never narrowed (a reader sees an
article's statements whole or not at all).

A JOIN + GROUP BY over statements makes a list page aggregate the whole table before
its LIMIT (a second at a million statements); a subquery per row counts only the
rows on the page, each through the (link, stance) indexes. Sorting a whole list by a
count (articles by claims) costs one index-only count per row: 190 ms for 100,000
articles and a million statements."""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .project_tallies import ProjectActorTally, ProjectPropositionTally
from .statements import ReviewStatus, Statement
from .tallies import tallies_kept

# Every outer model's tally is its reverse one-to-one `tally`.
TALLIED_LINKS = {"article", "speaker", "proposition"}
# Every article has a tally row (the article insert trigger makes it, the migration made
# the others), so its counts need no COALESCE: a list sorted by them walks the tally's index.
ALWAYS_TALLIED = {"article"}


def tally_column(link: str, column: str):
    """The outer row's tally `column`: 0 where the row has no tally yet."""
    value = F(f"tally__{column}")
    return value if link in ALWAYS_TALLIED else Coalesce(value, Value(0))


def _tallied(link: str, within) -> bool:
    return within is None and link in TALLIED_LINKS and tallies_kept()


def _count(statements, link: str):
    # COUNT(*), not COUNT(id): the live-statement indexes (models/statements.py) hold
    # every column the count filters on (the review status too), so PostgreSQL counts
    # from the index alone.
    counted = statements.order_by().values(link).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# The per-project tallies (models/project_tallies.py) of the rows statements point at, by link.
PROJECT_TALLIES = {"speaker": (ProjectActorTally, "actor"), "proposition": (ProjectPropositionTally, "proposition")}


def project_tally_column(link: str, column: str, buckets):
    """The outer row's `column` summed over its per-project tallies keyed `buckets`: 0
    where it has none. One probe of their primary key per row."""
    model, key = PROJECT_TALLIES[link]
    rows = model.objects.filter(**{key: OuterRef("pk")}, project__in=sorted(buckets))
    summed = rows.order_by().values(key).annotate(n=Sum(column)).values("n")
    return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))


def _project_tallied(link: str, within):
    """The per-project tallies' keys that answer `within` for rows linked by `link`, or None."""
    # A projects_counting.CountedIn carries them.
    buckets = getattr(within, "buckets", None)
    return buckets if buckets is not None and link in PROJECT_TALLIES and tallies_kept() else None


def stance_count(link: str, stance: str, *, include_pending: bool = False, within=None):
    """Statements of `stance` that count (accepted; with `include_pending`, pending
    suggestions too; rejected never), pointing at the outer row through `link`; only
    those meeting `within` (a Q on statements: the reader's projects) when given."""
    column = f"live_{stance}s" if include_pending else f"{stance}s"
    if _tallied(link, within):
        return tally_column(link, column)
    if (buckets := _project_tallied(link, within)) is not None:
        return project_tally_column(link, column, buckets)
    statements = Statement.objects.counted(include_pending=include_pending).filter(
        **{link: OuterRef("pk")}, stance=stance
    )
    if within is not None:
        statements = statements.filter(within)
    return _count(statements, link)


def stance_counts(link: str, *, include_pending: bool = False, within=None) -> dict:
    """`claim_count` and `denial_count` annotations for rows that statements point at through `link`."""
    return {
        "claim_count": stance_count(link, "claim", include_pending=include_pending, within=within),
        "denial_count": stance_count(link, "denial", include_pending=include_pending, within=within),
    }


def pending_count(link: str):
    """Suggestions awaiting review pointing at the outer row through `link` (independent
    versions among them: the article list has always shown those too)."""
    if link == "article" and tallies_kept():
        return tally_column(link, "pending")
    return _count(Statement.objects.filter(**{link: OuterRef("pk")}, review_status=ReviewStatus.PENDING), link)
