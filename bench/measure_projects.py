"""8. Pages and API as a member of one project among many: the cost of scoping.

The loaded archive is split among PROJECTS projects (article id modulo PROJECTS) with
MEMBERS members, each an analyst in one project and with no site-wide role: every read
they make carries the project condition (annotator.projects_access). Measured as one
member: the pages and requests of tables 1 and 2 (the unscoped reviewer's numbers are
there to compare). The projects, links and members are removed afterwards, so the
other measurements see the archive as generated."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import connection, transaction

from .measure_pages import logged_in_client, measure_get

PROJECTS = 20
MEMBERS = 50
PREFIX = "bench-team-"


def _setup() -> str:
    from django.contrib.auth import get_user_model

    from annotator.models import Project, ProjectMember, ProjectRole

    _teardown()
    User = get_user_model()
    with transaction.atomic():
        projects = [Project.objects.create(name=f"Bench team {n:02}", slug=f"{PREFIX}{n:02}") for n in range(PROJECTS)]
        with connection.cursor() as cursor:
            for n, project in enumerate(projects):
                cursor.execute(
                    "INSERT INTO annotator_projectarticle (project_id, article_id, double, added_at) "
                    "SELECT %s, id, %s, CURRENT_TIMESTAMP FROM annotator_article WHERE id %% %s = %s",
                    [project.pk, False, PROJECTS, n],
                )
        members = []
        for n in range(MEMBERS):
            user, _ = User.objects.get_or_create(username=f"{PREFIX}member-{n:02}")
            members.append(ProjectMember(project=projects[n % PROJECTS], user=user, role=ProjectRole.ANALYST))
        ProjectMember.objects.bulk_create(members)
    return f"{PREFIX}member-00"


def _teardown() -> None:
    from django.contrib.auth import get_user_model

    from annotator.models import Project, ProjectArticle

    # One project's links at a time: each DELETE moves its articles' statement counts in
    # the per-project tallies (migration 0017) in one trigger run; all 100,000 links in
    # one DELETE moved a million statements at once, past the bench's statement timeout.
    for project in Project.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True):
        ProjectArticle.objects.filter(project_id=project).delete()
    with transaction.atomic():
        Project.objects.filter(slug__startswith=PREFIX).delete()
        get_user_model().objects.filter(username__startswith=f"{PREFIX}member-").delete()


def run(ds, repeat: int) -> dict:
    from django.urls import reverse

    from annotator.models import ProjectArticle

    member = _setup()
    try:
        project = f"{PREFIX}00"
        one = (
            ProjectArticle.objects.filter(project__slug=project)
            .order_by("article_id")
            .values_list("article_id", flat=True)[:1]
        )
        client = logged_in_client(member)
        urls = {
            "member: article list, first page": reverse("article_list"),
            "member: article list, search cholera": reverse("article_list") + "?" + urlencode({"q": "cholera"}),
            "member: article list, sorted by claims": reverse("article_list") + "?sort=claims",
            "member: actor list, sorted by claims": reverse("actor_list") + "?sort=claims",
            "member: proposition list": reverse("proposition_list"),
            "member: matrix": reverse("matrix"),
            "member: reader of one of its articles": reverse("article_detail", args=[one[0]]) if one else None,
            "member: API statements, first page": "/api/v1/statements/",
            "member: API articles, first page": "/api/v1/articles/",
            "member: project page": reverse("project_detail", args=[project]),
            "member: article list narrowed ?project=": reverse("article_list") + f"?project={project}",
        }
        results = {"setup": {"projects": PROJECTS, "members": MEMBERS, "articles_each": ds.articles // PROJECTS}}
        for label, url in urls.items():
            results[label] = measure_get(client, url, repeat) if url else {"error": "no article in the project"}
        return results
    finally:
        _teardown()
