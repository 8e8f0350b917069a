"""8. Pages and API as a member of one project among many, and of several: the cost of scoping.

The loaded archive is split among PROJECTS projects (article id modulo PROJECTS) with
MEMBERS members, each an analyst in one project and with no site-wide role: every read
they make carries the project condition (annotator.projects_access). Measured as one
member: the pages and requests of tables 1 and 2 (the unscoped reviewer's numbers are
there to compare); then as a member of SEVERAL projects (an analyst in each), whose
counts cannot be read from one project's tallies. The projects, links and members are
removed afterwards, so the other measurements see the archive as generated, unless
BENCH_KEEP_PROJECTS=1: then they stay, and the next run reuses them (linking 100,000
articles moves a million statements' counts: minutes, not worth paying per run)."""

from __future__ import annotations

import os
from urllib.parse import urlencode

from django.db import connection, transaction

from .measure_pages import logged_in_client, measure_get

PROJECTS = 20
MEMBERS = 50
# The member of several projects is an analyst in the first SEVERAL.
SEVERAL = 3
PREFIX = "bench-team-"
MEMBER = f"{PREFIX}member-00"
SEVERAL_MEMBER = f"{PREFIX}member-several"


def keep_projects() -> bool:
    return os.environ.get("BENCH_KEEP_PROJECTS", "") not in ("", "0")


def _set_up_already(articles: int) -> bool:
    from django.contrib.auth import get_user_model

    from annotator.models import Project, ProjectArticle

    projects = Project.objects.filter(slug__startswith=PREFIX).count()
    links = ProjectArticle.objects.filter(project__slug__startswith=PREFIX).count()
    members = get_user_model().objects.filter(username__in=[MEMBER, SEVERAL_MEMBER]).count()
    return projects == PROJECTS and links == articles and members == 2


def _setup(articles: int) -> None:
    from django.contrib.auth import get_user_model

    from annotator.models import Project, ProjectMember, ProjectRole

    if keep_projects() and _set_up_already(articles):
        return
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
        several, _ = User.objects.get_or_create(username=SEVERAL_MEMBER)
        members += [ProjectMember(project=p, user=several, role=ProjectRole.ANALYST) for p in projects[:SEVERAL]]
        ProjectMember.objects.bulk_create(members)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE annotator_projectarticle")


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


def urls() -> dict[str, str | None]:
    """What is measured, by label, for each kind of member."""
    from django.urls import reverse

    from annotator.models import ProjectArticle

    project = f"{PREFIX}00"
    one = (
        ProjectArticle.objects.filter(project__slug=project)
        .order_by("article_id")
        .values_list("article_id", flat=True)[:1]
    )
    scoped = {
        "article list, first page": reverse("article_list"),
        "article list, search cholera": reverse("article_list") + "?" + urlencode({"q": "cholera"}),
        "article list, sorted by claims": reverse("article_list") + "?sort=claims",
        "actor list, sorted by claims": reverse("actor_list") + "?sort=claims",
        "proposition list": reverse("proposition_list"),
        "proposition list, sorted by denials": reverse("proposition_list") + "?sort=denials",
        "matrix": reverse("matrix"),
        "reader of one of its articles": reverse("article_detail", args=[one[0]]) if one else None,
        "API statements, first page": "/api/v1/statements/",
        "API articles, first page": "/api/v1/articles/",
    }
    member = {
        **{f"member: {label}": url for label, url in scoped.items()},
        "member: project page": reverse("project_detail", args=[project]),
        "member: article list narrowed ?project=": reverse("article_list") + f"?project={project}",
    }
    several = {f"member of {SEVERAL}: {label}": url for label, url in scoped.items()}
    return {"member": member, "several": several}


def run(ds, repeat: int) -> dict:
    _setup(ds.articles)
    try:
        results = {
            "setup": {
                "projects": PROJECTS,
                "members": MEMBERS,
                "articles_each": ds.articles // PROJECTS,
                "several": SEVERAL,
            }
        }
        chosen = urls()
        for who, username in (("member", MEMBER), ("several", SEVERAL_MEMBER)):
            client = logged_in_client(username)
            for label, url in chosen[who].items():
                results[label] = measure_get(client, url, repeat) if url else {"error": "no article in the project"}
        return results
    finally:
        if not keep_projects():
            _teardown()
