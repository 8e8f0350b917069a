"""Storing and accepting suggestions keeps the knowledge base clean: outlets the project
does not know become sources only when a reviewer accepts, aliases are names, and the
claim a denial answers is stored with it (issue 14, patterns 2, 4 and 6)."""

import pytest

from annotator.models import Actor, Origin, Source, Statement
from annotator.services.suggestions import speaker_outcome, suggestion_accept, suggestions_generate
from tests.factories import ActorFactory, ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

BODY = (
    "The newspaper reported that the minister had taken bribes from the builder.\n\n"
    '"That is simply untrue," the spokeswoman, Maria Costa, told broadcaster KBS.'
)


def suggested(article):
    return list(Statement.objects.filter(article=article, origin=Origin.SUGGESTED).order_by("start"))


def test_an_unknown_outlet_is_no_source_until_the_suggestion_is_accepted(reviewer):
    article = ArticleFactory(body=BODY)
    before = set(Source.objects.values_list("name", flat=True))
    suggestions_generate(article=article)
    denial = suggested(article)[-1]
    assert denial.via is None and "Relayed via KBS (not a known source)" in denial.note
    assert set(Source.objects.values_list("name", flat=True)) == before
    accepted = suggestion_accept(statement=denial, version=denial.version, user=reviewer)
    assert accepted.via.name == "KBS"


def test_accepting_finds_the_outlet_by_alias_instead_of_making_another(reviewer):
    article = ArticleFactory(body=BODY)
    suggestions_generate(article=article)
    kbs = SourceFactory(name="Korean Broadcasting System", aliases=["KBS"])  # added meanwhile
    denial = suggested(article)[-1]
    assert suggestion_accept(statement=denial, version=denial.version, user=reviewer).via == kbs


def test_a_known_outlet_is_linked_at_once():
    kbs = SourceFactory(name="KBS")
    article = ArticleFactory(body=BODY)
    suggestions_generate(article=article)
    assert suggested(article)[-1].via == kbs


def test_the_denial_stores_the_claim_it_answers():
    article = ArticleFactory(body=BODY)
    suggestions_generate(article=article)
    claim, denial = suggested(article)
    assert (claim.stance, denial.stance) == ("claim", "denial")
    assert denial.responds_to == claim


def test_accepting_adds_no_raw_text_as_an_alias(reviewer):
    article = ArticleFactory(body=BODY)
    suggestions_generate(article=article)
    denial = suggested(article)[-1]
    assert denial.speaker_text == "the spokeswoman, Maria Costa,"
    actor = suggestion_accept(statement=denial, version=denial.version, user=reviewer).speaker
    assert (actor.name, actor.aliases) == ("Maria Costa", [])


def test_another_name_for_the_actor_does_become_an_alias(reviewer):
    body = "Andrés Manuel López Obrador spoke on Monday.\n\nAMLO said the plan would work."
    article = ArticleFactory(body=body)
    suggestions_generate(article=article)
    (statement,) = suggested(article)
    statement.note = "Proposed new actor: Andrés Manuel López Obrador [person]"
    statement.save()
    actor = suggestion_accept(statement=statement, version=statement.version, user=reviewer).speaker
    assert actor.aliases == ["AMLO"]


def test_the_queue_says_which_actor_the_speaker_becomes():
    costa = ActorFactory(name="Maria Costa")
    article = ArticleFactory(body=BODY)
    suggestions_generate(article=article)
    claim, denial = suggested(article)
    assert speaker_outcome(denial) == costa.name
    other = ArticleFactory(body=BODY.replace("Maria Costa", "Ana Lima"))
    suggestions_generate(article=other)
    assert speaker_outcome(suggested(other)[-1]) == "new actor: Ana Lima"
    assert not Actor.objects.filter(name="Ana Lima").exists()


def test_the_review_queue_shows_it(client, reviewer):
    article = ArticleFactory(body=BODY.replace("Maria Costa", "Ana Lima"))
    suggestions_generate(article=article)
    client.force_login(reviewer)
    page = client.get("/review/").content.decode()
    assert "new actor: Ana Lima" in page
    assert "new actor: The newspaper" in page
