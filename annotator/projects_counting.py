"""What a reader's per-row counts count, and when the rows the database keeps per project
answer it (annotator/models/project_tallies.py): the counting side of projects_access.

A member's counts are their projects' tallies summed only when no article is in two of
those projects (an article in both would count twice): the overlap tally says so in one
probe (migration 0021_scale19_project_overlap). Their article list walks their
projects' links in date order (migration 0020_scale19_link_published) under the same
condition: then every article they read is linked exactly once."""

from collections.abc import Iterable

from django.db.models import Q

from annotator.models import ProjectOverlap
from annotator.models.tallies import tallies_kept
from annotator.projects_access import (
    UNLINKED,
    in_project_condition,
    project_buckets,
    project_in,
    readable_projects,
    reader_buckets,
    statements_counted_for,
)
from annotator.roles import Role


class CountedIn(Q):
    """A condition on counted statements (by their article's projects) that the
    per-project tallies answer: the sum of their rows keyed `buckets` counts exactly the
    statements meeting it. The Q itself stays, for what counts statements (SQLite)."""

    def __init__(self, condition: Q, buckets: frozenset[int]):
        super().__init__(condition)
        self.buckets = buckets


def share_no_article(project_ids: Iterable[int], user=None) -> bool:
    """Whether no article is linked to two of these projects (0, the articles in no
    project, shares none by definition). Asked once per request and set of projects
    (kept on `user`); False where the database keeps no overlap tally (SQLite)."""
    ids = tuple(sorted(set(project_ids) - {UNLINKED}))
    if len(ids) <= 1:
        return True
    if not tallies_kept():
        return False
    cache = {} if user is None else user.__dict__.setdefault("_annotator_disjoint", {})
    if ids not in cache:
        shared = ProjectOverlap.objects.filter(project_a__in=ids, project_b__in=ids, articles__gt=0)
        cache[ids] = not shared.exists()
    return cache[ids]


def _summable(buckets: frozenset[int] | None, user) -> bool:
    return buckets is not None and share_no_article(buckets, user)


def counting_within(user, params=None, project=None) -> Q | None:
    """What per-row counts (claims, denials) count: statements the user may read (all for
    a command: no user), in the project `params` narrow to. A CountedIn when per-project
    tallies answer it: a reader of projects that share no article (and maybe the articles
    in none), or a list narrowed to one project the reader reads whole."""
    condition = None if user is None else statements_counted_for(user)
    buckets = None if condition is None else reader_buckets(user)
    project = project if project is not None else project_in(params, user=user)
    if project is not None:
        narrowed = in_project_condition(project, "article_id")
        # The reader's projects' condition adds nothing when they read the whole project.
        wanted = project_buckets(project)
        buckets = wanted if condition is None or (buckets is not None and wanted <= buckets) else None
        condition = narrowed if condition is None else condition & narrowed
    return CountedIn(condition, buckets) if condition is not None and _summable(buckets, user) else condition


def linked_projects_read(user, project=None) -> tuple[int, ...] | None:
    """The projects whose links are exactly the articles the user reads (within `project`,
    when a list is narrowed to it), each article linked to one of them only: the list can
    walk those links instead of the articles. None when that does not hold (articles in
    no project among them, shared articles) or the database keeps no dates on the links
    (SQLite)."""
    if not tallies_kept():
        return None
    readable = readable_projects(user, Role.VIEWER)
    if project is not None:
        if project.is_default or (readable is not None and project.pk not in readable[0]):
            return None
        return (project.pk,)
    if readable is None:
        return None
    ids, unlinked_too = readable
    if unlinked_too or not ids or not share_no_article(ids, user):
        return None
    return tuple(sorted(ids))
