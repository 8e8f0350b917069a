"""The per-project counts move with the articles: joining a project adds an article's
statements to it, leaving takes them away, and an article in no project counts in the
default bucket (0) until it joins one and again after it leaves its last. Checked
against a recount after each move, whichever way the links are written."""

import pytest
from django.db import connection

from annotator.models import Project, ProjectActorTally, ProjectArticle
from annotator.services.projects import project_article_remove, project_articles_add, project_create
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory

from .conftest import needs_tallies
from .test_write_paths import make

pytestmark = [pytest.mark.django_db, needs_tallies]


@pytest.fixture
def reported(analyst):
    """Two articles with statements by one speaker about one proposition, in no project."""
    kirby, strikes = ActorFactory(name="John Kirby"), PropositionFactory(text="Iran flew the strikes.")
    articles = [ArticleFactory(title="Strikes"), ArticleFactory(title="Denials")]
    make(articles[0], "denied accusations", stance="denial", speaker=kirby, proposition=strikes, user=analyst)
    make(articles[0], "indications", speaker=kirby, proposition=strikes, suggested=True)
    make(articles[1], "never been involved", speaker=kirby, proposition=strikes, user=analyst)
    return kirby, articles


def claims_of(actor, project_id: int) -> int:
    row = ProjectActorTally.objects.filter(actor=actor, project=project_id).first()
    return row.claims if row else 0


def test_an_article_in_no_project_counts_in_bucket_zero(check, reported):
    kirby, _ = reported
    check()
    assert claims_of(kirby, 0) == 1


def test_joining_two_projects_counts_the_article_in_each_and_leaving_the_last_gives_it_back(
    check, admin_user, reported
):
    kirby, (strikes, denials) = reported
    gaza = project_create(name="Gaza", slug="gaza", user=admin_user)
    iran = project_create(name="Iran", slug="iran", user=admin_user)
    # Joining a project first links the article to the default project (it was its).
    project_articles_add(project=gaza, article_ids=[denials.pk], user=admin_user)
    check()
    assert claims_of(kirby, gaza.pk) == 1 and claims_of(kirby, 0) == 0
    project_articles_add(project=iran, article_ids=[denials.pk, strikes.pk], user=admin_user, imported=True)
    check()
    assert claims_of(kirby, iran.pk) == 1
    project_article_remove(project=gaza, article_id=denials.pk, user=admin_user)
    check()
    for project in ProjectArticle.objects.filter(article=denials).values_list("project", flat=True):
        project_article_remove(project=Project.objects.get(pk=project), article_id=denials.pk, user=admin_user)
    check()
    assert claims_of(kirby, 0) == 1


def test_statements_written_while_the_article_is_in_projects_count_there(check, admin_user, analyst, reported):
    kirby, (strikes, _) = reported
    gaza = project_create(name="Gaza", slug="gaza", user=admin_user)
    project_articles_add(project=gaza, article_ids=[strikes.pk], user=admin_user, imported=True)
    make(strikes, "airstrikes", speaker=kirby, proposition=PropositionFactory(), user=analyst)
    check()
    assert claims_of(kirby, gaza.pk) == 1


def test_deleting_a_project_takes_its_counts_away(check, admin_user, reported):
    kirby, articles = reported
    gaza = project_create(name="Gaza", slug="gaza", user=admin_user)
    project_articles_add(project=gaza, article_ids=[a.pk for a in articles], user=admin_user, imported=True)
    gaza_id = gaza.pk
    Project.objects.get(pk=gaza_id).delete()
    check()
    assert not ProjectActorTally.objects.filter(project=gaza_id).exists()
    assert claims_of(kirby, 0) == 1


def test_links_written_many_at_once_around_the_orm(check, admin_user, reported):
    # The benchmark links 5,000 articles per INSERT; a link may also be moved by UPDATE.
    kirby, articles = reported
    gaza = project_create(name="Gaza", slug="gaza", user=admin_user)
    iran = project_create(name="Iran", slug="iran", user=admin_user)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO annotator_projectarticle (project_id, article_id, double, added_at) "
            "SELECT %s, id, false, now() FROM annotator_article",
            [gaza.pk],
        )
        check()
        # Marking links for double annotation moves nothing.
        cursor.execute("UPDATE annotator_projectarticle SET double = true")
        check()
        cursor.execute(
            "UPDATE annotator_projectarticle SET project_id = %s WHERE article_id = %s", [iran.pk, articles[1].pk]
        )
        check()
        cursor.execute(
            "UPDATE annotator_projectarticle SET article_id = %s WHERE article_id = %s",
            [articles[0].pk, articles[1].pk],
        )
        check()
        cursor.execute("DELETE FROM annotator_projectarticle")
        check()
    assert claims_of(kirby, gaza.pk) == 0 and claims_of(kirby, 0) == 1
