"""A batch import: the same rules as importing one article at a time, one transaction."""

import pytest
from django.db import DatabaseError, IntegrityError

from annotator.models import Article, Source
from annotator.services import articles as service
from annotator.services.articles import ImportItem, article_import, articles_import_batches, articles_import_many
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOISY = (
    "Iran denies air strikes\n"
    "SUBSCRIBE TO OUR FREE NEWSLETTER\n"
    '"Iran has never been involved in any air strikes," a senior Iranian official told Reuters.\n'
)


def text(n: int) -> str:
    return f"Paragraph {n}: the ministry said the convoy reached the border on day {n}."


def outcomes(results):
    return [
        "refused" if r.error else ("created" if r.outcome.created else f"duplicate of {r.outcome.duplicate_of.pk}")
        for r in results
    ]


def test_each_item_is_imported_refused_or_reported_as_a_duplicate_in_order():
    stored = ArticleFactory(body=text(0))
    by_url = ArticleFactory(body="Another text entirely.", url="https://example.org/a")
    items = [
        ImportItem(raw=text(1), title="one"),
        ImportItem(raw=text(0)),  # the same text as a stored article
        ImportItem(raw="   \n\n", ref="line 3"),  # nothing left after cleaning
        ImportItem(raw=text(3), url="https://example.org/a"),  # a stored article's URL
        ImportItem(raw="  " + text(1).upper() + "  "),  # the same text as item 1, up to case and spacing
    ]
    results = articles_import_many(items)

    first = results[0].outcome.article
    assert outcomes(results) == [
        "created",
        f"duplicate of {stored.pk}",
        "refused",
        f"duplicate of {by_url.pk}",
        f"duplicate of {first.pk}",
    ]
    assert "Nothing is left after cleaning" in results[2].reason and results[2].item.ref == "line 3"
    assert Article.objects.count() == 3


def test_a_batch_stores_what_importing_one_by_one_stores(analyst):
    user = analyst
    [result] = articles_import_many(
        [ImportItem(raw=NOISY, title=" Iran  denies ", source="Reuters Wire", published_at="2023-10-25")], user=user
    )
    batch = Article.objects.get(pk=result.outcome.article.pk)
    Article.history.all().delete()
    batch_fields = {
        f: getattr(batch, f) for f in ("title", "body", "raw", "caption", "cleaning_report", "content_hash")
    }
    batch_fields |= {"source": batch.source.name, "published_at": batch.published_at, "created_by": batch.created_by}
    Article.objects.all().delete()
    Source.objects.filter(name="Reuters Wire").delete()

    single = article_import(
        raw=NOISY, title=" Iran  denies ", source="Reuters Wire", published_at="2023-10-25", user=user
    ).article
    single_fields = {
        f: getattr(single, f) for f in ("title", "body", "raw", "caption", "cleaning_report", "content_hash")
    }
    single_fields |= {
        "source": single.source.name,
        "published_at": single.published_at,
        "created_by": single.created_by,
    }
    assert batch_fields == single_fields
    assert [d.reason for d in result.outcome.dropped] == [d["reason"] for d in single.cleaning_report]


def test_new_articles_get_their_history_row_with_the_importing_user(analyst):
    user = analyst
    results = articles_import_many([ImportItem(raw=text(n)) for n in range(3)], user=user)
    for result in results:
        [record] = Article.history.filter(id=result.outcome.article.pk)
        assert (record.history_type, record.history_user, record.body) == ("+", user, result.outcome.article.body)


def test_a_new_outlet_named_by_several_items_is_created_once():
    articles_import_many([ImportItem(raw=text(n), source="Tasnim") for n in range(3)])
    assert Source.objects.filter(name="Tasnim").count() == 1
    assert Article.objects.filter(source__name="Tasnim").count() == 3


def test_the_number_of_queries_does_not_grow_with_the_batch(django_assert_num_queries):
    articles_import_many([ImportItem(raw=text(100))], suggest=False)  # outlets, lexicons: warmed once
    with django_assert_num_queries(5):  # savepoint, duplicates, insert, history insert, release
        articles_import_many([ImportItem(raw=text(n)) for n in range(3)], suggest=False)
    with django_assert_num_queries(5):
        articles_import_many([ImportItem(raw=text(n)) for n in range(10, 60)], suggest=False)


def test_when_another_import_wins_a_race_the_batch_is_redone_item_by_item(monkeypatch):
    """Another import stores one of the texts between the duplicate lookup and the insert:
    the database refuses the batch, nothing of it stays, and each item gets its own outcome."""
    monkeypatch.setattr(service, "_stored_matching", lambda hashes, urls: [])  # the lookup ran first
    other = ArticleFactory(body=text(2))  # then the other import committed
    results = articles_import_many([ImportItem(raw=text(n)) for n in range(4)], suggest=False)

    assert outcomes(results) == ["created", "created", f"duplicate of {other.pk}", "created"]
    assert Article.objects.count() == 4
    assert Article.history.filter(history_type="+").count() == 4  # one each, none left by the refused batch


def test_a_refused_batch_leaves_no_outlet_it_created(monkeypatch):
    calls = []

    def refuse_once(objs, *args, **kwargs):
        calls.append(1)
        raise IntegrityError("simulated")

    monkeypatch.setattr(Article.objects, "bulk_create", refuse_once)
    monkeypatch.setattr(service, "article_import", lambda **kwargs: (_ for _ in ()).throw(IntegrityError("down")))
    with pytest.raises(IntegrityError):
        articles_import_many([ImportItem(raw=text(1), source="Brand New Outlet")])
    assert not Source.objects.filter(name="Brand New Outlet").exists()
    assert not Article.objects.exists()


def test_suggestions_are_queued_for_the_new_articles_only_after_commit(monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(service, "enqueue_suggestions", queued.append)
    stored = ArticleFactory(body=text(0))
    with django_capture_on_commit_callbacks(execute=True):
        results = articles_import_many([ImportItem(raw=text(n)) for n in range(3)])
    assert stored.pk not in queued
    assert sorted(queued) == sorted(r.outcome.article.pk for r in results if r.outcome.created)


def test_batches_are_imported_in_order_with_the_next_cleaned_meanwhile(analyst):
    batches = [[ImportItem(raw=text(n), ref=f"line {n}") for n in range(b * 3, b * 3 + 3)] for b in range(4)]
    batches[2].append(ImportItem(raw=text(0), ref="again"))  # a duplicate of the first batch's first
    results = [r for batch in articles_import_batches(batches, user=analyst, suggest=False) for r in batch]
    assert [r.item.ref for r in results] == [f"line {n}" for n in range(9)] + ["again"] + [
        f"line {n}" for n in range(9, 12)
    ]
    assert outcomes(results).count("created") == 12
    assert results[9].outcome.duplicate_of == results[0].outcome.article
    assert set(Article.objects.values_list("created_by", flat=True)) == {analyst.pk}


def test_a_batch_the_database_refuses_is_imported_article_by_article(monkeypatch):
    """Not a duplicate: say the disk filled up while the batch was written. The batch is
    rolled back whole, then each article gets its own outcome."""
    real = Article.objects.bulk_create

    def fails_for_batches(objs, *args, **kwargs):
        if len(objs) > 1:
            raise DatabaseError("could not extend file")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(Article.objects, "bulk_create", fails_for_batches)
    [results] = list(articles_import_batches([[ImportItem(raw=text(n)) for n in range(3)]], suggest=False))
    assert outcomes(results) == ["created", "created", "created"]
    assert Article.history.count() == 3
