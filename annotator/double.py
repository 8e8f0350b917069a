"""Who does what on a doubly annotated article, and who may read a project's agreement.

Until projects have an access module of their own, a user's role in a project is their
membership's role, or for the default project (which holds every older article) their
site-wide role; superusers manage every project. A doubly annotated article is one
linked with `double` set to any project.

On a double article, whoever may not adjudicate it works independently: their
statements are their own (`independent`), and they see only those. The suggester's
pending suggestions stay out of their sight (they are canonical, for reviewers): a
machine's guess shown to both annotators would be agreed on because it was shown,
and the agreement would measure the suggester, not the people."""

from django.db.models import Exists, OuterRef, Q

from annotator import roles
from annotator.models import Project, ProjectArticle, ProjectMember, ProjectRole

ORDER = [ProjectRole.VIEWER, ProjectRole.ANALYST, ProjectRole.REVIEWER, ProjectRole.MANAGER]
_FROM_SITE = {
    roles.Role.VIEWER: ProjectRole.VIEWER,
    roles.Role.ANALYST: ProjectRole.ANALYST,
    roles.Role.REVIEWER: ProjectRole.REVIEWER,
    roles.Role.ADMIN: ProjectRole.MANAGER,
}
JUDGES = (ProjectRole.REVIEWER, ProjectRole.MANAGER)


def project_role(user, project: Project) -> ProjectRole | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ProjectRole.MANAGER
    member = ProjectMember.objects.filter(project=project, user=user).values_list("role", flat=True).first()
    if member is not None:
        return ProjectRole(member)
    site = roles.role_of(user)
    return _FROM_SITE.get(site) if project.is_default and site is not None else None


def has_project_role(user, project: Project, minimum: ProjectRole) -> bool:
    role = project_role(user, project)
    return role is not None and ORDER.index(role) >= ORDER.index(minimum)


def can_read_agreement(user, project: Project) -> bool:
    return has_project_role(user, project, ProjectRole.VIEWER)


def can_mark_double(user, project: Project) -> bool:
    return has_project_role(user, project, ProjectRole.MANAGER)


def judging(user, *, article_id) -> Exists:
    """Whether `user` is a reviewer or manager of a project in which the article (an id or
    an OuterRef) is double: one EXISTS, to fold into the query that needs it."""
    return Exists(
        ProjectMember.objects.filter(
            user_id=user.pk,
            role__in=JUDGES,
            project__project_articles__article_id=article_id,
            project__project_articles__double=True,
        )
    )


def double_links(article_id):
    return ProjectArticle.objects.filter(article_id=article_id, double=True)


def judges_by_site_role(user, *, article_id) -> Q:
    """The judges `judging` cannot see in memberships: a site reviewer judges the default
    project's double articles (a site role is the role there). Asked of that project, not
    of the user's highest role anywhere, which a project role elsewhere may raise."""
    if roles.group_role(user) not in (roles.Role.REVIEWER, roles.Role.ADMIN):
        return Q(pk__in=[])
    return Q(Exists(ProjectArticle.objects.filter(article_id=article_id, project__is_default=True, double=True)))


def _judges_here(user, article_id: int) -> bool:
    """A reviewer (or more) on this article's own projects; admins everywhere."""
    from annotator.projects_access import has_article_role

    return has_article_role(user, article_id, roles.Role.REVIEWER)


def can_adjudicate(user, article) -> bool:
    """Admins, and the reviewers and managers of a project holding the article (site
    reviewers: of the default project's articles). Asked of the article's own projects,
    not of the user's highest role anywhere: a manager of project A is nobody on project
    B's article, which they may neither read nor settle."""
    return _judges_here(user, article.pk)


def double_mode(user, article) -> tuple[bool, bool]:
    """(is the article double, does `user` work independently on it): one query."""
    if user is None or not user.is_authenticated or getattr(article, "is_double", None) is False:
        return False, False
    judge = judging(user, article_id=article.pk)
    flags = list(double_links(article.pk).annotate(judge=judge).values_list("judge", flat=True)[:1])
    if not flags:
        return False, False
    return True, roles.can_annotate(user) and not flags[0] and not _judges_here(user, article.pk)


def is_double() -> Exists:
    """An annotation for article querysets (`is_double=is_double()`): loading an article
    with it spares `works_independently` a query when the article is not double."""
    return Exists(ProjectArticle.objects.filter(article_id=OuterRef("pk"), double=True))


def works_independently(user, article) -> bool:
    """Whether `user`'s statements on `article` are their own independent version: the
    article is double, and they may not adjudicate it."""
    if user is None or not user.is_authenticated or getattr(article, "is_double", None) is False:
        return False
    # Whether the article is double first: the user's role is asked only when it is.
    return double_mode(user, article)[1]


def may_read_version(user, statement) -> bool:
    """Whether `user` may read `statement` (a row or a history record of one) one by one:
    canonical statements to anyone who reads, an independent version to its annotator and
    to whoever may adjudicate its article."""
    if not getattr(statement, "independent", False) or statement.annotator_id == user.pk:
        return True
    if _judges_here(user, statement.article_id):
        return True
    return ProjectMember.objects.filter(
        user_id=user.pk,
        role__in=JUDGES,
        project__project_articles__article_id=statement.article_id,
        project__project_articles__double=True,
    ).exists()


OWN_ANSWERS_ONLY = "On a doubly annotated article, a statement answers only its annotator's own statements there."
NO_ANSWER_TO_VERSIONS = "A canonical statement cannot answer an annotator's independent version; adjudicate it first."


def answer_error(statement) -> str | None:
    """What is wrong with the statement `statement` answers (`responds_to`), if anything.

    An independent version belongs to one annotator's reading of a double article: it
    may answer that annotator's own versions there (and canonical statements elsewhere),
    never another annotator's, nor the canonical statements they do not see while they
    work. A canonical statement answers canonical ones: a version is not the project's
    data until adjudicated (the adjudication links the canonical copies)."""
    target = statement.responds_to
    if target is None:
        return None
    if not statement.independent:
        return NO_ANSWER_TO_VERSIONS if target.independent else None
    if target.independent:
        mine = target.annotator_id == statement.annotator_id and target.article_id == statement.article_id
        return None if mine else OWN_ANSWERS_ONLY
    return OWN_ANSWERS_ONLY if target.article_id == statement.article_id else None
