"""Who works on what: a manager assigns a project's articles to its analysts, by hand or
split evenly; each assignee marks their article done (or open again).

The split is deterministic (the same articles and people give the same assignment,
whatever order they were picked in) and even: nobody gets two more than anyone else,
counting what each already had open in the project."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from annotator.models import Assignment, Project, ProjectArticle, ProjectMember, ProjectRole

# Who can be given articles to annotate: the project's analysts and above.
ASSIGNABLE = (ProjectRole.ANALYST, ProjectRole.REVIEWER, ProjectRole.MANAGER)


@dataclass
class SplitResult:
    created: dict[int, list[int]] = field(default_factory=dict)  # assignee id -> article ids
    skipped: list[int] = field(default_factory=list)  # articles already assigned in the project

    @property
    def count(self) -> int:
        return sum(len(ids) for ids in self.created.values())


def _check(project: Project, article_ids: list[int], assignee_ids: list[int]) -> tuple[list[int], list[int]]:
    articles = sorted(
        set(
            ProjectArticle.objects.filter(project=project, article_id__in=article_ids).values_list(
                "article_id", flat=True
            )
        )
    )
    missing = set(article_ids) - set(articles)
    if missing:
        raise ValidationError({"articles": f"Not in this project: article {', '.join(map(str, sorted(missing)))}."})
    members = ProjectMember.objects.filter(project=project, user_id__in=assignee_ids, role__in=ASSIGNABLE)
    people = list(members.order_by("user__username", "user_id").values_list("user_id", flat=True))
    strangers = set(assignee_ids) - set(people)
    if strangers or not people:
        raise ValidationError({"assignees": "Choose analysts (or reviewers, managers) of this project."})
    if not articles:
        raise ValidationError({"articles": "Choose at least one article."})
    return articles, people


def _insert(rows: list[Assignment], by) -> None:
    # One insert, and one for their history rows (every assignment has its history, as
    # every record the backup verifies).
    bulk_create_with_history(rows, Assignment, default_user=by)


@transaction.atomic
def assignments_create(*, project: Project, article_ids: list[int], assignee_ids: list[int], by) -> SplitResult:
    """Assign each article to each of the people (by hand: one or more annotators per
    article). An existing assignment stays as it is."""
    articles, people = _check(project, article_ids, assignee_ids)
    result = SplitResult()
    existing = set(
        Assignment.objects.filter(project=project, article_id__in=articles, assignee_id__in=people).values_list(
            "article_id", "assignee_id"
        )
    )
    rows = []
    for person in people:
        for article in articles:
            if (article, person) not in existing:
                rows.append(Assignment(project=project, article_id=article, assignee_id=person, assigned_by=by))
                result.created.setdefault(person, []).append(article)
    _insert(rows, by)
    return result


@transaction.atomic
def assignments_split(*, project: Project, article_ids: list[int], assignee_ids: list[int], by) -> SplitResult:
    """Split these articles evenly among these people: each article to one person, the
    least loaded first (open assignments in the project; ties by username). Articles
    already assigned to someone in the project are left where they are."""
    articles, people = _check(project, article_ids, assignee_ids)
    # Lock the project's assignments for the count, so two splits at once stay even.
    list(Assignment.objects.select_for_update().filter(project=project).values_list("pk", flat=True))
    taken = set(
        Assignment.objects.filter(project=project, article_id__in=articles).values_list("article_id", flat=True)
    )
    open_counts = dict(
        Assignment.objects.filter(project=project, assignee_id__in=people)
        .values("assignee_id")
        .annotate(n=Count("pk", filter=Q(done_at__isnull=True)))
        .values_list("assignee_id", "n")
    )
    load = {person: open_counts.get(person, 0) for person in people}
    rank = {person: index for index, person in enumerate(people)}
    result = SplitResult(skipped=[a for a in articles if a in taken])
    rows = []
    for article in (a for a in articles if a not in taken):
        person = min(people, key=lambda p: (load[p], rank[p]))
        load[person] += 1
        rows.append(Assignment(project=project, article_id=article, assignee_id=person, assigned_by=by))
        result.created.setdefault(person, []).append(article)
    _insert(rows, by)
    return result


@transaction.atomic
def assignment_remove(*, assignment: Assignment, user) -> None:
    assignment._history_user = user
    assignment.delete()


@transaction.atomic
def assignment_mark(*, project: Project, article_id: int, assignee, done: bool) -> Assignment:
    """The assignee marks their article done (or open again). Refused when the article is
    not assigned to them in the project."""
    assignment = (
        Assignment.objects.select_for_update().filter(project=project, article_id=article_id, assignee=assignee).first()
    )
    if assignment is None:
        raise ValidationError("This article is not assigned to you in this project.")
    if done != (assignment.done_at is not None):
        assignment.done_at = timezone.now() if done else None
        # Done or open again, the article is no longer one put off for later.
        assignment.skipped_at = None
        assignment._history_user = assignee
        assignment.save(update_fields=["done_at", "skipped_at"])
    return assignment


@transaction.atomic
def assignments_skip(*, article_id: int, assignee, project: Project | None = None) -> int:
    """The assignee puts the article off for later: each of their open assignments of it
    (in `project` only, when given) is marked skipped now, so "next unfinished" offers it
    after every article not skipped, and after those skipped before it. How many were
    marked; refused when none of the assignee's open assignments is this article."""
    open_ones = Assignment.objects.select_for_update().filter(
        article_id=article_id, assignee=assignee, done_at__isnull=True
    )
    if project is not None:
        open_ones = open_ones.filter(project=project)
    assignments = list(open_ones.order_by("pk"))
    if not assignments:
        raise ValidationError("This article is not open in your work: there is nothing to skip.")
    now = timezone.now()
    for assignment in assignments:
        assignment.skipped_at = now
        # Every skip is in the history, as every other change of an assignment.
        assignment._history_user = assignee
        assignment.save(update_fields=["skipped_at"])
    return len(assignments)
