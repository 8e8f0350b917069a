"""Role checks for HTML views: the server refuses what a role may not do, whatever the UI shows."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def role_required(check: Callable) -> Callable:
    """Let the view run only when `check(request.user)` holds (a helper from `annotator.roles`).

    Anonymous users are sent to the login page; a logged-in user without the role gets 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
