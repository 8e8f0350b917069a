"""The project pages: a site admin creates a project, its manager adds members, articles
and assignments; analysts find their work, mark it done and go on to the next; the
guidelines are Markdown, shown safely; the switcher narrows every page to a project."""

import pytest

from annotator.models import Assignment, Project, ProjectArticle, ProjectMember, ProjectRole
from annotator.services.assignments import assignments_split
from annotator.services.projects import project_articles_add, project_create
from tests.factories import ArticleFactory, StatementFactory
from tests.statement_posts import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    return make_user("admin", username="chief")


def test_a_site_admin_creates_a_project_and_becomes_its_manager(admin, make_user):
    response = signed_in(admin).post("/projects/new/", {"name": "Gulf desk", "description": "Strikes in Iraq"})
    project = Project.objects.get(slug="gulf-desk")
    assert response.status_code == 302 and response.url == "/projects/gulf-desk/"
    assert ProjectMember.objects.get(project=project).role == ProjectRole.MANAGER
    again = signed_in(admin).post("/projects/new/", {"name": "Gulf desk"})
    assert again.status_code == 422 and "exists already" in again.content.decode()
    assert signed_in(make_user("reviewer")).post("/projects/new/", {"name": "Mine"}).status_code == 403


def test_a_manager_adds_members_changes_their_role_and_removes_them(admin, make_user):
    project = project_create(name="Desk", user=admin)
    ana = make_user(None, username="ana")
    manager = signed_in(admin)
    manager.post(f"/projects/{project.slug}/members", {"username": "ANA", "role": "analyst"})
    assert project.memberships.get(user=ana).role == "analyst"
    manager.post(f"/projects/{project.slug}/members", {"username": "ana", "role": "reviewer"})
    assert project.memberships.get(user=ana).role == "reviewer"
    response = manager.post(f"/projects/{project.slug}/members", {"username": "nobody", "role": "analyst"}, follow=True)
    assert "Nobody is called “nobody”" in response.content.decode()
    manager.post(f"/projects/{project.slug}/members/{ana.pk}/remove")
    assert not project.memberships.filter(user=ana).exists()
    # The last manager stays.
    manager.post(f"/projects/{project.slug}/members", {"username": "chief", "role": "analyst"})
    assert project.memberships.get(user=admin).role == "manager"


def test_an_analyst_of_the_project_may_not_manage_it(admin, make_user):
    project = project_create(name="Desk", user=admin)
    ana = make_user(None, username="ana")
    ProjectMember.objects.create(project=project, user=ana, role=ProjectRole.ANALYST)
    client = signed_in(ana)
    assert client.get(f"/projects/{project.slug}/").status_code == 200
    assert client.post(f"/projects/{project.slug}/members", {"username": "ana", "role": "manager"}).status_code == 403
    assert client.get(f"/projects/{project.slug}/guidelines/edit").status_code == 403
    assert project.memberships.get(user=ana).role == "analyst"


def test_the_article_list_adds_ticked_articles_or_every_filtered_one_to_a_project(admin):
    project = project_create(name="Desk", user=admin)
    articles = [ArticleFactory(title=f"Mosul {n}") for n in range(3)] + [ArticleFactory(title="Weather")]
    client = signed_in(admin)
    assert 'id="add-to-project"' in client.get("/articles/").content.decode()
    client.post("/projects/add-articles", {"to_project": project.slug, "article": [articles[0].pk]})
    assert set(ProjectArticle.objects.filter(project=project).values_list("article_id", flat=True)) == {articles[0].pk}
    client.post("/projects/add-articles", {"to_project": project.slug, "which": "filter", "q": "Mosul"})
    linked = set(ProjectArticle.objects.filter(project=project).values_list("article_id", flat=True))
    assert linked == {a.pk for a in articles[:3]}
    # They stay in the default project too: joining one project takes them out of none.
    assert ProjectArticle.objects.filter(project__is_default=True, article=articles[0]).exists()


def test_splitting_from_the_project_page_shares_the_unassigned_articles_evenly(admin, make_user):
    project = project_create(name="Desk", user=admin)
    people = [make_user(None, username=name) for name in ("ana", "ben", "cleo")]
    for person in people:
        ProjectMember.objects.create(project=project, user=person, role=ProjectRole.ANALYST)
    articles = [ArticleFactory() for _ in range(7)]
    project_articles_add(project=project, article_ids=[a.pk for a in articles], user=admin, imported=True)
    response = signed_in(admin).post(
        f"/projects/{project.slug}/assign",
        {"which": "unassigned", "assignee": [p.pk for p in people], "mode": "split"},
        follow=True,
    )
    assert "7 assignments made (3, 2, 2 per person)" in response.content.decode()
    assert Assignment.objects.filter(project=project).count() == 7


