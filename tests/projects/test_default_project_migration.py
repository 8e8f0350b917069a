"""The migration that introduced projects moves existing data into the default project,
losing nothing: every article joins it, statements and speakers stay as they were, and a
site role keeps reading all of it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("annotator", "0011_merge_parallel_work")]
AFTER = [("annotator", "0012_teams_projects")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_article_that_existed_joins_the_default_project_and_nothing_is_lost():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("annotator")
    try:
        old = _migrate(BEFORE)
        Source = old.get_model("annotator", "Source")
        Article = old.get_model("annotator", "Article")
        Actor = old.get_model("annotator", "Actor")
        Statement = old.get_model("annotator", "Statement")
        source = Source.objects.create(name="Wire before projects", slug="wire-before-projects")
        bodies = ["Iran denied the strikes.", "The Pentagon said jets flew.", "Nobody commented."]
        articles = [
            Article.objects.create(source=source, title=f"Old {n}", body=body, raw=body, content_hash=f"old-{n}")
            for n, body in enumerate(bodies)
        ]
        speaker = Actor.objects.create(name="Old speaker")
        Statement.objects.create(article=articles[0], start=5, end=11, quote="denied", stance="denial", speaker=speaker)

        new = _migrate(AFTER)
        Project = new.get_model("annotator", "Project")
        ProjectArticle = new.get_model("annotator", "ProjectArticle")
        default = Project.objects.get(is_default=True)
        assert set(ProjectArticle.objects.filter(project=default).values_list("article_id", flat=True)) == {
            article.pk for article in articles
        }
        assert new.get_model("annotator", "Article").objects.count() == 3
        kept = new.get_model("annotator", "Statement").objects.get()
        assert (kept.article_id, kept.speaker_id, kept.quote) == (articles[0].pk, speaker.pk, "denied")
    finally:
        _migrate(latest)
