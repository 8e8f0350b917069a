"""Reviewing at keyboard speed without accidents: keys typed while the form opens go into it,
a shortcut acts only on the item in view, a / r move on to the next pending suggestion,
batches are ticked and decided with one undo, and feedback appears where the analyst works."""

import pytest

from annotator.models import Origin, ReviewStatus, Statement
from tests.browser.helpers import settled
from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Selects `text` in the article the way a mouse or a finger would leave it: a DOM range over
# the segments' text nodes (the browser's UTF-16 positions).
SELECT_TEXT = """(text) => {
  const root = document.getElementById('article-body');
  const nodes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest('.seg') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
  });
  let all = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, all.length]); all += n.data; }
  const at = all.indexOf(text);
  if (at < 0) throw new Error('not in the page: ' + text);
  const locate = (index, end) => {
    for (let i = nodes.length - 1; i >= 0; i--) {
      if (nodes[i][1] < index || (nodes[i][1] === index && !end)) return [nodes[i][0], index - nodes[i][1]];
    }
  };
  const range = document.createRange();
  range.setStart(...locate(at, false));
  range.setEnd(...locate(at + text.length, true));
  range.startContainer.parentElement.scrollIntoView({block: 'center'});
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const r = range.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
}"""


def suggestion(article, text, **extra):
    fields = {"origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING, "annotator": None, **extra}
    return StatementFactory(article=article, text=text, **fields)


def slow(page, pattern: str, ms: int):
    """Answers to `pattern` arrive `ms` later: the analyst types faster than the server answers."""

    def delay(route):
        page.wait_for_timeout(ms)
        route.continue_()

    page.route(pattern, delay)


def statuses(*statements):
    found = dict(Statement.objects.values_list("pk", "review_status"))
    return [found[s.pk] for s in statements]


def current_id(page):
    return page.evaluate("() => (document.querySelector('.st-item.is-current') || {dataset: {}}).dataset.statement")


def wait_idle(page):
    settled(page)
    page.wait_for_function("() => !window.annotatorReader.busy()")
    settled(page)


def notice_box(page):
    page.wait_for_selector("#reader-notice .notice", state="visible")
    return page.locator("#reader-notice .notice").bounding_box()


# ---- 1. keys typed while the form opens -----------------------------------------------------


def test_typing_a_name_right_after_c_fills_the_speaker_and_accepts_nothing(logged_in_page, live_server, reviewer):
    article = ArticleFactory()
    pending = suggestion(article, "denied accusations", speaker=ActorFactory())
    page = logged_in_page(reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.keyboard.press("j")  # the suggestion has focus: today "a" accepted it
    assert current_id(page) == str(pending.pk)
    slow(page, "**/statements/new?*", 300)
    page.evaluate(SELECT_TEXT, "there were")
    page.keyboard.press("c")
    page.keyboard.type("al-Assad")  # at once, while the form is still on its way
    page.wait_for_selector("#statement-form")
    page.wait_for_function("() => document.getElementById('id_speaker_query').value === 'al-Assad'")
    assert page.evaluate("() => document.activeElement.id") == "id_speaker_query"
    wait_idle(page)
    assert page.input_value("#id_speaker_query") == "al-Assad"
    assert statuses(pending) == ["pending"]


def test_single_keys_are_off_while_the_form_is_open(logged_in_page, live_server, reviewer):
    article = ArticleFactory()
    pending = suggestion(article, "denied accusations", speaker=ActorFactory())
    page = logged_in_page(reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.keyboard.press("j")
    page.keyboard.press("e")
    page.wait_for_selector("#statement-form")
    wait_idle(page)
    page.locator("#statement-form h2").click()  # focus leaves the fields, the form stays open
    page.keyboard.press("a")
    page.keyboard.press("x")
    notice_box(page)
    assert "Shortcuts are off while the form is open" in page.inner_text("#reader-notice")
    assert statuses(pending) == ["pending"]


# ---- 2. a / r move on; keys wait for the change before them --------------------------------


def queue_with(page, live_server, reviewer, count):
    speaker = ActorFactory()
    articles = [ArticleFactory(title=f"Article {i}") for i in range(count)]
    made = [suggestion(a, "denied accusations", speaker=speaker) for a in articles]
    page.goto(f"{live_server.url}/review/")
    order = page.eval_on_selector_all(".st-item", "items => items.map(i => Number(i.dataset.statement))")
    by_id = {s.pk: s for s in made}
    return [by_id[pk] for pk in order]


def test_in_the_queue_r_rejects_the_item_in_view_and_moves_to_the_next(logged_in_page, live_server, reviewer):
    page = logged_in_page(reviewer)
    shown = queue_with(page, live_server, reviewer, 5)
    slow(page, "**/statements/*/reject", 250)
    # j r r, typed faster than the server answers: the 1st and 2nd items the analyst saw.
    page.keyboard.press("j")
    page.keyboard.press("r")
    page.keyboard.press("r")
    page.wait_for_selector(f"#statement-{shown[1].pk}", state="detached")
    wait_idle(page)
    assert statuses(*shown) == ["rejected", "rejected", "pending", "pending", "pending"]
    assert current_id(page) == str(shown[2].pk)
    box = page.locator(f"#statement-{shown[2].pk}").bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 800  # in view

    # j continues from there (not from the top): j r rejects the 4th, never an unread one.
    page.keyboard.press("j")
    page.keyboard.press("r")
    page.wait_for_selector(f"#statement-{shown[3].pk}", state="detached")
    wait_idle(page)
    assert statuses(*shown) == ["rejected", "rejected", "pending", "rejected", "pending"]
    assert current_id(page) == str(shown[4].pk)


def test_j_r_j_r_rejects_exactly_the_items_that_were_in_view(logged_in_page, live_server, reviewer):
    page = logged_in_page(reviewer)
    shown = queue_with(page, live_server, reviewer, 4)
    slow(page, "**/statements/*/reject", 250)
    for key in "jrjr":
        page.keyboard.press(key)
    page.wait_for_selector(f"#statement-{shown[2].pk}", state="detached")
    wait_idle(page)
    # r moved focus to the 2nd; j went on to the 3rd, and that is the one rejected.
    assert statuses(*shown) == ["rejected", "pending", "rejected", "pending"]
    assert current_id(page) == str(shown[3].pk)


def test_in_the_reader_a_moves_to_the_next_pending_suggestion_skipping_decided_ones(
    logged_in_page, live_server, reviewer
):
    article = ArticleFactory()
    speaker = ActorFactory()
    first = suggestion(article, "denied accusations", speaker=speaker)
    StatementFactory(article=article, text="a senior Iranian official")  # an analyst's own
    second = suggestion(article, "there were", speaker=speaker)
    page = logged_in_page(reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_function(f"() => !document.querySelector('mark.st-pending[data-statement=\"{first.pk}\"]')")
    wait_idle(page)
    assert current_id(page) == str(second.pk)
    assert statuses(first, second) == ["accepted", "pending"]


# ---- 4. ticks, a batch, one undo --------------------------------------------------------------


def test_ticked_suggestions_are_decided_together_and_undone_together(logged_in_page, live_server, reviewer):
    page = logged_in_page(reviewer)
    shown = queue_with(page, live_server, reviewer, 5)
    for key in "jxjjx":  # tick the 1st and the 3rd
        page.keyboard.press(key)
    assert page.inner_text("#bulk-count") == "2 ticked"
    page.keyboard.press("Shift+A")
    page.wait_for_selector(f"#statement-{shown[2].pk}", state="detached")
    wait_idle(page)
    assert statuses(*shown) == ["accepted", "pending", "accepted", "pending", "pending"]
    assert "Accepted 2 suggestions." in page.inner_text("#reader-notice")
    assert current_id(page) == str(shown[3].pk)  # the first unticked one after the batch

    page.keyboard.press("u")
    page.wait_for_selector(f"#statement-{shown[2].pk}")
    wait_idle(page)
    assert statuses(*shown) == ["pending"] * 5
    assert "Undone: 2 suggestions pending again." in page.inner_text("#reader-notice")


def test_shift_click_ticks_a_range(logged_in_page, live_server, reviewer):
    page = logged_in_page(reviewer)
    shown = queue_with(page, live_server, reviewer, 5)
    page.locator(f"#statement-{shown[0].pk} input[name=pick]").click()
    page.locator(f"#statement-{shown[3].pk} input[name=pick]").click(modifiers=["Shift"])
    assert page.inner_text("#bulk-count") == "4 ticked"
    page.click("[data-bulk=reject]")
    page.wait_for_selector(f"#statement-{shown[0].pk}", state="detached")
    wait_idle(page)
    assert statuses(*shown) == ["rejected"] * 4 + ["pending"]


def test_the_queue_filters_without_leaving_the_page(logged_in_page, live_server, reviewer):
    article = ArticleFactory(title="")
    claim = suggestion(article, "there were", speaker=ActorFactory(name="John Kirby"))
    denial = suggestion(article, "denied accusations", stance="denial", speaker=ActorFactory(name="Someone"))
    page = logged_in_page(reviewer)
    page.goto(f"{live_server.url}/review/")
    assert "Iranian officials on Wednesday denied" in page.inner_text(".queue-article")
    page.select_option("#filter-stance", "denial")
    page.click(".queue-filters button[type=submit]")
    page.wait_for_selector(f"#statement-{claim.pk}", state="detached")
    assert page.locator(f"#statement-{denial.pk}").count() == 1
    assert "stance=denial" in page.url


# ---- 5. feedback where the analyst works -------------------------------------------------------


def test_a_viewer_pressing_c_is_told_why_next_to_the_selection(logged_in_page, live_server, viewer):
    article = ArticleFactory()
    page = logged_in_page(viewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    selection = page.evaluate(SELECT_TEXT, "has never been involved")
    page.keyboard.press("c")
    box = notice_box(page)
    assert "viewer" in page.inner_text("#reader-notice") and "analyst" in page.inner_text("#reader-notice")
    assert abs(box["y"] - selection["bottom"]) < 80 or abs(box["y"] + box["height"] - selection["top"]) < 80
    assert page.locator("#statement-form").count() == 0


def test_an_analyst_pressing_a_is_told_it_is_a_reviewers_call(logged_in_page, live_server, analyst):
    article = ArticleFactory()
    pending = suggestion(article, "denied accusations")
    page = logged_in_page(analyst)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.keyboard.press("j")
    page.keyboard.press("a")
    notice_box(page)
    assert "reviewer" in page.inner_text("#reader-notice")
    assert statuses(pending) == ["pending"]


def test_deleted_undo_appears_beside_the_statements_and_u_brings_it_back(logged_in_page, live_server, analyst):
    article = ArticleFactory()
    first = StatementFactory(article=article, text="denied accusations", annotator=analyst)
    second = StatementFactory(article=article, text="there were", annotator=analyst)
    page = logged_in_page(analyst)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.wait_for_selector(f"#statement-{first.pk}", state="detached")
    wait_idle(page)
    assert current_id(page) == str(second.pk)  # focus went on to the next statement
    box = notice_box(page)
    item = page.locator(f"#statement-{second.pk}").bounding_box()
    assert "Statement deleted." in page.inner_text("#reader-notice")
    # Beside or just below the focused statement, not at the top of the page.
    assert abs(box["y"] - item["y"]) < 40 or abs(box["y"] - (item["y"] + item["height"])) < 40
    page.keyboard.press("u")
    page.wait_for_selector(f"#statement-{first.pk}")
    wait_idle(page)
    assert Statement.objects.filter(pk=first.pk).exists()
    assert current_id(page) == str(first.pk)


def test_fifty_decisions_in_a_row_each_land_on_the_item_in_view(logged_in_page, live_server, reviewer):
    page = logged_in_page(reviewer)
    shown = queue_with(page, live_server, reviewer, 50)
    slow(page, "**/statements/*/*", 40)
    page.keyboard.press("j")
    for _ in range(25):
        page.keyboard.press("a")
        page.keyboard.press("r")
    page.wait_for_function("() => !document.querySelector('#review-queue-list .st-item')", timeout=60_000)
    wait_idle(page)
    assert statuses(*shown) == ["accepted", "rejected"] * 25
