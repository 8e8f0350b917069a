"""API keys at rest: the database (and so any copy of it) holds nothing that authenticates;
revoking a key refuses it on the very next request, for the API and the exports alike."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from annotator.models import ApiToken

pytestmark = pytest.mark.django_db


def _new_key(client, name="dashboard") -> str:
    html = client.post("/profile/tokens/", {"name": name}).content.decode()
    return re.search(r"ann_[A-Za-z0-9_-]{40,}", html).group(0)


def _stored_values() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(ApiToken._meta.db_table)}")
        return [str(value) for row in cursor.fetchall() for value in row if value is not None]


def _api_status(key: str, url: str = "/api/v1/statements/") -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get(url).status_code


@pytest.fixture(autouse=True)
def _no_throttle_carry_over():
    cache.clear()


def test_the_token_table_holds_no_usable_key(client, viewer):
    client.force_login(viewer)
    key = _new_key(client)
    assert _api_status(key) == 200

    stored = _stored_values()

    secret = key.removeprefix("ann_")
    assert not any(secret in value or value in key and len(value) > 12 for value in stored), stored
    for value in stored:
        # Whatever a copy of the table holds, presented as a key, opens nothing.
        assert _api_status(value) == 401
        assert _api_status(f"ann_{value}") == 401


@pytest.mark.django_db(transaction=True)  # a backup takes its own snapshot: a transaction of its own
def test_a_backup_holds_no_usable_key(client, viewer, tmp_path):
    client.force_login(viewer)
    key = _new_key(client)
    path = tmp_path / "backup.jsonl"
    call_command("backup", str(path))
    assert key.removeprefix("ann_") not in path.read_text()


def test_revoking_a_key_refuses_it_on_the_next_request_everywhere(client, viewer):
    client.force_login(viewer)
    key = _new_key(client)
    token = ApiToken.objects.get(user=viewer)
    assert _api_status(key) == 200
    assert _api_status(key, "/export/statements.csv") == 200

    assert client.post(f"/profile/tokens/{token.pk}/revoke/").status_code == 302

    assert _api_status(key) == 401
    assert _api_status(key, "/export/statements.csv") == 401


def test_a_key_stops_working_when_its_user_loses_every_role(client, viewer):
    client.force_login(viewer)
    key = _new_key(client)
    viewer.groups.clear()
    assert _api_status(key) == 403
