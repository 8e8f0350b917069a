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
    }
