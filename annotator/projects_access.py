"""Who reads and writes what, project by project: the one place the pages, the API, the
exports and the history ask.

A user's role in a project is their membership's role there; else, in the default
project, their site-wide role; else none. Admins (and superusers) hold every project.
An article belongs to the projects it is linked to; an article linked to none (imported
without a project, or made before projects existed by a path that did not link it) is
in the default project. A user reads the articles of the projects they hold a role in,
the statements of those articles, and the actors, propositions and sources those
statements (or those articles) name, plus those nothing names yet (a new actor is
nobody's secret).

The projects and the user's memberships come in one query, kept on the user object for
the request; when the user holds a role in every project, nothing is filtered at all
(the common single-team installation pays nothing)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from annotator.db import ARTICLE_MARK, USER_MARK, CompiledQuery
from annotator.models import (
    Actor,
    Article,
    Project,
    ProjectActorTally,
    ProjectArticle,
    ProjectMember,
    ProjectPropositionTally,
    ProjectRole,
    Proposition,
    Source,
    Statement,
)
from annotator.models.tallies import tallies_kept
from annotator.roles import ORDER, Role, group_role

# What a project role lets its holder do to the project's articles, as a site role would.
# A manager reviews, and also runs the project (members, articles, assignments, guidelines).
CONTENT_ROLE = {
    ProjectRole.VIEWER: Role.VIEWER,
    ProjectRole.ANALYST: Role.ANALYST,
    ProjectRole.REVIEWER: Role.REVIEWER,
    ProjectRole.MANAGER: Role.REVIEWER,
}
# A site role, read as a role in the default project.
SITE_TO_PROJECT = {
    Role.VIEWER: ProjectRole.VIEWER,
    Role.ANALYST: ProjectRole.ANALYST,
    Role.REVIEWER: ProjectRole.REVIEWER,
    Role.ADMIN: ProjectRole.MANAGER,
}
PROJECT_ORDER = [ProjectRole.VIEWER, ProjectRole.ANALYST, ProjectRole.REVIEWER, ProjectRole.MANAGER]
# The per-project tallies' key of the articles linked to no project (models/project_tallies.py).
UNLINKED = 0


@dataclass(frozen=True)
class ProjectAccess:
    id: int
    slug: str
    name: str
    is_default: bool
    role: ProjectRole | None


@dataclass(frozen=True)
class Scope:
    """The projects a user reads. `everything`: no filter needed (admin, or a role in every project)."""

    projects: tuple[ProjectAccess, ...]
    everything: bool
    is_admin: bool
    sees_unlinked: bool = False  # the articles in no project (the default project's)

    @property
    def ids(self) -> list[int]:
        return [p.id for p in self.projects if p.role is not None]

    def role_in(self, project_id: int) -> ProjectRole | None:
        if self.is_admin:
            return ProjectRole.MANAGER
        return next((p.role for p in self.projects if p.id == project_id), None)

    def mine(self) -> list[ProjectAccess]:
        return [p for p in self.projects if p.role is not None]


def _is_admin(user) -> bool:
    return bool(user.is_superuser or group_role(user) == Role.ADMIN)


def _projects_with_membership(user_id):
    membership = ProjectMember.objects.filter(project=OuterRef("pk"), user_id=user_id).values("role")[:1]
    rows = Project.objects.order_by("name").annotate(member_role=Subquery(membership))
    return rows.values_list("pk", "slug", "name", "is_default", "member_role")


# Every request asks (pages, API, fast paths): compiled once per process and run prepared,
# it costs a quarter of building and compiling the ORM query each time (1.0 -> 0.25 ms CPU).
_SCOPE_QUERY = CompiledQuery(_projects_with_membership, user_id=USER_MARK)


def scope_of(user) -> Scope:
    """The user's projects and roles: one query, then kept on the user for the request."""
    cached = getattr(user, "_annotator_scope", None)
    if cached is not None:
        return cached
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(projects=(), everything=False, is_admin=False)
    admin = _is_admin(user)
    site = group_role(user)
    projects = []
    for pk, slug, name, is_default, member_role in _SCOPE_QUERY.rows(user_id=user.pk):
        role = ProjectRole(member_role) if member_role else None
        if role is None and is_default and site is not None:
            role = SITE_TO_PROJECT[site]
        if admin:
            role = ProjectRole.MANAGER
        projects.append(ProjectAccess(pk, slug, name, is_default, role))
    # Articles in no project are the default project's, even before its row exists.
    default = next((p for p in projects if p.is_default), None)
    sees_unlinked = admin or (default.role is not None if default is not None else site is not None)
    everything = admin or (sees_unlinked and all(p.role is not None for p in projects))
    scope = Scope(projects=tuple(projects), everything=everything, is_admin=admin, sees_unlinked=sees_unlinked)
    user._annotator_scope = scope
    return scope


