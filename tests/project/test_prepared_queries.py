"""The lookups every request makes are prepared on PostgreSQL; nothing else is.

A prepared query skips parsing and planning on its next runs. PostgreSQL gives it one
generic plan after five runs, which is right for a lookup by key and wrong for a search
or a skewed filter: so only the lookups opt in, through `annotator.db.prepared()`."""

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from annotator.db import prepared
from annotator.models import Article, Statement
from annotator.services.tokens import token_create
from tests.factories import ArticleFactory, StatementFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def prepared_on(table: str) -> list[str]:
    return [sql for sql in prepared_statements() if f'FROM "{table}"' in sql]


def test_a_query_inside_prepared_is_prepared_and_one_outside_is_not():
    article = ArticleFactory()
    for _ in range(3):
        list(Article.objects.filter(title__startswith="x"))
    assert prepared_on("annotator_article") == []

    with prepared():
        assert Article.objects.get(pk=article.pk) == article
    [sql] = prepared_on("annotator_article")
    assert '"annotator_article"."id" = $1' in sql


def test_the_next_query_after_the_block_is_not_prepared_even_after_an_error():
    with pytest.raises(Article.DoesNotExist), prepared():
        Article.objects.get(pk=0)
    before = len(prepared_statements())
    for _ in range(6):
        list(Statement.objects.filter(quote__contains="x"))
    assert len(prepared_statements()) == before


def test_the_reader_prepares_its_article_and_statements_lookups(client, make_user):
    article = ArticleFactory()
    StatementFactory(article=article)
    client.force_login(make_user("viewer"))
    assert client.get(reverse("article_detail", args=[article.pk])).status_code == 200
    assert len(prepared_on("annotator_article")) == 1
    assert len(prepared_on("annotator_statement")) == 1
    # The session and the signed-in user with their role are looked up by key too.
    assert len(prepared_on("django_session")) == 1
    assert len(prepared_on("auth_user")) == 1


def test_a_second_reader_view_reuses_the_prepared_lookups(client, make_user):
    first, second = ArticleFactory(), ArticleFactory()
    client.force_login(make_user("viewer"))
    client.get(reverse("article_detail", args=[first.pk]))
    count = len(prepared_statements())
    assert client.get(reverse("article_detail", args=[second.pk])).status_code == 200
    assert len(prepared_statements()) == count


def test_an_api_token_lookup_is_prepared_and_a_filtered_list_is_not(make_user):
    _, key = token_create(user=make_user("viewer"), name="prepared")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for _ in range(6):
        assert api.get(reverse("api:statement-list"), {"q": "ceasefire"}).status_code == 200
    assert len(prepared_on("annotator_apitoken")) == 1
    assert prepared_on("annotator_statement") == []
