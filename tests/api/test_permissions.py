"""The permissions matrix: every endpoint and method against every role.

viewer reads and exports; analyst also writes (statements: their own); reviewer also
merges and edits anyone's statements; admin everything. Anonymous: 401 (API) or the
login page (exports); signed in without a role: 403."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from annotator.roles import ORDER, Role
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory

pytestmark = pytest.mark.django_db

ROLES = [None, "none", *ORDER]


@dataclass
class Case:
    name: str
    minimum: Role | None  # None: nobody may (the method does not exist)
    ok: int
    request: Callable  # (user, make_user) -> (method, url, body)


def _statement_body(user, make_user):
    article = ArticleFactory()
    start = article.body.index("denied")
    body = {"article": article.pk, "start": start, "end": start + 6, "stance": "denial", "speaker": ActorFactory().pk}
    return "post", "/api/v1/statements/", body


def _own_statement(method):
    def request(user, make_user):
        s = StatementFactory(annotator=user if user and user.is_authenticated else None)
        if method == "patch":
            return "patch", f"/api/v1/statements/{s.pk}/", {"version": 1, "note": "checked"}
        return "delete", f"/api/v1/statements/{s.pk}/?version=1", None

    return request


def _others_statement(method):
    def request(user, make_user):
        s = StatementFactory(annotator=make_user(Role.ANALYST))
        if method == "patch":
            return "patch", f"/api/v1/statements/{s.pk}/", {"version": 1, "note": "checked"}
        return "delete", f"/api/v1/statements/{s.pk}/?version=1", None

    return request


def _edit(factory, resource, changes):
    record = factory()
    return "patch", f"/api/v1/{resource}/{record.pk}/", {**changes, "updated_at": record.updated_at.isoformat()}


def _merge(factory, resource):
    def request(user, make_user):
        return "post", f"/api/v1/{resource}/{factory().pk}/merge/", {"target": factory().pk}

    return request


CASES = [
    *(
        Case(f"list {r}", Role.VIEWER, 200, lambda u, m, r=r: ("get", f"/api/v1/{r}/", None))
        for r in ("articles", "sources", "actors", "propositions", "statements")
    ),
    Case("read article", Role.VIEWER, 200, lambda u, m: ("get", f"/api/v1/articles/{ArticleFactory().pk}/", None)),
    Case("read actor", Role.VIEWER, 200, lambda u, m: ("get", f"/api/v1/actors/{ActorFactory().pk}/", None)),
    Case(
        "read proposition",
        Role.VIEWER,
        200,
        lambda u, m: ("get", f"/api/v1/propositions/{PropositionFactory().pk}/", None),
    ),
    Case(
        "read statement", Role.VIEWER, 200, lambda u, m: ("get", f"/api/v1/statements/{StatementFactory().pk}/", None)
    ),
    Case("read source", Role.VIEWER, 200, lambda u, m: ("get", "/api/v1/sources/1/", None)),
    Case("create source", None, 405, lambda u, m: ("post", "/api/v1/sources/", {"name": "New outlet"})),
    Case("import article", Role.ANALYST, 201, lambda u, m: ("post", "/api/v1/articles/", {"raw": "Jets flew."})),
    Case(
        "edit article",
        Role.ANALYST,
        200,
        lambda u, m: _edit(ArticleFactory, "articles", {"title": "New title"}),
    ),
    Case("create actor", Role.ANALYST, 201, lambda u, m: ("post", "/api/v1/actors/", {"name": "John Kirby"})),
    Case("edit actor", Role.ANALYST, 200, lambda u, m: _edit(ActorFactory, "actors", {"role": "x"})),
    Case("merge actors", Role.REVIEWER, 200, _merge(ActorFactory, "actors")),
    Case(
        "create proposition", Role.ANALYST, 201, lambda u, m: ("post", "/api/v1/propositions/", {"text": "Jets flew."})
    ),
    Case(
        "edit proposition",
        Role.ANALYST,
        200,
        lambda u, m: _edit(PropositionFactory, "propositions", {"topics": ["iran"]}),
    ),
    Case("merge propositions", Role.REVIEWER, 200, _merge(PropositionFactory, "propositions")),
    Case("create statement", Role.ANALYST, 201, _statement_body),
    Case("edit own statement", Role.ANALYST, 200, _own_statement("patch")),
    Case("delete own statement", Role.ANALYST, 204, _own_statement("delete")),
    Case("edit another's statement", Role.REVIEWER, 200, _others_statement("patch")),
    Case("delete another's statement", Role.REVIEWER, 204, _others_statement("delete")),
]


def _allowed(role, minimum) -> bool:
    return role in ORDER and minimum is not None and ORDER.index(role) >= ORDER.index(minimum)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: str(r or "anonymous"))
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_permissions_matrix(case, role, make_user, client_for):
    user = None if role is None else make_user(None if role == "none" else role)
    method, url, body = case.request(user, make_user)
    response = getattr(client_for(user), method)(url, body, format="json")
    if role is None:
        expected = 401
    elif role == "none":
        expected = 403
    elif case.minimum is None:
        expected = case.ok
    else:
        expected = case.ok if _allowed(role, case.minimum) else 403
    assert response.status_code == expected, (response.status_code, getattr(response, "data", None))
    if response.status_code == 401:
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("role", ROLES, ids=lambda r: str(r or "anonymous"))
@pytest.mark.parametrize(
    "path",
    ["statements.csv", "statements.jsonl", "statements.jsonld", "articles.csv", "actors.csv", "propositions.csv"],
)
def test_exports_matrix(path, role, make_user, client):
    if role is not None:
        client.force_login(make_user(None if role == "none" else role))
    response = client.get(f"/export/{path}")
    expected = {None: 302, "none": 403}.get(role, 200)
    assert response.status_code == expected
    if role is None:
        assert response["Location"].startswith("/accounts/login/")


def test_writes_by_session_need_the_csrf_token(analyst):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    assert client.get("/api/v1/actors/").status_code == 200
    response = client.post("/api/v1/actors/", {"name": "John Kirby"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
