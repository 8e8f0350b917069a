"""Imports take an optional project (the form, the API, the command); without one the
article goes to the default project, which every site role reads."""

import pytest
from django.core.management import call_command
from django.test import Client

from annotator.models import Article, ProjectArticle, ProjectMember, ProjectRole
from annotator.projects_access import visible_articles
from annotator.services.projects import project_create

pytestmark = pytest.mark.django_db

TEXT = "Iranian officials on Wednesday denied accusations that jets struck targets near Mosul."


@pytest.fixture
def desk(make_user):
    admin = make_user("admin", username="chief")
    project = project_create(name="Desk", user=admin)
    ana = make_user(None, username="ana")
    ProjectMember.objects.create(project=project, user=ana, role=ProjectRole.ANALYST)
    client = Client()
    client.force_login(ana)
    return project, ana, client


def test_an_analyst_imports_into_her_project_and_only_its_members_read_it(desk, make_user):
    project, ana, client = desk
    form = client.get("/articles/new/").content.decode()
    assert 'value="desk"' in form
    response = client.post("/articles/new/", {"text": TEXT, "action": "save", "project": "desk"})
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == f"/articles/{article.pk}/"
    assert list(ProjectArticle.objects.values_list("project__slug", flat=True)) == ["desk"]
    assert not visible_articles(make_user("viewer")).exists()


def test_a_project_she_is_not_in_cannot_be_chosen(desk, make_user):
    project, ana, client = desk
    project_create(name="Other", user=make_user("admin"))
    response = client.post("/articles/new/", {"text": TEXT, "action": "save", "project": "other"})
    assert response.status_code == 422 and not Article.objects.exists()


def test_the_api_imports_into_a_project_and_refuses_one_without_the_analyst_role(desk, make_user):
    project, ana, client = desk
    response = client.post("/api/v1/articles/", {"raw": TEXT, "project": "desk"}, content_type="application/json")
    assert response.status_code == 201
    assert ProjectArticle.objects.get().project == project
    viewer = make_user("analyst", username="vic")  # an analyst elsewhere, a viewer in this project
    ProjectMember.objects.create(project=project, user=viewer, role=ProjectRole.VIEWER)
    other = Client()
    other.force_login(viewer)
    refused = other.post(
        "/api/v1/articles/", {"raw": TEXT + " Again.", "project": "desk"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "project" in refused.json()


def test_the_command_imports_into_a_project_or_says_there_is_none(desk, tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(TEXT, encoding="utf-8")
    call_command("import_articles", str(path), "--project", "desk", "--no-suggest", stdout=open("/dev/null", "w"))
    assert ProjectArticle.objects.get().project.slug == "desk"
    with pytest.raises(Exception, match="No project with the slug 'nowhere'"):
        call_command("import_articles", str(path), "--project", "nowhere", stdout=open("/dev/null", "w"))


def test_without_a_project_an_import_is_the_default_projects(make_user):
    analyst = make_user("analyst")
    client = Client()
    client.force_login(analyst)
    client.post("/articles/new/", {"text": TEXT, "action": "save"})
    article = Article.objects.get()
    assert not ProjectArticle.objects.exists()  # in no project: the default one's
    assert article in visible_articles(make_user("viewer"))
