"""A statement's span is checked in Python (clean) and by the database itself."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from annotator.models import Stance, Statement
from annotator.services.statements import statement_create
from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_statement_create_derives_the_quote_from_the_offsets():
    article = ArticleFactory()
    start = article.body.index("denied accusations")
    statement = statement_create(
        article=article, start=start, end=start + 18, stance=Stance.DENIAL, speaker=ActorFactory()
    )
    assert statement.quote == "denied accusations"


def test_a_quote_that_is_not_the_text_at_the_offsets_is_refused_with_the_field_named():
    article = ArticleFactory()
    with pytest.raises(ValidationError) as error:
        statement_create(article=article, start=0, end=7, quote="Tehran!", stance=Stance.CLAIM, speaker=ActorFactory())
    assert "quote" in error.value.message_dict


@pytest.mark.parametrize(("start", "end", "field"), [(5, 5, "end"), (9, 3, "end"), (0, 10**6, "end")])
def test_offsets_out_of_order_or_out_of_range_are_refused(start, end, field):
    with pytest.raises(ValidationError) as error:
        statement_create(article=ArticleFactory(), start=start, end=end, stance=Stance.CLAIM, speaker=ActorFactory())
    assert field in error.value.message_dict


def test_database_refuses_a_quote_that_does_not_match_the_body_even_past_the_orm():
    statement = StatementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(quote="x" * len(statement.quote))


def test_database_refuses_an_end_before_the_start():
    statement = StatementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(end=statement.start)


def test_database_refuses_an_end_past_the_body():
    statement = StatementFactory()
    body_length = len(statement.article.body)
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(
            start=body_length - 2, end=body_length + 3, quote=statement.article.body[-2:] + "abc"
        )
