"""Reads for the project pages: my projects, one project with its members and articles,
assignments ("My work"), and progress per person, overall and over time.

Each function runs a fixed number of queries whatever the number of members, articles
or assignments (counts as correlated subqueries or one GROUP BY)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404

from annotator.db import ARTICLE_MARK, USER_MARK, CompiledQuery
from annotator.models import Article, Assignment, Project, ProjectArticle, ProjectMember
from annotator.models.tallies import tallies_kept
from annotator.projects_access import in_project_condition, scope_of, visible_projects


def _count(queryset: QuerySet, link: str):
    counted = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def my_projects(user) -> list:
    """The projects the user holds a role in, with their article and member counts, the
    user's role, and how many of their assignments there are open."""
    projects = visible_projects(user).annotate(
        linked_count=_count(ProjectArticle.objects.all(), "project"),
        member_count=_count(ProjectMember.objects.all(), "project"),
        my_open=_count(Assignment.objects.filter(assignee_id=user.pk, done_at__isnull=True), "project"),
    )
    scope = scope_of(user)
    rows = list(projects.order_by("-is_default", "name"))
    unlinked = None
    for project in rows:
        project.my_role = scope.role_in(project.pk)
        project.article_count = project.linked_count
        if project.is_default:
            # Articles in no project are the default project's.
            if unlinked is None:
                unlinked = Article.objects.filter(
                    ~Exists(ProjectArticle.objects.filter(article=OuterRef("pk")))
                ).count()
            project.article_count += unlinked
    return rows


def project_get(slug: str, *, user) -> Project:
    """The project, if the user holds a role in it (404 otherwise: others' projects are not confirmed to exist)."""
    project = visible_projects(user).filter(slug=slug).first()
    if project is None:
        raise Http404("No such project.")
    return project


def project_members(project: Project) -> list[ProjectMember]:
    return list(project.memberships.select_related("user").order_by("user__username"))


def project_article_page(project: Project, *, limit: int = 200) -> tuple[list[Article], int]:
    """The project's articles (newest first, up to `limit`), each with its assignments in
    this project (`project_assignments`, assignee loaded), and how many there are in all."""
    fields = ("id", "title", "body", "published_at")
    if project.is_default or not tallies_kept():
        articles = Article.objects.filter(in_project_condition(project)).only(*fields)
        total = articles.count()
        order = ("-published_at", "-id")
    else:
        # The project's links, with their copy of the date (migration 0020_scale19_link_published):
        # a project of 5,000 articles among 100,000 was counted (8.5 ms) and listed (9 ms)
        # by probing each article of the archive for its links; now 5,000 links are read.
        articles = Article.objects.filter(project_links__project_id=project.pk).only(*fields)
        total = ProjectArticle.objects.filter(project_id=project.pk).count()
        order = ("-project_links__published_at", "-project_links__article_id")
    assignments = Assignment.objects.filter(project=project).select_related("assignee").order_by("assignee__username")
    shown = articles.order_by(*order).prefetch_related(
        Prefetch("assignments", queryset=assignments, to_attr="project_assignments")
    )
    return list(shown[:limit]), total


@dataclass
class PersonProgress:
    user_id: int
    username: str
    assigned: int
    done: int
    skipped: int  # open, and put off for later by the assignee

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.assigned) if self.assigned else 0


@dataclass
class Progress:
    people: list[PersonProgress]
    assigned: int
    done: int
    skipped: int
    days: list[tuple[dt.date, int]]  # (day, assignments done that day), oldest first

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.assigned) if self.assigned else 0


def project_progress(project: Project) -> Progress:
    """Assignments and how many are done, per person and in all, and done per day. Two queries."""
    per_person = (
        Assignment.objects.filter(project=project)
        .values("assignee_id", "assignee__username")
        .annotate(
            assigned=Count("pk"),
            done=Count("pk", filter=Q(done_at__isnull=False)),
            skipped=Count("pk", filter=Q(done_at__isnull=True, skipped_at__isnull=False)),
        )
        .order_by("assignee__username")
    )
    people = [
        PersonProgress(row["assignee_id"], row["assignee__username"], row["assigned"], row["done"], row["skipped"])
        for row in per_person
    ]
    by_day = (
        Assignment.objects.filter(project=project, done_at__isnull=False)
        .annotate(day=TruncDate("done_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    return Progress(
        people=people,
        assigned=sum(p.assigned for p in people),
        done=sum(p.done for p in people),
        skipped=sum(p.skipped for p in people),
        days=[(row["day"], row["n"]) for row in by_day],
    )


def my_assignments(user, *, project: Project | None = None) -> QuerySet[Assignment]:
    """The user's assignments, open ones first (oldest assignment first), then done ones
    (latest first), with their article's title and project, in projects they still read."""
    mine = Assignment.objects.filter(assignee_id=user.pk, project__in=visible_projects(user))
    if project is not None:
        mine = mine.filter(project=project)
    return mine.select_related("project", "article").defer(
        "article__raw", "article__caption", "article__cleaning_report"
    )


def open_assignments(user, *, project: Project | None = None) -> QuerySet[Assignment]:
    """Open assignments in the order "next unfinished" takes them: those never skipped
    (oldest assignment first), then the skipped ones, the longest put off first."""
    return (
        my_assignments(user, project=project)
        .filter(done_at__isnull=True)
        .order_by(F("skipped_at").asc(nulls_first=True), "assigned_at", "article_id", "pk")
    )


def done_assignments(user, *, project: Project | None = None, limit: int = 100) -> list[Assignment]:
    return list(my_assignments(user, project=project).filter(done_at__isnull=False).order_by("-done_at", "-pk")[:limit])


def next_unfinished(user, *, project: Project | None = None, after: int | None = None) -> Assignment | None:
    """The user's next open assignment, in `open_assignments` order, other than the
    article `after` (the one open now); that one itself when it is the last one open."""
    candidates = open_assignments(user, project=project)
    if after is None:
        return candidates.first()
    return candidates.exclude(article_id=after).first() or candidates.filter(article_id=after).first()


_ASSIGNMENT_FIELDS = [f.attname for f in Assignment._meta.concrete_fields]
_PROJECT_FIELDS = [f.attname for f in Project._meta.concrete_fields]


def _assignments_of(user_id, article_id):
    assignments = Assignment.objects.filter(assignee_id=user_id, article_id=article_id).order_by("project__name")
    return assignments.values_list(*_ASSIGNMENT_FIELDS, *(f"project__{name}" for name in _PROJECT_FIELDS))


# Asked by every reader page: compiled once per process and run prepared (issue 16).
_ASSIGNMENTS_QUERY = CompiledQuery(_assignments_of, user_id=USER_MARK, article_id=ARTICLE_MARK)


def article_assignments(user, article_id: int) -> list[Assignment]:
    """The user's assignments of this article (one per project), for the reader's Done
    button: each with its project, as `select_related("project")` gives them."""
    found = []
    for row in _ASSIGNMENTS_QUERY.rows(user_id=user.pk, article_id=int(article_id)):
        assignment = Assignment.from_db("default", _ASSIGNMENT_FIELDS, row[: len(_ASSIGNMENT_FIELDS)])
        assignment.project = Project.from_db("default", _PROJECT_FIELDS, row[len(_ASSIGNMENT_FIELDS) :])
        found.append(assignment)
    return found
