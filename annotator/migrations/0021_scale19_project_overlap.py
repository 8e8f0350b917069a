"""How many articles each two projects share, kept by PostgreSQL triggers on the project
links (annotator/models/project_tallies.py, ProjectOverlap).

A member of several projects was counted from the statements (seconds for the actor list
sorted by claims at a million statements), because summing the projects' tallies counts
an article in two of them twice. When none of their articles is shared, the sum is
exact; this table says so in one probe.

The triggers apply the net change of each SQL statement on the links: with U the links
left untouched, N those written and O those removed (an UPDATE has both), the pairs of
links on one article change by pairs(U, N) + pairs(N, N) - pairs(U, O) - pairs(O, O).
They lock the changed links' articles first, as the tally triggers of 0017 do, so two
transactions linking one article to two projects at once are counted one after the
other. On SQLite nothing is created.
"""

from django.db import migrations, models

import annotator.db


def _function(name: str, new: str | None, old: str | None) -> str:
    empty = "SELECT NULL::bigint AS id, NULL::bigint AS project_id, NULL::bigint AS article_id WHERE false"
    new_rows = f"SELECT id, project_id, article_id FROM {new}" if new else empty
    old_rows = f"SELECT id, project_id, article_id FROM {old}" if old else empty
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM annotator_article
    WHERE id IN (SELECT article_id FROM ({new_rows}) n UNION SELECT article_id FROM ({old_rows}) o)
    ORDER BY id FOR UPDATE;
    WITH n AS ({new_rows}), o AS ({old_rows}),
    u AS (
        SELECT l.id, l.project_id, l.article_id FROM annotator_projectarticle l
        WHERE l.article_id IN (SELECT article_id FROM n UNION SELECT article_id FROM o)
        AND l.id NOT IN (SELECT id FROM n)
    ),
    pairs AS (
        SELECT a.project_id AS p, b.project_id AS q, 1 AS sign FROM u a JOIN n b USING (article_id)
        UNION ALL
        SELECT a.project_id, b.project_id, 1 FROM n a JOIN n b ON b.article_id = a.article_id AND a.id < b.id
        UNION ALL
        SELECT a.project_id, b.project_id, -1 FROM u a JOIN o b USING (article_id)
        UNION ALL
        SELECT a.project_id, b.project_id, -1 FROM o a JOIN o b ON b.article_id = a.article_id AND a.id < b.id
    ),
    net AS (
        SELECT least(p, q) AS project_a, greatest(p, q) AS project_b, sum(sign)::integer AS articles
        FROM pairs GROUP BY 1, 2 HAVING sum(sign) <> 0
    )
    INSERT INTO annotator_projectoverlap AS t (project_a, project_b, articles)
    SELECT project_a, project_b, articles FROM net ORDER BY 1, 2
    ON CONFLICT (project_a, project_b) DO UPDATE SET articles = t.articles + EXCLUDED.articles;
    DELETE FROM annotator_projectoverlap WHERE articles = 0;
    RETURN NULL;
END
$$;"""


FUNCTIONS = [
    _function("annotator_project_overlap_inserted", "new_links", None),
    _function("annotator_project_overlap_deleted", None, "old_links"),
    _function("annotator_project_overlap_updated", "new_links", "old_links"),
]

TRIGGERS = """
CREATE TRIGGER annotator_project_overlap_inserted AFTER INSERT ON annotator_projectarticle
REFERENCING NEW TABLE AS new_links
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_overlap_inserted();
CREATE TRIGGER annotator_project_overlap_deleted AFTER DELETE ON annotator_projectarticle
REFERENCING OLD TABLE AS old_links
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_overlap_deleted();
CREATE TRIGGER annotator_project_overlap_updated AFTER UPDATE ON annotator_projectarticle
REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
FOR EACH STATEMENT EXECUTE FUNCTION annotator_project_overlap_updated();
"""

BACKFILL = """
LOCK TABLE annotator_projectarticle IN SHARE MODE;
INSERT INTO annotator_projectoverlap (project_a, project_b, articles)
SELECT a.project_id, b.project_id, count(*) FROM annotator_projectarticle a
JOIN annotator_projectarticle b ON b.article_id = a.article_id AND a.project_id < b.project_id
GROUP BY 1, 2;
"""

DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON annotator_projectarticle"
        for name in ("annotator_project_overlap_inserted", "annotator_project_overlap_deleted")
    ),
    "DROP TRIGGER IF EXISTS annotator_project_overlap_updated ON annotator_projectarticle",
    "DROP FUNCTION IF EXISTS annotator_project_overlap_inserted()",
    "DROP FUNCTION IF EXISTS annotator_project_overlap_deleted()",
    "DROP FUNCTION IF EXISTS annotator_project_overlap_updated()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("annotator", "0020_scale19_link_published"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProjectOverlap",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "project_a", "project_b", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("project_a", models.IntegerField()),
                ("project_b", models.IntegerField()),
                ("articles", models.IntegerField(db_default=0)),
            ],
        ),
        annotator.db.VendorSQL(
            postgresql=[BACKFILL, *FUNCTIONS, TRIGGERS],
            postgresql_reverse=DROP,
            sqlite=[],
        ),
    ]
