"""The lookups every request makes (its session, its user with their roles, their projects)
are compiled once and run prepared (annotator/sessions.py, annotator/auth.py,
annotator/projects_access.py): they must answer exactly what the ORM queries they stand
in for answer."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from annotator.auth import ModelBackendWithRole
from annotator.models import Assignment, Project, ProjectMember, ProjectRole
from annotator.projects_access import _SCOPE_QUERY, scope_of
from annotator.roles import Role, group_names, member_role_names, role_of
from annotator.services.projects import project_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(make_user):
    admin = make_user(Role.ADMIN)
    return [project_create(name=name, user=admin) for name in ("Desk B", "Desk A", "Archive")]


def people(make_user, projects):
    """A user of each kind: no role, each site role, members of some projects, a manager."""
    users = [make_user(None), *(make_user(role) for role in (Role.VIEWER, Role.ANALYST, Role.REVIEWER, Role.ADMIN))]
    member = make_user(None)
    ProjectMember.objects.create(project=projects[0], user=member, role=ProjectRole.ANALYST)
    both = make_user(Role.VIEWER)
    ProjectMember.objects.create(project=projects[1], user=both, role=ProjectRole.MANAGER)
    ProjectMember.objects.create(project=projects[2], user=both, role=ProjectRole.REVIEWER)
    return [*users, member, both]


def test_the_projects_query_answers_as_the_orm_does_for_every_kind_of_user(make_user, projects):
    for user in people(make_user, projects):
        membership = ProjectMember.objects.filter(project=OuterRef("pk"), user_id=user.pk).values("role")[:1]
        orm = Project.objects.order_by("name").annotate(member_role=Subquery(membership))
        expected = list(orm.values_list("pk", "slug", "name", "is_default", "member_role"))
        assert _SCOPE_QUERY.rows(user_id=user.pk) == expected
        assert any(row[4] for row in expected) == bool(user.project_memberships.exists())


def test_a_members_scope_names_their_role_in_each_project(make_user, projects):
    user = people(make_user, projects)[-1]
    roles = {p.name: p.role for p in scope_of(get_user_model().objects.get(pk=user.pk)).mine()}
    assert (roles["Desk A"], roles["Archive"]) == (ProjectRole.MANAGER, ProjectRole.REVIEWER)
    assert "Desk B" not in roles


def test_the_user_of_a_session_is_the_orms_user_with_their_roles(make_user, projects):
    backend = ModelBackendWithRole()
    for user in people(make_user, projects):
        loaded = backend.get_user(user.pk)
        expected = (
            get_user_model()
            .objects.annotate(group_names=group_names(), member_roles=member_role_names())
            .get(pk=user.pk)
        )
        for field in get_user_model()._meta.concrete_fields:
            assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.attname
        assert (loaded.group_names, sorted(loaded.member_roles.split(","))) == (
            expected.group_names,
            sorted(expected.member_roles.split(",")),
        )
        assert loaded._state.adding is False and loaded._state.db == "default"
        assert role_of(loaded) == role_of(expected)


def test_an_inactive_or_unknown_user_is_nobody(make_user):
    backend = ModelBackendWithRole()
    gone = make_user(Role.ANALYST, is_active=False)
    assert backend.get_user(gone.pk) is None
    assert backend.get_user(gone.pk + 1000) is None


def test_a_signed_in_session_opens_pages_and_an_expired_one_does_not(client, make_user):
    client.force_login(make_user(Role.VIEWER))
    assert client.get("/articles/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/articles/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_unknown_session_key_signs_nobody_in(client):
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/articles/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_readers_assignments_are_the_orms_with_their_projects(make_user, projects):
    from annotator.selectors.projects import article_assignments
    from annotator.services.projects import project_articles_add
    from tests.factories import ArticleFactory

    article, other = ArticleFactory(), ArticleFactory()
    analyst, someone = make_user(None), make_user(None)
    for project in projects:
        ProjectMember.objects.create(project=project, user=analyst, role=ProjectRole.ANALYST)
        project_articles_add(project=project, article_ids=[article.pk, other.pk], user=analyst, imported=True)
    for project in projects[:2]:
        Assignment.objects.create(project=project, article=article, assignee=analyst)
    Assignment.objects.create(project=projects[2], article=other, assignee=analyst)
    Assignment.objects.create(project=projects[2], article=article, assignee=someone)

    mine = article_assignments(analyst, article.pk)
    expected = list(
        Assignment.objects.filter(assignee_id=analyst.pk, article_id=article.pk)
        .select_related("project")
        .order_by("project__name")
    )
    assert [a.pk for a in mine] == [a.pk for a in expected] and len(mine) == 2
    for got, want in zip(mine, expected, strict=True):
        for model_object, reference in ((got, want), (got.project, want.project)):
            for field in type(reference)._meta.concrete_fields:
                assert getattr(model_object, field.attname) == getattr(reference, field.attname), field.attname
    assert [a.project.name for a in mine] == ["Desk A", "Desk B"]
    assert article_assignments(someone, other.pk) == []
