"""The agreement page, its CSV and its API give the figures computed by hand in
tests/agreement/test_scores.py (article 1 there), here made by alice (A) and bob (B)
through the service on a real article: F1 exact 2/9, F1 overlap 6/9, kappa -0.5,
alpha -0.25, speaker 2/3, proposition 2/3, via 1."""

import csv
import io

import pytest

from annotator.models import Assignment, ProjectArticle
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory

pytestmark = pytest.mark.django_db

BODY = "".join(chr(ord("a") + i % 26) for i in range(300))


def _make(article, user, start, end, stance, speaker, proposition, via=None):
    from annotator.services.statements import statement_create

    return statement_create(
        article=article,
        start=start,
        end=end,
        stance=stance,
        speaker=speaker,
        proposition=proposition,
        via=via,
        annotator=user,
    )


@pytest.fixture
def annotated(team):
    article = team.article
    article.body = BODY
    article.save()
    s1, s2, s3, s4 = (ActorFactory() for _ in range(4))
    p1, p2, p3 = (PropositionFactory() for _ in range(3))
    v1 = SourceFactory(name="Reuters")
    for args in [
        (0, 10, "claim", s1, p1),
        (20, 40, "denial", s2, p1, v1),
        (50, 60, "claim", s1, p2),
        (100, 110, "claim", s3, p3),
    ]:
        _make(article, team.alice, *args)
    for args in [
        (0, 10, "claim", s1, p1),
        (22, 40, "claim", s2, p2, v1),
        (55, 70, "denial", s4, p2),
        (200, 210, "claim", s3, p3),
        (107, 125, "claim", s3, p3),
    ]:
        _make(article, team.bob, *args)
    return team


def test_the_page_shows_the_hand_computed_figures_with_a_chart(annotated, client):
    client.force_login(annotated.rita)
    response = client.get(f"/projects/{annotated.project.slug}/agreement/")
    assert response.status_code == 200
    page = response.content.decode()
    overall = page[page.index('id="agreement-overall"') :]
    overall = overall[: overall.index("</dl>")]
    for figure in ("0.22", "0.67", "-0.50", "-0.25", "1.00"):
        assert figure in overall
    assert '<svg class="agreement-chart"' in page
    assert "alice / bob" in page
    assert f"/articles/{annotated.article.pk}/adjudicate/" in page


def test_the_csv_has_project_pair_and_article_rows(annotated, client):
    client.force_login(annotated.alice)
    response = client.get(f"/projects/{annotated.project.slug}/agreement.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["scope"], r["first_annotator"], r["second_annotator"]) for r in rows] == [
        ("project", "", ""),
        ("pair", "alice", "bob"),
        ("article", "alice", "bob"),
    ]
    project = rows[0]
    assert float(project["f1_exact"]) == pytest.approx(2 / 9)
    assert float(project["stance_kappa"]) == pytest.approx(-0.5)
    assert (project["claim_denial"], project["denial_claim"]) == ("1", "1")


def test_the_api_gives_the_same_figures(annotated, client):
    client.force_login(annotated.bob)
    body = client.get(f"/api/v1/projects/{annotated.project.slug}/agreement/").json()
    assert body["overall"]["f1_overlap"] == pytest.approx(6 / 9)
    assert body["overall"]["stance_alpha"] == pytest.approx(-0.25)
    assert body["pairs"] == [{"first": "alice", "second": "bob", "figures": body["overall"]}]
    assert body["articles"][0]["article"] == annotated.article.pk


def test_someone_outside_the_project_reads_none_of_it(annotated, client, make_user):
    outsider = make_user("reviewer", username="olga")
    client.force_login(outsider)
    slug = annotated.project.slug
    # As if it did not exist: a refusal would tell her that it does.
    assert client.get(f"/projects/{slug}/agreement/").status_code == 404
    assert client.get(f"/projects/{slug}/agreement.csv").status_code == 404
    assert client.get(f"/api/v1/projects/{slug}/agreement/").status_code == 404


def test_the_page_costs_the_same_queries_for_one_double_article_as_for_many(
    annotated, client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(annotated.rita)
    url = f"/projects/{annotated.project.slug}/agreement/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        article = ArticleFactory()
        ProjectArticle.objects.create(project=annotated.project, article=article, double=True)
        for user in (annotated.alice, annotated.bob):
            Assignment.objects.create(project=annotated.project, article=article, assignee=user)
            _make(article, user, 0, 8, "claim", ActorFactory(), PropositionFactory())
    with django_assert_num_queries(len(one)):
        assert client.get(url).status_code == 200
