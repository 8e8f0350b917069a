"""The front door: signed-in analysts start at the article list."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_GET


@require_GET
@login_required
def home(request):
    return redirect("article_list")


urlpatterns = [path("", home, name="home")]
