"""Double annotation asks the role a person holds on the article's own projects, not the
highest they hold anywhere: alice, an analyst of this project, who also reviews another
desk, still annotates this double article on her own. She sees only her own version (the
reader, the API, the history), what she marks is her independent version, and she may
not adjudicate it."""

import pytest

from annotator.models import Project, ProjectMember, ProjectRole
from tests.teams.conftest import mark

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_reviews_elsewhere(team):
    other = Project.objects.create(name="Another desk", slug="another-desk")
    ProjectMember.objects.create(project=other, user=team.alice, role=ProjectRole.REVIEWER)
    return team


def test_she_sees_only_her_own_version_in_the_reader_and_over_the_api(alice_reviews_elsewhere, client):
    team = alice_reviews_elsewhere
    mine = mark(team.article, team.alice, "denied accusations")
    theirs = mark(team.article, team.bob, "never been involved")
    assert mine.independent
    client.force_login(team.alice)
    page = client.get(f"/articles/{team.article.pk}/").content.decode()
    assert f'id="statement-{mine.pk}"' in page and f'id="statement-{theirs.pk}"' not in page
    listed = client.get("/api/v1/statements/?independent=true").json()["results"]
    assert [s["id"] for s in listed] == [mine.pk]
    assert client.get(f"/api/v1/statements/{theirs.pk}/").status_code == 404
    assert client.get(f"/statements/{theirs.pk}/history/").status_code == 404
    every = client.get("/api/v1/statements/?versions=all").json()["results"]
    assert theirs.pk not in [s["id"] for s in every]


def test_she_may_not_adjudicate_it(alice_reviews_elsewhere, client):
    team = alice_reviews_elsewhere
    client.force_login(team.alice)
    assert client.get(f"/articles/{team.article.pk}/adjudicate/").status_code == 403
