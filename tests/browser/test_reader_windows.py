"""A long article in a real browser: the text loads window by window as the analyst scrolls,
annotating in a window loaded later stores absolute offsets, and a link to a statement whose
window is not loaded yet brings it in without a page load."""

import pytest

from annotator.models import Statement
from annotator.text.windows import window_at, window_bounds
from tests.browser.helpers import settled
from tests.browser.test_annotate import choose_new_speaker, drag_select, save_form
from tests.factories import ArticleFactory, StatementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def paragraphs(count: int) -> str:
    return "\n\n".join(
        f"Paragraph {n:04d} opens here, and the minister denied it again today. " * 7 for n in range(count)
    )


def loaded(page, index: int) -> bool:
    return page.evaluate(f"() => !!document.querySelector('#window-{index}:not(.window-placeholder)')")


def test_scrolling_loads_the_next_window_and_a_statement_marked_there_keeps_absolute_offsets(
    logged_in_page, live_server, analyst
):
    article = ArticleFactory(body=paragraphs(300))
    windows = window_bounds(article.body)
    assert len(windows) >= 4
    page = logged_in_page(analyst)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.wait_for_selector("#article-body")
    assert loaded(page, 0) and not loaded(page, 1) and not loaded(page, 2)
    # The first window is all the page holds: the text of the second is not in it yet.
    second_text = article.body[windows[1].start : windows[1].start + 30]
    assert second_text.split(",")[0] not in page.inner_text("#article-body")

    # Scrolling down to the end of the first window reveals the second: htmx loads it in place.
    page.locator("#window-1").scroll_into_view_if_needed()
    page.wait_for_selector("#window-1:not(.window-placeholder)")
    settled(page)
    assert page.url.endswith(f"/articles/{article.pk}/")  # no page load

    target = "Paragraph " + second_text.split("Paragraph ")[1][:4] + " opens here"
    drag_select(page, target)
    page.keyboard.press("c")
    page.wait_for_selector("#statement-form")
    settled(page)
    assert page.inner_text("#statement-form-quote") == target
    choose_new_speaker(page, "The minister")
    save_form(page)

    statement = Statement.objects.get()
    assert statement.start == article.body.index(target) >= windows[1].start
    assert article.body[statement.start : statement.end] == target
    # The save re-rendered the windows the page held: both, with the new highlight in the second.
    assert loaded(page, 0) and loaded(page, 1)
    assert page.locator(f"#window-1 mark[data-statement='{statement.pk}']").count() == 1
    assert page.locator(f"#statement-{statement.pk}").is_visible()


def test_a_link_to_a_statement_in_a_window_not_loaded_brings_that_window_in(logged_in_page, live_server, analyst):
    article = ArticleFactory(body=paragraphs(300))
    windows = window_bounds(article.body)
    start = article.body.index("Paragraph 0250 opens here")
    late = StatementFactory(
        article=article, start=start, end=start + 14, quote=article.body[start : start + 14], speaker=None
    )
    index = window_at(windows, start).index
    assert index >= 3
    page = logged_in_page(analyst)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.wait_for_selector("#article-body")
    assert not loaded(page, index)
    assert page.locator(f"mark[data-statement='{late.pk}']").count() == 0

    # From the panel (first page: it holds every statement here) the statement is one click away.
    page.locator(f"#statement-{late.pk} .st-quote").click()
    page.wait_for_selector(f"#window-{index} mark[data-statement='{late.pk}']")
    settled(page)
    assert page.url.endswith(f"/articles/{article.pk}/")
    assert page.evaluate("() => document.activeElement.id") == f"statement-{late.pk}"

    # An address with #statement-N (the review queue's and history's links) does the same.
    other = logged_in_page(analyst)
    other.goto(f"{live_server.url}/articles/{article.pk}/#statement-{late.pk}")
    other.wait_for_selector(f"#window-{index} mark[data-statement='{late.pk}']")
    assert not loaded(other, 1)
