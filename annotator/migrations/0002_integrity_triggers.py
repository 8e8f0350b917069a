"""Invariants the database itself enforces, whoever writes to it (ORM, COPY, psql):

- a statement's quote is exactly body[start:end] of its article, and end is within the body;
- an article's body cannot change once it has statements (their offsets would drift).

Both databases count characters as code points (PostgreSQL char_length/substr on
UTF-8, SQLite length/substr on text), the same as Python string indices.
"""

from django.db import migrations

import annotator.db

PG_QUOTE_FUNCTION = """
CREATE OR REPLACE FUNCTION annotator_statement_quote_matches() RETURNS trigger AS $$
DECLARE
    article_body text;
BEGIN
    SELECT body INTO article_body FROM annotator_article WHERE id = NEW.article_id;
    IF NEW."end" > char_length(article_body) THEN
        RAISE EXCEPTION 'statement end % is past the end of article % (% characters)',
            NEW."end", NEW.article_id, char_length(article_body)
            USING ERRCODE = 'check_violation';
    END IF;
    IF substr(article_body, NEW.start + 1, NEW."end" - NEW.start) IS DISTINCT FROM NEW.quote THEN
        RAISE EXCEPTION 'statement quote is not the text of article % between % and %',
            NEW.article_id, NEW.start, NEW."end"
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

PG_QUOTE_TRIGGER = """
CREATE TRIGGER annotator_statement_quote_matches
BEFORE INSERT OR UPDATE OF article_id, start, "end", quote ON annotator_statement
FOR EACH ROW EXECUTE FUNCTION annotator_statement_quote_matches();
"""

PG_BODY_FUNCTION = """
CREATE OR REPLACE FUNCTION annotator_article_body_frozen() RETURNS trigger AS $$
BEGIN
    IF NEW.body IS DISTINCT FROM OLD.body
       AND EXISTS (SELECT 1 FROM annotator_statement WHERE article_id = OLD.id) THEN
        RAISE EXCEPTION 'article % has statements: its body cannot change', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

PG_BODY_TRIGGER = """
CREATE TRIGGER annotator_article_body_frozen
BEFORE UPDATE OF body ON annotator_article
FOR EACH ROW EXECUTE FUNCTION annotator_article_body_frozen();
"""

SQLITE_QUOTE_CONDITION = """
    NEW."end" > (SELECT length(body) FROM annotator_article WHERE id = NEW.article_id)
    OR substr((SELECT body FROM annotator_article WHERE id = NEW.article_id),
              NEW.start + 1, NEW."end" - NEW.start) IS NOT NEW.quote
"""

SQLITE_QUOTE_INSERT = f"""
CREATE TRIGGER annotator_statement_quote_matches_insert
BEFORE INSERT ON annotator_statement
WHEN {SQLITE_QUOTE_CONDITION}
BEGIN SELECT RAISE(ABORT, 'statement quote is not the text of its article between start and end'); END;
"""

SQLITE_QUOTE_UPDATE = f"""
CREATE TRIGGER annotator_statement_quote_matches_update
BEFORE UPDATE OF article_id, start, "end", quote ON annotator_statement
WHEN {SQLITE_QUOTE_CONDITION}
BEGIN SELECT RAISE(ABORT, 'statement quote is not the text of its article between start and end'); END;
"""

SQLITE_BODY_TRIGGER = """
CREATE TRIGGER annotator_article_body_frozen
BEFORE UPDATE OF body ON annotator_article
WHEN NEW.body IS NOT OLD.body AND EXISTS (SELECT 1 FROM annotator_statement WHERE article_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'article has statements: its body cannot change'); END;
"""


# Full-text search (PostgreSQL only; SQLite falls back to substring search). The
# expressions are exactly what `search_vector()` and `quote_search_vector()` in the
# models compile to, so the planner can use these indexes.
PG_SEARCH_INDEXES = [
    """CREATE INDEX IF NOT EXISTS article_search ON annotator_article
       USING gin ((to_tsvector('english'::regconfig, COALESCE("title", '') || ' ' || COALESCE("body", ''))))""",
    """CREATE INDEX IF NOT EXISTS statement_quote_search ON annotator_statement
       USING gin ((to_tsvector('english'::regconfig, COALESCE("quote", ''))))""",
]


class Migration(migrations.Migration):
    dependencies = [("annotator", "0001_initial")]

    operations = [
        annotator.db.VendorSQL(
            postgresql=[PG_QUOTE_FUNCTION, PG_QUOTE_TRIGGER, PG_BODY_FUNCTION, PG_BODY_TRIGGER, *PG_SEARCH_INDEXES],
            postgresql_reverse=[
                "DROP TRIGGER IF EXISTS annotator_statement_quote_matches ON annotator_statement",
                "DROP FUNCTION IF EXISTS annotator_statement_quote_matches()",
                "DROP TRIGGER IF EXISTS annotator_article_body_frozen ON annotator_article",
                "DROP FUNCTION IF EXISTS annotator_article_body_frozen()",
                "DROP INDEX IF EXISTS article_search",
                "DROP INDEX IF EXISTS statement_quote_search",
            ],
            sqlite=[SQLITE_QUOTE_INSERT, SQLITE_QUOTE_UPDATE, SQLITE_BODY_TRIGGER],
            sqlite_reverse=[
                "DROP TRIGGER IF EXISTS annotator_statement_quote_matches_insert",
                "DROP TRIGGER IF EXISTS annotator_statement_quote_matches_update",
                "DROP TRIGGER IF EXISTS annotator_article_body_frozen",
            ],
        ),
    ]
