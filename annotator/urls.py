from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe

from annotator.views.profile import PasswordChange


@require_safe
def favicon(request):
    # static() at request time: with the manifest storage the hashed name exists only
    # after collectstatic, which must not be needed to import the URLs.
    return redirect(static("favicon.svg"))


urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico where a page names no icon (the admin's pages).
    path("favicon.ico", favicon),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChange.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("annotator.api.urls")),
    path("", include("annotator.exports.urls")),
    path("", include("annotator.views.urls")),
]
