"""Roles, as Django groups: one place says what each may do.

viewer   reads and exports
analyst  also imports articles, creates, edits and deletes their own statements, corrects suggestions
reviewer also accepts, rejects or deletes suggestions, merges actors and propositions, edits anyone's statements
admin    everything (superusers are admins)
"""

from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    REVIEWER = "reviewer"
    ADMIN = "admin"


# Each role includes the ones before it.
ORDER = [Role.VIEWER, Role.ANALYST, Role.REVIEWER, Role.ADMIN]


def group_role(user) -> Role | None:
    """The highest site-wide role (group) a user holds, or None for anonymous users and users in no group."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    cached = getattr(user, "_annotator_role", False)
    if cached is not False:
        return cached
    return remember_role(user, user.groups.values_list("name", flat=True))


def role_of(user) -> Role | None:
    """The most a user may do somewhere: their site-wide role, or the role a project gives
    them (a manager counts as a reviewer), whichever is higher. This opens the pages' doors;
    on each article, the role in the article's own projects decides
    (`annotator.projects_access.article_role`)."""
    site = group_role(user)
    if site is None and (user is None or not user.is_authenticated or not user.is_active):
        return None
    if site == Role.ADMIN:
        return site
    from annotator.projects_access import highest_project_role

    project = highest_project_role(user)
    candidates = [role for role in (site, project) if role is not None]
    return max(candidates, key=ORDER.index) if candidates else None


def group_names(prefix: str = ""):
    """The user's group names, comma-joined, as an expression (on a query of users, or
    of rows reaching one through `prefix`): the query that loads a user for a request
    (session or token) brings them along, one query less per request."""
    from django.db.models import StringAgg, Value

    return StringAgg(f"{prefix}groups__name", Value(","), default=Value(""))


def member_role_names(prefix: str = ""):
    """The user's project roles (memberships), comma-joined, as an expression loaded with
    the user like `group_names`: the pages' doors (`role_of`) then cost no query of their own."""
    from django.db.models import StringAgg, Value

    return StringAgg(f"{prefix}project_memberships__role", Value(","), default=Value(""))


def remember_member_roles(user, names: str) -> None:
    user._annotator_member_roles = {name for name in names.split(",") if name}


def remember_role(user, names) -> Role | None:
    """Record on `user` the role its group `names` (a list, or group_names()' string) give."""
    if isinstance(names, str):
        names = names.split(",")
    held = set(names)
    role = None
    for candidate in ORDER:
        if candidate.value in held:
            role = candidate
    user._annotator_role = role
    return role


def has_role(user, minimum: Role) -> bool:
    role = role_of(user)
    return role is not None and ORDER.index(role) >= ORDER.index(minimum)


def can_view(user) -> bool:
    return has_role(user, Role.VIEWER)


def can_annotate(user) -> bool:
    return has_role(user, Role.ANALYST)


def can_import(user) -> bool:
    return has_role(user, Role.ANALYST)


def can_review(user) -> bool:
    return has_role(user, Role.REVIEWER)


def can_merge(user) -> bool:
    return has_role(user, Role.REVIEWER)


def _role_on_article(user, article_id) -> Role | None:
    from annotator.projects_access import article_role

    return article_role(user, article_id)


def _at_least(role: Role | None, minimum: Role) -> bool:
    return role is not None and ORDER.index(role) >= ORDER.index(minimum)


def can_annotate_article(user, article_id) -> bool:
    """Marking statements in an article takes the analyst role in one of its projects."""
    return _at_least(_role_on_article(user, article_id), Role.ANALYST)


def can_review_article(user, article_id) -> bool:
    return _at_least(_role_on_article(user, article_id), Role.REVIEWER)


def can_edit_statement(user, statement) -> bool:
    """Analysts edit their own statements and suggestions; reviewers edit anyone's (in
    the statement's article's projects)."""
    role = _role_on_article(user, statement.article_id)
    if _at_least(role, Role.REVIEWER):
        return True
    if not _at_least(role, Role.ANALYST):
        return False
    return statement.annotator_id in (None, user.pk)


def can_delete_statement(user, statement) -> bool:
    """Reviewers delete (and restore) any statement; analysts only the ones they marked
    themselves. Deleting a suggestion is rejecting it, which is a reviewer's call: an
    analyst may correct a suggestion but not make it disappear. `statement` may be a
    history record of a deleted statement (for restoring)."""
    role = _role_on_article(user, statement.article_id)
    if _at_least(role, Role.REVIEWER):
        return True
    if not _at_least(role, Role.ANALYST):
        return False
    return statement.annotator_id == user.pk and statement.origin == "manual"


# Background jobs (annotator.models.Job): the role a job's kind needs, to start it and to retry it.
_JOB_KIND_CHECKS = {"import": can_import, "suggest": can_annotate, "export": can_view}


def can_start_job(user, kind: str) -> bool:
    check = _JOB_KIND_CHECKS.get(kind)
    return check is not None and check(user)


def can_see_all_jobs(user) -> bool:
    """Site-wide reviewers (and admins) who read every project see everyone's jobs; the
    others see their own. A job's label, result and export file hold what its starter may
    read, so a reviewer of one project only is not shown another's."""
    if not _at_least(group_role(user), Role.REVIEWER):
        return False
    from annotator.projects_access import scope_of

    return scope_of(user).everything


def can_see_job(user, job) -> bool:
    if not can_view(user):
        return False
    return can_see_all_jobs(user) or (job.started_by_id is not None and job.started_by_id == user.pk)


def can_control_job(user, job) -> bool:
    """Who may retry or stop a job: whoever may see it and may still start one of its kind."""
    return can_see_job(user, job) and can_start_job(user, job.kind)
