"""Statement counts per project, kept by PostgreSQL triggers (annotator/models/project_tallies.py
says what each column counts).

The statement triggers of 0015 stay as they are; three more statement-level triggers on
annotator_statement apply the net change of each SQL statement to the per-project rows,
each changed statement counted once in every project its article is linked to (project
0 for an article linked to none): one aggregated upsert per table per SQL statement, as
in 0015, the article's links read through their (article, project) index.

When articles join or leave projects (annotator_projectarticle inserts, deletes,
updates), their statements' counts move: added to the projects joined, taken from those
left, and taken from or given back to project 0 when an article gets its first link or
loses its last. Those triggers first lock the articles' rows (FOR UPDATE): a statement
insert takes a KEY SHARE lock on its article (the foreign key check), so a statement
written while its article changes projects waits for, or is waited for by, the move,
and neither is counted in the wrong projects.

Deleting a project, actor or proposition removes its rows. On SQLite nothing is created.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

# The counting rules and the upsert of 0015, so both kinds of tallies count alike.
_tallies = importlib.import_module("annotator.migrations.0015_counters16_tallies")
LIVE, ACCEPTED, CHANGED = _tallies.LIVE, _tallies.ACCEPTED, _tallies.CHANGED
_sum, _stance_sums, _upsert = _tallies._sum, _tallies._stance_sums, _tallies._upsert

PROJECT_TALLIES = [
    (
        "annotator_projectactortally",
        ["project", "actor_id"],
        ["c.project", "c.speaker_id"],
        [
            *_stance_sums(),
            ("paired", _sum(f"{ACCEPTED} AND c.proposition_id IS NOT NULL")),
            ("live_paired", _sum(f"{LIVE} AND c.proposition_id IS NOT NULL")),
            ("named", "sum(c.sign)::integer"),
        ],
    ),
    (
        "annotator_projectpropositiontally",
        ["project", "proposition_id"],
        ["c.project", "c.proposition_id"],
        [
            *_stance_sums(),
            ("paired", _sum(f"{ACCEPTED} AND c.speaker_id IS NOT NULL")),
            ("live_paired", _sum(f"{LIVE} AND c.speaker_id IS NOT NULL")),
            ("named", "sum(c.sign)::integer"),
        ],
    ),
    (
        "annotator_projectpairtally",
        ["project", "speaker_id", "proposition_id"],
        ["c.project", "c.speaker_id", "c.proposition_id"],
        _stance_sums(),
    ),
]
COLUMNS = ", ".join(f"s.{name}" for name in CHANGED.split(", "))


def _in_projects(changes: str) -> str:
    """Changed statements (`changes`: CHANGED and sign), once per project of their article."""
    return f"""SELECT COALESCE(l.project_id, 0) AS project, s.*
        FROM ({changes}) s LEFT JOIN annotator_projectarticle l ON l.article_id = s.article_id"""


def _statement_function(name: str, changes: str) -> str:
    body = "".join(_upsert(*tally, _in_projects(changes)) for tally in PROJECT_TALLIES)
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{body}
    RETURN NULL;
END
$$;"""


def _rows(table: str, sign: int) -> str:
    return f"SELECT {CHANGED}, {sign} AS sign FROM {table}"


def _moves(links: list[tuple[str, int]]) -> str:
    """(project, article_id, sign) for the links changed (`links`: transition tables and
    their sign), with project 0 for articles that had no link before and have one now
    (-1) or the reverse (+1): the link count before is the count now, less the links
    added, plus those removed."""
    changed = " UNION ALL ".join(f"SELECT project_id, article_id, {sign} AS sign FROM {table}" for table, sign in links)
    return f"""
        SELECT project_id AS project, article_id, sign FROM ({changed}) m
        UNION ALL
        SELECT 0, k.article_id,
            (CASE WHEN now.n = 0 THEN 1 ELSE 0 END) - (CASE WHEN now.n - k.net = 0 THEN 1 ELSE 0 END)
        FROM (SELECT article_id, sum(sign) AS net FROM ({changed}) m GROUP BY article_id) k
        CROSS JOIN LATERAL (
            SELECT count(*) AS n FROM annotator_projectarticle l WHERE l.article_id = k.article_id
        ) now
        WHERE (now.n = 0) <> (now.n - k.net = 0)"""


