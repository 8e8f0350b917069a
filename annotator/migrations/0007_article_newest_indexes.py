"""Indexes in the order the article list sorts by: newest first, undated last.

The list orders by `published_at DESC NULLS LAST, id DESC` (undated articles last, on
both databases). PostgreSQL's default for a descending index is NULLS FIRST, so the
model's `(-published_at, -id)` index could not serve that order and the first page of
100,000 articles was a full sort (85 ms) instead of reading 50 index entries. The
by-source and by-status lists sort the same way. (The existing indexes still serve the
"oldest first" order, read backwards.)

PostgreSQL only: SQLite already puts NULLs last when descending, and its CREATE INDEX
has no NULLS clause.
"""

from django.db import migrations

import annotator.db

INDEXES = {
    "article_newest": "(published_at DESC NULLS LAST, id DESC)",
    "article_source_newest": "(source_id, published_at DESC NULLS LAST, id DESC)",
    "article_status_newest": "(status, published_at DESC NULLS LAST, id DESC)",
}


class Migration(migrations.Migration):
    dependencies = [("annotator", "0006_jobs")]

    operations = [
        annotator.db.VendorSQL(
            postgresql=[
                f"CREATE INDEX IF NOT EXISTS {name} ON annotator_article {columns}" for name, columns in INDEXES.items()
            ],
            postgresql_reverse=[f"DROP INDEX IF EXISTS {name}" for name in INDEXES],
            sqlite=[],
        )
    ]
