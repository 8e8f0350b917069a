"""API tokens: several per user, stored hashed, revoked at once."""

import hashlib

import pytest
from rest_framework.test import APIClient

from annotator.models import ApiToken
from annotator.services.tokens import token_create, token_revoke

pytestmark = pytest.mark.django_db


def _client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_authenticates_as_its_user_and_only_its_hash_is_stored(viewer):
    token, key = token_create(user=viewer, name="dashboard")
    assert _client(key).get("/api/v1/statements/").status_code == 200
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {stored.key_hash, stored.key_prefix, stored.name}
    assert key.startswith(stored.key_prefix)
    assert stored.last_used_at is not None


def test_a_user_holds_several_tokens_and_revoking_one_stops_it_at_once(viewer):
    first, first_key = token_create(user=viewer, name="dashboard")
    _, second_key = token_create(user=viewer, name="nightly export")
    assert _client(first_key).get("/api/v1/actors/").status_code == 200
    token_revoke(user=viewer, token_id=first.pk)
    response = _client(first_key).get("/api/v1/actors/")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert _client(second_key).get("/api/v1/actors/").status_code == 200


def test_a_user_cannot_revoke_someone_elses_token(viewer, analyst):
    token, key = token_create(user=analyst, name="mine")
    with pytest.raises(ApiToken.DoesNotExist):
        token_revoke(user=viewer, token_id=token.pk)
    assert _client(key).get("/api/v1/actors/").status_code == 200


def test_two_tokens_of_one_user_need_different_names(viewer):
    from django.core.exceptions import ValidationError

    token_create(user=viewer, name="dashboard")
    with pytest.raises(ValidationError):
        token_create(user=viewer, name="dashboard")


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token ann_not-a-real-key", "Token nonsense"])
def test_a_malformed_or_unknown_token_is_401(header, db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/actors/").status_code == 401


def test_a_deactivated_users_token_stops_working(viewer):
    _, key = token_create(user=viewer, name="dashboard")
    viewer.is_active = False
    viewer.save()
    assert _client(key).get("/api/v1/actors/").status_code == 401


def test_anonymous_gets_a_401_with_a_token_challenge(db):
    response = APIClient().get("/api/v1/statements/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