def _link_function(name: str, links: list[tuple[str, int]]) -> str:
    articles = " UNION ".join(f"SELECT article_id FROM {table}" for table, _ in links)
    changes = f"""SELECT m.project, {COLUMNS}, m.sign
        FROM ({_moves(links)}) m JOIN annotator_statement s ON s.article_id = m.article_id"""
    body = "".join(_upsert(*tally, changes) for tally in PROJECT_TALLIES)
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM annotator_article WHERE id IN ({articles}) ORDER BY id FOR UPDATE;{body}
    RETURN NULL;
END
$$;"""


# An update of links moves counts only for the links whose project or article changed:
# marking links `double` (double annotation) joins no statements.
MOVED = """(SELECT {side}.project_id, {side}.article_id FROM old_links o JOIN new_links n ON n.id = o.id
        WHERE (o.project_id, o.article_id) <> (n.project_id, n.article_id)) moved"""

FUNCTIONS = [
    _statement_function("annotator_project_tally_statements_inserted", _rows("new_statements", 1)),
    _statement_function("annotator_project_tally_statements_deleted", _rows("old_statements", -1)),
    _statement_function(
        "annotator_project_tally_statements_updated",
        f"{_rows('old_statements', -1)} UNION ALL {_rows('new_statements', 1)}",
    ),
    _link_function("annotator_project_tally_links_inserted", [("new_links", 1)]),
    _link_function("annotator_project_tally_links_deleted", [("old_links", -1)]),
    _link_function(
        "annotator_project_tally_links_updated", [(MOVED.format(side="o"), -1), (MOVED.format(side="n"), 1)]
    ),
]

TRIGGERS = """
CREATE TRIGGER annotator_project_tally_statements_inserted AFTER INSERT ON annotator_statement
REFERENCING NEW TABLE AS new_statements
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_tally_statements_inserted();
CREATE TRIGGER annotator_project_tally_statements_deleted AFTER DELETE ON annotator_statement
REFERENCING OLD TABLE AS old_statements
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_tally_statements_deleted();
CREATE TRIGGER annotator_project_tally_statements_updated AFTER UPDATE ON annotator_statement
REFERENCING OLD TABLE AS old_statements NEW TABLE AS new_statements
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_tally_statements_updated();

CREATE TRIGGER annotator_project_tally_links_inserted AFTER INSERT ON annotator_projectarticle
REFERENCING NEW TABLE AS new_links
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_tally_links_inserted();
CREATE TRIGGER annotator_project_tally_links_deleted AFTER DELETE ON annotator_projectarticle
REFERENCING OLD TABLE AS old_links
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_tally_links_deleted();
CREATE TRIGGER annotator_project_tally_links_updated AFTER UPDATE ON annotator_projectarticle
REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_tally_links_updated();

