"""Browser fixtures: one Chromium per session, a fresh context per test, logins through the real form.

Playwright's sync API runs an event loop in this thread, so Django's async-safety check must be
relaxed for the live-server tests that share it.
"""

import importlib
import os

import pytest
from django.apps import apps as django_apps

from tests.conftest import CHROMIUM

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items):
    # Every test under tests/browser drives a browser, so `-m "not browser"` leaves them all out.
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _seeded_roles_and_sources(transactional_db):
    """Live-server tests truncate tables between tests, which drops the groups and outlets the
    data migration created; put them back so every test starts from a migrated database."""
    migration = importlib.import_module("annotator.migrations.0003_roles_and_sources")
    migration.forwards(django_apps, None)


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def logged_in_page(browser, live_server):
    """`logged_in_page(user)` opens a new context (own cookies) and logs `user` in through
    /accounts/login/ with the password 'pw' that `make_user` gives. Several users may be logged
    in at once, each in their own context."""
    contexts = []

    def login(user, password: str = "pw"):
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        if "/accounts/login/" in page.url:
            raise AssertionError(f"login as {user.get_username()} failed: still on {page.url}")
        return page

    yield login
    for context in contexts:
        context.close()