def forget_scope(user) -> None:
    """After a change of the user's memberships within a request."""
    if hasattr(user, "_annotator_scope"):
        del user._annotator_scope


def highest_project_role(user) -> Role | None:
    """The most a user's memberships let them do anywhere, read as a site role: what the
    pages' gates ask (the article's own projects decide on each article). The default
    project's role is the site role, which `roles.role_of` already has. The roles come
    loaded with the user (auth backend, tokens); a query otherwise."""
    names = getattr(user, "_annotator_member_roles", None)
    if names is None:
        names = set(ProjectMember.objects.filter(user_id=user.pk).values_list("role", flat=True))
        user._annotator_member_roles = names
    roles = [CONTENT_ROLE[ProjectRole(name)] for name in names]
    return max(roles, key=ORDER.index) if roles else None


# Articles: the conditions every read is built from.


def _unlinked(article_ref: str) -> Exists:
    return ~Exists(ProjectArticle.objects.filter(article_id=OuterRef(article_ref)))


def _reaches(role: ProjectRole | None, minimum: Role) -> bool:
    return role is not None and ORDER.index(CONTENT_ROLE[role]) >= ORDER.index(minimum)


def readable_projects(user, minimum: Role) -> tuple[list[int], bool] | None:
    """The projects whose articles the user holds at least `minimum` in, and whether the
    articles in no project too; None when that is every article."""
    scope = scope_of(user)
    if scope.is_admin:
        return None
    ids = [p.id for p in scope.projects if _reaches(p.role, minimum)]
    default = next((p for p in scope.projects if p.is_default), None)
    if default is not None:
        unlinked_too = _reaches(default.role, minimum)
    else:
        site = group_role(user)
        unlinked_too = site is not None and ORDER.index(site) >= ORDER.index(minimum)
    if unlinked_too and len(ids) == len(scope.projects):
        return None
    return ids, unlinked_too


def article_condition(user, article_ref: str = "pk", minimum: Role = Role.VIEWER) -> Q | None:
    """The condition on the article (named by `article_ref` in the outer query) in which
    the user holds at least `minimum` (reading: viewer); None when that is every article."""
    readable = readable_projects(user, minimum)
    if readable is None:
        return None
    ids, unlinked_too = readable
    linked = Exists(ProjectArticle.objects.filter(article_id=OuterRef(article_ref), project_id__in=ids))
    return Q(linked) | Q(_unlinked(article_ref)) if unlinked_too else Q(linked)


def reader_buckets(user) -> frozenset[int] | None:
    """The per-project tallies' keys (models/project_tallies.py: a project's id, 0 for the
    articles in no project) whose articles the user reads; None: every article."""
    readable = readable_projects(user, Role.VIEWER)
    if readable is None:
        return None
    ids, unlinked_too = readable
    return frozenset([*ids, UNLINKED] if unlinked_too else ids)


def project_buckets(project: Project) -> frozenset[int]:
    """The per-project tallies' keys of `project`'s articles (the default project's: and those in no project)."""
    return frozenset([project.pk, UNLINKED] if project.is_default else [project.pk])


def in_project_condition(project: Project, article_ref: str = "pk") -> Q:
    """The articles of `project` (for the default project: and those in no project)."""
    linked = Q(Exists(ProjectArticle.objects.filter(article_id=OuterRef(article_ref), project_id=project.pk)))
    return linked | Q(_unlinked(article_ref)) if project.is_default else linked


def _narrow(queryset: QuerySet, condition: Q | None) -> QuerySet:
    return queryset if condition is None else queryset.filter(condition)


