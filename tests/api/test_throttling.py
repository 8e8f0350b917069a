"""Throttling: anonymous and signed-in clients each get a rate; past it, 429."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch):
    # DRF reads the rates once at import; the test settings raise them for everyone else.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "3/minute"})


def test_an_anonymous_client_is_throttled_past_its_rate(low_rates):
    client = APIClient()
    codes = [client.get("/api/schema/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_a_signed_in_client_is_throttled_past_its_rate(low_rates, client_for, viewer):
    client = client_for(viewer)
    codes = [client.get("/api/v1/sources/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/sources/")
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"].lower()


def test_each_user_has_their_own_allowance(low_rates, client_for, viewer, analyst):
    for _ in range(3):
        client_for(viewer).get("/api/v1/sources/")
    assert client_for(analyst).get("/api/v1/sources/").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/sources/", "/api/v1/statements/", "/api/v1/articles/1/"])
def test_anonymous_requests_are_throttled_before_they_are_refused(low_rates, url):
    # The 401 used to come first, so an anonymous client could call as often as it liked.
    client = APIClient()
    codes = [client.get(url).status_code for _ in range(3)]
    assert codes == [401, 401, 429]
    assert int(client.get(url)["Retry-After"]) > 0


def test_requests_with_a_bad_token_count_as_anonymous(low_rates):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token ann_not-a-real-key")
    responses = [client.get("/api/v1/sources/") for _ in range(3)]
    assert [r.status_code for r in responses] == [401, 401, 429]
    assert "not valid" in responses[0].json()["detail"]


def test_signed_in_clients_are_not_held_by_the_anonymous_rate(low_rates, client_for, viewer):
    client = client_for(viewer)
    assert [client.get("/api/v1/sources/").status_code for _ in range(3)] == [200, 200, 200]
