"""Every index on the statement table and its history is paid by every statement stored
(a suggester run stores tens of thousands at once): each one kept has a reader."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# The history's readers: one statement's history and restore (id), an article's deleted
# statements and rejected suggestions (article_id), undoing a merge (speaker_id,
# proposition_id), the foreign key to the user who made the change (history_user_id);
# history_date is simple-history's one setting for every history table.
HISTORY_READ_BY = {"history_id", "id", "article_id", "speaker_id", "proposition_id", "history_user_id", "history_date"}


def btree_indexes(table: str) -> list[tuple[str, tuple[str, ...], bool]]:
    """(name, columns in order, partial) of the table's b-tree indexes on plain columns."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname, x.indpred IS NOT NULL,
                      ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
                            JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.n),
                      0 = ANY (x.indkey)
               FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
               JOIN pg_am am ON am.oid = c.relam
               WHERE t.relname = %s AND am.amname = 'btree'""",
            [table],
        )
        return [(name, tuple(columns), partial) for name, partial, columns, expression in cursor if not expression]


@pytest.mark.parametrize("table", ["annotator_statement", "annotator_historicalstatement"])
def test_no_index_repeats_the_leading_columns_of_another(table):
    indexes = btree_indexes(table)
    repeated = [
        (name, other)
        for name, columns, partial in indexes
        for other, wider, other_partial in indexes
        if not partial and not other_partial and len(wider) > len(columns) and wider[: len(columns)] == columns
    ]
    assert repeated == []


def test_the_history_is_indexed_only_on_the_columns_it_is_read_by():
    indexed = {column for _, columns, _ in btree_indexes("annotator_historicalstatement") for column in columns}
    assert indexed == HISTORY_READ_BY


def test_each_foreign_key_of_a_statement_still_leads_an_index_that_holds_every_row():
    # Deleting an article, actor, proposition, source, user or statement looks up the
    # statements pointing at it: a partial index (live statements only) cannot answer.
    leading = {columns[0] for _, columns, partial in btree_indexes("annotator_statement") if not partial}
    keys = {
        "article_id",
        "speaker_id",
        "proposition_id",
        "via_id",
        "annotator_id",
        "responds_to_id",
        "adjudicated_from_id",
    }
    assert keys <= leading
