"""A password change revokes the owner's API tokens (a leaked key must not outlive the
password reset meant to shut the leak), and the profile page says so; an admin signs a
user out everywhere at once: every token and every session."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from rest_framework.test import APIClient

from annotator.models import ApiToken
from annotator.services.tokens import token_create

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-longer-passphrase-2026"


def api_status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/sources/").status_code


def change_password(client, user):
    client.force_login(user)
    return client.post(
        "/accounts/password/",
        {"old_password": "pw", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )


def test_changing_your_password_revokes_your_tokens_and_the_profile_says_so(client, analyst):
    _, first = token_create(user=analyst, name="dashboard")
    _, second = token_create(user=analyst, name="nightly export")
    assert api_status(first) == 200

    response = change_password(client, analyst)

    assert response.redirect_chain[-1][0] == "/profile/"
    assert "2 API tokens were revoked" in response.content.decode()
    assert (api_status(first), api_status(second)) == (401, 401)
    assert not ApiToken.objects.filter(user=analyst).exists()


def test_a_password_change_without_tokens_says_only_that_it_changed(client, analyst):
    response = change_password(client, analyst)
    page = response.content.decode()
    assert "Your password was changed" in page
    assert "revoked" not in page.split('id="tokens"')[0]


def test_the_profile_page_warns_that_a_password_change_revokes_tokens(client, analyst):
    client.force_login(analyst)
    assert "Changing your password revokes all your tokens" in client.get("/profile/").content.decode()


def test_a_password_set_anywhere_else_revokes_the_tokens_too(analyst, viewer):
    # The admin's password form, `changepassword`, a reset: all go through set_password.
    _, key = token_create(user=analyst, name="script")
    _, others = token_create(user=viewer, name="script")
    analyst.set_password(NEW_PASSWORD)
    analyst.save()
    assert api_status(key) == 401
    assert api_status(others) == 200


def test_saving_a_user_without_a_new_password_keeps_their_tokens(analyst):
    _, key = token_create(user=analyst, name="script")
    analyst.first_name = "Ada"
    analyst.save()
    analyst.save(update_fields=["last_login"])
    assert api_status(key) == 200


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="pw"))
    return client


def test_an_admin_signs_a_user_out_everywhere_at_once(superuser_client, client_factory, analyst, viewer):
    _, key = token_create(user=analyst, name="script")
    _, others_key = token_create(user=viewer, name="script")
    analyst_browser, viewer_browser = client_factory(), client_factory()
    analyst_browser.force_login(analyst)
    viewer_browser.force_login(viewer)
    assert analyst_browser.get("/profile/").status_code == 200

    response = superuser_client.post(
        "/admin/auth/user/", {"action": "sign_out_everywhere", "_selected_action": [analyst.pk]}, follow=True
    )

    assert "revoked 1 API token and ended 1 session" in response.content.decode()
    assert api_status(key) == 401
    assert analyst_browser.get("/profile/").status_code == 302  # back to the login page
    assert api_status(others_key) == 200
    assert viewer_browser.get("/profile/").status_code == 200
    assert Session.objects.count() == 2  # the viewer's and the admin's


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def test_changepassword_command_revokes_tokens(analyst, monkeypatch):
    _, key = token_create(user=analyst, name="script")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", analyst.username)
    assert api_status(key) == 401
