"""Statement counts kept by PostgreSQL triggers (annotator/models/tallies.py says what
each column counts).

Three statement-level triggers on annotator_statement (insert, update, delete) read the
rows the statement changed from its transition tables and apply their net change to the
article, actor, proposition and (speaker, proposition) tallies: one aggregated upsert per
table per SQL statement, so a COPY of thousands of rows or a bulk review costs four
upserts, not four per row, and rows are locked in key order (two bulk writers cannot
deadlock on them). An update that changes nothing counted (a quote, a note) nets to zero
and writes nothing. Articles get a zero row when inserted, so the list sorted by claims
can walk the tally's index; deleting an article, actor or proposition removes its rows.

The backfill runs under a SHARE lock on the statement table, so no write slips between
the count and the triggers. On SQLite nothing is created: its pages count as before.
"""

import django.db.models.deletion
from django.db import migrations, models

# The rules of StatementQuerySet.counted(), on a row `c` with a `sign` (+1 or -1).
LIVE = "(c.review_status <> 'rejected' AND NOT c.independent)"
ACCEPTED = f"({LIVE} AND c.review_status = 'accepted')"


def _sum(condition: str) -> str:
    return f"sum(CASE WHEN {condition} THEN c.sign ELSE 0 END)::integer"


def _stance_sums() -> list[tuple[str, str]]:
    return [
        ("claims", _sum(f"{ACCEPTED} AND c.stance = 'claim'")),
        ("denials", _sum(f"{ACCEPTED} AND c.stance = 'denial'")),
        ("live_claims", _sum(f"{LIVE} AND c.stance = 'claim'")),
        ("live_denials", _sum(f"{LIVE} AND c.stance = 'denial'")),
    ]


# table, its key columns, the statement columns they come from, the counted columns.
TALLIES = [
    (
        "annotator_articletally",
        ["article_id"],
        ["c.article_id"],
        [*_stance_sums(), ("pending", _sum("c.review_status = 'pending'"))],
    ),
    (
        "annotator_actortally",
        ["actor_id"],
        ["c.speaker_id"],
        [
            *_stance_sums(),
            ("paired", _sum(f"{ACCEPTED} AND c.proposition_id IS NOT NULL")),
            ("live_paired", _sum(f"{LIVE} AND c.proposition_id IS NOT NULL")),
        ],
    ),
    (
        "annotator_propositiontally",
        ["proposition_id"],
        ["c.proposition_id"],
        [
            *_stance_sums(),
            ("paired", _sum(f"{ACCEPTED} AND c.speaker_id IS NOT NULL")),
            ("live_paired", _sum(f"{LIVE} AND c.speaker_id IS NOT NULL")),
        ],
    ),
    (
        "annotator_pairtally",
        ["speaker_id", "proposition_id"],
        ["c.speaker_id", "c.proposition_id"],
        _stance_sums(),
    ),
]
CHANGED = "article_id, speaker_id, proposition_id, stance, review_status, independent"


def _upsert(table: str, keys: list[str], sources: list[str], sums: list[tuple[str, str]], changes: str) -> str:
    counted = [name for name, _ in sums]
    grouped = ", ".join(f"{source} AS {key}" for key, source in zip(keys, sources, strict=True))
    present = " AND ".join(f"{source} IS NOT NULL" for source in sources)
    aggregates = ", ".join(f"{expression} AS {name}" for name, expression in sums)
    nonzero = " OR ".join(f"d.{name} <> 0" for name in counted)
    updates = ", ".join(f"{name} = t.{name} + EXCLUDED.{name}" for name in counted)
    return f"""
    INSERT INTO {table} AS t ({", ".join(keys + counted)})
    SELECT d.* FROM (
        SELECT {grouped}, {aggregates}
        FROM ({changes}) c
        WHERE {present}
        GROUP BY {", ".join(sources)}
    ) d
    WHERE {nonzero}
    ORDER BY {", ".join(f"d.{key}" for key in keys)}
    ON CONFLICT ({", ".join(keys)}) DO UPDATE SET {updates};"""


