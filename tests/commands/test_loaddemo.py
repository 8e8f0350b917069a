"""`manage.py loaddemo`: the seed page, cleaned and annotated by hand, and a demo login."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from annotator.models import Actor, Article, Proposition, Stance, Statement
from annotator.roles import Role, role_of

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def test_loads_the_cleaned_seed_article_with_its_hand_annotation():
    output = load()
    article = Article.objects.get()
    assert article.source.name == "Common Dreams"
    assert "Â" not in article.body and "SUBSCRIBE" not in article.body
    assert article.caption.startswith("F-4 Phantom jets")
    statements = Statement.objects.filter(article=article)
    assert statements.count() == 13
    assert all(s.quote == article.body[s.start : s.end] for s in statements)
    assert "demo / demo-password" in output


def test_the_pentagon_claim_and_the_iranian_denials_are_there_with_speaker_and_outlet():
    load()
    kirby = Actor.objects.get(name="Rear Admiral John Kirby")
    assert kirby.role == "Pentagon chief spokesperson"
    claim = Statement.objects.get(speaker=kirby, stance=Stance.CLAIM)
    assert "indications" in claim.quote
    official_denials = Statement.objects.filter(speaker__name="Senior Iranian official", stance=Stance.DENIAL)
    assert official_denials.count() == 2
    assert {s.via.name for s in official_denials} == {"Reuters"}
    assert official_denials.get(quote__startswith="Iran has never").responds_to == claim
    general = Statement.objects.get(speaker__name="Brigadier-General Massoud Jazayeri", cue="denied")
    assert (general.stance, general.via.name) == (Stance.DENIAL, "The Guardian")


def test_the_strikes_are_contested_and_the_coordination_only_denied():
    load()
    contested = set(Proposition.objects.contested().values_list("text", flat=True))
    assert "Iranian jets struck Islamic State targets in Iraq." in contested
    coordination = Proposition.objects.with_stance_counts().get(text__startswith="The US and Iran coordinate")
    assert (coordination.claim_count, coordination.denial_count) == (0, 4)


def test_the_demo_user_can_log_in_as_a_reviewer():
    load()
    user = authenticate(username="demo", password="demo-password")
    assert user is not None and role_of(user) == Role.REVIEWER


def test_loading_twice_changes_nothing():
    load()
    before = (Article.objects.count(), Statement.objects.count(), Actor.objects.count(), Proposition.objects.count())
    assert "already loaded" in load()
    assert (
        Article.objects.count(),
        Statement.objects.count(),
        Actor.objects.count(),
        Proposition.objects.count(),
    ) == before
