"""Failed logins are rate-limited per account and per address (django-axes)."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::UserWarning")]


def attempt(client, username, password, address="10.1.1.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password(client, analyst):
    for _ in range(3):
        attempt(client, analyst.username, "wrong")
    response = attempt(client, analyst.username, "pw")
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_the_same_account_is_locked_from_another_address_too(client, analyst):
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        attempt(client, analyst.username, "wrong", address)
    assert attempt(client, analyst.username, "pw", "10.0.0.9").status_code == 429


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_an_address_guessing_across_accounts_is_locked(client, make_user):
    users = [make_user() for _ in range(3)]
    for user in users:
        attempt(client, user.username, "wrong", "10.9.9.9")
    other = make_user()
    assert attempt(client, other.username, "pw", "10.9.9.9").status_code == 429
    assert attempt(client, other.username, "pw", "10.9.9.8").status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_few_typos_do_not_lock_anyone_out(client, analyst):
    attempt(client, analyst.username, "wrong")
    attempt(client, analyst.username, "wrong")
    assert attempt(client, analyst.username, "pw").status_code == 302
