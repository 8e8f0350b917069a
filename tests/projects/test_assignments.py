"""Assignment: a manager splits articles evenly (deterministically) or assigns by hand;
each assignee marks their own article done; progress counts per person and per day."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from annotator.charts import done_over_time
from annotator.models import Assignment, ProjectMember, ProjectRole
from annotator.selectors.projects import next_unfinished, project_progress
from annotator.services.assignments import assignment_mark, assignments_create, assignments_split
from annotator.services.projects import project_articles_add, project_create
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(make_user):
    manager = make_user("admin", username="manager")
    project = project_create(name="Desk", user=manager)
    people = [make_user(None, username=name) for name in ("cleo", "ana", "ben")]
    for person in people:
        ProjectMember.objects.create(project=project, user=person, role=ProjectRole.ANALYST)
    articles = [ArticleFactory(title=f"Report {n}") for n in range(10)]
    project_articles_add(project=project, article_ids=[a.pk for a in articles], user=manager, imported=True)
    return project, manager, people, articles


def _shares(project) -> dict[str, int]:
    shares: dict[str, int] = {}
    for username in Assignment.objects.filter(project=project).values_list("assignee__username", flat=True):
        shares[username] = shares.get(username, 0) + 1
    return shares


def test_ten_articles_split_among_three_people_give_four_three_three_in_username_order(desk):
    project, manager, people, articles = desk
    ids = [a.pk for a in articles]
    result = assignments_split(project=project, article_ids=ids[::-1], assignee_ids=[p.pk for p in people], by=manager)
    assert result.count == 10
    assert _shares(project) == {"ana": 4, "ben": 3, "cleo": 3}
    # Deterministic: article order and people order as given do not matter.
    first = {a: p for a, p in Assignment.objects.values_list("article_id", "assignee__username")}
    assert first[ids[0]] == "ana" and first[ids[1]] == "ben" and first[ids[2]] == "cleo"


def test_a_second_split_fills_up_the_least_loaded_and_leaves_assigned_articles_alone(desk):
    project, manager, people, articles = desk
    ana, ben, cleo = sorted(people, key=lambda p: p.username)
    assignments_split(project=project, article_ids=[a.pk for a in articles[:2]], assignee_ids=[ana.pk], by=manager)
    result = assignments_split(
        project=project, article_ids=[a.pk for a in articles[:6]], assignee_ids=[ana.pk, ben.pk, cleo.pk], by=manager
    )
    assert result.skipped == [articles[0].pk, articles[1].pk]
    assert _shares(project) == {"ana": 2, "ben": 2, "cleo": 2}


def test_by_hand_each_article_goes_to_each_chosen_person_once(desk):
    project, manager, people, articles = desk
    ids = [a.pk for a in articles[:2]]
    assignments_create(project=project, article_ids=ids, assignee_ids=[people[0].pk, people[1].pk], by=manager)
    assignments_create(project=project, article_ids=ids, assignee_ids=[people[0].pk], by=manager)
    assert Assignment.objects.count() == 4


def test_only_the_projects_analysts_and_articles_can_be_assigned(desk, make_user):
    project, manager, people, articles = desk
    stranger = make_user("analyst", username="stranger")
    with pytest.raises(ValidationError):
        assignments_split(project=project, article_ids=[articles[0].pk], assignee_ids=[stranger.pk], by=manager)
    outside = ArticleFactory()
    with pytest.raises(ValidationError):
        assignments_split(project=project, article_ids=[outside.pk], assignee_ids=[people[0].pk], by=manager)
    assert not Assignment.objects.exists()


def test_done_is_per_assignee_and_progress_counts_it_per_person_and_in_all(desk):
    project, manager, people, articles = desk
    ana, ben = sorted(people, key=lambda p: p.username)[:2]
    assignments_create(project=project, article_ids=[articles[0].pk], assignee_ids=[ana.pk, ben.pk], by=manager)
    assignment_mark(project=project, article_id=articles[0].pk, assignee=ana, done=True)
    with pytest.raises(ValidationError):
        assignment_mark(project=project, article_id=articles[1].pk, assignee=ana, done=True)
    progress = project_progress(project)
    assert [(p.username, p.done, p.assigned) for p in progress.people] == [("ana", 1, 1), ("ben", 0, 1)]
    assert (progress.done, progress.assigned, progress.percent) == (1, 2, 50)
    assert next_unfinished(ana) is None and next_unfinished(ben).article_id == articles[0].pk


def test_the_chart_climbs_by_what_was_done_each_day_up_to_today():
    days = [(dt.date(2026, 12, 1), 2), (dt.date(2026, 12, 3), 1)]
    chart = done_over_time(days, total=6, today=dt.date(2026, 12, 4))
    heights = [float(point.split(",")[1]) for point in chart.points.split()]
    assert len(heights) == 4  # 1, 2, 3 and 4 December
    assert heights[0] == heights[1] > heights[2] == heights[3]  # 2, 2, 3, 3 done (lower y is higher)
    assert "3 of 6 assignments done by 04 Dec 2026" in chart.summary
    assert done_over_time([], total=6, today=dt.date(2026, 12, 4)).empty
