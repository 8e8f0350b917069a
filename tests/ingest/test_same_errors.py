"""An address that cannot be fetched is refused with the same words on the import page,
in the API and by the command: the reason comes from one place (annotator.ingest)."""

import html
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from annotator.services.tokens import token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(client, analyst):
    client.force_login(analyst)
    api = APIClient()
    _, key = token_create(user=analyst, name="errors")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client, api


@pytest.mark.parametrize(
    "path",
    ["/redirect-inside", "/report.pdf", "/missing"],
)
def test_the_form_the_api_and_the_command_give_the_same_reason(clients, loopback_allowed, path):
    browser, api = clients
    loopback_allowed.redirect("/redirect-inside", "http://10.1.2.3/")
    loopback_allowed.page("/report.pdf", b"%PDF-1.4", "application/pdf")
    url = loopback_allowed.url(path)

    form = browser.post("/articles/new/", {"url": url, "action": "preview"})
    [from_form] = form.context["form"].errors["url"]
    assert html.escape(from_form) in form.content.decode()

    [from_api] = api.post("/api/v1/articles/", {"url": url}, format="json").json()["url"]

    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", "--url", url, stdout=io.StringIO(), stderr=err)
    assert f"FAILED {url}: {from_form}" in err.getvalue()

    assert from_form == from_api
