"""The statement write path costs a fixed, small number of queries: the benchmark's
peers spend 13 to 68 on the same operation."""

import pytest
from django.core.exceptions import ValidationError

from annotator.models import Stance
from annotator.services.statements import statement_create, statement_update
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_creating_a_statement_takes_an_insert_its_history_and_nothing_else(django_assert_num_queries, analyst):
    article = ArticleFactory(status="in_progress")
    speaker, proposition, via = ActorFactory(), PropositionFactory(), SourceFactory()
    start = article.body.index("denied")
    # savepoint, is the article doubly annotated (an analyst's statement there would be
    # their own version), INSERT statement, INSERT history, release. The API and the reader
    # load the article with `is_double` and spare that query: tests/api/test_statements.py.
    with django_assert_num_queries(5):
        statement_create(
            article=article,
            start=start,
            end=start + 6,
            stance=Stance.DENIAL,
            speaker=speaker,
            proposition=proposition,
            via=via,
            annotator=analyst,
        )


def test_the_cheaper_validation_still_applies_every_rule():
    article = ArticleFactory()
    start = article.body.index("denied")
    with pytest.raises(ValidationError) as error:
        statement_create(article=article, start=start, end=start + 6, quote="refute", stance=Stance.CLAIM)
    assert {"quote", "speaker"} <= set(error.value.message_dict)


def test_editing_a_statement_takes_a_fixed_number_of_queries(django_assert_num_queries):
    statement = StatementFactory()
    # savepoint, claim the version, read it back with its article, UPDATE, INSERT history, release
    with django_assert_num_queries(6):
        statement_update(statement=statement, version=statement.version, note="checked")
