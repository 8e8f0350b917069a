"""The article's publication date on its project links, kept by PostgreSQL triggers, and
an index in the article list's order per project.

A member of one project reads 5% of a 100,000-article archive: their list, newest first,
walked the archive's date index and probed each article's links until 50 were theirs,
and its total (and a search's count, capped at 1,001) joined the project's links with
the whole article table, or ran the text match over the archive before joining (0.4 s
for a word in three articles out of four). With the date on the link, the list walks
`project_article_newest` (project, published_at DESC NULLS LAST, article DESC: the
list's own order, see 0007) and reads only the project's articles; a member of several
projects walks `project_article_dated` and skips the other projects' links.

The copy is the database's: a link takes its article's date when it is inserted (or
pointed at another article), and an article's new date is copied to its links. Nothing
in Python writes it. SQLite keeps none (the column stays NULL; its pages sort by the
article's own date, as before)."""

from django.db import migrations, models

import annotator.db

FUNCTIONS = """
CREATE FUNCTION annotator_link_published_take() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    published timestamptz;
BEGIN
    SELECT a.published_at INTO published FROM annotator_article a WHERE a.id = NEW.article_id;
    -- A restore may load a link before its article (deferred foreign keys): the row's
    -- own value, from the backup, then stands.
    IF FOUND THEN
        NEW.published_at := published;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER annotator_link_published_take BEFORE INSERT OR UPDATE OF article_id, published_at
ON annotator_projectarticle FOR EACH ROW EXECUTE FUNCTION annotator_link_published_take();

CREATE FUNCTION annotator_link_published_give() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE annotator_projectarticle SET published_at = NEW.published_at WHERE article_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER annotator_link_published_give AFTER UPDATE OF published_at ON annotator_article
FOR EACH ROW WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)
EXECUTE FUNCTION annotator_link_published_give();
"""

BACKFILL = """
UPDATE annotator_projectarticle l SET published_at = a.published_at
FROM annotator_article a WHERE a.id = l.article_id AND l.published_at IS DISTINCT FROM a.published_at;
"""

# One project's links in the list's order; and every link in that order, for a member of
# several projects (PostgreSQL 15 cannot merge the first index's runs for `project_id IN
# (...)`: it sorted all their rows, and a search matched the whole archive before the
# join; walking the second and skipping other projects' links stops after the page).
INDEXES = [
    "CREATE INDEX IF NOT EXISTS project_article_newest "
    "ON annotator_projectarticle (project_id, published_at DESC NULLS LAST, article_id DESC)",
    "CREATE INDEX IF NOT EXISTS project_article_dated "
    "ON annotator_projectarticle (published_at DESC NULLS LAST, article_id DESC, project_id)",
]

DROP = [
    "DROP INDEX IF EXISTS project_article_newest",
    "DROP INDEX IF EXISTS project_article_dated",
    "DROP TRIGGER IF EXISTS annotator_link_published_give ON annotator_article",
    "DROP FUNCTION IF EXISTS annotator_link_published_give()",
    "DROP TRIGGER IF EXISTS annotator_link_published_take ON annotator_projectarticle",
    "DROP FUNCTION IF EXISTS annotator_link_published_take()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("annotator", "0019_merge_tallies_and_quote_check"),
    ]

    operations = [
        migrations.AddField(
            model_name="projectarticle",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        annotator.db.VendorSQL(
            postgresql=[FUNCTIONS, BACKFILL, *INDEXES, "ANALYZE annotator_projectarticle"],
            postgresql_reverse=DROP,
            sqlite=[],
        ),
    ]
