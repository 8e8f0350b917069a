"""Deleting a pending suggestion is rejecting it, so only reviewers may; analysts delete
(and restore) their own statements, as docs/SECURITY.md says. The same rule holds in
the API, the reader's buttons' endpoints and the deleted-statements page."""

import pytest
from rest_framework.test import APIClient

from annotator.models import Origin, ReviewStatus, Statement
from annotator.roles import Role
from annotator.services.statements import statement_delete
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def suggestion(**fields):
    return StatementFactory(origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING, annotator=None, **fields)


@pytest.fixture
def api_as(db):
    def client(user) -> APIClient:
        api = APIClient()
        api.force_authenticate(user)
        return api

    return client


def test_an_analyst_cannot_delete_a_pending_suggestion_through_the_api(api_as, analyst):
    pending = suggestion()
    response = api_as(analyst).delete(f"/api/v1/statements/{pending.pk}/?version={pending.version}")
    assert response.status_code == 403
    assert "reviewer" in response.json()["detail"]
    assert Statement.objects.filter(pk=pending.pk).exists()


def test_an_analyst_cannot_delete_an_accepted_suggestion_nobody_owns(api_as, analyst):
    accepted = StatementFactory(origin=Origin.SUGGESTED, review_status=ReviewStatus.ACCEPTED, annotator=None)
    assert api_as(analyst).delete(f"/api/v1/statements/{accepted.pk}/?version=1").status_code == 403


def test_an_analyst_still_deletes_their_own_statement_through_the_api(api_as, analyst):
    own = StatementFactory(annotator=analyst)
    assert api_as(analyst).delete(f"/api/v1/statements/{own.pk}/?version={own.version}").status_code == 204
    assert not Statement.objects.filter(pk=own.pk).exists()


def test_an_analyst_may_still_correct_a_pending_suggestion(api_as, analyst):
    pending = suggestion()
    response = api_as(analyst).patch(f"/api/v1/statements/{pending.pk}/", {"version": 1, "note": "speaker is Kirby"})
    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ADMIN])
def test_reviewers_delete_pending_suggestions(api_as, make_user, role):
    pending = suggestion()
    assert api_as(make_user(role)).delete(f"/api/v1/statements/{pending.pk}/?version=1").status_code == 204


def test_an_analyst_cannot_delete_a_suggestion_from_the_reader(client, analyst):
    pending = suggestion()
    client.force_login(analyst)
    response = client.post(f"/statements/{pending.pk}/delete", {"version": pending.version})
    assert response.status_code == 403
    assert Statement.objects.filter(pk=pending.pk).exists()


def test_an_analyst_cannot_restore_a_suggestion_a_reviewer_deleted(client, analyst, reviewer):
    pending = suggestion()
    statement_delete(statement=pending.pk, version=pending.version, user=reviewer)
    client.force_login(analyst)

    assert client.post(f"/statements/{pending.pk}/restore").status_code == 403
    assert not Statement.objects.filter(pk=pending.pk).exists()
    assert "/restore" not in client.get(f"/articles/{pending.article_id}/deleted/").content.decode()
    assert "/restore" not in client.get(f"/statements/{pending.pk}/history/").content.decode()


def test_an_analyst_undoes_the_deletion_of_their_own_statement(client, analyst):
    own = StatementFactory(annotator=analyst)
    client.force_login(analyst)
    assert client.post(f"/statements/{own.pk}/delete", {"version": own.version}).status_code == 302
    assert client.post(f"/statements/{own.pk}/restore").status_code == 302
    assert Statement.objects.filter(pk=own.pk).exists()


def test_a_reviewer_restores_a_deleted_suggestion(client, reviewer):
    pending = suggestion()
    statement_delete(statement=pending.pk, version=pending.version, user=reviewer)
    client.force_login(reviewer)
    assert client.post(f"/statements/{pending.pk}/restore").status_code == 302
    assert Statement.objects.get(pk=pending.pk).review_status == ReviewStatus.PENDING
