"""The OpenAPI schema describes every endpoint, and is valid."""

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    paths = schema["paths"]
    for resource in ("articles", "sources", "actors", "propositions", "statements"):
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{id}}/" in paths
    assert "/api/v1/actors/{id}/merge/" in paths
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_every_operation_documents_its_errors(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    for path, operations in yaml.safe_load(out.read_text())["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "429"} <= codes, (method, path)
            # One object, named by its id or its slug (a project's agreement), may be missing.
            one_object = "{id}" in path or "{slug}" in path
            if one_object:
                assert "404" in codes, (method, path)
            if method in {"post", "patch", "delete"} or not one_object:
                assert "400" in codes, (method, path)
            if path.startswith("/api/v1/statements/{id}") and method in {"patch", "delete"}:
                assert "409" in codes


def test_statement_filters_are_described_as_parameters(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    names = {p["name"] for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}
    assert {
        "article",
        "source",
        "speaker",
        "stance",
        "proposition",
        "via",
        "origin",
        "review_status",
        "annotator",
        "published_after",
        "published_before",
        "created_since",
        "updated_since",
        "q",
        "ordering",
        "cursor",
        "page_size",
    } <= names


def test_the_docs_page_loads_only_our_own_scripts(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn.jsdelivr.net" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "jsdelivr" not in policy
