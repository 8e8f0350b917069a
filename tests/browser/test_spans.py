"""Correcting a span in place (drag an edge, or Shift+arrows on an edge), the selection staying
marked while the form is open, and the form opening beside a touch selection on a phone."""

import pytest

from annotator.models import Origin, ReviewStatus
from tests.browser.test_review_keyboard import SELECT_TEXT, current_id, wait_idle
from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMOJI_BODY = "Le ministre 🇫🇷 a nié 𝒳 hier soir.\n\nLe 👨‍👩‍👧 porte-parole a affirmé que 𝒳 est faux."

# The viewport point at the right edge of the first `text` in the article.
RIGHT_EDGE_OF = """(text) => {
  const root = document.getElementById('article-body');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest('.seg') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const at = n.data.indexOf(text);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(n, at); range.setEnd(n, at + text.length);
      const rects = range.getClientRects(), r = rects[rects.length - 1];
      return {x: r.right - 1, y: r.top + r.height / 2};
    }
  }
  throw new Error('not in the page: ' + text);
}"""


def suggestion(article, text, **extra):
    fields = {"origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING, "annotator": None, **extra}
    return StatementFactory(article=article, text=text, **fields)


def open_correction(page, live_server, statement):
    page.goto(f"{live_server.url}/articles/{statement.article_id}/")
    page.keyboard.press("j")
    assert current_id(page) == str(statement.pk)
    page.keyboard.press("e")
    page.wait_for_selector("#statement-form .span-edge")
    wait_idle(page)


def quote_shown(page) -> str:
    return page.inner_text("#statement-form-quote")


def save(page):
    page.locator("#statement-form button[type=submit]").click()
    page.wait_for_selector("#statement-form", state="detached")
    wait_idle(page)


def test_quote_and_speaker_edges_move_from_the_keyboard_and_are_saved(logged_in_page, live_server, reviewer):
    article = ArticleFactory()
    start = article.body.index("John Kirby")
    pending = suggestion(
        article,
        "there were",
        speaker=ActorFactory(),
        speaker_text="John Kirby",
        speaker_start=start,
        speaker_end=start + len("John Kirby"),
    )
    page = logged_in_page(reviewer)
    open_correction(page, live_server, pending)

    page.focus(".span-row[data-span=quote] .span-edge[data-edge=end]")
    page.keyboard.press("Control+Shift+ArrowRight")
    assert quote_shown(page) == 'there were "indications"'  # live, before saving
    page.keyboard.press("Alt+Shift+ArrowLeft")  # over to the other edge
    assert page.evaluate("() => document.activeElement.dataset.edge") == "start"
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Control+Shift+ArrowLeft")
    assert quote_shown(page) == 'said there were "indications"'
    assert page.locator(".span-box-quote").count() >= 1  # marked in the article as it changes

    page.focus(".span-row[data-span=speaker] .span-edge[data-edge=start]")
    page.keyboard.press("Control+Shift+ArrowLeft")
    assert page.inner_text(".span-row[data-span=speaker] [data-span-text]") == "spokesperson John Kirby"
    save(page)

    pending.refresh_from_db()
    assert pending.quote == 'said there were "indications"'
    assert pending.quote == article.body[pending.start : pending.end]
    assert pending.speaker_text == "spokesperson John Kirby"
    assert article.body[pending.speaker_start : pending.speaker_end] == "spokesperson John Kirby"
    assert pending.review_status == ReviewStatus.ACCEPTED


def test_dragging_an_edge_past_astral_characters_keeps_code_point_offsets(logged_in_page, live_server, reviewer):
    article = ArticleFactory(body=EMOJI_BODY)
    pending = suggestion(article, "a nié", speaker=ActorFactory())
    page = logged_in_page(reviewer)
    open_correction(page, live_server, pending)

    handle = page.locator(".span-handle-quote[data-edge=end]").bounding_box()
    target = page.evaluate(RIGHT_EDGE_OF, "𝒳")
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"], target["y"], steps=6)
    page.mouse.up()
    assert quote_shown(page) == "a nié 𝒳"
    save(page)

    pending.refresh_from_db()
    assert pending.quote == "a nié 𝒳"
    assert EMOJI_BODY[pending.start : pending.end] == "a nié 𝒳"
    assert (pending.start, pending.end) == (EMOJI_BODY.index("a nié"), EMOJI_BODY.index("𝒳") + 1)


def test_the_selection_stays_marked_while_the_form_is_open(logged_in_page, live_server, analyst):
    article = ArticleFactory()
    page = logged_in_page(analyst)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    selected = page.evaluate(SELECT_TEXT, "has never been involved")
    page.keyboard.press("c")
    page.wait_for_selector("#statement-form")
    wait_idle(page)
    assert page.evaluate("() => window.getSelection().isCollapsed")  # the browser's own is gone…
    box = page.locator(".span-box-quote").first.bounding_box()  # …but the words stay marked
    assert abs(box["y"] - selected["top"]) < 6 and abs(box["x"] - selected["left"]) < 6
    quote = page.locator("#statement-form-quote").bounding_box()
    assert 0 <= quote["y"] and quote["y"] + quote["height"] <= 800  # the form's quote is in view
    page.keyboard.press("Escape")
    page.wait_for_selector("#statement-form", state="detached")
    assert page.locator(".span-box").count() == 0


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    context.set_default_timeout(10_000)

    def login(user):
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", "pw")
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        return page

    yield login
    context.close()


def test_on_a_phone_a_touch_selection_offers_claim_and_the_form_opens_beside_it(phone_page, live_server, analyst):
    article = ArticleFactory()
    page = phone_page(analyst)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.locator("#article-body").tap()  # a finger, not a mouse
    page.evaluate(SELECT_TEXT, "has never been involved")  # what a long press leaves
    page.wait_for_selector("#selection-popover", state="visible")
    page.locator("#selection-popover [data-stance=claim]").tap()
    page.wait_for_selector("#statement-form")
    wait_idle(page)

    marked = page.locator(".span-box-quote").first.bounding_box()
    form = page.locator("#statement-form").bounding_box()
    # The form sits right under the (still marked) words, both on screen.
    assert 0 <= marked["y"] < form["y"] < marked["y"] + marked["height"] + 40
    assert form["y"] < 844 and form["x"] >= 0 and form["x"] + form["width"] <= 390
    assert page.inner_text("#statement-form-quote") == "has never been involved"
    # Saved without a speaker: the form comes back with its error, still beside the words.
    page.focus("#id_speaker_query")
    page.keyboard.press("Enter")
    page.wait_for_selector("#statement-form .field-error")
    wait_idle(page)
    again = page.locator("#statement-form").bounding_box()
    marked = page.locator(".span-box-quote").first.bounding_box()
    assert marked["y"] < again["y"] < marked["y"] + marked["height"] + 40
