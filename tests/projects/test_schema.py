"""The OpenAPI schema documents the `project` filter on every list, and my projects."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("resource", ["statements", "articles", "actors", "propositions"])
def test_every_list_documents_the_project_filter(client, resource):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"][f"/api/v1/{resource}/"]["get"]["parameters"]}
    assert parameters["project"]["schema"]["type"] == "string"
    assert "/api/v1/projects/{slug}/" in schema["paths"]


def test_an_unknown_project_is_a_400_naming_the_parameter(admin_client):
    response = admin_client.get("/api/v1/statements/", {"project": "nowhere"})
    assert response.status_code == 400 and "project" in response.json()


@pytest.mark.parametrize("resource", ["statements", "articles", "actors", "propositions"])
def test_a_project_slug_no_database_can_hold_is_a_400_too(admin_client, resource):
    # PostgreSQL refuses a NUL byte in any string it is sent: the slug must never reach it.
    response = admin_client.get(f"/api/v1/{resource}/", {"project": "9\x00;x"})
    assert response.status_code == 400 and "project" in response.json()


def test_importing_into_a_project_slug_holding_a_nul_byte_is_a_400_naming_it(admin_client):
    response = admin_client.post("/api/v1/articles/", {"raw": "Text.", "format": "text", "project": "\x00d"})
    assert response.status_code == 400 and "project" in response.json()
