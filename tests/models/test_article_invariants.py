"""An article's text is its identity (unique hash) and, once annotated, frozen."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from annotator.models import Article
from annotator.models.articles import content_hash
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_the_same_text_cannot_be_stored_twice():
    article = ArticleFactory(body="One paragraph of news.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(body="One paragraph of news.", title="copy")
    assert Article.objects.filter(content_hash=article.content_hash).count() == 1


def test_the_hash_ignores_spacing_and_case_so_a_reformatted_copy_is_a_duplicate():
    assert content_hash("Iran  denied\nit.") == content_hash("iran denied it.")
    assert content_hash("Iran denied it.") != content_hash("Iran confirmed it.")


def test_an_article_url_is_unique_when_set_and_optional_otherwise():
    ArticleFactory(url=None)
    ArticleFactory(url=None)
    ArticleFactory(url="https://example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://example.org/a")


def test_an_unannotated_body_may_still_be_corrected():
    article = ArticleFactory()
    article.body = article.body + " Corrected."
    article.full_clean()
    article.save()
    article.refresh_from_db()
    assert article.body.endswith("Corrected.")


def test_an_annotated_body_cannot_change_through_the_model():
    statement = StatementFactory()
    article = statement.article
    article.body = article.body.replace("denied", "refuted")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "body" in error.value.message_dict


def test_an_annotated_body_cannot_change_even_past_the_orm():
    statement = StatementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=statement.article_id).update(body="Something else entirely.")
    statement.article.refresh_from_db()
    assert statement.article.body[statement.start : statement.end] == statement.quote


def test_other_fields_of_an_annotated_article_can_change():
    statement = StatementFactory()
    Article.objects.filter(pk=statement.article_id).update(title="Better title", status="done")
    assert Article.objects.get(pk=statement.article_id).title == "Better title"


@pytest.mark.postgres
def test_postgres_has_the_integrity_triggers_and_search_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'annotator_%'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"annotator_statement_quote_matches", "annotator_article_body_frozen"} <= triggers
    assert {"article_search_document", "statement_quote_search"} <= indexes


@pytest.mark.postgres
def test_postgres_keeps_the_stored_search_document_equal_to_the_title_and_body():
    from annotator.models.articles import search_vector
    from annotator.search import ArticleSearchDocument

    article = ArticleFactory(title="Kirby briefing", body="Iran flew missions over Syria.")
    Article.objects.filter(pk=article.pk).update(title="Zakharova briefing")
    stored, computed = Article.objects.filter(pk=article.pk).values_list(ArticleSearchDocument(), search_vector()).get()
    assert stored == computed
    assert "zakharova" in stored and "kirbi" not in stored


@pytest.mark.postgres
def test_postgres_refuses_a_raw_insert_whose_quote_is_not_the_body_slice():
    article = ArticleFactory(body="Kirby said Iran flew missions.")
    with pytest.raises(IntegrityError, match="quote"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO annotator_statement (article_id, start, "end", quote, speaker_text, stance, cue,
               direct, origin, review_status, note, created_at, updated_at, version)
               VALUES (%s, 0, 5, 'Biden', '', 'claim', '', false, 'manual', 'accepted', '', now(), now(), 1)""",
            [article.pk],
        )


@pytest.mark.postgres
def test_postgres_counts_offsets_in_code_points_like_python():
    body = "Le ministre 🇫🇷 a nié 𝒳: «aucune frappe»."
    article = ArticleFactory(body=body)
    start = body.index("«aucune")
    statement = StatementFactory(article=article, text="«aucune frappe»")
    assert (statement.start, statement.end) == (start, start + len("«aucune frappe»"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT substr(body, %s + 1, %s - %s) FROM annotator_article WHERE id = %s",
            [statement.start, statement.end, statement.start, article.pk],
        )
        assert cursor.fetchone()[0] == "«aucune frappe»"
