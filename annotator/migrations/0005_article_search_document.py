"""Articles keep their full-text search document in a stored column (PostgreSQL only).

An index on the expression `to_tsvector(title || body)` answers plain word searches,
but a GIN index does not hold word positions: every phrase search ("chemical weapons")
rechecks each candidate row, and with only the expression indexed that recheck parses
the whole body again — 10 s at archive scale. A stored generated column is computed
once, when the row is written, and the recheck reads it. The expression stays the one
`annotator.models.articles.search_vector()` builds, so the stored and the computed
documents are the same.

SQLite has no text search (search falls back to substring matching there), so the
column exists only on PostgreSQL; the model does not declare it, and queries reach it
through `annotator.search.ArticleSearchDocument`.
"""

from django.db import migrations

import annotator.db

PG_FORWARD = [
    """ALTER TABLE annotator_article ADD COLUMN IF NOT EXISTS search_document tsvector
       GENERATED ALWAYS AS (
           to_tsvector('english'::regconfig, COALESCE("title", '') || ' ' || COALESCE("body", ''))
       ) STORED""",
    "CREATE INDEX IF NOT EXISTS article_search_document ON annotator_article USING gin (search_document)",
    "DROP INDEX IF EXISTS article_search",
]

PG_REVERSE = [
    """CREATE INDEX IF NOT EXISTS article_search ON annotator_article
       USING gin ((to_tsvector('english'::regconfig, COALESCE("title", '') || ' ' || COALESCE("body", ''))))""",
    "DROP INDEX IF EXISTS article_search_document",
    "ALTER TABLE annotator_article DROP COLUMN IF EXISTS search_document",
]


class Migration(migrations.Migration):
    dependencies = [("annotator", "0004_api_tokens")]

    operations = [annotator.db.VendorSQL(postgresql=PG_FORWARD, postgresql_reverse=PG_REVERSE, sqlite=[])]
