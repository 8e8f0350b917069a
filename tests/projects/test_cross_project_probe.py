"""Every URL the site serves, asked by a member of project A about project B.

The issue's promise, probed systematically rather than page by page: "a member of project
A reads nothing of project B through any page, API filter, export, autocomplete or
history", and changes nothing of it either. For each route of the URL configuration (the
same walk as the permission matrix, so a new route is probed the day it is added), the
route's ids and slugs are filled with project B's records; lists, exports and
autocompletes are asked with every filter pointed at B. Alice is tried as an analyst of A
and as its manager (a manager opens every door a project role opens). Whatever the
answer, it may not name anything of B, and no write may change B's rows.

The same walk with A's own records' ids: their pages and histories name nothing of what
A's records once shared with B (a speaker both quoted that B has renamed since, a merge
with B's duplicate undone, an answer to B's statement an administrator linked). And
naming a record as B's is named (a speaker, a proposition's wording) makes Alice's own,
with nothing said of B's."""

import json
import re

import pytest
from django.db import transaction
from django.test import Client

from annotator.models import (
    Actor,
    ApiToken,
    Article,
    Assignment,
    Job,
    JobKind,
    JobStatus,
    Origin,
    ProjectArticle,
    ProjectMember,
    ProjectRole,
    Proposition,
    ReviewStatus,
    Statement,
)
from annotator.services.actors import actor_merge, actor_update
from annotator.services.statements import statement_update
from annotator.services.tokens import token_create
from annotator.services.unmerge import actor_unmerge
from tests.factories import ActorFactory, StatementFactory
from tests.security.test_permissions_matrix import build_url, served_routes

pytestmark = pytest.mark.django_db

# What only project B's records say: none of it may reach Alice.
SECRETS = ("Bogota", "Desk B")
# Not the site's pages: the admin (staff only, and denied to Alice by the matrix), logging
# in and out, and the schema and its viewer (no data).
SKIPPED = ("admin/", "accounts/", "api/schema/", "api/docs/", "favicon.ico")
FILTERS = ("project", "article", "speaker", "proposition", "via", "source", "responds_to", "annotator", "assignee")


@pytest.fixture
def b_world(two_teams, make_user, django_user_model):
    """Project B with one of everything a page can show: a pending suggestion, a merged-away
    duplicate, bob's assignment, job and token, guidelines."""
    b = two_teams["B"]
    root = django_user_model.objects.get(username="root")
    bob = b["member"]
    Statement.objects.filter(pk=b["statement"].pk).update(note="Checked with the Bogota desk.")
    suggestion = StatementFactory(
        article=b["article"],
        text="Officials",
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.PENDING,
        note="Proposed new actor: Bogota officials [organisation]",
    )
    duplicate = ActorFactory(name="Bogota's mayor")
    StatementFactory(article=b["article"], text="Officials in Bogota", speaker=duplicate)
    actor_merge(source=duplicate, target=b["actor"], user=root)
    b["project"].guidelines = "Bogota rules: mark every denial."
    b["project"].save()
    Assignment.objects.create(project=b["project"], article=b["article"], assignee=bob)
    job = Job.objects.create(
        kind=JobKind.EXPORT, status=JobStatus.FAILED, label="Export of Desk B from Bogota", started_by=bob
    )
    token, _ = token_create(user=bob, name="Bogota script")
    _shared_once(two_teams, root)
    return {
        **b,
        "bob": bob,
        "suggestion": suggestion,
        "duplicate": Actor.objects.get(pk=duplicate.pk),
        "job": job,
        "token": token,
    }


def _shared_once(two_teams, root) -> None:
    """What A's records once shared with B, that B's alone is now: a speaker both quoted
    (A's statement names another since, and B renamed it), a merge of B's duplicate into
    A's speaker (undone), and an answer to B's statement (an administrator linked it)."""
    a, b = two_teams["A"], two_teams["B"]
    press = ActorFactory(name="Press officer")
    StatementFactory(article=b["article"], text="Officials", speaker=press)
    mine = StatementFactory(
        article=a["article"], text="Officials in Ankara", speaker=press, proposition=a["proposition"]
    )
    mine = statement_update(statement=mine.pk, version=mine.version, user=a["member"], speaker=a["actor"])
    actor_update(actor=press, name="Press officer of Bogota", user=b["member"])
    answered = Statement.objects.get(article=b["article"], quote="Officials in Bogota")
    statement_update(statement=mine.pk, version=mine.version, user=root, responds_to=answered)
    deputy = ActorFactory(name="Bogota's deputy mayor")
    StatementFactory(article=b["article"], text="Bogota", speaker=deputy)
    actor_merge(source=deputy, target=a["actor"], user=root)
    actor_unmerge(actor=deputy, user=root)


