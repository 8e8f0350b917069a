"""Sending a statement as a signed-in analyst or as a script, for the tests of what a
statement may link to."""

import itertools

from django.test import Client
from rest_framework.test import APIClient

from annotator.services.tokens import token_create

TOKENS = itertools.count()
DOES_NOT_EXIST = 'Invalid pk "{}" - object does not exist.'


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_statement(user, body: dict, *, fast: bool, settings):
    """A create as a script sends it (a token: what the fast create answers), with the
    fast paths on or off."""
    settings.API_FAST_PATHS = fast
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user, name=f'script {next(TOKENS)}')[1]}")
    return client.post("/api/v1/statements/", body, format="json")
