"""The role is read with the user on every request (session or token), in the same query:
taking a role away takes effect on the next request, not at the next login."""

import pytest
from django.contrib.auth import get_user
from django.contrib.auth.models import Group

from annotator.roles import Role, role_of
from annotator.services.tokens import token_create

pytestmark = pytest.mark.django_db


def demote(user, to: Role) -> None:
    user.groups.set([Group.objects.get(name=to.value)])


def test_a_signed_in_analyst_demoted_to_viewer_can_no_longer_import(client, analyst):
    client.force_login(analyst)
    assert client.get("/articles/new/").status_code == 200
    demote(analyst, Role.VIEWER)
    assert client.get("/articles/new/").status_code == 403
    assert client.get("/articles/").status_code == 200


def test_a_user_with_no_group_left_is_refused_everything(client, analyst):
    client.force_login(analyst)
    analyst.groups.clear()
    assert client.get("/articles/").status_code == 403


def test_a_token_follows_its_owners_role_change(client, analyst):
    key = token_create(user=analyst, name="script")[1]
    headers = {"Authorization": f"Token {key}"}
    demote(analyst, Role.VIEWER)
    response = client.post("/api/v1/propositions/", data={"text": "Iran flew missions"}, headers=headers)
    assert response.status_code == 403
    assert client.get("/api/v1/propositions/", headers=headers).status_code == 200


def test_the_user_and_its_role_come_in_one_query(client, analyst, django_assert_num_queries):
    client.force_login(analyst)
    request = client.get("/articles/").wsgi_request
    request.session = client.session
    del request._cached_user
    with django_assert_num_queries(2):  # the session, the user with its groups
        assert role_of(get_user(request)) == Role.ANALYST