def _a_kwargs(route: str, a) -> dict:
    """The route's parameters, each naming project A's record of that kind (Alice's own)."""
    mine = Statement.objects.filter(article=a["article"]).exclude(responds_to=None).get()
    kind = re.sub(r"^api/v1/\^?", "", route).split("/")[0]
    by_kind = {
        "articles": a["article"].pk,
        "statements": mine.pk,
        "actors": a["actor"].pk,
        "propositions": a["proposition"].pk,
        "projects": a["project"].slug,
        "sources": a["article"].source.slug if "api/" not in route else a["article"].source_id,
    }
    return {
        "pk": by_kind.get(kind, 0),
        "slug": by_kind.get(kind, a["project"].slug),
        "article_id": a["article"].pk,
        "statement_id": mine.pk,
        "token_id": 0,
        "user_id": a["member"].pk,
        "format": "json",
    }


def _b_kwargs(route: str, b) -> dict:
    """The route's parameters, each naming project B's record of that kind."""
    kind = re.sub(r"^api/v1/\^?", "", route).split("/")[0]
    by_kind = {
        "articles": b["article"].pk,
        "statements": b["statement"].pk,
        "actors": b["duplicate"].pk if "unmerge" in route else b["actor"].pk,
        "propositions": b["proposition"].pk,
        "jobs": b["job"].pk,
        "projects": b["project"].slug,
        "sources": b["article"].source.slug if "api/" not in route else b["article"].source_id,
    }
    return {
        "pk": by_kind.get(kind, 0),
        "slug": by_kind.get(kind, b["project"].slug),
        "article_id": b["article"].pk,
        "statement_id": b["suggestion"].pk if route.endswith(("accept", "reject")) else b["statement"].pk,
        "token_id": b["token"].pk,
        "user_id": b["bob"].pk,
        "format": "json",
    }


def _routes():
    return sorted({route for route in served_routes() if not route.startswith(SKIPPED) and route})


def _filters(b) -> list[str]:
    ids = {
        "project": b["project"].slug,
        "article": b["article"].pk,
        "speaker": b["actor"].pk,
        "proposition": b["proposition"].pk,
        "via": b["article"].source_id,
        "source": b["article"].source.slug,
        "responds_to": b["statement"].pk,
        "annotator": b["bob"].pk,
        "assignee": b["bob"].pk,
    }
    every = "&".join(f"{name}={ids[name]}" for name in FILTERS)
    one_by_one = [f"{name}={ids[name]}" for name in FILTERS]
    return ["", *one_by_one, every, "q=Bogot", "versions=all", "independent=true", "include_pending=true"]


def _b_rows(b) -> tuple:
    """Project B's rows, to see that nothing Alice sent changed them."""
    article = b["article"]
    return (
        tuple(Article.objects.filter(pk=article.pk).values_list("title", "status", "updated_at")),
        tuple(Statement.objects.filter(article=article).order_by("pk").values_list("pk", "version", "review_status")),
        tuple(Actor.objects.filter(pk__in=[b["actor"].pk, b["duplicate"].pk]).values_list("merged_into", "updated_at")),
        tuple(Proposition.objects.filter(pk=b["proposition"].pk).values_list("text", "updated_at")),
        tuple(ProjectMember.objects.filter(project=b["project"]).order_by("pk").values_list("user_id", "role")),
        tuple(ProjectArticle.objects.filter(project=b["project"]).values_list("article_id", "double")),
        tuple(Assignment.objects.filter(project=b["project"]).values_list("assignee_id", "done_at", "skipped_at")),
        tuple(Job.objects.filter(pk=b["job"].pk).values_list("status", "attempt")),
        ApiToken.objects.filter(pk=b["token"].pk).count(),
        b["project"].__class__.objects.filter(pk=b["project"].pk).values_list("guidelines", "slug").get(),
    )


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def _leaks(response) -> list[str]:
    text = _text(response)
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture(params=[ProjectRole.ANALYST, ProjectRole.MANAGER])
def alice(request, two_teams) -> Client:
    member = two_teams["A"]["member"]
    ProjectMember.objects.filter(project=two_teams["A"]["project"], user=member).update(role=request.param)
    client = Client()
    client.force_login(member)
    return client