def visible_articles(user, queryset: QuerySet | None = None) -> QuerySet[Article]:
    return _narrow(Article.objects.all() if queryset is None else queryset, article_condition(user))


def visible_statements(user, queryset: QuerySet | None = None) -> QuerySet[Statement]:
    return _narrow(Statement.objects.all() if queryset is None else queryset, article_condition(user, "article_id"))


def statements_with_role(user, minimum: Role, queryset: QuerySet | None = None) -> QuerySet[Statement]:
    """Statements in articles where the user holds at least `minimum` (the review queue: reviewer)."""
    queryset = Statement.objects.all() if queryset is None else queryset
    return _narrow(queryset, article_condition(user, "article_id", minimum))


def named_in(buckets: frozenset[int], link: str, *, whole_table: bool = False) -> Exists | Q:
    """Rows (actors: `link` "speaker", propositions: "proposition") that a statement in the
    articles of `buckets` names, from the per-project tallies (PostgreSQL only): asking
    the statements read every statement naming a row that is named only elsewhere (3 s
    to 12 s for the actor list sorted by claims at a million). As EXISTS, one probe per
    row: best when the outer query reads a page of rows; as IN (`whole_table`),
    PostgreSQL hashes the project's rows once: best when it reads them all (the
    matrix's topics over 10,000 propositions: 60 ms, with EXISTS 110-130 ms; but a list
    page's outer query then hashes them too: 50 ms instead of 10)."""
    model, key = (ProjectActorTally, "actor") if link == "speaker" else (ProjectPropositionTally, "proposition")
    named = model.objects.filter(project__in=sorted(buckets), named__gt=0)
    if whole_table:
        return Q(pk__in=named.values(f"{key}_id"))
    return Exists(named.filter(**{key: OuterRef("pk")}))


def _named_or_unnamed(user, link: str, queryset: QuerySet, whole_table: bool = False) -> QuerySet:
    """Rows that a visible statement names through `link`, or that no statement names.

    A record merged into another names nothing any more (its statements moved to the
    target), yet its page and history say what it was and whom it was merged into: it is
    read as its target is, else a member of project A would read project B's merged
    duplicates, and undo their merges."""
    condition = article_condition(user, "article_id")
    if condition is None:
        return queryset
    named = Statement.objects.filter(**{link: OuterRef("pk")})
    via_target = Statement.objects.filter(**{link: OuterRef("merged_into_id")})
    unnamed = ~Q(Exists(named)) & (
        Q(merged_into__isnull=True) | Q(Exists(via_target.filter(condition))) | ~Q(Exists(via_target))
    )
    if tallies_kept():
        return queryset.filter(Q(named_in(reader_buckets(user), link, whole_table=whole_table)) | unnamed)
    return queryset.filter(Q(Exists(named.filter(condition))) | unnamed)


def visible_actors(user, queryset: QuerySet | None = None) -> QuerySet[Actor]:
    return _named_or_unnamed(user, "speaker", Actor.objects.all() if queryset is None else queryset)


def visible_propositions(user, queryset: QuerySet | None = None, *, whole_table: bool = False) -> QuerySet[Proposition]:
    """`whole_table`: for a query that reads every row (see named_in)."""
    queryset = Proposition.objects.all() if queryset is None else queryset
    return _named_or_unnamed(user, "proposition", queryset, whole_table=whole_table)


def visible_sources(user, queryset: QuerySet | None = None) -> QuerySet[Source]:
    """Outlets are reference data (the import form suggests them all), so every source is
    listed; what a source page shows about it (its articles, what it relayed) is scoped."""
    return Source.objects.all() if queryset is None else queryset


def statements_counted_for(user) -> Q | None:
    """The condition on statements (by their article) that per-row counts must respect."""
    return article_condition(user, "article_id")


def project_in(params, *, user=None):
    """The project `params` narrow to (`project=<slug>`), or None (an unknown slug: the
    FilterSets refuse it with a message naming the field). With `user`, only a project
    they hold a role in: another project's slug is as unknown as one nobody made (an
    empty list would tell them it exists)."""
    slug = (params.get("project") or "").strip() if params else ""
    # A NUL byte cannot be sent to PostgreSQL; no project's slug holds one.
    if not slug or "\x00" in slug:
        return None
    projects = Project.objects.all() if user is None else visible_projects(user)
    return projects.filter(slug=slug).first()


