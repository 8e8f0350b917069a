"""Pagination for lists over archive-sized tables.

Two costs grow with the archive unless a list avoids them: per-row counts computed for
rows an OFFSET skips (PostgreSQL evaluates the select list below the LIMIT), and an
exact total of a broad full-text search (a word found in three quarters of 100,000
articles is a pass over 75,000 rows, 450 ms, to print one number)."""

from collections.abc import Callable, Mapping

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Pages counted beyond the one asked for, when the total is capped (at least one, so a
# capped list always has a next page).
LOOKAHEAD_PAGES = 10
CAP_STEP = 1000


class CappedPaginator(Paginator):
    """Counts only as far as the requested page and a few after it, in round numbers
    (at least 1,000 rows). `capped` tells whether more rows exist than were counted;
    `count` is then the cap and the template says "1,000+"."""

    def __init__(self, object_list, per_page, *, number: int = 1, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        wanted = (max(number, 1) + max(LOOKAHEAD_PAGES, 1)) * per_page
        self.cap = -(-wanted // CAP_STEP) * CAP_STEP
        self.capped = False

    @cached_property
    def count(self) -> int:
        # COUNT(*) over a LIMIT subquery: the scan stops after cap + 1 rows.
        counted = self.object_list[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)


def page_of(
    queryset: QuerySet,
    params: Mapping,
    *,
    per_page: int,
    per_row: Callable[[QuerySet], QuerySet] | None = None,
    capped: bool = False,
    counted: QuerySet | None = None,
) -> Page:
    """The page `params["page"]` asks for (the first or last when it is out of range).

    `per_row`: adds columns computed per row (counts); they are computed for the page's
    rows only, by selecting the page's ids first. `capped`: count with CappedPaginator.
    `counted`: the same rows as `queryset`, cheaper to count (without a join that only
    serves the order)."""
    number = _number(params.get("page"))
    paginator = CappedPaginator(queryset, per_page, number=number) if capped else Paginator(queryset, per_page)
    if counted is not None:
        total = counted[: paginator.cap + 1].count() if capped else counted.count()
        if capped:
            paginator.capped = total > paginator.cap
        paginator.count = min(total, paginator.cap) if capped else total
    page = paginator.get_page(number)
    if per_row is not None:
        ids = page.object_list.values("pk")
        page.object_list = per_row(queryset.filter(pk__in=ids))
    return page


def _number(value) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1
