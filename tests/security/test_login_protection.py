"""Failed logins are rate-limited per account-and-address pair, plus per address across
accounts (django-axes, annotator.auth): a stranger's failures lock only the stranger's
own address, and whoever is locked out is told when it ends and how to get back in."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from annotator import auth

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::UserWarning")]

LIMITS = {"AXES_ENABLED": True, "AXES_FAILURE_LIMIT": 3, "AXES_ADDRESS_FAILURE_LIMIT": 6}


def attempt(client, username, password, address="10.1.1.1", url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@override_settings(**LIMITS)
def test_an_account_is_locked_at_an_address_after_repeated_failures_even_with_the_right_password(client, analyst):
    for _ in range(3):
        attempt(client, analyst.username, "wrong")
    response = attempt(client, analyst.username, "pw")
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    assert "_auth_user_id" not in client.session


@override_settings(**LIMITS)
def test_a_stranger_cannot_lock_a_user_out_from_their_own_address(client, analyst):
    for _ in range(5):
        attempt(client, analyst.username, "wrong", "203.0.113.66")
    assert attempt(client, analyst.username, "pw", "203.0.113.66").status_code == 429
    assert attempt(client, analyst.username, "pw", "10.0.0.9").status_code == 302


@override_settings(**LIMITS)
def test_a_stranger_cannot_lock_an_admin_out_of_the_admin_site(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="pw")
    url = reverse("admin:login")
    for _ in range(5):
        attempt(client, root.username, "wrong", "203.0.113.66", url=url)
    assert attempt(client, root.username, "pw", "203.0.113.66", url=url).status_code == 429
    assert attempt(client, root.username, "pw", "10.0.0.9", url=url).status_code == 302


@override_settings(**LIMITS)
def test_failures_spread_over_addresses_lock_no_address(client, analyst):
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        attempt(client, analyst.username, "wrong", address)
    assert attempt(client, analyst.username, "pw", "10.0.0.1").status_code == 302


@override_settings(**LIMITS)
def test_an_address_guessing_across_accounts_is_locked(client, make_user):
    users = [make_user() for _ in range(6)]
    for user in users:
        attempt(client, user.username, "wrong", "10.9.9.9")
    other = make_user()
    response = attempt(client, other.username, "pw", "10.9.9.9")
    assert response.status_code == 429
    assert b"paused for every account" in response.content
    assert attempt(client, other.username, "pw", "10.9.9.8").status_code == 302


@override_settings(**LIMITS)
def test_a_few_colleagues_typos_behind_one_address_lock_nobody_else(client, make_user):
    for user in [make_user() for _ in range(5)]:
        attempt(client, user.username, "wrong", "10.7.7.7")
    assert attempt(client, make_user().username, "pw", "10.7.7.7").status_code == 302


@override_settings(**LIMITS)
def test_a_few_typos_do_not_lock_anyone_out(client, analyst):
    attempt(client, analyst.username, "wrong")
    attempt(client, analyst.username, "wrong")
    assert attempt(client, analyst.username, "pw").status_code == 302


@override_settings(**LIMITS, AXES_COOLOFF_TIME=0.25)
def test_the_lockout_page_says_when_the_pause_ends_and_how_an_admin_lifts_it(client, analyst):
    for _ in range(3):
        attempt(client, analyst.username, "wrong")
    response = attempt(client, analyst.username, "pw")
    page = response.content.decode()
    # 15 minutes after the last failed attempt.
    assert timedelta(minutes=14) < response.context["ends_at"] - timezone.now() <= timedelta(minutes=15)
    assert 'id="lockout-ends"' in page
    assert "within 15 minutes" in page
    assert f"manage.py axes_reset_username {analyst.username}" in page
    assert "Access attempts" in page
    assert "signing in from another network still works" in page


@override_settings(**LIMITS)
def test_an_admin_reset_lets_the_locked_out_user_back_in_at_once(client, analyst):
    for _ in range(3):
        attempt(client, analyst.username, "wrong")
    assert attempt(client, analyst.username, "pw").status_code == 429
    call_command("axes_reset_username", analyst.username)
    assert attempt(client, analyst.username, "pw").status_code == 302


@pytest.fixture
def pauses(monkeypatch):
    """The pauses the slow-down makes, recorded instead of waited."""
    made: list[float] = []
    monkeypatch.setattr(auth, "pause", made.append)
    return made


@override_settings(
    **{**LIMITS, "AXES_ADDRESS_FAILURE_LIMIT": 20}, AXES_KNOWN_ADDRESS_DELAY=1, AXES_KNOWN_ADDRESS_MAX_DELAY=4
)
def test_at_an_address_the_user_signed_in_from_failures_slow_down_but_never_lock_the_owner_out(client, analyst, pauses):
    assert attempt(client, analyst.username, "pw", "10.1.1.1").status_code == 302
    client.logout()
    for _ in range(7):  # a guesser behind the owner's own office address
        response = attempt(client, analyst.username, "wrong", "10.1.1.1")
        assert response.status_code == 200  # the login form again, not the lockout page
    # No pause below the limit (3), then 1, 2, 4 seconds, and never more than 4.
    assert pauses == [1, 2, 4, 4]
    assert attempt(client, analyst.username, "pw", "10.1.1.1").status_code == 302
    assert pauses[-1] == 4
    assert "_auth_user_id" in client.session


@override_settings(**LIMITS)
def test_an_address_known_for_one_user_is_not_known_for_another(client, analyst, make_user, pauses):
    other = make_user()
    assert attempt(client, other.username, "pw", "10.1.1.1").status_code == 302
    client.logout()
    for _ in range(3):
        attempt(client, analyst.username, "wrong", "10.1.1.1")
    assert attempt(client, analyst.username, "pw", "10.1.1.1").status_code == 429
    assert pauses == []


@override_settings(**LIMITS)
def test_the_admin_login_slows_down_at_the_admins_known_address_too(client, django_user_model, pauses):
    root = django_user_model.objects.create_superuser("root", password="pw")
    url = reverse("admin:login")
    assert attempt(client, root.username, "pw", "10.2.2.2", url=url).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, root.username, "wrong", "10.2.2.2", url=url)
    assert attempt(client, root.username, "pw", "10.2.2.2", url=url).status_code == 302
    assert pauses and max(pauses) <= 15
    # From an address it never signed in from, the same failures lock it out there.
    for _ in range(3):
        attempt(client, root.username, "wrong", "198.51.100.7", url=url)
    assert attempt(client, root.username, "pw", "198.51.100.7", url=url).status_code == 429


@override_settings(**LIMITS)
def test_the_lockout_page_says_the_owners_usual_network_is_only_slowed_down(client, analyst):
    for _ in range(3):
        attempt(client, analyst.username, "wrong")
    page = attempt(client, analyst.username, "pw").content.decode()
    assert "From a network you signed in from before, logins are only slowed" in page
    assert "an administrator can set a new one for you" in page
