"""Test data. Statements are placed on real text: pass `text` (a substring of the
article body) and the factory finds its offsets."""

import factory
from django.utils.text import slugify

from annotator.models import Actor, ActorKind, Article, Proposition, Source, SourceKind, Stance, Statement

BODY = (
    "Iranian officials on Wednesday denied accusations that its military has been involved in airstrikes.\n\n"
    '"Iran has never been involved in any air strikes," a senior Iranian official told Reuters.\n\n'
    'Pentagon spokesperson John Kirby said there were "indications" the Iranians "have flown these missions."'
)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = SourceKind.NEWSPAPER
    aliases = factory.LazyFunction(list)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    source = factory.SubFactory(SourceFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(lambda n: f"{BODY}\n\nItem {n}.")
    raw = factory.LazyAttribute(lambda o: o.body)
    published_at = factory.Faker("date_time_this_decade", tzinfo=__import__("datetime").UTC)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Speaker {n}")
    kind = ActorKind.PERSON
    role = "spokesperson"
    aliases = factory.LazyFunction(list)


class PropositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposition

    text = factory.Sequence(lambda n: f"Proposition number {n} holds.")
    topics = factory.LazyFunction(list)


class StatementFactory(factory.django.DjangoModelFactory):
    """`StatementFactory(article=a, text="has never been involved")` marks that text."""

    class Meta:
        model = Statement
        exclude = ("text",)

    article = factory.SubFactory(ArticleFactory)
    text = "denied accusations"
    start = factory.LazyAttribute(lambda o: o.article.body.index(o.text))
    end = factory.LazyAttribute(lambda o: o.start + len(o.text))
    quote = factory.LazyAttribute(lambda o: o.article.body[o.start : o.end])
    speaker = factory.SubFactory(ActorFactory)
    proposition = factory.SubFactory(PropositionFactory)
    stance = Stance.CLAIM
