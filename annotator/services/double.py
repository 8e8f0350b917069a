"""Marking a sample of a project's articles for double annotation.

The sample is drawn reproducibly: the project's eligible articles (those assigned to two
or more people in it), in id order, shuffled by a random generator seeded with the
project's id. Marking takes articles from the front of that order until the wanted
number are double, so asking again for the same size changes nothing, asking for more
extends the same sample, and anyone can redraw it to check. Marking never unmarks: an
article's independent versions stay where they were made."""

import math
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from annotator.models import Assignment, Project, ProjectArticle


def eligible_articles(project: Project) -> list[int]:
    """Ids of the project's articles assigned to two or more of its people, in id order."""
    rows = (
        Assignment.objects.filter(project=project)
        .values("article_id")
        .annotate(assignees=Count("assignee_id", distinct=True))
        .filter(assignees__gte=2)
        .order_by("article_id")
    )
    return [row["article_id"] for row in rows]


def sample_order(project: Project, eligible: list[int]) -> list[int]:
    order = sorted(eligible)
    random.Random(project.pk).shuffle(order)
    return order


def sample_size(*, eligible: int, count: int | None, percent: float | None) -> int:
    if (count is None) == (percent is None):
        raise ValidationError({"count": "Give a number of articles or a percentage, not both."})
    if count is not None:
        if count < 1:
            raise ValidationError({"count": "The number of articles must be 1 or more."})
        return min(count, eligible)
    if not 0 < percent <= 100:
        raise ValidationError({"percent": "The percentage must be more than 0 and at most 100."})
    return math.ceil(eligible * percent / 100)


@transaction.atomic
def double_sample_mark(*, project: Project, count: int | None = None, percent: float | None = None) -> list[int]:
    """Mark articles double until `count` of them (or `percent` of the eligible ones) are;
    returns the ids newly marked, in sample order."""
    eligible = eligible_articles(project)
    if not eligible:
        raise ValidationError(
            {"count": "No article of this project is assigned to two or more people yet: assign them first."}
        )
    wanted = sample_size(eligible=len(eligible), count=count, percent=percent)
    links = ProjectArticle.objects.select_for_update().filter(project=project, article_id__in=eligible)
    already = set(links.filter(double=True).values_list("article_id", flat=True))
    missing = max(0, wanted - len(already))
    chosen = [pk for pk in sample_order(project, eligible) if pk not in already][:missing]
    links.filter(article_id__in=chosen).update(double=True)
    return chosen
