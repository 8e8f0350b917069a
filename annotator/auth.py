"""The authentication backend: Django's, loading a signed-in user's role with the user;
and the rules for failed logins."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from annotator.db import prepared
from annotator.roles import group_names, member_role_names, remember_member_roles, remember_role


class ModelBackendWithRole(ModelBackend):
    """Every page asks for the user's role; fetching it with the user spares a query per request."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.annotate(group_names=group_names(), member_roles=member_role_names())
        with prepared():
            user = users.filter(pk=user_id).first()
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


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, which counts per AXES_LOCKOUT_PARAMETERS (the pair), plus
    a lock for an address with AXES_ADDRESS_FAILURE_LIMIT failures across accounts."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and self.address_locked(request):
            # The failure refused by the address lock (or the one reaching it): the
            # lockout page, not a plain "wrong password".
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def address_locked(self, request) -> bool:
        if not settings.AXES_LOCK_OUT_AT_FAILURE or settings.AXES_COOLOFF_TIME is None:
            return False
        return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT


def _recent_attempts(request):
    return AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )


def address_failures(request) -> int:
    return _recent_attempts(request).aggregate(n=Sum("failures_since_start"))["n"] or 0


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
    }
    return render(request, "lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