CREATE FUNCTION annotator_project_tally_owners_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'annotator_project' THEN
        DELETE FROM annotator_projectactortally WHERE project IN (SELECT id FROM old_rows);
        DELETE FROM annotator_projectpropositiontally WHERE project IN (SELECT id FROM old_rows);
        DELETE FROM annotator_projectpairtally WHERE project IN (SELECT id FROM old_rows);
    ELSIF TG_TABLE_NAME = 'annotator_actor' THEN
        DELETE FROM annotator_projectactortally WHERE actor_id IN (SELECT id FROM old_rows);
        DELETE FROM annotator_projectpairtally WHERE speaker_id IN (SELECT id FROM old_rows);
    ELSE
        DELETE FROM annotator_projectpropositiontally WHERE proposition_id IN (SELECT id FROM old_rows);
        DELETE FROM annotator_projectpairtally WHERE proposition_id IN (SELECT id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER annotator_project_tally_projects_deleted AFTER DELETE ON annotator_project
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_tally_owners_deleted();
CREATE TRIGGER annotator_project_tally_actors_deleted AFTER DELETE ON annotator_actor
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_tally_owners_deleted();
CREATE TRIGGER annotator_project_tally_propositions_deleted AFTER DELETE ON annotator_proposition
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_tally_owners_deleted();
"""

# The backfill: every statement once per project of its article, under SHARE locks so no
# statement or link changes between the count and the triggers.
BACKFILL = (
    "LOCK TABLE annotator_statement, annotator_projectarticle IN SHARE MODE;"
    + "".join(
        _upsert(*tally, _in_projects(f"SELECT {CHANGED}, 1 AS sign FROM annotator_statement"))
        for tally in PROJECT_TALLIES
    )
    + """
    ANALYZE annotator_projectactortally, annotator_projectpropositiontally, annotator_projectpairtally;"""
)

_NAMES = [
    ("annotator_project_tally_statements_inserted", "annotator_statement"),
    ("annotator_project_tally_statements_deleted", "annotator_statement"),
    ("annotator_project_tally_statements_updated", "annotator_statement"),
    ("annotator_project_tally_links_inserted", "annotator_projectarticle"),
    ("annotator_project_tally_links_deleted", "annotator_projectarticle"),
    ("annotator_project_tally_links_updated", "annotator_projectarticle"),
    ("annotator_project_tally_projects_deleted", "annotator_project"),
    ("annotator_project_tally_actors_deleted", "annotator_actor"),
    ("annotator_project_tally_propositions_deleted", "annotator_proposition"),
]
DROP = "".join(f"DROP TRIGGER IF EXISTS {name} ON {table};\n" for name, table in _NAMES) + "".join(
    f"DROP FUNCTION IF EXISTS {name}();\n"
    for name in [*(n for n, _ in _NAMES[:6]), "annotator_project_tally_owners_deleted"]
)


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BACKFILL)
    for sql in FUNCTIONS:
        schema_editor.execute(sql)
    schema_editor.execute(TRIGGERS)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("annotator", "0016_merge_counters_and_skips"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProjectActorTally",
            fields=[
                ("project", models.IntegerField()),
                ("claims", models.IntegerField(db_default=0)),
                ("denials", models.IntegerField(db_default=0)),
                ("live_claims", models.IntegerField(db_default=0)),
                ("live_denials", models.IntegerField(db_default=0)),
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "project", "actor", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("paired", models.IntegerField(db_default=0)),
                ("live_paired", models.IntegerField(db_default=0)),
                ("named", models.IntegerField(db_default=0)),
                (
                    "actor",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="project_tallies",
                        to="annotator.actor",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ProjectPairTally",
            fields=[
                ("project", models.IntegerField()),
                ("claims", models.IntegerField(db_default=0)),
                ("denials", models.IntegerField(db_default=0)),
                ("live_claims", models.IntegerField(db_default=0)),
                ("live_denials", models.IntegerField(db_default=0)),
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "project",
                        "speaker",
                        "proposition",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "proposition",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
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
        migrations.CreateModel(
            name="ProjectPropositionTally",
            fields=[
                ("project", models.IntegerField()),
                ("claims", models.IntegerField(db_default=0)),
                ("denials", models.IntegerField(db_default=0)),
                ("live_claims", models.IntegerField(db_default=0)),
                ("live_denials", models.IntegerField(db_default=0)),
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "project", "proposition", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("paired", models.IntegerField(db_default=0)),
                ("live_paired", models.IntegerField(db_default=0)),
                ("named", models.IntegerField(db_default=0)),
                (
                    "proposition",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="project_tallies",
                        to="annotator.proposition",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
