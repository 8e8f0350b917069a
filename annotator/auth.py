"""The authentication backend: Django's, loading a signed-in user's role with the user;
and the rules for failed logins."""

import time

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Max, Sum
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from annotator.db import USER_MARK, CompiledQuery, prepared
from annotator.roles import group_names, member_role_names, remember_member_roles, remember_role


def _user_with_roles(user_id):
    User = get_user_model()
    users = User._default_manager.annotate(group_names=group_names(), member_roles=member_role_names())
    fields = [f.attname for f in User._meta.concrete_fields]
    return users.filter(pk=user_id).values_list(*fields, "group_names", "member_roles")


# Every signed-in page loads its user: compiled once per process and run prepared, instead
# of built and compiled by the ORM on each request (issue 16).
_USER_QUERY = CompiledQuery(_user_with_roles, user_id=USER_MARK)


class ModelBackendWithRole(ModelBackend):
    """Every page asks for the user's role; fetching it with the user spares a query per request."""

    def get_user(self, user_id):
        User = get_user_model()
        rows = _USER_QUERY.rows(user_id=user_id) if type(user_id) is int else None
        if rows is None:  # not an id as the session keeps it: the ORM's own conversion
            users = User._default_manager.annotate(group_names=group_names(), member_roles=member_role_names())
            with prepared():
                user = users.filter(pk=user_id).first()
        else:
            fields = [f.attname for f in User._meta.concrete_fields]
            user = User.from_db("default", fields, rows[0][: len(fields)]) if rows else None
            if user is not None:
                user.group_names, user.member_roles = rows[0][-2:]
        if user is None or not self.user_can_authenticate(user):
            return None
        remember_role(user, user.group_names)
        remember_member_roles(user, user.member_roles)
        return user


# Failed logins (django-axes). A lock is per account *and* address: a stranger's
# failures for an account lock only the stranger's address, never the account's owner
# everywhere (with "account or address", five wrong passwords from anywhere locked the
# owner out, admin site included). An address failing across many accounts (guessing one
# password for all) is locked too, at a higher count, so that a few colleagues' typos
# behind one office address do not lock the office.
#
# At an address the account signed in from before (axes keeps every successful login in
# its access log), the owner is slowed down instead of refused: each failure past the
# limit doubles a pause before the password is checked (AXES_KNOWN_ADDRESS_DELAY, at most
# AXES_KNOWN_ADDRESS_MAX_DELAY seconds), so a guesser there gets a few tries a minute while
# the owner, typing the right password, still gets in. The address-wide lock still applies.

pause = time.sleep  # tests count the pauses instead of waiting them


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, which counts per AXES_LOCKOUT_PARAMETERS (the pair), plus
    a lock for an address with AXES_ADDRESS_FAILURE_LIMIT failures across accounts."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if self.address_locked(request):
            return True
        if not super().is_locked(request, credentials):
            return False
        if not known_address(request, credentials):
            return True
        slow_down(request, credentials)
        return False

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if (
            request is not None
            and getattr(request, "axes_locked_out", False)
            and not self.address_locked(request)
            and known_address(request, credentials)
        ):
            # Axes marks the failure reaching the limit as a lockout; at the owner's
            # known address it is only a wrong password (the next try is slowed down).
            request.axes_locked_out = False
        if request is not None and not getattr(request, "axes_locked_out", False) and self.address_locked(request):
            # The failure refused by the address lock (or the one reaching it): the
            # lockout page, not a plain "wrong password".
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def address_locked(self, request) -> bool:
        if not settings.AXES_LOCK_OUT_AT_FAILURE or settings.AXES_COOLOFF_TIME is None:
            return False
        return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT


def known_address(request, credentials: dict | None) -> bool:
    """Whether the account signed in from this address before."""
    username = get_client_username(request, credentials)
    if not username or settings.AXES_DISABLE_ACCESS_LOG:
        return False
    return AccessLog.objects.filter(username=username, ip_address=request.axes_ip_address).exists()


def slowdown_seconds(failures: int) -> float:
    """The pause for a login after `failures` failures of the pair: none below the
    limit, then AXES_KNOWN_ADDRESS_DELAY doubled for each failure past it, bounded."""
    past = failures - settings.AXES_FAILURE_LIMIT
    if past < 0:
        return 0.0
    return min(settings.AXES_KNOWN_ADDRESS_MAX_DELAY, settings.AXES_KNOWN_ADDRESS_DELAY * 2 ** min(past, 30))


def slow_down(request, credentials: dict | None) -> None:
    """Pause this request (once, however often axes asks whether it is locked)."""
    if getattr(request, "axes_slowed_down", None) is not None:
        return
    username = get_client_username(request, credentials) or ""
    failures = _recent_attempts(request).filter(username=username).aggregate(n=Sum("failures_since_start"))["n"] or 0
    request.axes_slowed_down = slowdown_seconds(failures)
    pause(request.axes_slowed_down)


def _recent_attempts(request):
    return AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )


def address_failures(request) -> int:
    return _recent_attempts(request).aggregate(n=Sum("failures_since_start"))["n"] or 0


def _password_reset_url() -> str | None:
    """Where to reset a forgotten password, when the site offers it (Django's
    `password_reset` view, which needs outgoing mail)."""
    try:
        return reverse("password_reset")
    except NoReverseMatch:
        return None


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page, telling the person locked out when it ends and how to get in
    sooner. Each failed attempt during the lock starts the pause again (axes' default),
    so the end is counted from the latest one."""
    username = get_client_username(request, credentials) or ""
    by_address = address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT
    attempts = _recent_attempts(request)
    if not by_address:
        attempts = attempts.filter(username=username)
    latest = attempts.aggregate(latest=Max("attempt_time"))["latest"] or timezone.now()
    context = {
        "username": username,
        "by_address": by_address,
        "ends_at": latest + get_cool_off(request),
        "cooloff_minutes": round(get_cool_off(request).total_seconds() / 60),
        "failure_limit": settings.AXES_ADDRESS_FAILURE_LIMIT if by_address else get_failure_limit(request, credentials),
        "password_reset_url": _password_reset_url(),
        "max_delay": round(settings.AXES_KNOWN_ADDRESS_MAX_DELAY),
    }
    return render(request, "lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
