import itertools

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from annotator.services.tokens import token_create


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # Throttle counters live in the cache; one test's requests must not count in the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client_for(db):
    """`client_for(user)`: an API client sending that user's token (None: anonymous)."""

    names = itertools.count(1)

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            _, key = token_create(user=user, name=f"tests {next(names)}")
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture
def api(client_for, admin_user):
    """An admin's client, for tests about data rather than permissions."""
    return client_for(admin_user)
