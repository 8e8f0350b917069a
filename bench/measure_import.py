"""4. Import throughput: articles per second through `articles_import_batches` (cleaning,
hashing, validation, one duplicate lookup, insert and commit per batch, the next batch
cleaned while one is stored: what `import_articles` runs), as a ratio to a raw COPY of the same
texts; and, for comparison, through `article_import`, one article per transaction (the
paste form and the API).

The imported articles are deleted afterwards, so the dataset stays what was generated."""

from __future__ import annotations

import time

from django.db import connection

from annotator.management.commands.import_articles import BATCH_SIZE
from annotator.models import Article
from annotator.models.articles import content_hash
from annotator.services.articles import ImportItem, article_import, articles_import_batches

from .corpus import import_texts


def _delete(ids: list[int]) -> None:
    """Remove the imported articles and their history rows (they have no statements)."""
    tables = (Article._meta.db_table, Article.history.model._meta.db_table)
    with connection.cursor() as cursor:
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("%s" for _ in chunk)
            for table in tables:
                cursor.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk)


def _copy_rate(texts: list[tuple[str, str]]) -> dict:
    """COPY the raw texts, hashed but not cleaned, into a scratch copy of the article
    table with its indexes (full-text, unique hash): the floor for getting them stored."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_articles")
        cursor.execute(f"CREATE TEMP TABLE bench_copy_articles (LIKE {Article._meta.db_table} INCLUDING ALL)")
        started = time.perf_counter()
        columns = "title, body, raw, caption, cleaning_report, content_hash, language, status, created_at, updated_at"
        now = time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime())
        with cursor.cursor.copy(f"COPY bench_copy_articles ({columns}) FROM STDIN") as copy:
            for title, raw in texts:
                copy.write_row((title, raw, raw, "", "[]", content_hash(raw), "en", "new", now, now))
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy_articles")
    return {"seconds": round(seconds, 2), "articles_per_s": round(len(texts) / seconds, 1)}


def run(count: int) -> dict:
    texts = import_texts(count)
    created: list[int] = []
    failed = 0
    started = time.perf_counter()
    try:
        batches = (
            [ImportItem(raw=raw, title=title) for title, raw in texts[i : i + BATCH_SIZE]]
            for i in range(0, len(texts), BATCH_SIZE)
        )
        for results in articles_import_batches(batches, suggest=False):
            for result in results:
                if result.error is not None:
                    failed += 1
                elif result.outcome.created:
                    created.append(result.outcome.article.pk)
        seconds = time.perf_counter() - started
        # Re-importing is a duplicate found by the unique hash, not by scanning.
        sample = texts[: max(1, count // 10)]
        t = time.perf_counter()
        duplicates = sum(not article_import(raw=raw, title=title, suggest=False).created for title, raw in sample)
        duplicate_seconds = time.perf_counter() - t
        # One article per transaction, on a tenth of the texts (imported again after a delete).
        _delete(created[: len(sample)])
        del created[: len(sample)]
        t = time.perf_counter()
        for title, raw in sample:
            created.append(article_import(raw=raw, title=title, suggest=False).article.pk)
        single_seconds = time.perf_counter() - t
    finally:
        _delete(created)
    result = {
        "articles": count,
        "batch_size": BATCH_SIZE,
        "created": len(created),
        "failed": failed,
        "seconds": round(seconds, 2),
        "articles_per_s": round(count / seconds, 1),
        "one_by_one": {"articles": len(sample), "articles_per_s": round(len(sample) / single_seconds, 1)},
        "duplicates_detected": f"{duplicates}/{len(sample)}",
        "duplicate_ms": round(duplicate_seconds * 1000 / len(sample), 2),
    }
    if connection.vendor == "postgresql":
        result["copy"] = _copy_rate(texts)
        result["ratio_to_copy"] = round(result["articles_per_s"] / result["copy"]["articles_per_s"], 3)
    return result
