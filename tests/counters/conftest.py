"""The counters the database keeps (annotator/models/tallies.py) exist on PostgreSQL only:
these tests check them there. On SQLite the pages count statements as before."""

import pytest

from annotator.models import Article, ArticleTally

# The double-annotation team of tests/teams: alice and bob annotate one article apart.
from tests.teams.conftest import mark, team  # noqa: F401 - the fixture, and its helper

from .recount import project_recount, project_tallies, recount, tallies

# The house marker: skipped on SQLite, and a failure in CI (ANNOTATOR_REQUIRE_ALL) if not run.
needs_tallies = pytest.mark.postgres


def assert_tallies_right() -> None:
    """The tallies, everyone's and per project, equal a recount of the statements, and
    every article has its row."""
    assert tallies() == recount()
    assert project_tallies() == project_recount()
    articles = set(Article.objects.values_list("pk", flat=True))
    assert set(ArticleTally.objects.values_list("article_id", flat=True)) == articles


@pytest.fixture
def check():
    return assert_tallies_right
