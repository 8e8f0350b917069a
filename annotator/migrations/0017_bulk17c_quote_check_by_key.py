"""The quote check per INSERT finds its articles by primary key, whatever the archive's size.

The check of 0013_trust17 ran with nested loops disabled (so that the planner, which has
no statistics for a transition table, could not join every block with every row); that
also forbade the index lookup of the inserted rows' articles, so each of its two queries
read the whole article table through a hash join: one statement saved by an analyst cost
a scan of every article (about 60 ms at 100,000 articles), twice. Articles are now
looked up with `id = ANY(array)` or a scalar subquery by id, which are index scans, not
joins, and the join settings do not touch them.

A row whose article receives few rows in the INSERT (an analyst's save, the API's create,
a bulk insert spread over many articles) is compared with its own slice of the body: a
body cut into 250-character blocks (one pass of a regular expression over all of it)
costs more than a few slices. The blocks stay for an article receiving many rows at
once (a suggester run), where one pass beats a walk along the body per row. The rule
and its two messages are the same; a row whose article does not exist is still left to
the foreign key, checked at commit."""

from django.db import migrations

import annotator.db

# Above this many rows for one article in one INSERT, its body is cut into blocks once;
# at or below it, each row takes its own slice. A slice walks the body up to the row's
# end (code points, not bytes): on a 1,000,000-character article about 15 ns a character,
# 13.5 ms for a row ending at 900,000, 0.1 ms for one at 1,000, while the blocks cost
# 80-100 ms whatever the rows (trigger times, EXPLAIN ANALYZE: 4 rows spread along that
# body 75 ms by slices, 16 rows 370 ms by slices, 17 rows 84 ms by blocks). On articles of
# a few thousand characters both ways cost about the same.
FEW = 4

PG_INSERTED_FUNCTION = f"""
CREATE OR REPLACE FUNCTION annotator_statement_quotes_match_inserted() RETURNS trigger AS $$
DECLARE
    bad record;
    crowded bigint[];
BEGIN
    SELECT coalesce(array_agg(article_id), '{{}}') INTO crowded
    FROM (SELECT article_id FROM inserted GROUP BY article_id HAVING count(*) > {FEW}) c;

    -- Rows of articles receiving few: each against its slice, the body read by key (a
    -- scalar subquery; OFFSET 0 keeps it from being inlined into each use). One slice a
    -- row answers both rules, the quote being end - start long (a check constraint): a
    -- slice cut short by the end of the body differs from it too. A row whose article
    -- does not exist (no slice) is left to the foreign key. The bodies' lengths are read
    -- for the wrong rows only, to name an end past the body before any wrong quote.
    WITH wrong AS MATERIALIZED (
        SELECT r.article_id, r.start, r."end"
        FROM (
            SELECT i.article_id, i.start, i."end", i.quote,
                   (SELECT substr(a.body, i.start + 1, i."end" - i.start)
                    FROM annotator_article a WHERE a.id = i.article_id) AS slice
            FROM inserted i WHERE i.article_id <> ALL (crowded) OFFSET 0
        ) r
        WHERE r.slice <> r.quote
    ), measured AS MATERIALIZED (
        SELECT w.*, (SELECT char_length(a.body) FROM annotator_article a WHERE a.id = w.article_id) AS n
        FROM wrong w
    )
    SELECT m.article_id, m.start, m."end", m.n, m."end" > m.n AS past INTO bad
    FROM measured m
    ORDER BY past DESC
    LIMIT 1;
    IF FOUND AND bad.past THEN
        RAISE EXCEPTION 'statement end % is past the end of article % (% characters)',
            bad."end", bad.article_id, bad.n
            USING ERRCODE = 'check_violation';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'statement quote is not the text of article % between % and %',
            bad.article_id, bad.start, bad."end"
            USING ERRCODE = 'check_violation';
    END IF;
    IF cardinality(crowded) = 0 THEN
        RETURN NULL;
    END IF;

    -- Articles receiving many rows: the length of each once (a join would read the body
    -- again for each row).
    WITH lengths AS MATERIALIZED (
        SELECT a.id AS article_id, char_length(a.body) AS n
        FROM annotator_article a WHERE a.id = ANY (crowded)
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
        FROM annotator_article a, regexp_matches(a.body, '.{{1,250}}', 'g') WITH ORDINALITY AS m(block, i)
        WHERE a.id = ANY (crowded)
    ), spans AS MATERIALIZED (
        SELECT r.id, r.article_id, r.start, r."end", r.quote, s.i
        FROM inserted r, generate_series(r.start / 250, (r."end" - 1) / 250) AS s(i)
        WHERE r.article_id = ANY (crowded)
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
-- The articles are found by `= ANY` and by a subquery, which are not joins: these
-- settings leave their index scans alone.
SET jit = off
SET enable_nestloop = off
SET enable_mergejoin = off;
"""


def _previous_function() -> str:
    from importlib import import_module

    return import_module("annotator.migrations.0013_trust17_quote_check_per_insert").PG_INSERTED_FUNCTION


class Migration(migrations.Migration):
    dependencies = [("annotator", "0016_merge_counters_and_skips")]

    operations = [
        # SQLite's trigger is a row trigger already: it reads one body by key per row.
        annotator.db.VendorSQL(
            postgresql=[PG_INSERTED_FUNCTION],
            postgresql_reverse=[_previous_function()],
            sqlite=[],
        ),
    ]
