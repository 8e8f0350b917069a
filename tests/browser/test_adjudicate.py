"""A reviewer settles a doubly annotated article from the keyboard: 1/2 take an annotator's
version of the focused row and move on, s skips, k goes back, e edits the canonical
statement; every decision lands in the canonical set with who decided, from whose version.
The project's agreement page is clean (console, axe) and is what the README shows."""

from pathlib import Path

import pytest

from annotator.models import Assignment, Project, ProjectArticle, ProjectMember, ProjectRole, Statement
from annotator.services.statements import statement_create
from tests.browser.helpers import settled
from tests.browser.test_every_page import WATCH, axe_violations, collected
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "agreement.png"


def _mark(article, user, text, stance="claim", speaker=None, proposition=None, via=None, trim=0):
    start = article.body.index(text)
    return statement_create(
        article=article,
        start=start,
        end=start + len(text) - trim,
        stance=stance,
        speaker=speaker or ActorFactory(),
        proposition=proposition or PropositionFactory(),
        via=via,
        annotator=user,
    )


@pytest.fixture
def double_article(make_user):
    project = Project.objects.create(name="Iran strikes", slug="iran-strikes")
    alice, bob, rita = (make_user("analyst", username=name) for name in ("alice", "bob", "rita"))
    for user, role in ((alice, "analyst"), (bob, "analyst"), (rita, "reviewer")):
        ProjectMember.objects.create(project=project, user=user, role=ProjectRole(role))
    article = ArticleFactory(title="Iran denies strikes")
    ProjectArticle.objects.create(project=project, article=article, double=True)
    for user in (alice, bob):
        Assignment.objects.create(project=project, article=article, assignee=user)
    kirby, shamkhani = ActorFactory(name="John Kirby"), ActorFactory(name="Ali Shamkhani")
    involved = PropositionFactory(text="Iran flew air strikes in Iraq.")
    reuters = SourceFactory(name="Reuters")
    _mark(article, alice, "denied accusations", "denial", shamkhani, involved)
    _mark(article, bob, "denied accusations", "claim", kirby, involved, trim=2)
    _mark(article, alice, "never been involved", "denial", shamkhani, involved, via=reuters)
    _mark(article, bob, "never been involved", "denial", shamkhani, involved, via=reuters)
    _mark(article, bob, "Pentagon spokesperson", "claim", kirby, involved)
    return {"project": project, "article": article, "alice": alice, "bob": bob, "rita": rita}


def test_a_reviewer_adjudicates_with_the_keyboard(double_article, logged_in_page, live_server):
    article, rita = double_article["article"], double_article["rita"]
    page = logged_in_page(rita)
    page.add_init_script(WATCH)
    page.goto(f"{live_server.url}/articles/{article.pk}/adjudicate/")
    assert axe_violations(page) == []
    rows = page.locator(".adj-row")
    assert rows.count() == 3
    # Row 1 differs in span, stance and speaker; the differences are marked.
    assert rows.nth(0).locator(".differs").count() >= 3
    assert "is-current" in rows.nth(0).get_attribute("class")
    page.screenshot(path=str(SCREENSHOT.with_name("adjudicate.png")), full_page=True)

    page.keyboard.press("2")  # bob's version of row 1
    settled(page)
    assert "bob's version taken" in page.locator("#adj-notice").inner_text()
    assert "is-current" in page.locator(".adj-row").nth(1).get_attribute("class")

    page.keyboard.press("s")  # row 2 skipped
    page.keyboard.press("1")  # row 3: alice has no version there
    assert "Annotator 1 has no version" in page.locator("#adj-notice").inner_text()
    page.keyboard.press("2")
    settled(page)
    page.keyboard.press("k")  # back to row 2 (deciding the last row left focus there)
    page.keyboard.press("1")
    settled(page)
    assert page.locator("#adj-progress").inner_text() == "3 of 3 rows decided."

    canonical = Statement.objects.filter(independent=False).select_related("adjudicated_from__annotator")
    assert sorted((s.quote, s.adjudicated_from.annotator.username) for s in canonical) == [
        ("Pentagon spokesperson", "bob"),
        ("denied accusatio", "bob"),  # bob's span, two characters shorter
        ("never been involved", "alice"),
    ]
    first = canonical.get(quote="denied accusatio")
    assert first.history.latest().history_change_reason == "adjudicated by rita from bob's version"

    page.keyboard.press("k")
    page.keyboard.press("k")  # row 1, decided: e opens its canonical statement to edit
    with page.expect_navigation():
        page.keyboard.press("e")
    assert page.url.endswith(f"/statements/{first.pk}/edit")
    assert collected(page, []) == []


def test_the_agreement_page_is_clean_and_is_photographed(double_article, logged_in_page, live_server):
    # A second double article, where alice and bob agree more, so the chart compares two.
    project, alice, bob = double_article["project"], double_article["alice"], double_article["bob"]
    second = ArticleFactory(title="Pentagon: indications Iran flew missions")
    ProjectArticle.objects.create(project=project, article=second, double=True)
    kirby, claim = ActorFactory(name="Rear Admiral John Kirby"), PropositionFactory(text="Iran flew missions.")
    for user in (alice, bob):
        Assignment.objects.create(project=project, article=second, assignee=user)
        _mark(second, user, "denied accusations", "denial", kirby, claim)
        _mark(second, user, "have flown these missions", "claim", kirby, claim)
    _mark(second, alice, "never been involved", "denial", kirby, claim)
    _mark(second, bob, "never been involved", "claim", kirby, claim)
    page = logged_in_page(double_article["rita"])
    page.add_init_script(WATCH)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.goto(f"{live_server.url}/projects/{double_article['project'].slug}/agreement/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".agreement-chart").count() == 2
    assert collected(page, problems) == []
    assert axe_violations(page) == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
