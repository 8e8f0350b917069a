"""In the browser: counts leave pending suggestions out until the analyst ticks "Include
pending suggestions"; the list updates in place, the address and the export link keep it."""

import re

import pytest

from annotator.models import Origin, ReviewStatus, Stance
from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = ("denied accusations", "has never been involved", "air strikes", "indications")


def test_ticking_include_pending_counts_the_suggestions_and_the_export_follows(logged_in_page, live_server, viewer):
    kirby = ActorFactory(name="John Kirby")
    article = ArticleFactory()
    StatementFactory(article=article, speaker=kirby, text=TEXTS[0], stance=Stance.CLAIM)
    for text in TEXTS[1:]:
        StatementFactory(
            article=article, speaker=kirby, text=text, origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING
        )
    page = logged_in_page(viewer)
    page.goto(f"{live_server.url}/actors/")
    claims = page.locator("#results tbody tr").first.locator(".stance-claim")
    assert claims.inner_text() == "1"
    export = page.get_by_role("link", name="Export CSV")
    assert "include_pending" not in export.get_attribute("href")

    page.get_by_label("Include pending suggestions").check()

    page.wait_for_url(re.compile(r"include_pending=true"))
    page.wait_for_function("document.querySelector('#results tbody tr .stance-claim').textContent.trim() === '4'")
    assert page.get_by_text("includes pending suggestions").is_visible()
    assert "include_pending=true" in export.get_attribute("href")

    page.get_by_role("link", name="John Kirby").click()
    assert page.locator(".badge-pending", has_text="pending review").count() == 0  # the page's own switch is off
    assert page.get_by_text("3 suggestions await review").is_visible()
    page.get_by_role("link", name="Include pending suggestions").click()
    assert page.locator(".statement-row .badge-pending").count() == 3
