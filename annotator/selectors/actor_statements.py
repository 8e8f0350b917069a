"""Everything one actor said, grouped by proposition, statements without one last.

One query with a LEFT JOIN to propositions (to keep the statements without one) sorted
by proposition text cannot be walked in that order: PostgreSQL fetched all of the
busiest speaker's 107,000 statements and sorted them on disk to show 100 (450 ms at a
million statements). Read as two lists, the statements with a proposition join it with
an INNER JOIN, so the planner can walk propositions in text order (`proposition_text`
index) and stop after the page; those without one are few and come after them."""

from django.db.models import Count, Q, QuerySet

from annotator.models import Actor, Statement
from annotator.projects_access import in_project_condition, visible_statements

from .exports import STATEMENT_ORDERING

ACTOR_STATEMENTS_ORDER = "proposition,stance,published_at,id"
# The same order for the statements without a proposition (their proposition text is NULL,
# which sorts last in ascending order on both databases).
_WITHOUT_PROPOSITION_ORDER = "stance,published_at,id"


class GroupedThenUngrouped:
    """Rows of `grouped` followed by rows of `ungrouped`, countable and sliceable as a
    Paginator needs: a page reads only the rows it shows from each list."""

    def __init__(self, statements: QuerySet, grouped: QuerySet, ungrouped: QuerySet):
        self.statements = statements
        self.grouped = grouped
        self.ungrouped = ungrouped
        self._counts: tuple[int, int] | None = None

    def counts(self) -> tuple[int, int]:
        """How many rows each list has, in one query (from the live-pairs index alone: stance is in it)."""
        if self._counts is None:
            counted = self.statements.order_by().aggregate(
                grouped=Count("stance", filter=Q(proposition__isnull=False)),
                ungrouped=Count("stance", filter=Q(proposition__isnull=True)),
            )
            self._counts = (counted["grouped"], counted["ungrouped"])
        return self._counts

    def count(self) -> int:
        return sum(self.counts())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("Only plain slices of these rows are supported.")
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        grouped_count, ungrouped_count = self.counts()
        # Each list is read only if the page reaches into it.
        rows = list(self.grouped[start:stop]) if start < grouped_count else []
        if stop > grouped_count and ungrouped_count:
            rows += list(self.ungrouped[max(start - grouped_count, 0) : stop - grouped_count])
        return rows


def actor_statements(*, user, actor: Actor, include_pending: bool = False, project=None) -> GroupedThenUngrouped:
    """What `actor` claimed and denied, grouped by proposition (statements without one last):
    accepted statements, and pending suggestions only with `include_pending`; those the
    user may read (in `project`, when given)."""
    statements = visible_statements(user, Statement.objects.counted(include_pending=include_pending))
    if project is not None:
        statements = statements.filter(in_project_condition(project, "article_id"))
    statements = statements.filter(speaker=actor)
    # `proposition__isnull=False` makes Django join propositions with an INNER JOIN.
    grouped = (
        statements.filter(proposition__isnull=False)
        .for_entries(by="speaker")
        .order_by(*STATEMENT_ORDERING.parse(ACTOR_STATEMENTS_ORDER))
    )
    ungrouped = (
        statements.filter(proposition__isnull=True)
        .for_entries(by="speaker")
        .order_by(*STATEMENT_ORDERING.parse(_WITHOUT_PROPOSITION_ORDER))
    )
    return GroupedThenUngrouped(statements, grouped, ungrouped)
