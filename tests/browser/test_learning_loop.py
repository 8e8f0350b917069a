"""The learning loop in a real browser: a reviewer's decision in the queue is the review
that makes the scorer retrain (the task runs on the immediate backend), after which the
queue lists the suggestions most likely accepted first, a threshold hides the unlikely
ones while counting them, and the model page shows the retrain."""

import pytest

from annotator.models import Origin, ReviewStatus, ScorerModel, ScorerStatus, Stance
from annotator.services.suggestions import suggestion_accept, suggestion_reject
from tests.browser.helpers import settled
from tests.factories import ArticleFactory, StatementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REVIEWS = 25  # ANNOTATOR_RETRAIN_EVERY in this test


def pending(article, slot: int, denial: bool):
    """A suggestion on the `slot`-th sentence: denials (cue "denied") are what reviewers
    accept, claims with no cue what they reject."""
    start = slot * 10
    return StatementFactory(
        article=article,
        start=start,
        end=start + 9,
        quote=article.body[start : start + 9],
        stance=Stance.DENIAL if denial else Stance.CLAIM,
        cue="denied" if denial else "",
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.PENDING,
        annotator=None,
    )


def queue_order(page) -> list[int]:
    return [
        int(pk)
        for pk in page.locator("#review-queue-list li.st-item").evaluate_all("els => els.map(e => e.dataset.statement)")
    ]


def test_review_retrains_the_scorer_which_reorders_the_queue_and_a_threshold_hides_the_unlikely(
    logged_in_page, live_server, reviewer, settings
):
    settings.ANNOTATOR_RETRAIN_EVERY = REVIEWS
    article = ArticleFactory(title="Sentences", body="Sentence. " * 100)
    # The team's earlier reviews: all but the one the reviewer makes in the browser.
    for slot in range(REVIEWS - 1):
        earlier = pending(article, slot, denial=slot % 2 == 0)
        decide = suggestion_accept if slot % 2 == 0 else suggestion_reject
        decide(statement=earlier, version=earlier.version, user=reviewer)
    assert not ScorerModel.objects.exists()
    last_claim = pending(article, 30, denial=False)
    claims = [pending(article, 31, denial=False), pending(article, 33, denial=False)]
    denials = [pending(article, 32, denial=True), pending(article, 34, denial=True)]

    page = logged_in_page(reviewer)
    page.goto(f"{live_server.url}/review/")
    assert queue_order(page) == [last_claim.pk, claims[0].pk, denials[0].pk, claims[1].pk, denials[1].pk]
    assert page.locator(".st-confidence").count() == 0  # no scorer yet: text order

    page.locator(f"#statement-{last_claim.pk} [data-action=reject] button").click()
    page.wait_for_function("() => document.getElementById('reader-notice').textContent.includes('rejected')")
    settled(page)
    live = ScorerModel.objects.get()
    assert live.status == ScorerStatus.LIVE and live.trigger == f"every {REVIEWS} reviews"

    page.goto(f"{live_server.url}/review/")
    order = queue_order(page)
    assert set(order[:2]) == {d.pk for d in denials} and set(order[2:]) == {c.pk for c in claims}
    assert page.locator(".st-confidence").count() == 4

    page.fill("#filter-threshold", "0.5")
    page.locator(".queue-filters button[type=submit]").click()
    page.wait_for_selector("#queue-hidden")
    settled(page)
    assert page.locator("#queue-hidden").inner_text() == "2 hidden below 0.50"
    assert sorted(queue_order(page)) == sorted(d.pk for d in denials)

    # The threshold is the reviewer's until cleared: a fresh visit keeps it.
    page.goto(f"{live_server.url}/review/")
    assert page.locator("#queue-hidden").inner_text() == "2 hidden below 0.50"

    page.locator("a", has_text="How the ranking learns from your reviews").click()
    page.wait_for_selector("#scorer-history")
    assert page.locator("#scorer-charts svg").count() == 3
    assert "Live" in page.locator("#scorer-history tbody tr").first.inner_text()
