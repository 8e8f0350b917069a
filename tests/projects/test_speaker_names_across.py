"""A speaker whose name only another project's statements use is none of this member's
business: naming a new speaker "Mayor of Bogota" in project A, while project B quotes an
actor of that name, neither says "already exists" (which would tell A whom B quotes, and
block A) nor links A's statement to B's actor (whose role, aliases and history are B's).
A's speaker is created as A's own, through the form, htmx and the API alike; an actor A
may read is still offered instead of a duplicate."""

import pytest
from rest_framework.test import APIClient

from annotator.models import Actor, Origin, ProjectMember, ProjectRole, ReviewStatus, Statement
from annotator.services.projects import project_articles_add
from annotator.services.suggestions import suggestion_accept, suggestions_generate
from annotator.services.tokens import token_create
from tests.factories import ActorFactory, ArticleFactory, StatementFactory
from tests.statement_posts import signed_in
from tests.views.test_statements import form_data

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user, name='script')[1]}")
    return client


def _new_speaker(two_teams, headers=None):
    """Alice names a new speaker spelled like project B's (case and spacing aside)."""
    a = two_teams["A"]
    data = form_data(a["article"], "denied the strikes", speaker="new", speaker_query="mayor of   BOGOTA")
    return signed_in(a["member"]).post(f"/articles/{a['article'].pk}/statements/new", data, headers=headers or {})


def _says_nothing_of_bs_actor(two_teams, html: str) -> None:
    b_actor = two_teams["B"]["actor"]
    assert "already exists" not in html
    assert f"/actors/{b_actor.pk}/" not in html
    assert f'name="speaker" value="{b_actor.pk}"' not in html


@pytest.mark.parametrize("headers", [None, HTMX], ids=["form", "htmx"])
def test_naming_a_speaker_only_project_b_quotes_creates_project_as_own(two_teams, headers):
    b_actor = two_teams["B"]["actor"]
    response = _new_speaker(two_teams, headers)
    assert response.status_code in (200, 302)
    _says_nothing_of_bs_actor(two_teams, response.content.decode())
    statement = Statement.objects.exclude(pk=two_teams["A"]["statement"].pk).get(article=two_teams["A"]["article"])
    assert statement.speaker.name == "mayor of BOGOTA" and statement.speaker_id != b_actor.pk
    # B's actor is untouched and still out of Alice's sight.
    assert Actor.objects.get(pk=b_actor.pk).name == "Mayor of Bogota"
    assert signed_in(two_teams["A"]["member"]).get(f"/actors/{b_actor.pk}/").status_code == 404


def test_a_speaker_alice_may_read_is_still_offered_instead_of_a_duplicate(two_teams):
    a = two_teams["A"]
    data = form_data(a["article"], "denied the strikes", speaker="new", speaker_query="Mayor of ANKARA")
    response = signed_in(a["member"]).post(f"/articles/{a['article'].pk}/statements/new", data, headers=HTMX)
    assert response.status_code == 422
    assert f'<a href="/actors/{a["actor"].pk}/">' in response.content.decode()
    assert Actor.objects.filter(name__iexact="mayor of ankara").count() == 1


def test_the_api_creates_a_speaker_named_like_project_bs_and_annotates_with_it(two_teams):
    a, b = two_teams["A"], two_teams["B"]
    api = _api(a["member"])
    created = api.post("/api/v1/actors/", {"name": "Mayor of Bogota"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["id"] != b["actor"].pk
    body = {"article": a["article"].pk, "start": 14, "end": 32, "stance": "denial", "speaker": created.json()["id"]}
    assert api.post("/api/v1/statements/", body, format="json").status_code == 201
    # Alice's own speaker of that name she can see: creating it again is the usual duplicate.
    again = api.post("/api/v1/actors/", {"name": "mayor of bogota"}, format="json")
    assert again.status_code == 400 and again.json()["existing_id"] == created.json()["id"]


def test_the_api_renames_a_speaker_into_a_name_only_project_b_uses(two_teams):
    a = two_teams["A"]
    api = _api(a["member"])
    read = api.get(f"/api/v1/actors/{a['actor'].pk}/").json()
    renamed = api.patch(
        f"/api/v1/actors/{a['actor'].pk}/", {"name": "MAYOR OF BOGOTA", "updated_at": read["updated_at"]}, format="json"
    )
    assert renamed.status_code == 200, renamed.json()
    assert Actor.objects.filter(name__iexact="mayor of bogota").count() == 2


@pytest.fixture
def suggestion_in_a(two_teams):
    """A suggestion on A's article whose proposed speaker is named like B's actor."""
    return StatementFactory(
        article=two_teams["A"]["article"],
        text="denied the strikes",
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.PENDING,
        speaker=None,
        note="Proposed new actor: Mayor of Bogota (mayor) [person]",
    )


def test_correcting_such_a_suggestion_proposes_a_new_speaker_not_project_bs(two_teams, suggestion_in_a, make_user):
    reviewer = make_user(None, username="rhea")
    ProjectMember.objects.create(project=two_teams["A"]["project"], user=reviewer, role=ProjectRole.REVIEWER)
    html = signed_in(reviewer).get(f"/statements/{suggestion_in_a.pk}/edit", headers=HTMX).content.decode()
    assert 'name="speaker" value="new" checked' in html
    _says_nothing_of_bs_actor(two_teams, html)
    accepted = suggestion_accept(statement=suggestion_in_a, version=suggestion_in_a.version, user=reviewer)
    assert accepted.speaker.name == "Mayor of Bogota" and accepted.speaker_id != two_teams["B"]["actor"].pk


KIRBY_TEXT = (
    "Pentagon chief spokesperson Rear Admiral John Kirby said there were indications the Iranians flew missions.\n\n"
    '"Nothing has changed about our policy," Kirby told reporters.'
)


def test_the_suggester_links_a_speaker_only_in_projects_that_quote_them(two_teams, django_user_model):
    root = django_user_model.objects.get(username="root")
    a, b = two_teams["A"], two_teams["B"]
    kirby = ActorFactory(name="John Kirby", aliases=["Kirby"], role="Pentagon press secretary")
    StatementFactory(article=b["article"], text="denied", speaker=kirby)
    articles = {}
    for name, team in (("A", a), ("B", b)):
        articles[name] = ArticleFactory(title=f"Kirby for {name}", body=f"{KIRBY_TEXT}\n\nFiled by desk {name}.")
        project_articles_add(project=team["project"], article_ids=[articles[name].pk], user=root, imported=True)
        suggestions_generate(article=articles[name])
    in_b = Statement.objects.filter(article=articles["B"], origin=Origin.SUGGESTED)
    assert {s.speaker_id for s in in_b} == {kirby.pk}  # B quotes him: linked
    in_a = list(Statement.objects.filter(article=articles["A"], origin=Origin.SUGGESTED))
    assert in_a and all(s.speaker_id != kirby.pk for s in in_a)
    assert all("Pentagon press secretary" not in s.note for s in in_a)
    html = signed_in(a["member"]).get(f"/articles/{articles['A'].pk}/?include_pending=true").content.decode()
    assert "Pentagon press secretary" not in html and f"/actors/{kirby.pk}/" not in html
