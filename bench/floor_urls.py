"""The floor's views (see bench/floor.py), beside the app's own URLs."""

from django.http import HttpResponse
from django.urls import include, path
from rest_framework.decorators import api_view
from rest_framework.response import Response


def plain(request):
    return HttpResponse("ok")


def signed_in(request):
    # Touching request.user loads the session, then the user with its role. Anyone else
    # is refused, so a 200 proves the lookups ran.
    if not request.user.is_authenticated:
        return HttpResponse("not signed in", status=403)
    return HttpResponse("yes")


@api_view(["GET"])
def token(request):
    # DRF's default authentication and permission: the API token, then IsAuthenticated.
    return Response({"user": request.user.pk})


urlpatterns = [
    path("floor/plain/", plain),
    path("floor/signed-in/", signed_in),
    path("floor/token/", token),
    path("", include("annotator.urls")),
]
