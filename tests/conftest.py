"""Shared fixtures, and the rule that CI proves everything.

PostgreSQL-only, browser and spreadsheet tests skip on a machine without PostgreSQL,
Chromium or LibreOffice, saying why. CI sets ANNOTATOR_REQUIRE_ALL=1: there, such a skip fails the run."""

import os
import shutil

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from hypothesis import settings as hypothesis_settings

from annotator.roles import Role

REQUIRE_ALL = os.environ.get("ANNOTATOR_REQUIRE_ALL") == "1"

# CI replays the same examples every run, so a red build is reproducible; local runs
# keep exploring new inputs (and remember failures in .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") or REQUIRE_ALL:
    hypothesis_settings.load_profile("ci")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = os.environ.get("SOFFICE_PATH") or shutil.which("soffice") or shutil.which("libreoffice")


def _skip_or_fail(reason: str):
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (ANNOTATOR_REQUIRE_ALL=1: CI must run every test)")
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _skip_or_fail("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if item.get_closest_marker("browser") and not CHROMIUM:
        _skip_or_fail("needs Chromium: apt-get install chromium")
    if item.get_closest_marker("spreadsheet") and not SOFFICE:
        _skip_or_fail("needs LibreOffice (soffice): apt-get install --no-install-recommends libreoffice-calc-nogui")


@pytest.fixture(autouse=True)
def maintenance_file(settings, tmp_path):
    """Maintenance mode's flag in a fresh place per test: a restore under test never puts
    the developer's own server (or the next test) in maintenance."""
    settings.ANNOTATOR_MAINTENANCE_FILE = tmp_path / "maintenance.json"
    return settings.ANNOTATOR_MAINTENANCE_FILE


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests (live server, browser) flush the database after each test,
    taking the migration's groups and sources with it: put them back."""
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (
        (marker := request.node.get_closest_marker("django_db")) and marker.kwargs.get("transaction")
    ):
        from annotator.models import Source
        from annotator.reference_data import ensure_reference_data

        request.getfixturevalue("transactional_db")
        ensure_reference_data(Group, Source)


@pytest.fixture
def make_user(db, django_user_model):
    """A user holding `role` (a Role or its name), with password 'pw'."""

    def make(role: Role | str | None = Role.ANALYST, username: str | None = None, **extra):
        make.count += 1
        user = django_user_model.objects.create_user(
            username=username or f"{role or 'nobody'}{make.count}", password="pw", **extra
        )
        if role:
            user.groups.add(Group.objects.get(name=str(role)))
        return user

    make.count = 0
    return make


@pytest.fixture
def viewer(make_user):
    return make_user(Role.VIEWER)


@pytest.fixture
def analyst(make_user):
    return make_user(Role.ANALYST)


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.REVIEWER)


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMIN)
