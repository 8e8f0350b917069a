"""A newcomer's first hour in the browser: the top menu folds on a phone behind a real
button; Arabic, Persian and Hebrew paragraphs run right to left with their offsets as they
were; a new API token is shown whole with a Copy button; typing a speaker's name leaves the
console clean; the API documentation runs under the CSP; the pages have an icon."""

import re

import pytest

from annotator.models import Actor, ApiToken, Statement
from tests.browser.helpers import settled
from tests.browser.test_every_page import DESKTOP, PHONE, RTL_BODY, WATCH
from tests.factories import ActorFactory, ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Selects `text` in the article as a user's selection (a DOM range over the reader's text).
SELECT = """(text) => {
  const root = document.getElementById('article-body');
  const nodes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest('.seg') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
  });
  let all = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, all.length]); all += n.data; }
  const at = all.indexOf(text);
  if (at < 0) throw new Error('not in the page: ' + text);
  const locate = (i) => {
    for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0], i - nodes[k][1]];
  };
  const range = document.createRange();
  range.setStart(...locate(at));
  range.setEnd(...locate(at + text.length));
  root.focus();
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""


def watched(context):
    context.add_init_script(WATCH)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


def problems(page, errors) -> list[str]:
    return errors + page.evaluate("() => window.__problems || []")


@pytest.fixture
def signed_in(browser, live_server):
    contexts = []

    def open_as(user, viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page, errors = watched(context)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", "pw")
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        return page, errors

    yield open_as
    for context in contexts:
        context.close()


def test_on_a_phone_the_menu_folds_behind_a_button_that_says_whether_it_is_open(signed_in, live_server, analyst):
    page, _ = signed_in(analyst, PHONE)
    page.goto(f"{live_server.url}/articles/")
    menu = page.get_by_role("button", name="Menu")
    articles = page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not articles.is_visible()

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert articles.is_visible() and page.get_by_role("link", name="Import article").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")

    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false" and not articles.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")


def test_on_a_desktop_the_menu_is_open_and_there_is_no_menu_button(signed_in, live_server, analyst):
    page, _ = signed_in(analyst, DESKTOP)
    page.goto(f"{live_server.url}/articles/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Actors").is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_arabic_persian_and_hebrew_paragraphs_run_right_to_left_with_offsets_unchanged(
    signed_in, live_server, analyst, viewport
):
    article = ArticleFactory(title="Three languages", body=RTL_BODY)
    page, errors = signed_in(analyst, viewport)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    paragraphs = page.evaluate(
        """() => [...document.querySelectorAll('#article-body p[data-start]')].map(p =>
             ({start: +p.dataset.start, text: p.textContent, direction: getComputedStyle(p).direction}))"""
    )
    assert [p["direction"] for p in paragraphs] == ["ltr", "rtl", "rtl", "rtl"]
    # Each paragraph still starts where its text starts in the stored body (code points).
    for paragraph in paragraphs:
        assert RTL_BODY[paragraph["start"] : paragraph["start"] + len(paragraph["text"])] == paragraph["text"]
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")

    # A selection in the Persian paragraph is marked at the same code-point offsets.
    quote = "هواپیماها در هیچ حمله‌ای شرکت نکردند"
    page.evaluate(SELECT, quote)
    page.keyboard.press("c")
    page.wait_for_selector("#statement-form")
    settled(page)
    assert page.inner_text("#statement-form-quote") == quote
    page.fill("#id_speaker_query", "سخنگوی وزارت")
    page.locator("#speaker-options input[value=new]").check()
    page.locator("#statement-form button[type=submit]").click()
    page.wait_for_selector("#statement-form", state="detached")
    statement = Statement.objects.get()
    assert (statement.start, statement.end) == (RTL_BODY.index(quote), RTL_BODY.index(quote) + len(quote))
    assert problems(page, errors) == []


def test_a_new_api_token_is_shown_whole_and_the_copy_button_copies_it(signed_in, live_server, analyst):
    page, errors = signed_in(analyst, PHONE, permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server.url}/profile/")
    page.get_by_label("Name").fill("dashboard")
    page.get_by_role("button", name="Create token").click()
    key = page.locator("#new-key")
    key.wait_for()
    shown = key.inner_text()
    assert re.fullmatch(r"\S{20,}", shown)
    box = key.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # all of it on the screen

    page.get_by_role("button", name="Copy").click()
    page.get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == shown
    # The copied key is the whole key: the API accepts it.
    assert ApiToken.objects.filter(user=analyst).count() == 1
    answer = page.request.get(f"{live_server.url}/api/v1/articles/", headers={"Authorization": f"Token {shown}"})
    assert answer.status == 200
    assert problems(page, errors) == []


def test_typing_a_speakers_name_leaves_the_console_clean_and_still_sends_the_choice(signed_in, live_server, analyst):
    article = ArticleFactory()
    ActorFactory(name="Rear Admiral John Kirby")
    page, errors = signed_in(analyst)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.evaluate(SELECT, "denied accusations")
    page.keyboard.press("c")
    page.wait_for_selector("#statement-form")
    settled(page)
    sent = []
    page.on("request", lambda request: "/autocomplete/actors" in request.url and sent.append(request.url))
    for text in ["K", "Ki", "Kir", "Kirby"]:
        with page.expect_response(lambda response: "/autocomplete/actors" in response.url):
            page.fill("#id_speaker_query", text)
        settled(page)
    kirby = Actor.objects.get(name="Rear Admiral John Kirby")
    page.locator(f"#speaker-options input[value='{kirby.pk}']").check()
    page.locator("#speaker-options input[value=new]").wait_for()
    with page.expect_response(lambda response: "/autocomplete/actors" in response.url):
        page.fill("#id_speaker_query", "Kirby ")
    settled(page)
    assert f"speaker={kirby.pk}" in sent[-1]  # the picked speaker goes along with the search
    assert page.locator(f"#speaker-options input[value='{kirby.pk}']").is_checked()
    assert problems(page, errors) == []


def test_the_api_documentation_runs_under_the_csp_without_a_violation(signed_in, live_server, analyst):
    page, errors = signed_in(analyst)
    response = page.goto(f"{live_server.url}/api/docs/")
    policy = response.headers["content-security-policy"]
    style_src = policy.split("style-src")[1].split(";")[0]
    assert "'unsafe-inline'" not in style_src and "'nonce-" in style_src
    page.locator(".opblock-summary-control").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    with page.expect_response(lambda r: "/api/v1/" in r.url):
        page.get_by_role("button", name="Execute").first.click()
    page.locator(".responses-table .response-col_status").first.wait_for()
    assert problems(page, errors) == []


def test_every_page_has_an_icon_that_loads(signed_in, live_server, analyst):
    page, _ = signed_in(analyst)
    for path in ["/articles/", "/api/docs/", "/accounts/login/"]:
        page.goto(f"{live_server.url}{path}")
        href = page.locator("link[rel=icon]").get_attribute("href")
        assert page.request.get(f"{live_server.url}{href}").status == 200, path
    # Browsers ask for /favicon.ico where a page names no icon (the admin's pages).
    assert page.request.get(f"{live_server.url}/favicon.ico").status == 200
