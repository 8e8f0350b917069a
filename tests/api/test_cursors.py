"""A cursor is input like any other: forged, stale or garbled, it is answered 400 naming
`cursor`, never 500 and never a silently different page."""

from base64 import b64encode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db

CURSOR_LISTS = ["/api/v1/statements/", "/api/v1/articles/"]
ORDERINGS = ["id", "-id", "created_at", "-updated_at"]


def encoded(querystring: str) -> str:
    return b64encode(querystring.encode()).decode()


FORGED = {
    "nul position": "cD0A",  # p=\x00
    "a date where an id goes": "cD0yMDI2LTAxLTAx",  # p=2026-01-01
    "a word where an id goes": encoded("p=abc"),
    "an id beyond any integer column": encoded("p=" + "9" * 40),
    "a negative offset": encoded("o=-1"),
    "a non-numeric direction": encoded("r=x"),
    "not base64": "%%%",
    "not ascii": "é",
    "base64 of bytes that are not text": b64encode(b"\xff\xfe").decode(),
}


@pytest.mark.parametrize("url", CURSOR_LISTS)
@pytest.mark.parametrize("cursor", FORGED.values(), ids=FORGED.keys())
def test_a_forged_cursor_is_a_400_naming_cursor(api, url, cursor):
    StatementFactory()
    response = api.get(url, {"cursor": cursor})
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["cursor"]
    assert response.json()["cursor"][0].startswith("This cursor is not valid")


@pytest.mark.parametrize("url", CURSOR_LISTS)
def test_a_cursor_from_another_ordering_is_a_400(api, url):
    StatementFactory.create_batch(3)
    by_date = api.get(url, {"ordering": "-updated_at", "page_size": 1}).json()["next"]
    cursor = by_date.split("cursor=")[1].split("&")[0]
    response = api.get(url, {"ordering": "id", "cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.parametrize("url", CURSOR_LISTS)
@pytest.mark.parametrize("ordering", ORDERINGS)
def test_a_genuine_cursor_still_turns_the_page(api, url, ordering):
    StatementFactory.create_batch(3)
    first = api.get(url, {"ordering": ordering, "page_size": 2}).json()
    second = api.get(first["next"]).json()
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 3


# Cursors built the way DRF builds them, with anything in their fields: what a client
# editing a cursor by hand, or one from an older version of the API, would send.
_field_values = st.text(max_size=30) | st.integers().map(str) | st.datetimes().map(str)
_cursors = st.fixed_dictionaries({}, optional={"p": _field_values, "o": _field_values, "r": _field_values}).map(
    lambda fields: encoded("&".join(f"{key}={value}" for key, value in fields.items()))
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    url=st.sampled_from(CURSOR_LISTS),
    ordering=st.sampled_from(["id", "-id", "created_at", "-updated_at"]),
    cursor=_cursors,
)
def test_no_cursor_answers_a_server_error(api, url, ordering, cursor):
    response = api.get(url, {"ordering": ordering, "cursor": cursor})
    assert response.status_code in (200, 400), response.content