def can_read_article(user, article_id: int) -> bool:
    return article_role(user, article_id) is not None


# Writes: the role a user holds over one article.


# The projects holding an article: asked by every reader page and every write to an
# article's statements, so compiled once per process and run prepared (issue 16).
_ARTICLE_PROJECTS_QUERY = CompiledQuery(
    lambda article_id: ProjectArticle.objects.filter(article_id=article_id).values_list("project_id"),
    article_id=ARTICLE_MARK,
)


def article_project_roles(user, article_id: int) -> list[ProjectRole]:
    """The user's roles in each project holding the article (the default one for an article in none)."""
    scope = scope_of(user)
    if scope.is_admin:
        return [ProjectRole.MANAGER]
    project_ids = [project_id for (project_id,) in _ARTICLE_PROJECTS_QUERY.rows(article_id=int(article_id))]
    if not project_ids:
        default = next((p for p in scope.projects if p.is_default), None)
        if default is not None:
            return [default.role] if default.role else []
        site = group_role(user)
        return [SITE_TO_PROJECT[site]] if site else []
    return [role for pid in project_ids if (role := scope.role_in(pid)) is not None]


def article_role(user, article_id: int) -> Role | None:
    """The most the user may do to this article, as a site role (admins: admin)."""
    if user is None or not user.is_authenticated:
        return None
    if scope_of(user).is_admin:
        return Role.ADMIN
    cache = user.__dict__.setdefault("_annotator_article_roles", {})
    if article_id not in cache:
        roles = [CONTENT_ROLE[r] for r in article_project_roles(user, article_id)]
        cache[article_id] = max(roles, key=ORDER.index) if roles else None
    return cache[article_id]


def has_article_role(user, article_id: int, minimum: Role) -> bool:
    role = article_role(user, article_id)
    return role is not None and ORDER.index(role) >= ORDER.index(minimum)


# Projects themselves.


def project_role(user, project: Project) -> ProjectRole | None:
    return scope_of(user).role_in(project.pk)


def has_project_role(user, project: Project, minimum: ProjectRole) -> bool:
    role = project_role(user, project)
    return role is not None and PROJECT_ORDER.index(role) >= PROJECT_ORDER.index(minimum)


def can_manage_project(user, project: Project) -> bool:
    return project_role(user, project) == ProjectRole.MANAGER


def can_create_project(user) -> bool:
    """Site admins create projects (and make someone its manager)."""
    return user is not None and user.is_authenticated and _is_admin(user)


def visible_projects(user) -> QuerySet[Project]:
    scope = scope_of(user)
    return Project.objects.all() if scope.is_admin else Project.objects.filter(pk__in=scope.ids)


def actors_known_to_article(article_id: int, actor_ids) -> set[int]:
    """Of `actor_ids`, those the readers of this article may read as a matter of course:
    actors nobody names yet, and those named in an article sharing a project with it (for
    an article in no project: the default project's). The suggester knows every actor of
    the installation; linking a suggestion in project A to an actor only project B quotes
    would show A's readers B's record (its role, aliases, history)."""
    ids = set(actor_ids)
    if not ids:
        return set()
    project_ids = [project_id for (project_id,) in _ARTICLE_PROJECTS_QUERY.rows(article_id=int(article_id))]
    default_ids = set(Project.objects.filter(is_default=True).values_list("pk", flat=True))
    shared = Q(Exists(ProjectArticle.objects.filter(article_id=OuterRef("article_id"), project_id__in=project_ids)))
    if not project_ids or default_ids & set(project_ids):
        default_linked = ProjectArticle.objects.filter(article_id=OuterRef("article_id"), project_id__in=default_ids)
        shared |= Q(_unlinked("article_id")) | Q(Exists(default_linked))
    named = Statement.objects.filter(speaker=OuterRef("pk"))
    known = Actor.objects.filter(pk__in=ids).filter(Q(Exists(named.filter(shared))) | ~Q(Exists(named)))
    return set(known.values_list("pk", flat=True))
