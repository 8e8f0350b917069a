"""Full-text search on SQLite: an FTS5 index of the articles' title and text.

PostgreSQL searches the stored document of migration 0005; SQLite had only substring
matching, so "airstrikes Iraq" (two words, the search box's own example) found nothing.
FTS5 is built into SQLite. The index is an external-content table: it stores the index
only, reads the text from annotator_article, and triggers keep it in step with every
insert, change of title or text, and delete, whatever writes them. The porter tokenizer
stems English words as PostgreSQL's `english` configuration does (airstrike, airstrikes).
Nothing changes on PostgreSQL.
"""

from django.db import migrations

import annotator.db

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS annotator_article_fts USING fts5(
           title, body, content='annotator_article', content_rowid='id',
           tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS annotator_article_fts_insert AFTER INSERT ON annotator_article BEGIN
           INSERT INTO annotator_article_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
       END""",
    """CREATE TRIGGER IF NOT EXISTS annotator_article_fts_delete AFTER DELETE ON annotator_article BEGIN
           INSERT INTO annotator_article_fts (annotator_article_fts, rowid, title, body)
           VALUES ('delete', old.id, old.title, old.body);
       END""",
    """CREATE TRIGGER IF NOT EXISTS annotator_article_fts_update AFTER UPDATE OF title, body ON annotator_article
       BEGIN
           INSERT INTO annotator_article_fts (annotator_article_fts, rowid, title, body)
           VALUES ('delete', old.id, old.title, old.body);
           INSERT INTO annotator_article_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
       END""",
    # Articles already there.
    "INSERT INTO annotator_article_fts (annotator_article_fts) VALUES ('rebuild')",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS annotator_article_fts_update",
    "DROP TRIGGER IF EXISTS annotator_article_fts_delete",
    "DROP TRIGGER IF EXISTS annotator_article_fts_insert",
    "DROP TABLE IF EXISTS annotator_article_fts",
]


class Migration(migrations.Migration):
    dependencies = [("annotator", "0009_statement_live_counts")]

    operations = [annotator.db.VendorSQL(postgresql=[], sqlite=SQLITE_FORWARD, sqlite_reverse=SQLITE_REVERSE)]
