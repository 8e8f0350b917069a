"""The profile page: a user creates, lists and revokes API tokens."""

import pytest
from rest_framework.test import APIClient

from annotator.models import ApiToken

pytestmark = pytest.mark.django_db


def _api_status(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/sources/").status_code


def test_the_profile_page_needs_a_login(client):
    response = client.get("/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_new_token_is_shown_once_and_works(client, viewer):
    client.force_login(viewer)
    response = client.post("/profile/tokens/", {"name": "dashboard"})
    assert response.status_code == 201
    key = response.context["new_key"]
    assert key in response.content.decode()
    assert _api_status(key) == 200
    page = client.get("/profile/").content.decode()
    assert "dashboard" in page
    assert key not in page
    assert ApiToken.objects.get(user=viewer).key_prefix in page


def test_a_token_needs_a_name_not_yet_used(client, viewer):
    client.force_login(viewer)
    assert client.post("/profile/tokens/", {"name": "  "}).status_code == 400
    client.post("/profile/tokens/", {"name": "dashboard"})
    response = client.post("/profile/tokens/", {"name": "dashboard"})
    assert response.status_code == 400
    assert "already have a token" in response.content.decode()
    assert ApiToken.objects.filter(user=viewer).count() == 1


def test_revoking_a_token_stops_it_at_once(client, viewer):
    client.force_login(viewer)
    key = client.post("/profile/tokens/", {"name": "dashboard"}).context["new_key"]
    token = ApiToken.objects.get(user=viewer)
    response = client.post(f"/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert _api_status(key) == 401
    assert "You have no API tokens." in client.get("/profile/").content.decode()


def test_a_user_cannot_revoke_someone_elses_token(client, viewer, analyst):
    client.force_login(analyst)
    key = client.post("/profile/tokens/", {"name": "mine"}).context["new_key"]
    token = ApiToken.objects.get(user=analyst)
    client.force_login(viewer)
    client.post(f"/profile/tokens/{token.pk}/revoke/")
    assert _api_status(key) == 200


def test_htmx_creates_and_revokes_in_place(client, viewer):
    client.force_login(viewer)
    response = client.post("/profile/tokens/", {"name": "dashboard"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="tokens"')
    assert response.context["new_key"] in html
    token = ApiToken.objects.get(user=viewer)
    response = client.post(f"/profile/tokens/{token.pk}/revoke/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "You have no API tokens." in response.content.decode()


def test_revoking_needs_a_post(client, viewer):
    client.force_login(viewer)
    client.post("/profile/tokens/", {"name": "dashboard"})
    token = ApiToken.objects.get(user=viewer)
    assert client.get(f"/profile/tokens/{token.pk}/revoke/").status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()
