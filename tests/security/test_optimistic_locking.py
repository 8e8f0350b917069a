"""Every edit names the version it started from and loses if someone saved in between:
statements by `version`, articles, actors and propositions by the `updated_at` read."""

import threading

import pytest
from django.core.cache import cache
from django.db import connections
from rest_framework.test import APIClient

from annotator.models import Actor, Article, Proposition
from annotator.services.actors import actor_merge, actor_update
from annotator.services.articles import article_update
from annotator.services.locking import StaleEdit
from annotator.services.propositions import proposition_update
from annotator.services.tokens import token_create
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory

RESOURCES = {
    "articles": (ArticleFactory, Article, "title", "Renamed"),
    "actors": (ActorFactory, Actor, "role", "Pentagon press secretary"),
    "propositions": (PropositionFactory, Proposition, "text", "Iran flew missions over Iraq."),
}


@pytest.fixture
def api(admin_user):
    cache.clear()
    client = APIClient()
    _, key = token_create(user=admin_user, name="locking")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _read_at(api, resource, pk) -> str:
    return api.get(f"/api/v1/{resource}/{pk}/").json()["updated_at"]


@pytest.mark.django_db
@pytest.mark.parametrize("resource", RESOURCES)
def test_the_second_of_two_api_edits_from_the_same_read_is_refused_and_changes_nothing(api, resource):
    factory, model, field, value = RESOURCES[resource]
    record = factory()
    read_at = _read_at(api, resource, record.pk)

    first = api.patch(f"/api/v1/{resource}/{record.pk}/", {field: value, "updated_at": read_at}, format="json")
    second = api.patch(f"/api/v1/{resource}/{record.pk}/", {field: "Stale value", "updated_at": read_at}, format="json")

    assert first.status_code == 200, first.json()
    assert second.status_code == 409
    assert "changed by someone else" in second.json()["detail"]
    assert getattr(model.objects.get(pk=record.pk), field) == value


@pytest.mark.django_db
@pytest.mark.parametrize("resource", RESOURCES)
def test_an_api_edit_that_does_not_say_what_it_read_is_refused(api, resource):
    factory, model, field, _ = RESOURCES[resource]
    record = factory()
    before = getattr(record, field)

    response = api.patch(f"/api/v1/{resource}/{record.pk}/", {field: "Blind write"}, format="json")

    assert response.status_code == 400
    assert "updated_at" in response.json()
    assert getattr(model.objects.get(pk=record.pk), field) == before


@pytest.mark.django_db
def test_a_merge_after_the_read_makes_an_edit_of_the_target_stale(api, reviewer):
    kirby, duplicate = ActorFactory(name="John Kirby"), ActorFactory(name="J. Kirby")
    read_at = _read_at(api, "actors", kirby.pk)
    actor_merge(source=duplicate, target=kirby, user=reviewer)

    response = api.patch(f"/api/v1/actors/{kirby.pk}/", {"aliases": [], "updated_at": read_at}, format="json")

    assert response.status_code == 409
    assert Actor.objects.get(pk=kirby.pk).aliases == ["J. Kirby"]


@pytest.mark.django_db
def test_services_refuse_a_stale_read_and_accept_a_fresh_one():
    actor = ActorFactory()
    stale = actor.updated_at
    actor_update(actor=actor, role="first", read_at=stale)
    with pytest.raises(StaleEdit):
        actor_update(actor=actor, role="second", read_at=stale)
    fresh = Actor.objects.get(pk=actor.pk)
    assert actor_update(actor=fresh, role="second", read_at=fresh.updated_at).role == "second"


def _race(workers):
    barrier = threading.Barrier(len(workers))
    outcomes = [None] * len(workers)

    def run(index, work):
        try:
            barrier.wait()
            outcomes[index] = work()
        except Exception as error:  # which one wins is the point of the test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "factory, update, field",
    [
        (
            ArticleFactory,
            lambda record, value, read_at: article_update(article=record, title=value, read_at=read_at),
            "title",
        ),
        (ActorFactory, lambda record, value, read_at: actor_update(actor=record, role=value, read_at=read_at), "role"),
        (
            PropositionFactory,
            lambda record, value, read_at: proposition_update(proposition=record, text=value, read_at=read_at),
            "text",
        ),
    ],
)
def test_of_concurrent_edits_from_the_same_read_exactly_one_lands(factory, update, field):
    record = factory()
    read_at = record.updated_at
    model = type(record)
    outcomes = _race(
        [lambda i=i: update(model.objects.get(pk=record.pk), f"Editor {i} wrote this", read_at) for i in range(4)]
    )
    winners = [o for o in outcomes if isinstance(o, model)]
    losers = [o for o in outcomes if isinstance(o, StaleEdit)]
    assert len(winners) == 1 and len(losers) == 3, outcomes
    assert getattr(model.objects.get(pk=record.pk), field) == getattr(winners[0], field)
