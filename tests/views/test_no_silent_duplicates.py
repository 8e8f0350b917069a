"""No silent duplicates: creating an actor or a proposition whose name or wording exists
already (case, spacing and a proposition's closing full stop aside) offers the existing
one: a form error linking to it, or a 400 naming the field and the existing id."""

import pytest

from annotator.models import Actor, Proposition, Statement
from annotator.services.tokens import token_create
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory
from tests.views.test_statements import form_data

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def api(analyst):
    from rest_framework.test import APIClient

    client = APIClient()
    _, key = token_create(user=analyst, name="tests")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_creating_a_speaker_who_exists_offers_the_existing_actor(client, analyst):
    kirby = ActorFactory(name="John Kirby", role="Pentagon spokesperson")
    article = ArticleFactory()
    client.force_login(analyst)
    response = client.post(
        f"/articles/{article.pk}/statements/new",
        form_data(article, "there were", speaker="new", speaker_query="john   KIRBY"),
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert f'<a href="/actors/{kirby.pk}/">John Kirby (Pentagon spokesperson)</a> already exists' in html
    assert f'value="{kirby.pk}"' in html  # and it is there to pick
    assert Actor.objects.count() == 1 and not Statement.objects.exists()


def test_a_merged_away_actors_name_may_be_used_again(client, analyst):
    kept = ActorFactory(name="Rear Admiral John Kirby")
    ActorFactory(name="John Kirby", merged_into=kept)
    article = ArticleFactory()
    client.force_login(analyst)
    client.post(
        f"/articles/{article.pk}/statements/new",
        form_data(article, "there were", speaker="new", speaker_query="John Kirby"),
        headers=HTMX,
    )
    assert Statement.objects.get().speaker.merged_into is None


def test_typing_a_propositions_wording_without_its_full_stop_reuses_it(client, analyst):
    existing = PropositionFactory(text="Iran flew missions in Iraq.")
    speaker = ActorFactory()
    article = ArticleFactory()
    client.force_login(analyst)
    client.post(
        f"/articles/{article.pk}/statements/new",
        form_data(
            article, "there were", speaker=speaker, proposition="new", proposition_query="iran flew  missions in Iraq"
        ),
        headers=HTMX,
    )
    assert Proposition.objects.count() == 1
    assert Statement.objects.get().proposition == existing


def test_the_api_refuses_an_actor_that_exists_naming_the_field_and_its_id(api):
    kirby = ActorFactory(name="John Kirby")
    response = api.post("/api/v1/actors/", {"name": " John  kirby "}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["existing_id"] == kirby.pk
    assert f"(id {kirby.pk})" in body["name"][0]
    assert Actor.objects.count() == 1
    assert api.post("/api/v1/actors/", {"name": "John Kirby Jr."}, format="json").status_code == 201


def test_the_api_refuses_a_proposition_that_exists_naming_the_field_and_its_id(api):
    existing = PropositionFactory(text="Iran flew missions in Iraq.")
    response = api.post("/api/v1/propositions/", {"text": "IRAN flew missions in Iraq"}, format="json")
    assert response.status_code == 400
    assert response.json()["existing_id"] == existing.pk and "text" in response.json()
    assert Proposition.objects.count() == 1


def test_renaming_an_actor_to_another_actors_name_is_refused_like_creating_one(api):
    kirby = ActorFactory(name="John Kirby")
    other = ActorFactory(name="Jon Kirby")
    read_at = api.get(f"/api/v1/actors/{other.pk}/").json()["updated_at"]
    response = api.patch(f"/api/v1/actors/{other.pk}/", {"name": "john kirby", "updated_at": read_at}, format="json")
    assert response.status_code == 400 and response.json()["existing_id"] == kirby.pk
    other.refresh_from_db()
    assert other.name == "Jon Kirby"
    # Its own name, respelled, is not a duplicate of itself.
    response = api.patch(f"/api/v1/actors/{other.pk}/", {"name": "JON  Kirby", "updated_at": read_at}, format="json")
    assert response.status_code == 200, response.json()


def test_rewording_a_proposition_into_another_ones_words_is_refused(api):
    existing = PropositionFactory(text="Iran flew missions in Iraq.")
    other = PropositionFactory(text="Iran flew missions in Syria.")
    read_at = api.get(f"/api/v1/propositions/{other.pk}/").json()["updated_at"]
    change = {"text": "iran flew missions in Iraq", "updated_at": read_at}
    response = api.patch(f"/api/v1/propositions/{other.pk}/", change, format="json")
    assert response.status_code == 400 and response.json()["existing_id"] == existing.pk
    assert Proposition.objects.get(pk=other.pk).text == "Iran flew missions in Syria."