def test_no_page_api_export_autocomplete_or_history_shows_alice_anything_of_project_b(b_world, alice):
    found = []
    for route in _routes():
        url = build_url(route, _b_kwargs(route, b_world))
        takes_ids = bool(re.search(r"<|\(\?P<(?!format)", route))
        for query in [""] if takes_ids else _filters(b_world):
            response = alice.get(f"{url}?{query}" if query else url)
            label = f"GET {url}?{query}"
            if response.status_code >= 500:
                found.append(f"{label}: {response.status_code}")
            elif leaked := _leaks(response):
                found.append(f"{label}: {response.status_code} shows {leaked}")
    assert not found, "\n".join(found)


MISSING = 999_999  # an id no record has
NOT_A_SLUG = "no-such-project"


def _missing_kwargs(route: str, b) -> dict:
    """The route's parameters naming nothing at all."""
    named = _b_kwargs(route, b)
    return {
        key: (MISSING if isinstance(value, int) else NOT_A_SLUG if key == "slug" else value)
        for key, value in named.items()
    }


def _same_page(text: str, b) -> str:
    """A page as it reads whatever it was asked about: the ids and slugs it echoes, and
    what changes on every request (nonces, tokens, flashed messages), put aside."""
    text = re.sub(r'nonce="[^"]*"|hx-headers=\'[^\']*\'|value="[A-Za-z0-9_-]{30,}"', "", text)
    text = re.sub(r'<div class="message [^"]*">[^<]*</div>', "", text)
    for value in (b["project"].slug, NOT_A_SLUG):
        text = text.replace(value, "SLUG")
    return re.sub(r"\b\d+\b", "N", text)


def test_alice_cannot_tell_bs_records_from_records_that_do_not_exist(b_world, alice):
    """What exists in B is none of A's business either: each route asked about B's record
    (or a list narrowed to B's) answers Alice as it answers about one nobody made. A 403
    where a missing one is a 404, or an empty list where an unknown project is refused,
    tells her it is there."""
    b = b_world
    # Not these: outlets are reference data every member reads (projects_access.visible_sources);
    # a job is its starter's, whatever the project, and someone else's is refused as such
    # (roles.can_see_job), what it holds being what is kept from them.
    public = ("sources/", "api/v1/sources/", "jobs/")
    missing_filters = {"project": NOT_A_SLUG, "annotator": MISSING, "assignee": MISSING}
    b_filters = {"project": b["project"].slug, "annotator": b["bob"].pk, "assignee": b["bob"].pk}
    found = []
    for route in _routes():
        takes_ids = bool(re.search(r"<|\(\?P<(?!format)", route))
        if takes_ids and route.startswith(public):
            continue
        if takes_ids:
            pairs = [(build_url(route, _b_kwargs(route, b)), build_url(route, _missing_kwargs(route, b)))]
            methods = ("GET", "POST")
        else:
            url = build_url(route, _b_kwargs(route, b))
            pairs = [(f"{url}?{name}={b_filters[name]}", f"{url}?{name}={missing_filters[name]}") for name in b_filters]
            methods = ("GET",)
        for method in methods:
            for about_b, about_nothing in pairs:
                send = alice.get if method == "GET" else alice.post
                answers = [send(about_b), send(about_nothing)]
                if answers[0].status_code != answers[1].status_code:
                    found.append(f"{method} {about_b}: {answers[0].status_code}, not {answers[1].status_code}")
                elif method == "GET" and len({_same_page(_text(answer), b) for answer in answers}) > 1:
                    found.append(f"{method} {about_b}: not the page of {about_nothing}")
    assert not found, "\n".join(found)


