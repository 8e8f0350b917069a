"""Log in, log out, change password; everything else needs a login."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_the_login_page_has_labelled_fields_and_no_navigation(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<label for="id_username">Username</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert 'autocomplete="current-password"' in html
    assert 'aria-label="Main"' not in html


def test_logging_in_opens_the_article_list(client, analyst):
    response = client.post("/accounts/login/", {"username": analyst.username, "password": "pw"}, follow=True)
    assert response.redirect_chain[-1][0] == "/articles/"
    assert response.context["user"] == analyst


def test_logging_in_returns_to_the_page_asked_for(client, analyst):
    response = client.post("/accounts/login/", {"username": analyst.username, "password": "pw", "next": "/actors/"})
    assert response.status_code == 302 and response.url == "/actors/"


def test_a_wrong_password_is_refused_with_a_message(client, analyst):
    response = client.post("/accounts/login/", {"username": analyst.username, "password": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and "Please enter a correct username and password" in html
    assert "_auth_user_id" not in client.session


def test_logging_out_takes_a_post_and_ends_the_session(client, analyst):
    client.force_login(analyst)
    assert client.get("/articles/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert client.get("/articles/").status_code == 302


def test_the_account_menu_offers_password_change_and_logout(client, analyst):
    client.force_login(analyst)
    html = client.get("/articles/").content.decode()
    assert '<a href="/accounts/password/">Change password</a>' in html
    assert '<form method="post" action="/accounts/logout/">' in html
    assert f'<span class="account-name">{analyst.username}</span>' in html
    assert '<span class="role-badge role-analyst">analyst</span>' in html


def test_changing_the_password(client, analyst):
    client.force_login(analyst)
    form = client.get("/accounts/password/").content.decode()
    assert '<label for="id_old_password">Old password</label>' in form
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "bad", "new_password1": "a-long-new-phrase-42", "new_password2": "a-long-new-phrase-42"},
    )
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": "pw", "new_password1": "a-long-new-phrase-42", "new_password2": "a-long-new-phrase-42"},
        follow=True,
    )
    # Back to the profile, which says what the change did (API tokens: revoked).
    assert response.redirect_chain[-1][0] == "/profile/"
    assert "Your password was changed" in response.content.decode()
    assert get_user_model().objects.get(pk=analyst.pk).check_password("a-long-new-phrase-42")
    assert client.get("/articles/").status_code == 200  # still logged in here


def test_home_sends_a_logged_in_user_to_the_articles_and_a_stranger_to_the_login(client, viewer):
    assert client.get("/").url == "/accounts/login/?next=/"
    client.force_login(viewer)
    assert client.get("/").url == "/articles/"
