"""While an article is double, each annotator's statements are their own version: they see
only those, and the canonical set (browse pages, counts, API lists, exports) has none."""

import pytest

from annotator.models import Assignment, ProjectArticle, Statement
from annotator.services.double import double_sample_mark, sample_order
from annotator.services.statements import statement_create
from tests.factories import ArticleFactory, StatementFactory

from .conftest import mark

pytestmark = pytest.mark.django_db


def test_an_assignees_statement_on_a_double_article_is_independent_and_theirs(team):
    statement = mark(team.article, team.alice, "denied accusations")
    assert statement.independent is True
    assert statement.annotator == team.alice


def test_the_projects_reviewer_adds_to_the_canonical_set_directly(team):
    assert mark(team.article, team.rita, "denied accusations").independent is False


def test_suggestions_stay_canonical_and_out_of_the_annotators_sight(team, client):
    suggestion = statement_create(
        article=team.article, start=0, end=17, stance="claim", origin="suggested", annotator=None
    )
    assert suggestion.independent is False
    client.force_login(team.alice)
    page = client.get(f"/articles/{team.article.pk}/").content.decode()
    assert f'id="statement-{suggestion.pk}"' not in page


def test_each_analyst_sees_only_their_own_version_in_the_reader(team, client):
    mine = mark(team.article, team.alice, "denied accusations")
    theirs = mark(team.article, team.bob, "never been involved")
    canonical = StatementFactory(article=team.article, text="Pentagon spokesperson")
    client.force_login(team.alice)
    page = client.get(f"/articles/{team.article.pk}/").content.decode()
    assert f'id="statement-{mine.pk}"' in page
    assert f'id="statement-{theirs.pk}"' not in page
    assert f'id="statement-{canonical.pk}"' not in page
    assert "You see only your own statements" in page


def test_the_reviewer_reads_the_canonical_set_and_is_offered_adjudication(team, client):
    mark(team.article, team.alice, "denied accusations")
    client.force_login(team.rita)
    page = client.get(f"/articles/{team.article.pk}/").content.decode()
    assert f"/articles/{team.article.pk}/adjudicate/" in page


def test_counts_api_lists_and_exports_hold_the_canonical_set_only(team, client):
    version = mark(team.article, team.alice, "denied accusations")
    canonical = StatementFactory(article=team.article, text="Pentagon spokesperson")
    client.force_login(team.alice)
    listed = client.get("/api/v1/statements/").json()["results"]
    assert [s["id"] for s in listed] == [canonical.pk]
    exported = b"".join(client.get("/export/statements.csv").streaming_content).decode()
    assert "denied accusations" not in exported and "Pentagon spokesperson" in exported
    assert Statement.objects.counted().count() == 1
    assert version.pk not in Statement.objects.live().values_list("pk", flat=True)


def test_over_the_api_an_analyst_reads_their_own_versions_and_nobody_elses(team, client):
    mine = mark(team.article, team.alice, "denied accusations")
    theirs = mark(team.article, team.bob, "never been involved")
    client.force_login(team.alice)
    listed = client.get("/api/v1/statements/?independent=true").json()["results"]
    assert [s["id"] for s in listed] == [mine.pk]
    assert client.get(f"/api/v1/statements/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/statements/{mine.pk}/").status_code == 200
    client.force_login(team.rita)
    listed = client.get("/api/v1/statements/?independent=true").json()["results"]
    assert sorted(s["id"] for s in listed) == sorted([mine.pk, theirs.pk])


def test_a_statement_filter_on_review_status_still_leaves_versions_out(team, client):
    mark(team.article, team.alice, "denied accusations")
    client.force_login(team.alice)
    assert client.get("/api/v1/statements/?review_status=accepted").json()["results"] == []


def _eligible(team, n):
    articles = [ArticleFactory() for _ in range(n)]
    for article in articles:
        ProjectArticle.objects.create(project=team.project, article=article)
        for user in (team.alice, team.bob):
            Assignment.objects.create(project=team.project, article=article, assignee=user)
    return articles