def test_no_page_or_history_of_alices_own_records_shows_what_they_once_shared_with_b(b_world, two_teams, alice):
    found = []
    for route in _routes():
        if not re.search(r"<|\(\?P<(?!format)", route):
            continue  # the lists: walked by the test above
        url = build_url(route, _a_kwargs(route, two_teams["A"]))
        response = alice.get(url)
        if response.status_code >= 500:
            found.append(f"GET {url}: {response.status_code}")
        elif leaked := _leaks(response):
            found.append(f"GET {url}: {response.status_code} shows {leaked}")
    assert not found, "\n".join(found)


def test_naming_a_speaker_or_wording_a_proposition_as_bs_makes_alices_own_and_says_nothing_of_bs(
    b_world, two_teams, alice
):
    """The name of B's speaker and the wording of B's proposition, through every way of
    making (or renaming into) one: the form, the API's create and its rename. Each makes
    Alice's own, answered like any other; none refuses, nor names B's record or its id."""
    a, b = two_teams["A"], b_world
    article = a["article"]
    start = article.body.index("denied the strikes")
    form = {
        "start": start,
        "end": start + len("denied the strikes"),
        "quote": "denied the strikes",
        "stance": "denial",
        "speaker": "new",
        "speaker_query": "MAYOR of bogota",
        "proposition": "new",
        "proposition_query": "jets struck near bogota",
        "direct": "0",
    }
    calls = {"form": lambda: alice.post(f"/articles/{article.pk}/statements/new", form, headers={"HX-Request": "true"})}
    for resource, field, value, own in (
        ("actors", "name", "Mayor of BOGOTA", a["actor"]),
        ("propositions", "text", "Jets struck near BOGOTA", a["proposition"]),
    ):
        url = f"/api/v1/{resource}/"
        calls[f"POST {url}"] = lambda url=url, field=field, value=value: alice.post(
            url, {field: value}, content_type="application/json"
        )
        change = {field: value.lower(), "updated_at": alice.get(f"{url}{own.pk}/").json()["updated_at"]}
        calls[f"PATCH {url}{own.pk}/"] = lambda url=f"{url}{own.pk}/", change=change: alice.patch(
            url, change, content_type="application/json"
        )
    found = []
    for label, call in calls.items():
        # Each on its own: what one makes (Alice's own record) is a duplicate for the next.
        with transaction.atomic():
            response = call()
            text = _text(response)
            made = Statement.objects.filter(article=article).order_by("-pk").first()
            if made.speaker_id == b["actor"].pk or made.proposition_id == b["proposition"].pk:
                found.append(f"{label}: linked Alice's statement to B's record")
            transaction.set_rollback(True)
        if response.status_code >= 400:
            found.append(f"{label}: {response.status_code} {text[:300]}")
        elif "already exists" in text or "taken" in text or "existing_id" in text:
            found.append(f"{label}: says B's exists")
    assert not found, "\n".join(found)


def test_no_write_alice_sends_about_project_b_changes_it_or_answers_with_it(b_world, alice):
    b = b_world
    before = _b_rows(b)
    body = {
        "project": b["project"].slug,
        "article": b["article"].pk,
        "article_ids": [b["article"].pk],
        "articles": [b["article"].pk],
        "statement": b["statement"].pk,
        "target": b["actor"].pk,
        "speaker": b["actor"].pk,
        "proposition": b["proposition"].pk,
        "username": "alice",
        "role": "manager",
        "assignees": [b["bob"].pk],
        "version": b["statement"].version,
        "done": "1",
        "guidelines": "Taken over",
        "size": "1",
        "choice": "1",
        "status": "done",
        "ids": [b["statement"].pk],
        "action": "accept",
    }
    found = []
    for route in _routes():
        url = build_url(route, _b_kwargs(route, b))
        is_api = route.startswith("api/")
        methods = ["POST", "PATCH", "DELETE"] if is_api else ["POST"]
        for method in methods:
            if is_api:
                response = alice.generic(method, url, json.dumps(body), content_type="application/json")
            else:
                response = alice.post(url, body)
            label = f"{method} {url}"
            if response.status_code >= 500:
                found.append(f"{label}: {response.status_code}")
            elif leaked := _leaks(response):
                found.append(f"{label}: {response.status_code} shows {leaked}")
            if _b_rows(b) != before:
                found.append(f"{label}: changed project B")
                before = _b_rows(b)
    assert not found, "\n".join(found)
