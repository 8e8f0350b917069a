"""Maintenance mode: while a restore replaces every table, the app answers 503 with
Retry-After at once, instead of letting requests wait on the restore's locks until the
web worker is killed (a 500 after 30 s).

The flag is a file (ANNOTATOR_MAINTENANCE_FILE), not a row or a cache key: the
middleware checks it before anything touches the database, with one stat() per request
and no query, and every web worker of the host sees it. `restore` sets it and clears it
when it ends, whatever happens; `manage.py maintenance on|off` sets or clears it by hand
(a restore killed with SIGKILL leaves it: `maintenance off` then)."""

import json
import os
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone


def flag_path() -> Path:
    return Path(settings.ANNOTATOR_MAINTENANCE_FILE)


def is_on() -> bool:
    return flag_path().exists()


def status() -> dict | None:
    """What the flag says (why, since when, by which process), or None when it is off."""
    try:
        return json.loads(flag_path().read_text() or "{}")
    except FileNotFoundError:
        return None
    except ValueError:
        return {}


def turn_on(*, reason: str) -> None:
    path = flag_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps({"reason": reason, "since": timezone.now().isoformat(), "pid": os.getpid()}))
    os.replace(temporary, path)  # whole or not at all: the middleware never reads half a flag


def turn_off() -> None:
    flag_path().unlink(missing_ok=True)


@contextmanager
def on(*, reason: str):
    turn_on(reason=reason)
    try:
        yield
    finally:
        turn_off()


class MaintenanceMiddleware:
    """Before sessions and authentication (both read the database): 503 while the flag
    is set. Static files (served before it, by WhiteNoise) still load."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_on():
            return self.get_response(request)
        retry_after = str(settings.ANNOTATOR_MAINTENANCE_RETRY_AFTER)
        message = "The archive is being restored from a backup. Please try again in a minute."
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            html = render_to_string("maintenance.html", {"message": message, "retry_after": retry_after})
            response = HttpResponse(html, status=503)
        response["Retry-After"] = retry_after
        response["Cache-Control"] = "no-store"
        return response