def _function(name: str, changes: str) -> str:
    body = "".join(_upsert(*tally, changes) for tally in TALLIES)
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{body}
    RETURN NULL;
END
$$;"""


def _rows(table: str, sign: int) -> str:
    return f"SELECT {CHANGED}, {sign} AS sign FROM {table}"


FUNCTIONS = {
    "insert": _function("annotator_tally_statements_inserted", _rows("new_statements", 1)),
    "delete": _function("annotator_tally_statements_deleted", _rows("old_statements", -1)),
    "update": _function(
        "annotator_tally_statements_updated",
        f"{_rows('old_statements', -1)} UNION ALL {_rows('new_statements', 1)}",
    ),
}

TRIGGERS = """
CREATE TRIGGER annotator_tally_statements_inserted AFTER INSERT ON annotator_statement
REFERENCING NEW TABLE AS new_statements
FOR EACH STATEMENT EXECUTE FUNCTION annotator_tally_statements_inserted();
CREATE TRIGGER annotator_tally_statements_deleted AFTER DELETE ON annotator_statement
REFERENCING OLD TABLE AS old_statements
FOR EACH STATEMENT EXECUTE FUNCTION annotator_tally_statements_deleted();
CREATE TRIGGER annotator_tally_statements_updated AFTER UPDATE ON annotator_statement
REFERENCING OLD TABLE AS old_statements NEW TABLE AS new_statements
FOR EACH STATEMENT EXECUTE FUNCTION annotator_tally_statements_updated();

CREATE FUNCTION annotator_tally_articles_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO annotator_articletally (article_id) SELECT id FROM new_articles ORDER BY id
    ON CONFLICT (article_id) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER annotator_tally_articles_inserted AFTER INSERT ON annotator_article
REFERENCING NEW TABLE AS new_articles
FOR EACH STATEMENT EXECUTE FUNCTION annotator_tally_articles_inserted();

CREATE FUNCTION annotator_tally_articles_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM annotator_articletally WHERE article_id IN (SELECT id FROM old_articles);
    RETURN NULL;
END
$$;
CREATE TRIGGER annotator_tally_articles_deleted AFTER DELETE ON annotator_article
REFERENCING OLD TABLE AS old_articles
FOR EACH STATEMENT EXECUTE FUNCTION annotator_tally_articles_deleted();

CREATE FUNCTION annotator_tally_actors_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM annotator_actortally WHERE actor_id IN (SELECT id FROM old_actors);
    DELETE FROM annotator_pairtally WHERE speaker_id IN (SELECT id FROM old_actors);
    RETURN NULL;
END
$$;
CREATE TRIGGER annotator_tally_actors_deleted AFTER DELETE ON annotator_actor
REFERENCING OLD TABLE AS old_actors
FOR EACH STATEMENT EXECUTE FUNCTION annotator_tally_actors_deleted();

CREATE FUNCTION annotator_tally_propositions_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM annotator_propositiontally WHERE proposition_id IN (SELECT id FROM old_propositions);
    DELETE FROM annotator_pairtally WHERE proposition_id IN (SELECT id FROM old_propositions);
    RETURN NULL;
