"""A backup holds the teams too: projects, members with their roles, which articles are
in which project, assignments and when each was done; a restore brings them all back."""

import pytest
from django.core.management import call_command

from annotator.models import Assignment, Project, ProjectArticle, ProjectMember, ProjectRole
from annotator.services.assignments import assignment_mark, assignments_split
from annotator.services.backup import backed_up_models
from annotator.services.projects import project_articles_add, project_create, project_update
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_projects_members_articles_and_assignments_survive_a_backup_and_restore(make_user, tmp_path):
    manager, ana = make_user("admin", username="manager"), make_user(None, username="ana")
    project = project_create(name="Gulf desk", user=manager)
    project_update(project=project, user=manager, guidelines="# Mark every denial")
    ProjectMember.objects.create(project=project, user=ana, role=ProjectRole.ANALYST)
    articles = [ArticleFactory(title=f"Strike report {n}") for n in range(3)]
    project_articles_add(project=project, article_ids=[a.pk for a in articles], user=manager, imported=True)
    assignments_split(project=project, article_ids=[a.pk for a in articles], assignee_ids=[ana.pk], by=manager)
    assignment_mark(project=project, article_id=articles[0].pk, assignee=ana, done=True)
    before = {
        "projects": list(Project.objects.order_by("slug").values_list("slug", "guidelines", "is_default")),
        "members": list(ProjectMember.objects.order_by("pk").values_list("project__slug", "user__username", "role")),
        "links": list(ProjectArticle.objects.order_by("pk").values_list("project__slug", "article__title")),
        "assignments": list(Assignment.objects.order_by("pk").values_list("article__title", "assignee_id", "done_at")),
    }
    assert {Project, ProjectMember, ProjectArticle, Assignment} <= set(backed_up_models())
    path = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(path), stdout=open("/dev/null", "w"))
    Project.objects.exclude(is_default=True).delete()  # what the restore must bring back
    assert not Assignment.objects.exists()

    call_command("restore", str(path), "--yes", stdout=open("/dev/null", "w"))
    after = {
        "projects": list(Project.objects.order_by("slug").values_list("slug", "guidelines", "is_default")),
        "members": list(ProjectMember.objects.order_by("pk").values_list("project__slug", "user__username", "role")),
        "links": list(ProjectArticle.objects.order_by("pk").values_list("project__slug", "article__title")),
        "assignments": list(Assignment.objects.order_by("pk").values_list("article__title", "assignee_id", "done_at")),
    }
    assert after == before
    assert sum(1 for *_, done in after["assignments"] if done) == 1
