"""The admin site is an editor too: a save from a stale page is refused, not applied."""

import pytest
from django.urls import reverse

from annotator.models import Actor
from tests.factories import ActorFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="pw"))
    return client


def actor_form(actor, read_stamp, **changes):
    data = {
        "name": actor.name,
        "kind": actor.kind,
        "role": actor.role,
        "affiliation": actor.affiliation,
        "country": actor.country,
        "aliases": "[]",
        "merged_into": "",
        "read_stamp": read_stamp,
    }
    return {**data, **changes}


def test_a_save_from_a_stale_admin_page_is_refused(admin_client_):
    actor = ActorFactory(name="John Kirby")
    url = reverse("admin:annotator_actor_change", args=[actor.pk])
    page = admin_client_.get(url)
    read_stamp = page.context["adminform"].form["read_stamp"].value()

    Actor.objects.filter(pk=actor.pk).first().save()  # someone else saves meanwhile

    response = admin_client_.post(url, actor_form(actor, read_stamp, role="Press secretary"))
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert Actor.objects.get(pk=actor.pk).role == actor.role


def test_a_save_from_a_fresh_admin_page_goes_through(admin_client_):
    actor = ActorFactory(name="John Kirby")
    url = reverse("admin:annotator_actor_change", args=[actor.pk])
    read_stamp = admin_client_.get(url).context["adminform"].form["read_stamp"].value()
    response = admin_client_.post(url, actor_form(actor, read_stamp, role="Press secretary"))
    assert response.status_code == 302
    assert Actor.objects.get(pk=actor.pk).role == "Press secretary"


def test_statement_admin_saves_bump_the_version_so_older_readers_lose(admin_client_):
    statement = StatementFactory()
    url = reverse("admin:annotator_statement_change", args=[statement.pk])
    form = admin_client_.get(url).context["adminform"].form
    data = {name: (form[name].value() if form[name].value() is not None else "") for name in form.fields}
    data["note"] = "checked in admin"
    response = admin_client_.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    statement.refresh_from_db()
    assert (statement.note, statement.version) == ("checked in admin", 2)
