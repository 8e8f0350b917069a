"""A backup restored: the tallies are not in the file; the restore empties them and the
triggers count the statements again as they load."""

import pytest

from annotator.models import ArticleTally
from annotator.services.backup import backup_restore, backup_write
from annotator.services.statements import statement_create
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory

from .conftest import needs_tallies
from .recount import recount, tallies

pytestmark = [pytest.mark.django_db(transaction=True), needs_tallies]


def test_a_restored_backup_counts_its_own_statements_once(check, tmp_path, analyst):
    kirby, strikes = ActorFactory(), PropositionFactory()
    article = ArticleFactory()
    for text, stance in (("denied accusations", "denial"), ("never been involved", "claim")):
        start = article.body.index(text)
        statement_create(
            article=article, start=start, end=start + len(text), stance=stance, speaker=kirby, proposition=strikes
        )
    ArticleFactory()
    before = tallies()
    path = tmp_path / "backup.jsonl"
    backup_write(path)
    # What is done after the backup is undone by restoring it, counts included.
    start = article.body.index("indications")
    statement_create(article=article, start=start, end=start + 11, stance="claim", speaker=kirby)
    ArticleTally.objects.filter(article=article).update(claims=99)  # a tally gone wrong is rebuilt too

    backup_restore(path)

    check()
    assert tallies() == before == recount()


def test_a_restored_backup_counts_the_articles_its_projects_share_once(check, tmp_path, admin_user):
    from annotator.models import ProjectOverlap
    from annotator.services.projects import project_articles_add, project_create

    articles = [ArticleFactory().pk for _ in range(3)]
    gaza = project_create(name="Gaza", slug="gaza", user=admin_user)
    iran = project_create(name="Iran", slug="iran", user=admin_user)
    project_articles_add(project=gaza, article_ids=articles, user=admin_user, imported=True)
    project_articles_add(project=iran, article_ids=articles[:2], user=admin_user, imported=True)
    path = tmp_path / "backup.jsonl"
    backup_write(path)
    project_articles_add(project=iran, article_ids=articles[2:], user=admin_user, imported=True)

    backup_restore(path)

    check()
    assert list(ProjectOverlap.objects.values_list("articles", flat=True)) == [2]
