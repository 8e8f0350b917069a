"""PostgreSQL's quote check per INSERT costs the same whatever the archive's size: it
reads the inserted rows' articles by primary key, never the whole article table (which
made one analyst's save cost tens of milliseconds at 100,000 articles), and it refuses
every bad row whichever way it checks it (its own slice for an article receiving few
rows, the body cut in blocks for one receiving many)."""

from importlib import import_module

import pytest
from django.db import DatabaseError, connection, transaction

from annotator.models import Article, Origin, ReviewStatus, Statement
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

PENDING = {"origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING}
# One more than an INSERT may give an article before its body is cut in blocks.
CROWDED = import_module("annotator.migrations.0017_bulk17c_quote_check_by_key").FEW + 1


@pytest.fixture
def archive():
    """Enough articles that scanning them all would be the planner's worst choice."""
    body = "Officials said the talks went well; others denied it. " * 20
    Article.objects.bulk_create(
        Article(title=f"Archive {n}", body=f"{body}{n}", raw=f"{body}{n}", content_hash=f"archive-{n}")
        for n in range(400)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE annotator_article")
    return ArticleFactory(body="Café owners said the Núñez plan failed. " * 40, url=None)


def spans(article, count: int, *, step: int = 10, width: int = 8) -> list[Statement]:
    body = article.body
    return [
        Statement(
            article=article, start=n * step, end=n * step + width, quote=body[n * step : n * step + width], **PENDING
        )
        for n in range(count)
    ]


def article_table_reads(cursor) -> tuple[int, int]:
    """Sequential scans and index scans of the article table in this transaction so far."""
    cursor.execute(
        "SELECT seq_scan, coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables WHERE relname = 'annotator_article'"
    )
    row = cursor.fetchone()
    return (0, 0) if row is None else row


@pytest.mark.parametrize("rows", [1, CROWDED], ids=["one row", "many rows of one article"])
def test_an_insert_reads_its_article_by_key_and_never_scans_the_article_table(archive, rows):
    with transaction.atomic(), connection.cursor() as cursor:
        scans_before, lookups_before = article_table_reads(cursor)
        Statement.objects.bulk_create(spans(archive, rows))
        scans_after, lookups_after = article_table_reads(cursor)
    assert scans_after == scans_before
    assert lookups_after > lookups_before
    assert Statement.objects.filter(article=archive).count() == rows


def test_one_insert_mixing_articles_with_few_and_many_rows_stores_them_all(archive):
    other = ArticleFactory(url=None)
    Statement.objects.bulk_create(spans(archive, CROWDED) + spans(other, 3))
    assert Statement.objects.filter(article=archive).count() == CROWDED
    assert Statement.objects.filter(article=other).count() == 3


@pytest.mark.parametrize("rows", [1, 3, CROWDED], ids=["alone", "among few", "among many"])
def test_a_wrong_quote_is_refused_however_many_rows_its_article_receives(archive, rows):
    # In the same INSERT, rows of another article checked the other way.
    bystander = spans(ArticleFactory(url=None), CROWDED if rows < CROWDED else 2)
    made = spans(archive, rows)
    made[-1].quote = "x" * 8
    with pytest.raises(DatabaseError, match=f"quote is not the text of article {archive.pk} between"):
        with transaction.atomic():
            Statement.objects.bulk_create(bystander + made)
    assert not Statement.objects.exists()


@pytest.mark.parametrize("rows", [1, 3, CROWDED], ids=["alone", "among few", "among many"])
def test_an_end_past_the_body_is_named_as_such_before_any_wrong_quote(archive, rows):
    body = archive.body
    made = spans(archive, rows)
    made[0].quote = "x" * 8  # reported after the end past the body, whichever comes first
    made[-1] = Statement(article=archive, start=len(body) - 2, end=len(body) + 1, quote=body[-2:] + "x", **PENDING)
    with pytest.raises(DatabaseError, match=rf"end {len(body) + 1} is past the end of article {archive.pk}"):
        with transaction.atomic():
            Statement.objects.bulk_create(made)
    assert not Statement.objects.exists()


def test_offsets_count_code_points_on_both_ways_of_checking(archive):
    # "Café" and "Núñez" are one code point a letter: a byte count would shift each quote.
    accented = [s for s in spans(archive, 100, step=13, width=11) if not s.quote.isascii()]
    assert len(accented) > CROWDED
    Statement.objects.bulk_create(accented[:2])
    Statement.objects.bulk_create(accented[2 : 2 + CROWDED])
    assert Statement.objects.filter(article=archive).count() == 2 + CROWDED