END
$$;
CREATE TRIGGER annotator_tally_propositions_deleted AFTER DELETE ON annotator_proposition
REFERENCING OLD TABLE AS old_propositions
FOR EACH STATEMENT EXECUTE FUNCTION annotator_tally_propositions_deleted();
"""

# The backfill: the insert trigger's upserts over every statement, then a zero row for
# each article without statements, then statistics, so the first sorted list is planned
# on the tallies' real sizes (31 s for a million statements on the loaded 2-core machine).
BACKFILL = (
    "LOCK TABLE annotator_statement IN SHARE MODE;"
    + "".join(_upsert(*tally, f"SELECT {CHANGED}, 1 AS sign FROM annotator_statement") for tally in TALLIES)
    + """
    INSERT INTO annotator_articletally (article_id) SELECT id FROM annotator_article ORDER BY id
    ON CONFLICT (article_id) DO NOTHING;
    ANALYZE annotator_articletally, annotator_actortally, annotator_propositiontally, annotator_pairtally;"""
)

DROP = """
DROP TRIGGER IF EXISTS annotator_tally_statements_inserted ON annotator_statement;
DROP TRIGGER IF EXISTS annotator_tally_statements_deleted ON annotator_statement;
DROP TRIGGER IF EXISTS annotator_tally_statements_updated ON annotator_statement;
DROP TRIGGER IF EXISTS annotator_tally_articles_inserted ON annotator_article;
DROP TRIGGER IF EXISTS annotator_tally_articles_deleted ON annotator_article;
DROP TRIGGER IF EXISTS annotator_tally_actors_deleted ON annotator_actor;
DROP TRIGGER IF EXISTS annotator_tally_propositions_deleted ON annotator_proposition;
DROP FUNCTION IF EXISTS annotator_tally_statements_inserted();
DROP FUNCTION IF EXISTS annotator_tally_statements_deleted();
DROP FUNCTION IF EXISTS annotator_tally_statements_updated();
DROP FUNCTION IF EXISTS annotator_tally_articles_inserted();
DROP FUNCTION IF EXISTS annotator_tally_articles_deleted();
DROP FUNCTION IF EXISTS annotator_tally_actors_deleted();
DROP FUNCTION IF EXISTS annotator_tally_propositions_deleted();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BACKFILL)
    for sql in FUNCTIONS.values():
        schema_editor.execute(sql)
    schema_editor.execute(TRIGGERS)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("annotator", "0014_merge_parallel_work"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActorTally",
            fields=[
                ("claims", models.IntegerField(db_default=0)),
                ("denials", models.IntegerField(db_default=0)),
                ("live_claims", models.IntegerField(db_default=0)),
                ("live_denials", models.IntegerField(db_default=0)),
                (
                    "actor",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="annotator.actor",
                    ),
                ),
                ("paired", models.IntegerField(db_default=0)),
                ("live_paired", models.IntegerField(db_default=0)),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="PropositionTally",
            fields=[
                ("claims", models.IntegerField(db_default=0)),
                ("denials", models.IntegerField(db_default=0)),
                ("live_claims", models.IntegerField(db_default=0)),
                ("live_denials", models.IntegerField(db_default=0)),
                (
                    "proposition",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="annotator.proposition",
                    ),
                ),
                ("paired", models.IntegerField(db_default=0)),
                ("live_paired", models.IntegerField(db_default=0)),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ArticleTally",
            fields=[
                ("claims", models.IntegerField(db_default=0)),
                ("denials", models.IntegerField(db_default=0)),
                ("live_claims", models.IntegerField(db_default=0)),
                ("live_denials", models.IntegerField(db_default=0)),
                (
                    "article",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="annotator.article",
                    ),
                ),
                ("pending", models.IntegerField(db_default=0)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["-claims"], name="articletally_claims"),
                    models.Index(fields=["-denials"], name="articletally_denials"),
                    models.Index(fields=["-live_claims"], name="articletally_live_claims"),
                    models.Index(fields=["-live_denials"], name="articletally_live_denials"),
                ],
            },
        ),
        migrations.CreateModel(
            name="PairTally",
            fields=[
                ("claims", models.IntegerField(db_default=0)),
                ("denials", models.IntegerField(db_default=0)),
                ("live_claims", models.IntegerField(db_default=0)),
                ("live_denials", models.IntegerField(db_default=0)),
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "speaker", "proposition", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "proposition",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="annotator.proposition",
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="annotator.actor",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
