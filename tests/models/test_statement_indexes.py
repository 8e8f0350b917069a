"""Every index on the statement table and its history is paid by every statement stored
(a suggester run stores tens of thousands at once): each one kept has a reader."""

import pytest
from django.db import connection, transaction

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


# Every foreign key of a statement, and the history's columns undoing a merge reads.
STATEMENT_KEYS = {
    "article_id",
    "speaker_id",
    "proposition_id",
    "via_id",
    "annotator_id",
    "responds_to_id",
    "adjudicated_from_id",
}


def index_conditions(table: str) -> dict[str, str | None]:
    """Each index of `table` by name: its condition as PostgreSQL prints it (None: whole)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname, pg_get_expr(x.indpred, x.indrelid) FROM pg_index x
               JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
               WHERE t.relname = %s""",
            [table],
        )
        return dict(cursor.fetchall())


def holds_every_named_row(columns: tuple[str, ...], condition: str | None) -> bool:
    """Whether an index on `columns` holds every row whose first column names something:
    no condition, or exactly `first column IS NOT NULL`, which any lookup by a value implies."""
    return condition is None or condition == f"({columns[0]} IS NOT NULL)"


def test_each_foreign_key_of_a_statement_still_leads_an_index_that_holds_every_row_naming_something():
    # Deleting an article, actor, proposition, source, user or statement looks up the
    # statements pointing at it: an index of live statements only cannot answer, one of
    # the rows whose key is set can (the lookup names the key).
    conditions = index_conditions("annotator_statement")
    leading = {
        columns[0]
        for name, columns, _ in btree_indexes("annotator_statement")
        if holds_every_named_row(columns, conditions[name])
    }
    assert STATEMENT_KEYS <= leading


# The indexes a suggestion (no proposition, annotator, adjudicated statement; mostly no
# outlet or known speaker; a claim answers nothing) skips: each holds only the rows whose
# first column is set, so a suggester run stores no empty keys in them (0020_store17).
PARTIAL_ON_THEIR_KEY = {
    "annotator_statement": {
        "statement_prop_stance": "proposition_id",
        "statement_speaker_stance": "speaker_id",
        "statement_via_set": "via_id",
        "statement_annotator_set": "annotator_id",
        "statement_responds_to_set": "responds_to_id",
        "statement_adjudicated_set": "adjudicated_from_id",
        "statement_canon_pairs": "speaker_id",
        "statement_canon_props": "proposition_id",
        "statement_canon_via": "via_id",
    },
    "annotator_historicalstatement": {
        "hstatement_speaker_set": "speaker_id",
        "hstatement_proposition_set": "proposition_id",
    },
}


@pytest.mark.parametrize("table", PARTIAL_ON_THEIR_KEY)
def test_the_foreign_key_indexes_leave_out_the_rows_that_name_nothing(table):
    conditions = index_conditions(table)
    columns = {name: columns for name, columns, _ in btree_indexes(table)}
    for name, column in PARTIAL_ON_THEIR_KEY[table].items():
        assert columns[name][0] == column, name
        assert f"{column} IS NOT NULL" in (conditions[name] or ""), (name, conditions[name])


def test_no_index_holds_every_row_of_a_column_a_suggestion_leaves_empty():
    # A whole index on proposition_id (or speaker_id, ...) would take an empty key from
    # each of a suggester run's rows again.
    conditions = index_conditions("annotator_statement")
    empty_in_suggestions = {"proposition_id", "speaker_id", "via_id", "annotator_id", "responds_to_id"}
    whole = [
        name
        for name, columns, _ in btree_indexes("annotator_statement")
        if columns[0] in empty_in_suggestions | {"adjudicated_from_id"} and conditions[name] is None
    ]
    assert whole == []


def generic_plan(sql: str, value) -> str:
    """EXPLAIN of `sql` (one parameter) as a prepared statement planned without knowing the
    value, as the foreign keys' own checks and a deletion's lookups are, seq scans priced out."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"PREPARE lookup(bigint) AS {sql}")
        try:
            cursor.execute(f"EXPLAIN EXECUTE lookup({int(value)})")  # a utility statement: no bound parameters
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE lookup")


@pytest.mark.parametrize(
    ("table", "column", "index"),
    [
        (table, column, index)
        for table, indexes in PARTIAL_ON_THEIR_KEY.items()
        for index, column in indexes.items()
        if not index.startswith("statement_canon")
    ],
)
def test_a_lookup_by_a_key_it_does_not_know_yet_still_reads_the_partial_index(table, column, index):
    # `column = $1` implies `column IS NOT NULL` for any value: the planner proves the
    # condition without the value, so the foreign keys' checks (RI_FKey_*), ON DELETE's
    # SET NULL and Django's deletion collector keep their index.
    plan = generic_plan(f"SELECT 1 FROM {table} WHERE {column} = $1", 1)
    assert f"using {index} on {table}" in plan or f"Bitmap Index Scan on {index}" in plan, plan
    assert f"Index Cond: ({column} = $1)" in plan, plan
