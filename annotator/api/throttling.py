"""The anonymous rate limit runs before authentication and permissions.

DRF checks throttles last in `APIView.initial()`, after authentication and permissions;
every endpoint but the schema refuses anonymous callers, so their 401 came first and
the anonymous rate never applied: a client without a token (or guessing one) could
call as often as it liked."""

from rest_framework.exceptions import AuthenticationFailed
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottledFirst:
    """View mixin: an anonymous request (no credentials, or credentials that fail) is
    counted against the anonymous rate before anything else looks at it, and answers 429
    past the rate. It is counted once: the usual late check leaves it out."""

    def initial(self, request, *args, **kwargs):
        failure = None
        try:
            anonymous = not request.user.is_authenticated
        except AuthenticationFailed as error:
            anonymous, failure = True, error
        if anonymous:
            self._anonymous_throttled = True
            for throttle in super().get_throttles():
                if isinstance(throttle, AnonRateThrottle) and not throttle.allow_request(request, self):
                    self.throttled(request, throttle.wait())
        if failure is not None:
            # DRF treats the request as anonymous once authentication failed: say why.
            raise failure
        super().initial(request, *args, **kwargs)

    def get_throttles(self):
        throttles = super().get_throttles()
        if getattr(self, "_anonymous_throttled", False):
            return [throttle for throttle in throttles if not isinstance(throttle, AnonRateThrottle)]
        return throttles
