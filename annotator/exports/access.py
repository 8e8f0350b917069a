"""Who may download an export: any role, signed in by session (the "Export CSV" links)
or by API token (scripts: `curl -H "Authorization: Token ..."`)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse

from annotator import roles
from annotator.services.tokens import token_authenticate


def _token_user(request):
    """(user, error): the token's user, or an error when a token was given but is bad."""
    parts = request.META.get("HTTP_AUTHORIZATION", "").split()
    if not parts:
        return None, None
    if len(parts) != 2 or parts[0].lower() != "token":
        return None, "Give the header as `Authorization: Token <key>`."
    token = token_authenticate(parts[1])
    if token is None:
        return None, "The token is not valid, or was revoked."
    return token.user, None


def viewer_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user, error = _token_user(request)
        if error:
            response = JsonResponse({"detail": error}, status=401)
            response["WWW-Authenticate"] = "Token"
            return response
        if user is not None:
            request.user = user
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not roles.can_view(request.user):
            return JsonResponse({"detail": "You need a role to export data."}, status=403)
        return view(request, *args, **kwargs)

    return wrapped
