"""Skipping ("s" on My work and in the reader): the skip is recorded per assignee and
article, "next unfinished" goes past skipped articles and comes back to them after the
rest (the longest put off first), and the project's progress counts them."""

import pytest
from django.core.exceptions import ValidationError

from annotator.models import Assignment, ProjectMember, ProjectRole
from annotator.selectors.projects import next_unfinished, project_progress
from annotator.services.assignments import assignment_mark, assignments_create, assignments_skip
from annotator.services.projects import project_articles_add, project_create
from tests.factories import ArticleFactory
from tests.statement_posts import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(make_user):
    """Three articles assigned (in order) to ana and ben, analysts of the desk."""
    manager = make_user("admin", username="manager")
    project = project_create(name="Desk", user=manager)
    ana, ben = make_user(None, username="ana"), make_user(None, username="ben")
    for person in (ana, ben):
        ProjectMember.objects.create(project=project, user=person, role=ProjectRole.ANALYST)
    articles = [ArticleFactory(title=f"Report {n}") for n in range(3)]
    project_articles_add(project=project, article_ids=[a.pk for a in articles], user=manager, imported=True)
    for article in articles:  # one at a time: assigned in this order
        assignments_create(project=project, article_ids=[article.pk], assignee_ids=[ana.pk, ben.pk], by=manager)
    return project, ana, ben, articles


def test_a_skipped_article_comes_after_the_others_and_back_when_they_are_done(desk):
    project, ana, ben, (first, second, third) = desk
    assert next_unfinished(ana).article_id == first.pk
    assignments_skip(article_id=first.pk, assignee=ana)
    assert next_unfinished(ana).article_id == second.pk
    assignment_mark(project=project, article_id=second.pk, assignee=ana, done=True)
    assert next_unfinished(ana).article_id == third.pk
    assignment_mark(project=project, article_id=third.pk, assignee=ana, done=True)
    assert next_unfinished(ana).article_id == first.pk
    # The skip is ana's: ben's next article is still the first.
    assert next_unfinished(ben).article_id == first.pk


def test_the_longest_put_off_comes_back_first(desk):
    project, ana, ben, (first, second, third) = desk
    assignments_skip(article_id=second.pk, assignee=ana)
    assignments_skip(article_id=first.pk, assignee=ana)
    assignments_skip(article_id=third.pk, assignee=ana)
    assert next_unfinished(ana).article_id == second.pk
    # Skipped again, it goes to the back once more.
    assignments_skip(article_id=second.pk, assignee=ana)
    assert next_unfinished(ana).article_id == first.pk


def test_the_last_open_article_is_offered_again_rather_than_nothing(desk):
    project, ana, ben, (first, second, third) = desk
    for article in (second, third):
        assignment_mark(project=project, article_id=article.pk, assignee=ana, done=True)
    assignments_skip(article_id=first.pk, assignee=ana)
    assert next_unfinished(ana, after=first.pk).article_id == first.pk


def test_only_an_open_assignment_of_ones_own_can_be_skipped(desk, make_user):
    project, ana, ben, (first, second, third) = desk
    assignment_mark(project=project, article_id=first.pk, assignee=ana, done=True)
    with pytest.raises(ValidationError):
        assignments_skip(article_id=first.pk, assignee=ana)
    stranger = make_user("analyst", username="stranger")
    with pytest.raises(ValidationError):
        assignments_skip(article_id=second.pk, assignee=stranger)
    assert not Assignment.objects.filter(skipped_at__isnull=False).exists()


def test_done_or_reopened_an_article_is_no_longer_skipped(desk):
    project, ana, ben, (first, second, third) = desk
    assignments_skip(article_id=first.pk, assignee=ana)
    assignment_mark(project=project, article_id=first.pk, assignee=ana, done=True)
    assignment_mark(project=project, article_id=first.pk, assignee=ana, done=False)
    assert Assignment.objects.get(article=first, assignee=ana).skipped_at is None
    assert next_unfinished(ana).article_id == first.pk


def test_progress_counts_skipped_articles_per_person_and_in_all(desk):
    project, ana, ben, (first, second, third) = desk
    assignments_skip(article_id=first.pk, assignee=ana)
    assignments_skip(article_id=second.pk, assignee=ana)
    assignments_skip(article_id=first.pk, assignee=ben)
    assignment_mark(project=project, article_id=first.pk, assignee=ben, done=True)
    progress = project_progress(project)
    assert [(p.username, p.skipped, p.done) for p in progress.people] == [("ana", 2, 0), ("ben", 0, 1)]
    assert progress.skipped == 2
    page = signed_in(ana).get(f"/projects/{project.slug}/").content.decode()
    assert 'data-skipped="ana">2<' in page and "2 skipped" in page


def test_s_on_my_work_skips_the_next_article_and_opens_the_one_after(desk):
    project, ana, ben, (first, second, third) = desk
    client = signed_in(ana)
    page = client.get("/work/").content.decode()
    assert f'action="/work/skip/{first.pk}"' in page and "data-skip-work" in page
    response = client.post(f"/work/skip/{first.pk}")
    assert response.status_code == 302
    assert client.get(response.url).url == f"/articles/{second.pk}/"
    assert Assignment.objects.get(article=first, assignee=ana).skipped_at is not None
    page = client.get("/work/").content.decode()
    # My work lists open articles in the order "next" takes them: the skipped one last.
    assert page.index("Report 1") < page.index("Report 2") < page.index("Report 0")
    assert "skipped</span>" in page


def test_the_reader_of_an_assigned_article_offers_skip_and_records_it(desk, make_user):
    project, ana, ben, (first, second, third) = desk
    client = signed_in(ana)
    reader = client.get(f"/articles/{second.pk}/").content.decode()
    assert f'action="/work/skip/{second.pk}"' in reader and 'id="skip-work"' in reader
    response = client.post(f"/work/skip/{second.pk}")
    assert client.get(response.url).url == f"/articles/{first.pk}/"
    assert list(Assignment.objects.filter(skipped_at__isnull=False).values_list("article_id", "assignee_id")) == [
        (second.pk, ana.pk)
    ]
    # Someone with nothing assigned here has nothing to skip.
    viewer = make_user("viewer", username="vera")
    assert 'id="skip-work"' not in signed_in(viewer).get(f"/articles/{second.pk}/").content.decode()
    refused = signed_in(viewer).post(f"/work/skip/{second.pk}")
    assert refused.status_code == 302 and not Assignment.objects.filter(assignee=viewer).exists()


def test_skipping_in_one_project_leaves_the_same_article_open_in_another(desk, make_user):
    project, ana, ben, (first, second, third) = desk
    other = project_create(name="Other desk", user=make_user("admin", username="boss"))
    ProjectMember.objects.create(project=other, user=ana, role=ProjectRole.ANALYST)
    project_articles_add(project=other, article_ids=[first.pk], user=other.created_by, imported=True)
    assignments_create(project=other, article_ids=[first.pk], assignee_ids=[ana.pk], by=other.created_by)
    signed_in(ana).post(f"/work/skip/{first.pk}", {"project": other.slug})
    skipped = dict(Assignment.objects.filter(article=first, assignee=ana).values_list("project_id", "skipped_at"))
    assert skipped[other.pk] is not None and skipped[project.pk] is None
