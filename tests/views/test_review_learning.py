"""The review queue once the scorer has learnt: most likely accepted first, a reviewer's
threshold that hides suggestions but counts them (and exports them), doubtful stances
flagged; and the model page with its held-back figures and retrain history."""

import pytest

from annotator.models import Origin, ReviewStatus, ScorerModel, ScorerStatus, Stance, SuggestionScore
from annotator.suggest.confidence import Scorer
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def scored(article, text, confidence, stance=Stance.CLAIM, doubt=None):
    statement = StatementFactory(
        article=article,
        text=text,
        stance=stance,
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.PENDING,
        annotator=None,
    )
    if confidence is not None:
        SuggestionScore.objects.create(statement=statement, confidence=confidence, stance_doubt=doubt)
    return statement


@pytest.fixture
def three(db):
    article = ArticleFactory()
    return (
        scored(article, "denied accusations", 0.2),
        scored(article, "has never been involved", 0.9),
        scored(article, "there were", 0.5),
    )


def _order(html: str, statements) -> list[int]:
    return sorted((html.index(f'id="statement-{s.pk}"'), s.pk) for s in statements)


def test_the_queue_shows_the_most_likely_accepted_first(client, reviewer, three):
    low, high, middle = three
    unscored = scored(ArticleFactory(), "denied accusations", None)
    client.force_login(reviewer)
    html = client.get("/review/").content.decode()
    assert [pk for _, pk in _order(html, [*three, unscored])] == [high.pk, middle.pk, low.pk, unscored.pk]
    assert "confidence 0.90" in html


def test_a_threshold_hides_suggestions_below_it_but_counts_them_and_links_their_export(client, reviewer, three):
    low, high, middle = three
    client.force_login(reviewer)
    html = client.get("/review/?threshold=0.3").content.decode()
    assert f'id="statement-{low.pk}"' not in html
    assert f'id="statement-{high.pk}"' in html and f'id="statement-{middle.pk}"' in html
    assert "1 hidden below 0.30" in html
    export = client.get("/export/statements.csv?review_status=pending&origin=suggested&confidence_below=0.3")
    rows = b"".join(export.streaming_content).decode().strip().splitlines()
    assert len(rows) == 2 and "denied accusations" in rows[1]
    assert "confidence_below=0.3" in html


def test_the_threshold_is_kept_for_the_reviewers_next_visits_until_cleared(client, reviewer, three):
    low = three[0]
    client.force_login(reviewer)
    client.get("/review/?threshold=0.3")
    assert f'id="statement-{low.pk}"' not in client.get("/review/").content.decode()
    assert f'id="statement-{low.pk}"' not in client.get("/review/", headers=HTMX).content.decode()
    assert f'id="statement-{low.pk}"' in client.get("/review/?threshold=").content.decode()
    assert f'id="statement-{low.pk}"' in client.get("/review/").content.decode()


def test_a_threshold_that_is_not_a_number_from_0_to_1_is_an_error_and_hides_nothing(client, reviewer, three):
    client.force_login(reviewer)
    html = client.get("/review/?threshold=lots").content.decode()
    assert "The threshold must be a number from 0 to 1" in html
    assert all(f'id="statement-{s.pk}"' in html for s in three)


def test_a_decision_in_the_queue_keeps_the_threshold(client, reviewer, three):
    low, high, middle = three
    client.force_login(reviewer)
    client.get("/review/?threshold=0.3")
    html = client.post(
        f"/statements/{high.pk}/accept", {"version": 1, "from": "queue", "queue": "threshold=0.3"}, headers=HTMX
    ).content.decode()
    assert f'id="statement-{low.pk}"' not in html and "1 hidden below 0.30" in html


def test_a_stance_the_scorer_doubts_is_flagged(client, reviewer):
    article = ArticleFactory()
    doubted = scored(article, "denied accusations", 0.6, stance=Stance.DENIAL, doubt=0.8)
    trusted = scored(article, "has never been involved", 0.7, stance=Stance.DENIAL, doubt=0.1)
    client.force_login(reviewer)
    html = client.get("/review/").content.decode()
    flags = html.count('class="st-stance-doubt"')
    assert flags == 1 and "80% likely not a denial" in html
    item = html[html.index(f'id="statement-{doubted.pk}"') :]
    assert item.index("st-stance-doubt") < item.index("</li>")
    assert html.index(f'id="statement-{trusted.pk}"') < html.index(f'id="statement-{doubted.pk}"')


def test_the_queue_query_count_does_not_grow_with_scored_rows(client, reviewer, django_assert_max_num_queries):
    article = ArticleFactory()
    scored(article, "denied accusations", 0.4)
    client.force_login(reviewer)
    with django_assert_max_num_queries(30) as one:
        client.get("/review/?threshold=0.1")
    for text in ("has never been involved", "there were", "indications"):
        scored(article, text, 0.5)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/review/?threshold=0.1")


def test_the_reader_lists_pending_suggestions_most_likely_first(client, reviewer, three):
    low, high, middle = three
    client.force_login(reviewer)
    html = client.get(f"/articles/{low.article_id}/").content.decode()
    panel = html[html.index('id="statement-panel"') :]
    assert [pk for _, pk in _order(panel, three)] == [high.pk, middle.pk, low.pk]


def test_the_model_page_plots_held_back_figures_before_and_after_each_retrain(client, reviewer):
    figures = {
        "count": 6,
        "accepted": 3,
        "precision": 0.75,
        "recall": 1.0,
        "brier": 0.1,
        "calibration": [{"low": 0.0, "high": 0.2, "count": 2, "predicted": 0.1, "observed": 0.0}],
    }
    scorer = Scorer.constant(0.5).as_json()
    ScorerModel.objects.create(
        status=ScorerStatus.REFUSED, reason="Brier score 0.3 is worse", before=figures, after={**figures, "brier": 0.3},
        coefficients=scorer, trigger="every 50 reviews",
    )  # fmt: skip
    ScorerModel.objects.create(
        status=ScorerStatus.LIVE, reason="Brier score 0.1", before=figures, after=figures,
        coefficients=scorer, trigger="command", trained_on=24, held_back=6,
    )  # fmt: skip
    client.force_login(reviewer)
    html = client.get("/review/model/").content.decode()
    assert html.count("<svg") == 3 and "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]
    assert "Precision on held-back reviews, before and after each retrain" in html
    assert "Refused" in html and "Brier score 0.3 is worse" in html and "Live scorer:" in html
    assert 'href="/review/model/"' in client.get("/review/").content.decode()


def test_retrain_now_records_a_retrain_on_the_model_page(client, reviewer, django_capture_on_commit_callbacks):
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/review/model/retrain")
    assert response.status_code == 302
    row = ScorerModel.objects.get()
    assert row.status == ScorerStatus.REFUSED and row.trigger == "reviewer" and row.started_by == reviewer
    assert "at least 10 are needed" in client.get("/review/model/").content.decode()
