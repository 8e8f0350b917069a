"""Reviewing the suggester's output in a real browser: accept, correct, reject, accept all,
from the keyboard and with the mouse, in the reader and in the queue."""

import pytest

from annotator.models import Origin, ReviewStatus, Statement
from tests.browser.helpers import settled
from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def suggestion(article, text, **extra):
    fields = {"origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING, "annotator": None, **extra}
    return StatementFactory(article=article, text=text, **fields)


def open_reader(page, live_server, article):
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.wait_for_selector("#article-body")


def wait_for_notice(page, text):
    page.wait_for_function(
        "t => document.getElementById('reader-notice').textContent.includes(t)", arg=text, timeout=10_000
    )
    settled(page)


def wait_for_current(page, statement):
    """The reader has settled on `statement` (focus is restored after each swap)."""
    page.wait_for_function(
        "id => (document.querySelector('.st-item.is-current') || {dataset: {}}).dataset.statement === id",
        arg=str(statement.pk),
        timeout=10_000,
    )


def test_reviewer_accepts_with_a_and_rejects_with_r(logged_in_page, live_server, reviewer):
    article = ArticleFactory()
    first = suggestion(article, "denied accusations")
    second = suggestion(article, "there were")
    page = logged_in_page(reviewer)
    open_reader(page, live_server, article)
    assert page.locator("#article-body mark.st-pending").count() == 2

    page.keyboard.press("j")
    page.keyboard.press("a")
    wait_for_notice(page, "Suggestion accepted.")
    first.refresh_from_db()
    assert first.review_status == ReviewStatus.ACCEPTED and first.annotator == reviewer
    assert page.locator(f"mark.st-pending[data-statement='{first.pk}']").count() == 0
    assert page.locator(f"mark[data-statement='{first.pk}']").count() >= 1

    # Accepting moved focus on to the next pending suggestion: r decides that one.
    wait_for_current(page, second)
    page.keyboard.press("r")
    wait_for_notice(page, "Suggestion rejected.")
    second.refresh_from_db()
    assert second.review_status == ReviewStatus.REJECTED
    assert page.locator(f"[data-statement='{second.pk}']").count() == 0


def test_reviewer_corrects_a_suggestion_with_e_and_saving_accepts_it(logged_in_page, live_server, reviewer):
    article = ArticleFactory()
    pending = suggestion(
        article,
        "has never been involved in any air strikes",
        speaker=None,
        speaker_text="a senior Iranian official",
        note="Proposed new actor: Senior Iranian official [anonymous]",
    )
    page = logged_in_page(reviewer)
    open_reader(page, live_server, article)

    page.keyboard.press("j")
    page.keyboard.press("e")
    page.wait_for_selector("#statement-form")
    assert page.input_value("#id_speaker_query") == "Senior Iranian official"
    page.locator("#statement-form input[name=stance][value=denial]").check()
    page.locator("#statement-form button[type=submit]").click()
    page.wait_for_selector("#statement-form", state="detached")

    pending.refresh_from_db()
    assert (pending.review_status, pending.stance) == (ReviewStatus.ACCEPTED, "denial")
    assert pending.speaker.name == "Senior Iranian official" and pending.speaker.kind == "anonymous"
    assert page.locator(f"mark.st-denial[data-statement='{pending.pk}']").count() >= 1


def test_reviewer_accepts_all_with_the_mouse(logged_in_page, live_server, reviewer):
    article = ArticleFactory()
    for text in ("denied accusations", "there were", "a senior Iranian official"):
        suggestion(article, text)
    page = logged_in_page(reviewer)
    open_reader(page, live_server, article)

    page.click("#accept-all")
    wait_for_notice(page, "Accepted 3 suggestions.")
    assert set(Statement.objects.values_list("review_status", flat=True)) == {ReviewStatus.ACCEPTED}
    assert page.locator("#article-body mark.st-pending").count() == 0
    assert page.locator("#accept-all").count() == 0


def test_analyst_sees_no_accept_controls_and_a_does_nothing(logged_in_page, live_server, analyst):
    article = ArticleFactory()
    pending = suggestion(article, "denied accusations")
    page = logged_in_page(analyst)
    open_reader(page, live_server, article)
    assert page.locator("[data-action=accept], #accept-all").count() == 0
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_timeout(300)
    pending.refresh_from_db()
    assert pending.review_status == ReviewStatus.PENDING


def test_the_queue_walks_suggestions_across_articles(logged_in_page, live_server, reviewer):
    speaker = ActorFactory()
    first = suggestion(ArticleFactory(title="First"), "denied accusations", speaker=speaker)
    second = suggestion(ArticleFactory(title="Second"), "there were", speaker=speaker)
    page = logged_in_page(reviewer)
    page.goto(f"{live_server.url}/review/")
    assert page.locator(".st-item").count() == 2

    order = page.eval_on_selector_all(".st-item", "items => items.map(i => Number(i.dataset.statement))")
    assert sorted(order) == sorted([first.pk, second.pk])
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_selector(f"#statement-{order[0]}", state="detached")
    page.keyboard.press("r")
    page.wait_for_selector(f"#statement-{order[1]}", state="detached")
    assert "Nothing to review." in page.inner_text("#review-queue-list")
    statuses = dict(Statement.objects.values_list("pk", "review_status"))
    assert (statuses[order[0]], statuses[order[1]]) == (ReviewStatus.ACCEPTED, ReviewStatus.REJECTED)
