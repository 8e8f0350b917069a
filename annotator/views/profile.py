"""The profile page: the signed-in user's API tokens, created, listed and revoked."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse_lazy
from django.views.decorators.http import require_GET, require_POST

from annotator.models import ApiToken
from annotator.services.tokens import token_create, token_revoke

from .partials import HtmxHttpRequest, wants_fragment


def _render(request, *, status=200, new_key=None, new_token=None, name="", errors=None):
    context = {
        "tokens": ApiToken.objects.filter(user=request.user),
        "new_key": new_key,
        "new_token": new_token,
        "name": name,
        "errors": errors or [],
    }
    if wants_fragment(request):
        # htmx swaps only 2xx answers; the errors are in the fragment for all to see.
        return render(request, "profile.html#tokens", context)
    return render(request, "profile.html", context, status=status)


@require_GET
@login_required
def profile(request: HtmxHttpRequest):
    return _render(request)


@require_POST
@login_required
def token_new(request: HtmxHttpRequest):
    name = request.POST.get("name", "")
    try:
        token, key = token_create(user=request.user, name=name)
    except ValidationError as error:
        return _render(request, status=400, name=name, errors=error.messages)
    # No redirect: the key exists only in this response. After a redirect it would have
    # to sit in the session or a cookie, which is what hashing it avoids.
    return _render(request, status=201, new_key=key, new_token=token)


@require_POST
@login_required
def token_delete(request: HtmxHttpRequest, token_id: int):
    try:
        token_revoke(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist:
        if wants_fragment(request):
            return _render(request, status=404, errors=["That token no longer exists."])
        messages.error(request, "That token no longer exists.")
        return redirect("profile")
    if wants_fragment(request):
        return _render(request)
    messages.success(request, "Token revoked: requests carrying it are refused from now on.")
    return redirect("profile")


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password page, back to the profile with what the change did: a new
    password revokes the API tokens (annotator.signals)."""

    success_url = reverse_lazy("profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        revoked = getattr(form.user, "_revoked_tokens", 0)
        text = "Your password was changed."
        if revoked:
            text += f" Your {revoked} API token{'s were' if revoked != 1 else ' was'} revoked: create new ones below."
        messages.warning(self.request, text) if revoked else messages.success(self.request, text)
        return response


urlpatterns = [
    path("profile/", profile, name="profile"),
    path("profile/tokens/", token_new, name="token_create"),
    path("profile/tokens/<int:token_id>/revoke/", token_delete, name="token_revoke"),
]