def test_the_sample_is_drawn_reproducibly_and_extends_itself(team):
    """Eligible: the fixture's article (already double) and ten more. 30% of 11 is 3.3, so 4
    are wanted: 3 more are marked, first in the order seeded by the project's id."""
    articles = _eligible(team, 10)
    ArticleFactory()  # not in the project
    lonely = ArticleFactory()
    ProjectArticle.objects.create(project=team.project, article=lonely)
    Assignment.objects.create(project=team.project, article=lonely, assignee=team.alice)  # one assignee only
    eligible = sorted([team.article.pk, *(a.pk for a in articles)])
    order = [pk for pk in sample_order(team.project, eligible) if pk != team.article.pk]
    marked = double_sample_mark(project=team.project, percent=30)
    assert marked == order[:3]
    assert double_sample_mark(project=team.project, percent=30) == []
    assert double_sample_mark(project=team.project, count=6) == order[3:5]
    assert not ProjectArticle.objects.get(article=lonely).double


def test_a_sample_needs_articles_with_two_assignees(make_user):
    from django.core.exceptions import ValidationError

    from annotator.models import Project

    project = Project.objects.create(name="Empty", slug="empty")
    with pytest.raises(ValidationError, match="assign them first"):
        double_sample_mark(project=project, count=2)


def test_a_manager_marks_a_sample_from_the_agreement_page(team, make_user, client):
    from annotator.models import ProjectMember, ProjectRole

    _eligible(team, 4)
    manager = make_user("viewer", username="maud")
    ProjectMember.objects.create(project=team.project, user=manager, role=ProjectRole.MANAGER)
    client.force_login(manager)
    response = client.post(f"/projects/{team.project.slug}/agreement/double", {"sample": "60%"})
    assert response.status_code == 302
    assert ProjectArticle.objects.filter(project=team.project, double=True).count() == 3  # ceil(5 × 0.6)
    bad = client.post(f"/projects/{team.project.slug}/agreement/double", {"sample": "150%"})
    assert bad.status_code == 422
    assert "percentage above 0 and up to 100" in bad.content.decode()
    client.force_login(team.rita)  # a reviewer, not a manager
    assert client.post(f"/projects/{team.project.slug}/agreement/double", {"sample": "5"}).status_code == 403


def test_anothers_version_has_no_history_page_and_no_place_among_the_deleted(team, client):
    from annotator.services.statements import statement_delete

    theirs = mark(team.article, team.bob, "never been involved")
    gone = mark(team.article, team.bob, "denied accusations")
    statement_delete(statement=gone, version=gone.version, user=team.bob)
    client.force_login(team.alice)
    assert client.get(f"/statements/{theirs.pk}/history/").status_code == 404
    assert client.get(f"/statements/{gone.pk}/history/").status_code == 404
    assert f"/statements/{gone.pk}/history/" not in client.get(f"/articles/{team.article.pk}/deleted/").content.decode()
    client.force_login(team.rita)
    assert client.get(f"/statements/{theirs.pk}/history/").status_code == 200
    assert f"/statements/{gone.pk}/history/" in client.get(f"/articles/{team.article.pk}/deleted/").content.decode()


def test_browse_pages_and_the_matrix_show_no_independent_version(team, client):
    from tests.factories import ActorFactory, PropositionFactory

    speaker, proposition = ActorFactory(name="Ali Shamkhani"), PropositionFactory(text="Iran struck in Iraq.")
    mark(team.article, team.alice, "never been involved", stance="denial", speaker=speaker, proposition=proposition)
    client.force_login(team.rita)
    assert "never been involved" not in client.get(f"/propositions/{proposition.pk}/").content.decode()
    assert "never been involved" not in client.get(f"/actors/{speaker.pk}/").content.decode()
    assert "Ali Shamkhani" not in client.get("/matrix/").content.decode()


def test_a_statement_made_in_the_reader_is_the_annotators_own_version(team, client):
    from tests.factories import ActorFactory

    speaker = ActorFactory(name="John Kirby")
    text = "Iranian officials"
    start = team.article.body.index(text)
    form = {
        "start": start,
        "end": start + len(text),
        "quote": text,
        "stance": "claim",
        "speaker": str(speaker.pk),
        "speaker_query": speaker.name,
        "direct": "0",
    }
    client.force_login(team.bob)
    response = client.post(f"/articles/{team.article.pk}/statements/new", form, headers={"HX-Request": "true"})
    made = Statement.objects.get(quote=text)
    assert (made.independent, made.annotator) == (True, team.bob)
    assert f'id="statement-{made.pk}"' in response.content.decode()