def test_my_work_lists_open_work_and_n_goes_to_the_next_unfinished_article(admin, make_user):
    project = project_create(name="Desk", user=admin)
    ana = make_user(None, username="ana")
    ProjectMember.objects.create(project=project, user=ana, role=ProjectRole.ANALYST)
    first, second = ArticleFactory(title="First report"), ArticleFactory(title="Second report")
    project_articles_add(project=project, article_ids=[first.pk, second.pk], user=admin, imported=True)
    assignments_split(project=project, article_ids=[first.pk, second.pk], assignee_ids=[ana.pk], by=admin)
    client = signed_in(ana)
    page = client.get("/work/").content.decode()
    assert "First report" in page and "Second report" in page and "data-next-work" in page
    assert client.get("/work/next").url == f"/articles/{first.pk}/"
    reader = client.get(f"/articles/{first.pk}/").content.decode()
    assert f'id="assignment-done-{project.slug}"' in reader and "data-next-work" in reader
    done = client.post(f"/projects/{project.slug}/articles/{first.pk}/done", {"done": "1", "then": "next"})
    assert client.get(done.url).url == f"/articles/{second.pk}/"
    assert Assignment.objects.get(article=first).done_at is not None
    assert Assignment.objects.get(article=second).done_at is None
    progress = signed_in(admin).get(f"/projects/{project.slug}/").content.decode()
    assert '<progress max="2" value="1"' in progress and "<svg" in progress


def test_guidelines_are_markdown_and_html_in_them_is_shown_as_text(admin):
    project = project_create(name="Desk", user=admin)
    text = (
        "# Denials\n\nMark **every** denial.\n\n<script>alert(1)</script>\n\n"
        "[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n"
        "| cue | stance |\n|---|---|\n| denied | denial |\n"
    )
    client = signed_in(admin)
    client.post(f"/projects/{project.slug}/guidelines/edit", {"guidelines": text, "action": "save"})
    page = client.get(f"/projects/{project.slug}/guidelines/").content.decode()
    assert "<h1>Denials</h1>" in page and "<strong>every</strong>" in page and "<td>denied</td>" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page and "<img src=x" not in page


def test_the_switcher_narrows_the_lists_until_switched_back(admin):
    project = project_create(name="Desk", user=admin)
    inside = ArticleFactory(title="Inside the desk")
    ArticleFactory(title="Outside it")
    project_articles_add(project=project, article_ids=[inside.pk], user=admin, imported=True)
    client = signed_in(admin)
    client.post("/projects/switch", {"project": project.slug})
    page = client.get("/articles/").content.decode()
    assert "Inside the desk" in page and "Outside it" not in page
    assert f"project={project.slug}" in page  # the export link carries it
    client.post("/projects/switch", {"project": ""})
    assert "Outside it" in client.get("/articles/").content.decode()


def test_the_project_page_costs_the_same_queries_for_few_and_many(admin, make_user, django_assert_num_queries):
    project = project_create(name="Desk", user=admin)
    client = signed_in(admin)

    def grow(n):
        people = [make_user(None) for _ in range(n)]
        for person in people:
            ProjectMember.objects.create(project=project, user=person, role=ProjectRole.ANALYST)
        articles = [ArticleFactory() for _ in range(n * 3)]
        for article in articles:
            StatementFactory(article=article)
        project_articles_add(project=project, article_ids=[a.pk for a in articles], user=admin, imported=True)
        assignments_split(
            project=project, article_ids=[a.pk for a in articles], assignee_ids=[p.pk for p in people], by=admin
        )

    grow(1)
    client.get(f"/projects/{project.slug}/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(f"/projects/{project.slug}/")
    grow(10)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(f"/projects/{project.slug}/").status_code == 200


def test_my_work_still_opens_after_leaving_the_project_the_switcher_chose(admin, make_user):
    project = project_create(name="Desk", user=admin)
    ana = make_user("analyst", username="ana")
    ProjectMember.objects.create(project=project, user=ana, role=ProjectRole.ANALYST)
    client = signed_in(ana)
    client.post("/projects/switch", {"project": project.slug})
    ProjectMember.objects.filter(user=ana).delete()
    assert client.get("/work/").status_code == 200
    assert client.get("/articles/").status_code == 200
