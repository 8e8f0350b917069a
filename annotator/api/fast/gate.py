"""What every fast path checks before answering, with the DRF path's own code.

A fast path answers only the plain case: a token in `Authorization`, JSON accepted, a
caller whose role and the endpoint's permission classes allow it, within the throttles.
Anything else (no token or a bad one, a session, `?format=`, a browser asking for HTML,
an input it does not recognise as valid) is `DELEGATE`: the request goes to the DRF view
untouched, which answers it (401, 403, 400 naming the field, 429...) exactly as before.
So the fast paths never have error answers of their own to keep in step."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from annotator.projects_access import scope_of
from annotator.services.tokens import token_authenticate

# A fast path returns this to hand the request to the DRF view.
DELEGATE = None

_RENDERER = JSONRenderer()
_JSON_ACCEPTS = frozenset({"", "*/*", "application/json", "application/*"})


class FastRequest:
    """The few request attributes DRF's permission and throttle classes read."""

    __slots__ = ("META", "data", "method", "user", "_request")

    def __init__(self, request, user, data=None):
        self._request = request
        self.META = request.META
        self.method = request.method
        self.user = user
        self.data = data if data is not None else {}


def authenticated_user(request):
    """The user of `Authorization: Token <key>`, as ApiTokenAuthentication finds it
    (the same function, one indexed query), when they read every project; or None: then
    the DRF view decides."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    parts = header.split()
    if len(parts) != 2 or parts[0].lower() != "token" or not parts[1].isascii():
        return None
    if not _accepts_json(request) or "format" in request.GET:
        return None
    token = token_authenticate(parts[1])
    if token is None:
        return None
    # The fast reads are written for callers who read every project: anyone narrower is
    # answered by the DRF views, which apply the project scope (annotator.projects_access).
    if not scope_of(token.user).everything:
        return None
    return token.user


def _accepts_json(request) -> bool:
    # DRF negotiates between JSON and its browsable HTML: only a plain JSON request is ours.
    accept = request.META.get("HTTP_ACCEPT", "")
    return all(part.split(";")[0].strip() in _JSON_ACCEPTS for part in accept.split(","))


def permitted(fast_request: FastRequest, view_class) -> bool:
    """The endpoint's own DRF permission classes, asked as the view would ask them."""
    return all(permission().has_permission(fast_request, None) for permission in view_class.permission_classes)


def throttled(fast_request: FastRequest, view_class) -> bool:
    """The endpoint's throttles, counted as DRF counts them. Called last, just before the
    answer, so a request handed to the DRF view afterwards is not counted twice."""
    classes = getattr(view_class, "throttle_classes", api_settings.DEFAULT_THROTTLE_CLASSES)
    return not all(throttle().allow_request(fast_request, None) for throttle in classes)


def json_response(data, *, status: int, allow: str) -> HttpResponse:
    """The bytes and headers DRF's JSONRenderer and APIView.finalize_response give."""
    response = HttpResponse(_RENDERER.render(data), status=status, content_type="application/json")
    response["Allow"] = allow
    response["Vary"] = "Accept"
    return response
