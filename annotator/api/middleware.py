"""An API request whose body is over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 with a JSON body
the client can act on. Django would answer with its HTML 400 page (RequestDataTooBig is a
SuspiciousOperation), which an API client cannot read."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse

API_PREFIX = "/api/"


def too_large(limit: int | None) -> JsonResponse:
    return JsonResponse(
        {
            "detail": f"The request body is over the {limit:,} bytes this server accepts. "
            "Send fewer articles per request, or a shorter text."
            if limit
            else "The request body is too large.",
            "limit_bytes": limit,
        },
        status=413,
    )


class RequestTooLargeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # Refused before the body is read, when its length is announced (Django counts a
        # multipart upload's files apart, so those are left to it); a body sent without a
        # length is caught when the view reads it (process_exception).
        multipart = request.content_type == "multipart/form-data"
        if request.path.startswith(API_PREFIX) and limit is not None and not multipart and _length(request) > limit:
            return too_large(limit)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig) and request.path.startswith(API_PREFIX):
            return too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return None


def _length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
