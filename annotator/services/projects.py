"""Writes for projects: creating one, its members and their roles, its articles, its
guidelines. Assignments are in `services.assignments`.

Every function checks nothing about who calls it (the views and the API do, through
`annotator.projects_access`); each validates its input and runs in one transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from annotator.models import Article, Project, ProjectArticle, ProjectMember, ProjectRole
from annotator.services.records import record_save

# Paths under /projects/ that are pages, not projects.
RESERVED_SLUGS = {"new", "switch", "add-articles"}


def default_project() -> Project:
    """The project existing data and imports without a project belong to (made if missing:
    a flushed test database, a restore of an older backup)."""
    project = Project.objects.filter(is_default=True).first()
    if project is not None:
        return project
    project, _ = Project.objects.get_or_create(
        is_default=True,
        defaults={
            "name": "Default project",
            "slug": "default",
            "description": "Every article that existed before projects, and new ones imported without a project.",
        },
    )
    return project


@transaction.atomic
def project_create(*, name: str, slug: str = "", description: str = "", user, manager=None) -> Project:
    """A new project; `manager` (default: its creator) becomes its first manager."""
    name = " ".join((name or "").split())
    project = Project(name=name, slug=slugify(slug or name)[:200], description=description.strip(), created_by=user)
    if not project.slug:
        raise ValidationError({"slug": "Give the project a name or slug made of letters or digits."})
    if project.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": f"“{project.slug}” names a page of its own: choose another slug."})
    if Project.objects.filter(slug=project.slug).exists():
        raise ValidationError({"slug": f"A project with the slug “{project.slug}” exists already."})
    if Project.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"A project named “{name}” exists already."})
    record_save(project, user=user)
    ProjectMember.objects.create(project=project, user=manager or user, role=ProjectRole.MANAGER)
    return project


def _user_named(username: str):
    users = get_user_model()._default_manager
    found = users.filter(username__iexact=(username or "").strip(), is_active=True).first()
    if found is None:
        raise ValidationError({"username": f"Nobody is called “{(username or '').strip()}”."})
    return found


@transaction.atomic
def project_member_set(*, project: Project, username: str, role: str, user) -> ProjectMember:
    """Add `username` to the project with `role`, or change their role there."""
    if role not in ProjectRole.values:
        raise ValidationError({"role": f"Choose one of {', '.join(ProjectRole.values)}."})
    member = _user_named(username)
    existing = ProjectMember.objects.select_for_update().filter(project=project, user=member).first()
    if existing is not None and existing.role == ProjectRole.MANAGER and role != ProjectRole.MANAGER:
        _keep_a_manager(project, leaving=member.pk)
    membership = existing or ProjectMember(project=project, user=member)
    membership.role = role
    return record_save(membership, user=user)


def _keep_a_manager(project: Project, *, leaving: int) -> None:
    others = ProjectMember.objects.filter(project=project, role=ProjectRole.MANAGER).exclude(user_id=leaving)
    if not project.is_default and not others.exists():
        raise ValidationError({"role": "A project keeps at least one manager: make someone else manager first."})


@transaction.atomic
def project_member_remove(*, project: Project, member_id: int, user) -> None:
    membership = ProjectMember.objects.select_for_update().filter(project=project, user_id=member_id).first()
    if membership is None:
        return
    if membership.role == ProjectRole.MANAGER:
        _keep_a_manager(project, leaving=member_id)
    membership._history_user = user
    membership.delete()


@transaction.atomic
def project_articles_add(*, project: Project, article_ids: list[int], user, imported: bool = False) -> int:
    """Link these articles to the project; returns how many were new to it. An article in
    no project is the default project's: it is linked there first, so joining another
    project does not take it out of the default one; unless it was `imported` into this
    project just now (then it is this project's only)."""
    wanted = set(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))
    if not wanted:
        return 0
    if not project.is_default and not imported:
        linked = set(ProjectArticle.objects.filter(article_id__in=wanted).values_list("article_id", flat=True))
        unlinked = wanted - linked
        if unlinked:
            home = default_project()
            ProjectArticle.objects.bulk_create(
                [ProjectArticle(project=home, article_id=pk) for pk in sorted(unlinked)], ignore_conflicts=True
            )
    present = set(
        ProjectArticle.objects.filter(project=project, article_id__in=wanted).values_list("article_id", flat=True)
    )
    new = sorted(wanted - present)
    ProjectArticle.objects.bulk_create([ProjectArticle(project=project, article_id=pk) for pk in new])
    return len(new)


@transaction.atomic
def project_article_remove(*, project: Project, article_id: int, user) -> None:
    """Take the article out of the project (its statements stay; its assignments there go)."""
    ProjectArticle.objects.filter(project=project, article_id=article_id).delete()
    project.assignments.filter(article_id=article_id).delete()


@transaction.atomic
def project_update(*, project: Project, user, **changes) -> Project:
    """Change the description or the guidelines (Markdown)."""
    unknown = set(changes) - {"description", "guidelines"}
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(project, name, value)
    return record_save(project, user=user)
