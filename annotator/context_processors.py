from . import roles as rules


def roles(request):
    """What the signed-in user may do, so templates show only those actions.
    The views check again: hiding a button is never the protection."""
    user = getattr(request, "user", None)
    return {
        "role": rules.role_of(user),
        "can_annotate": rules.can_annotate(user),
        "can_import": rules.can_import(user),
        "can_review": rules.can_review(user),
        "can_merge": rules.can_merge(user),
        **_projects(request, user),
    }


def _projects(request, user) -> dict:
    """The nav's project switcher: the user's projects and the one the page is narrowed to."""
    if user is None or not user.is_authenticated:
        return {"my_projects": [], "current_project": ""}
    from annotator.projects_access import scope_of

    return {"my_projects": scope_of(user).mine(), "current_project": request.GET.get("project", "")}
