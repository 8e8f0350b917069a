"""Article.author, and a title for every article stored without one.

On SQLite, adding a NOT NULL column makes Django rebuild the table, which the statement
triggers of 0002 (they read annotator_article) do not survive; the column is added in
place instead, on both databases, with the same empty default Django would use.
"""

from django.db import migrations, models

import annotator.db
from annotator.text import headline_from_body

AUTHOR = models.CharField(blank=True, help_text="Who wrote it, as the page or the import says.", max_length=300)


def name_untitled_articles(apps, schema_editor):
    """Articles stored without a title get the start of their text, as new ones do
    (Article.clean): every page then shows the same title, and lists need no body."""
    Article = apps.get_model("annotator", "Article")
    batch = []
    for article in Article.objects.filter(title="").only("id", "body").iterator(chunk_size=500):
        article.title = headline_from_body(article.body) or "(no text)"
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, ["title"])
            batch = []
    if batch:
        Article.objects.bulk_update(batch, ["title"])


class Migration(migrations.Migration):
    dependencies = [
        ("annotator", "0009_statement_live_counts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField(model_name="article", name="author", field=AUTHOR)],
            database_operations=[
                annotator.db.VendorSQL(
                    # The default stays, as on SQLite: writers that name their columns
                    # (the benchmark's COPY, older backups) need not know the new one.
                    postgresql=["ALTER TABLE annotator_article ADD COLUMN author varchar(300) NOT NULL DEFAULT ''"],
                    postgresql_reverse=["ALTER TABLE annotator_article DROP COLUMN author"],
                    sqlite=["ALTER TABLE annotator_article ADD COLUMN author varchar(300) NOT NULL DEFAULT ''"],
                    sqlite_reverse=["ALTER TABLE annotator_article DROP COLUMN author"],
                )
            ],
        ),
        migrations.AddField(model_name="historicalarticle", name="author", field=AUTHOR),
        migrations.RunPython(name_untitled_articles, migrations.RunPython.noop, elidable=True),
    ]
