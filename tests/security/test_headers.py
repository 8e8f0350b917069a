"""Responses carry the security headers; production settings make cookies secure and
turn on HSTS; sessions expire."""

import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone

from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db

PRODUCTION_CHECK = """
import annotator.settings as s
print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,
      s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_HTTPONLY, s.DEBUG)
"""


def production_settings() -> list[str]:
    """The settings as a server without DEBUG gets them (a fresh interpreter, a clean environment)."""
    env = {"PATH": os.environ.get("PATH", ""), "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "annotator.example.org"}
    done = subprocess.run(
        [sys.executable, "-c", PRODUCTION_CHECK],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.split()


def test_production_cookies_are_secure_and_https_is_enforced_with_a_year_of_hsts():
    secure_session, secure_csrf, redirect, hsts, subdomains, httponly, debug = production_settings()
    assert (secure_session, secure_csrf, redirect, subdomains, httponly, debug) == ("True",) * 5 + ("False",)
    assert int(hsts) >= 365 * 24 * 3600


@pytest.fixture
def signed_in(viewer):
    client = Client()
    client.force_login(viewer)
    return client


def _pages():
    statement = StatementFactory()
    return [
        "/accounts/login/",
        "/articles/",
        f"/articles/{statement.article_id}/",
        f"/actors/{statement.speaker_id}/",
        "/api/v1/statements/",
        "/export/statements.csv",
    ]


def test_every_response_forbids_sniffing_framing_and_leaking_the_address(signed_in):
    for url in _pages():
        response = signed_in.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url


def _script_src(policy: str) -> str:
    return next(part for part in policy.split(";") if part.strip().startswith("script-src"))


def test_the_content_security_policy_allows_scripts_only_from_us_or_with_this_responses_nonce(signed_in):
    for url in _pages():
        response = signed_in.get(url)
        policy = response["Content-Security-Policy"]
        script_src = _script_src(policy)
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, url
        assert "'self'" in script_src and "*" not in script_src, url
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, url
        if response["Content-Type"].startswith("text/html"):
            # Django adds the nonce to the header when a page uses it (JSON and CSV need none).
            nonce = re.search(r"'nonce-([^']+)'", script_src)
            assert nonce, url
            html = response.content.decode()
            for tag in re.findall(r"<script\b[^>]*>", html):
                # Every script element is either loaded from our origin or carries this response's nonce.
                assert f'nonce="{nonce.group(1)}"' in tag or re.search(r'src="/static/', tag), (url, tag)
            assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE), f"inline event handler in {url}"


def test_each_response_gets_a_fresh_nonce(signed_in):
    first = _script_src(signed_in.get("/articles/")["Content-Security-Policy"])
    second = _script_src(signed_in.get("/articles/")["Content-Security-Policy"])
    assert first != second


def test_the_api_documentation_page_allows_inline_styles_but_never_inline_scripts(client):
    policy = client.get("/api/docs/")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in _script_src(policy)


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True)
def test_under_production_settings_https_responses_carry_hsts(viewer):
    client = Client()  # a fresh handler, so the middleware reads the overridden settings
    client.force_login(viewer)
    response = client.get("/articles/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_under_production_settings_plain_http_is_redirected_to_https():
    response = Client().get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_the_session_cookie_lasts_at_most_the_configured_age_and_is_http_only(viewer, client):
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
    response = client.post("/accounts/login/", {"username": viewer.username, "password": "pw"})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert cookie["httponly"]


def test_a_session_older_than_its_age_no_longer_lets_anyone_in(viewer, client):
    client.post("/accounts/login/", {"username": viewer.username, "password": "pw"})
    assert client.get("/articles/").status_code == 200
    # What SESSION_COOKIE_AGE seconds of waiting does to the stored session.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get("/articles/")

    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
