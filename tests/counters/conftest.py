"""The counters the database keeps (annotator/models/tallies.py) exist on PostgreSQL only:
these tests check them there. On SQLite the pages count statements as before."""

import pytest

from annotator.models import Article, ArticleTally, ProjectMember, ProjectRole
from annotator.services.projects import project_articles_add, project_create
from annotator.services.statements import statement_create
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory

# The double-annotation team of tests/teams: alice and bob annotate one article apart.
from tests.teams.conftest import mark, team  # noqa: F401 - the fixture, and its helper

from .recount import (
    link_dates,
    link_dates_expected,
    overlap_recount,
    overlap_stored,
    project_recount,
    project_tallies,
    recount,
    tallies,
)

# The house marker: skipped on SQLite, and a failure in CI (ANNOTATOR_REQUIRE_ALL) if not run.
needs_tallies = pytest.mark.postgres


def assert_tallies_right() -> None:
    """The tallies, everyone's and per project, equal a recount of the statements, and
    every article has its row; the project links carry their articles' dates, and the
    projects' shared articles are counted right."""
    assert tallies() == recount()
    assert project_tallies() == project_recount()
    assert link_dates() == link_dates_expected()
    assert overlap_stored() == overlap_recount()
    articles = set(Article.objects.values_list("pk", flat=True))
    assert set(ArticleTally.objects.values_list("article_id", flat=True)) == articles


@pytest.fixture
def check():
    return assert_tallies_right


@pytest.fixture
def statements(team, analyst):  # noqa: F811 - the fixture imported above
    """Accepted, pending, rejected and independent statements, with and without a speaker
    or a proposition, on several articles, actors and propositions."""
    actors = [ActorFactory(name=f"Speaker {n}") for n in range(4)]
    propositions = [PropositionFactory(text=f"Proposition {n}.") for n in range(4)]
    texts = ("denied accusations", "never been involved", "indications", "airstrikes", "Pentagon spokesperson")
    for n in range(6):
        article = ArticleFactory(title=f"Report {n}")
        for i, text in enumerate(texts[: 1 + n % 5]):
            start = article.body.index(text)
            status = ("accepted", "pending", "accepted", "rejected", "accepted")[(n + i) % 5]
            statement_create(
                article=article,
                start=start,
                end=start + len(text),
                stance="denial" if (n * i) % 3 == 1 else "claim",
                speaker=None if (n + i) % 7 == 3 and status == "pending" else actors[(n + i) % 4],
                proposition=None if (n + 2 * i) % 6 == 5 else propositions[(n * i) % 4],
                origin="suggested" if status != "accepted" else "manual",
                review_status=status,
                annotator=analyst,
            )
    mark(team.article, team.alice, "denied accusations", speaker=actors[0], proposition=propositions[0])
    mark(team.article, team.bob, "indications", stance="denial", speaker=actors[1], proposition=propositions[0])


@pytest.fixture
def gaza(statements, team, make_user, admin_user):  # noqa: F811 - the fixture imported above
    """A second project holding every other article, the team's doubly annotated one
    too (so that article is in two projects), with a member who has no site role."""
    project = project_create(name="Gaza", slug="gaza", user=admin_user)
    articles = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    project_articles_add(project=project, article_ids=articles[::2] + [team.article.pk], user=admin_user)
    member = make_user(None, username="gaza-member")
    ProjectMember.objects.create(project=project, user=member, role=ProjectRole.VIEWER)
    return project
