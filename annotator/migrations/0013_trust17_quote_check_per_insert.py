"""The quote trigger, checked once per INSERT instead of once per row.

The row trigger read the article's body for every statement inserted: for a suggester
run of 22,000 suggestions on a 1,000,000-character article, 22,000 detoastings of a
megabyte and as many walks along it (about 5 ms a row: 200 rows a second). On
PostgreSQL the check of inserted rows is now a statement trigger over the inserted rows
(a transition table): each article's body is read once, cut into blocks of 250
characters, and each quote compared with the blocks it spans. The rule and its messages
are the same; updates keep the row trigger (they come one at a time).

SQLite has no statement triggers: its insert trigger now reads the body once per row
instead of twice."""

from django.db import migrations

import annotator.db

PG_INSERTED_FUNCTION = """
CREATE OR REPLACE FUNCTION annotator_statement_quotes_match_inserted() RETURNS trigger AS $$
DECLARE
    bad record;
BEGIN
    -- The length of each article once (a join would read the body again for each row).
    WITH lengths AS MATERIALIZED (
        SELECT a.id AS article_id, char_length(a.body) AS n
        FROM annotator_article a WHERE a.id IN (SELECT DISTINCT article_id FROM inserted)
    )
    SELECT r.article_id, r.start, r."end", lengths.n INTO bad
    FROM inserted r JOIN lengths ON lengths.article_id = r.article_id
    WHERE r."end" > lengths.n
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'statement end % is past the end of article % (% characters)',
            bad."end", bad.article_id, bad.n
            USING ERRCODE = 'check_violation';
    END IF;
    -- Each quote against the 250-character blocks of its article it spans (cut in one
    -- pass by a regular expression; substr would walk the body from its start for
    -- every block and every row), joined on article and block number.
    WITH blocks AS MATERIALIZED (
        SELECT a.id AS article_id, m.i - 1 AS i, m.block[1] AS block
        FROM annotator_article a, regexp_matches(a.body, '.{1,250}', 'g') WITH ORDINALITY AS m(block, i)
        WHERE a.id IN (SELECT DISTINCT article_id FROM inserted)
    ), spans AS MATERIALIZED (
        SELECT r.id, r.article_id, r.start, r."end", r.quote, s.i
        FROM inserted r, generate_series(r.start / 250, (r."end" - 1) / 250) AS s(i)
    )
    SELECT s.article_id, s.start, s."end" INTO bad
    FROM spans s JOIN blocks b ON b.article_id = s.article_id AND b.i = s.i
    GROUP BY s.id, s.article_id, s.start, s."end", s.quote
    HAVING substr(string_agg(b.block, '' ORDER BY b.i), s.start % 250 + 1, s."end" - s.start)
           IS DISTINCT FROM s.quote
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'statement quote is not the text of article % between % and %',
            bad.article_id, bad.start, bad."end"
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
-- A transition table has no statistics: without these the planner may join every block
-- with every row (4,000,000 pairs for 1,000 rows), and JIT-compile the query each time.
SET jit = off
SET enable_nestloop = off
SET enable_mergejoin = off;
"""

PG_FORWARD = [
    "DROP TRIGGER IF EXISTS annotator_statement_quote_matches ON annotator_statement",
    """CREATE TRIGGER annotator_statement_quote_matches
       BEFORE UPDATE OF article_id, start, "end", quote ON annotator_statement
       FOR EACH ROW EXECUTE FUNCTION annotator_statement_quote_matches()""",
    PG_INSERTED_FUNCTION,
    """CREATE TRIGGER annotator_statement_quotes_match_inserted
       AFTER INSERT ON annotator_statement REFERENCING NEW TABLE AS inserted
       FOR EACH STATEMENT EXECUTE FUNCTION annotator_statement_quotes_match_inserted()""",
]

PG_REVERSE = [
    "DROP TRIGGER IF EXISTS annotator_statement_quotes_match_inserted ON annotator_statement",
    "DROP FUNCTION IF EXISTS annotator_statement_quotes_match_inserted()",
    "DROP TRIGGER IF EXISTS annotator_statement_quote_matches ON annotator_statement",
    """CREATE TRIGGER annotator_statement_quote_matches
       BEFORE INSERT OR UPDATE OF article_id, start, "end", quote ON annotator_statement
       FOR EACH ROW EXECUTE FUNCTION annotator_statement_quote_matches()""",
]

# One read of the body: the end is past it exactly when its last character is missing.
SQLITE_INSERT = """
CREATE TRIGGER annotator_statement_quote_matches_insert
BEFORE INSERT ON annotator_statement
WHEN (SELECT substr(body, NEW.start + 1, NEW."end" - NEW.start) IS NOT NEW.quote
             OR substr(body, NEW."end", 1) = ''
      FROM annotator_article WHERE id = NEW.article_id) IS NOT 0
BEGIN SELECT RAISE(ABORT, 'statement quote is not the text of its article between start and end'); END;
"""

SQLITE_INSERT_BEFORE = """
CREATE TRIGGER annotator_statement_quote_matches_insert
BEFORE INSERT ON annotator_statement
WHEN NEW."end" > (SELECT length(body) FROM annotator_article WHERE id = NEW.article_id)
    OR substr((SELECT body FROM annotator_article WHERE id = NEW.article_id),
              NEW.start + 1, NEW."end" - NEW.start) IS NOT NEW.quote
BEGIN SELECT RAISE(ABORT, 'statement quote is not the text of its article between start and end'); END;
"""


class Migration(migrations.Migration):
    dependencies = [("annotator", "0012_teams_projects")]

    operations = [
        annotator.db.VendorSQL(
            postgresql=PG_FORWARD,
            postgresql_reverse=PG_REVERSE,
            sqlite=["DROP TRIGGER IF EXISTS annotator_statement_quote_matches_insert", SQLITE_INSERT],
            sqlite_reverse=["DROP TRIGGER IF EXISTS annotator_statement_quote_matches_insert", SQLITE_INSERT_BEFORE],
        ),
    ]
