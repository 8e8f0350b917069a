from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotator.views.profile import PasswordChange

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChange.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("annotator.api.urls")),
    path("", include("annotator.exports.urls")),
    path("", include("annotator.views.urls")),
]
