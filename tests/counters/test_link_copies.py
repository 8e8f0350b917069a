"""What the database copies onto the project links and counts about them (migrations
0020 and 0021 of scale19): each link carries its article's publication date, whichever
side changes, and each two projects' shared articles are counted, whichever way links
are written. Checked against a recount after each change (conftest.assert_tallies_right)."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from annotator.models import Article, Project, ProjectArticle, ProjectOverlap
from annotator.services.articles import article_update
from annotator.services.projects import project_article_remove, project_articles_add, project_create
from tests.factories import ArticleFactory

from .conftest import needs_tallies

pytestmark = [pytest.mark.django_db, needs_tallies]


@pytest.fixture
def projects(admin_user):
    return [project_create(name=name, slug=name.lower(), user=admin_user) for name in ("Gaza", "Iran", "Sudan")]


@pytest.fixture
def articles():
    dated = [ArticleFactory(published_at=datetime(2024, 1, day, tzinfo=UTC)) for day in range(1, 5)]
    return [*dated, ArticleFactory(published_at=None)]


def shared(a: Project, b: Project) -> int:
    low, high = sorted((a.pk, b.pk))
    row = ProjectOverlap.objects.filter(project_a=low, project_b=high).first()
    return row.articles if row else 0


def test_a_link_takes_its_articles_date_and_an_article_gives_its_new_date_to_its_links(
    check, admin_user, projects, articles
):
    gaza, iran, _ = projects
    project_articles_add(project=gaza, article_ids=[a.pk for a in articles], user=admin_user, imported=True)
    project_articles_add(project=iran, article_ids=[articles[0].pk], user=admin_user, imported=True)
    check()
    assert ProjectArticle.objects.get(project=gaza, article=articles[0]).published_at == articles[0].published_at
    assert ProjectArticle.objects.get(project=gaza, article=articles[4]).published_at is None
    article_update(article=articles[0], user=admin_user, published_at="2025-03-01")
    check()
    assert {link.published_at.date().isoformat() for link in ProjectArticle.objects.filter(article=articles[0])} == {
        "2025-03-01"
    }
    # Several articles at once (one UPDATE), one of them losing its date.
    Article.objects.filter(pk__in=[articles[1].pk, articles[2].pk]).update(published_at=None)
    Article.objects.filter(pk=articles[4].pk).update(published_at=datetime(2023, 5, 5, tzinfo=UTC))
    check()


def test_a_link_cannot_be_given_another_date_than_its_articles(check, admin_user, projects, articles):
    gaza = projects[0]
    project_articles_add(project=gaza, article_ids=[articles[0].pk], user=admin_user, imported=True)
    ProjectArticle.objects.filter(project=gaza).update(published_at=datetime(1999, 1, 1, tzinfo=UTC))
    check()
    # Pointed at another article, a link takes that article's date.
    ProjectArticle.objects.filter(project=gaza).update(article=articles[3])
    check()
    assert ProjectArticle.objects.get(project=gaza).published_at == articles[3].published_at


def test_shared_articles_are_counted_as_links_come_and_go(check, admin_user, projects, articles):
    gaza, iran, sudan = projects
    ids = [a.pk for a in articles]
    project_articles_add(project=gaza, article_ids=ids[:3], user=admin_user, imported=True)
    project_articles_add(project=iran, article_ids=ids[3:], user=admin_user, imported=True)
    check()
    assert shared(gaza, iran) == 0
    project_articles_add(project=iran, article_ids=ids[1:3], user=admin_user, imported=True)
    project_articles_add(project=sudan, article_ids=ids, user=admin_user, imported=True)
    check()
    assert (shared(gaza, iran), shared(gaza, sudan), shared(iran, sudan)) == (2, 3, 4)
    project_article_remove(project=iran, article_id=ids[1], user=admin_user)
    check()
    assert shared(gaza, iran) == 1
    # Links to one article inserted by one statement (both sides new), and one moved to
    # another project by an UPDATE.
    fresh = ArticleFactory()
    ProjectArticle.objects.bulk_create([ProjectArticle(project=p, article=fresh) for p in projects])
    check()
    ProjectArticle.objects.filter(project=sudan, article_id=ids[0]).delete()
    ProjectArticle.objects.filter(project=iran, article_id=ids[3]).update(project=gaza)
    check()
    Project.objects.filter(pk=sudan.pk).delete()
    check()
    assert not ProjectOverlap.objects.filter(project_b=sudan.pk).exists()
    ProjectArticle.objects.all().delete()
    check()
    assert not ProjectOverlap.objects.exists()


def test_the_overlap_is_filled_for_links_made_before_the_migration(check, admin_user, projects, articles):
    gaza, iran, _ = projects
    project_articles_add(project=gaza, article_ids=[a.pk for a in articles], user=admin_user, imported=True)
    project_articles_add(project=iran, article_ids=[articles[0].pk], user=admin_user, imported=True)
    from importlib import import_module

    backfill = import_module("annotator.migrations.0021_scale19_project_overlap").BACKFILL
    ProjectOverlap.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(backfill)
    check()
    assert shared(gaza, iran) == 1
