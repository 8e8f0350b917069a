"""Test settings: the real settings, with a throwaway secret and fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-0123456789")

from annotator.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}}  # noqa: F405
# Tests speak plain HTTP to the test client and the live server.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "user": "100000/minute"}}  # noqa: F405
AXES_ENABLED = False  # on for the login-protection tests only (client.login() has no request)
# Import from a URL: no port allowed, so no test fetches anything (not even a name lookup)
# unless it opts in (tests/ingest: a server on 127.0.0.1, allowed through these settings).
ANNOTATOR_FETCH_ALLOWED_PORTS = ""
