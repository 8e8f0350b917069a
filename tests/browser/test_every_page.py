"""Every page, at desktop and phone sizes, as a newcomer meets it: nothing overflows
sideways on a 390 px phone, the console stays clean (no error, no Content Security Policy
violation, no failed request), and axe-core finds no accessibility violation.

axe-core (tests/browser/vendor/axe.min.js, MPL-2.0) is evaluated in each page through the
browser's debugging protocol, which the page's CSP does not govern; the app never serves it."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from annotator.models import Actor, Article, Job, Proposition, ScorerModel, ScorerStatus, Source, Statement
from annotator.services.jobs import job_export_create
from annotator.services.learning import suggestion_scores_refresh
from annotator.services.suggestions import suggestions_generate
from tests.factories import ArticleFactory

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# Collects what the console would show: CSP violations (as events, with the directive),
# uncaught errors and htmx's own error events, from the first script on.
WATCH = """
window.__problems = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__problems.push(
    `CSP ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
const htmxErrors = ['htmx:responseError', 'htmx:sendError', 'htmx:swapError', 'htmx:targetError', 'htmx:onLoadError'];
for (const name of htmxErrors) {
  document.addEventListener(name, e =>
    window.__problems.push(`${name} ${e.detail && e.detail.pathInfo ? e.detail.pathInfo.requestPath : ''}`));
}
"""
RTL_BODY = (
    "The statement came in three languages.\n\n"
    "قال المتحدث باسم الوزارة إن الطائرات لم تشارك في أي غارة.\n\n"
    "سخنگوی وزارت گفت که هواپیماها در هیچ حمله‌ای شرکت نکردند.\n\n"
    "דובר המשרד אמר כי המטוסים לא השתתפו בשום תקיפה."
)


def _scorer_history():
    """A refused retrain and a live scorer with held-back figures (the model page draws
    them), which has scored the pending suggestions and doubts their stance (the queue
    shows the confidence and the flag)."""
    figures = {
        "count": 12,
        "accepted": 7,
        "precision": 0.8,
        "recall": 0.7,
        "brier": 0.18,
        "calibration": [
            {"low": i / 5, "high": (i + 1) / 5, "count": 2, "predicted": i / 5 + 0.1, "observed": i / 5}
            for i in range(5)
        ],
    }
    coefficients = {
        "format": 1,
        "heads": {
            "accept": {"intercept": 0.2, "weights": {"stance=denial": 0.5}},
            "stance": {"intercept": -1.0, "weights": {}},
        },
    }
    common = {"coefficients": coefficients, "before": figures, "trained_on": 48, "held_back": 12}
    ScorerModel.objects.create(
        status=ScorerStatus.REFUSED, reason="worse", after={**figures, "brier": 0.3}, trigger="command", **common
    )
    ScorerModel.objects.create(
        status=ScorerStatus.LIVE,
        reason="better",
        after={**figures, "brier": 0.15},
        trigger="every 50 reviews",
        **common,
    )
    suggestion_scores_refresh()


@pytest.fixture
def archive(make_user):
    """The demo (article, actors, propositions, outlets, statements), one article with
    pending suggestions, one with Arabic, Persian and Hebrew paragraphs, and a finished job."""
    call_command("loaddemo", stdout=io.StringIO())
    reviewer = make_user("reviewer", username="reviewer", is_staff=True)
    suggested = ArticleFactory(
        title="Ministry denies strike",
        body='"We did not order the strike," the defence minister told Reuters on Tuesday.',
    )
    suggestions_generate(article=suggested, user=reviewer)
    _scorer_history()
    rtl = ArticleFactory(title="Three languages", body=RTL_BODY)
    job = job_export_create(user=reviewer, resource="statements", fmt="csv")
    demo = Article.objects.get(title__startswith="Iran denies")
    statement = Statement.objects.filter(article=demo).first()
    return {
        "reviewer": reviewer,
        "demo": demo,
        "rtl": rtl,
        "actor": Actor.objects.get(name="Rear Admiral John Kirby"),
        "proposition": Proposition.objects.first(),
        "source": Source.objects.get(name="Reuters"),
        "statement": statement,
        "job": Job.objects.get(pk=job.pk),
    }


def pages(archive) -> list[str]:
    demo, actor, proposition = archive["demo"], archive["actor"], archive["proposition"]
    return [
        "/articles/",
        "/articles/?q=airstrikes+Iraq",
        "/articles/new/",
        f"/articles/{demo.pk}/",
        f"/articles/{archive['rtl'].pk}/",
        f"/articles/{demo.pk}/history/",
        f"/articles/{demo.pk}/deleted/",
        "/propositions/",
        f"/propositions/{proposition.pk}/",
        f"/propositions/{proposition.pk}/history/",
        f"/propositions/{proposition.pk}/merge/",
        "/actors/",
        f"/actors/{actor.pk}/",
        f"/actors/{actor.pk}/history/",
        f"/actors/{actor.pk}/merge/",
        "/sources/",
        f"/sources/{archive['source'].slug}/",
        "/matrix/",
        "/jobs/",
        f"/jobs/{archive['job'].pk}/",
        "/review/",
        "/review/?threshold=0.3",
        "/review/model/",
        "/profile/",
        f"/statements/{archive['statement'].pk}/history/",
        "/accounts/password/",
        "/api/docs/",
    ]


def open_page(context, url: str):
    page = context.new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on(
        "response",
        lambda response: response.status >= 400 and problems.append(f"HTTP {response.status} {response.url}"),
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, problems


def collected(page, problems) -> list[str]:
    return problems + page.evaluate("() => window.__problems || []")


# /api/docs/ is Swagger UI (drf-spectacular-sidecar), a third-party widget for developers.
# Our template gives it a language and our CSS its contrast; these three rules fault the
# markup Swagger UI renders itself (an operation's summary is a button holding a copy
# button; its tag headings skip a level; its header sits outside its own landmarks), which
# only a fork of Swagger UI could change. Every other rule applies there too.
THIRD_PARTY_RULES = {"/api/docs/": ["nested-interactive", "heading-order", "region"]}


def axe_violations(page, path: str = "") -> list[str]:
    page.evaluate(AXE)
    rules = {rule: {"enabled": False} for rule in THIRD_PARTY_RULES.get(path, [])}
    result = page.evaluate(
        "(rules) => axe.run(document, {resultTypes: ['violations'], rules})",
        rules,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(f"{node['target'][0]} {node['failureSummary'][-120:]!r}" for node in v["nodes"][:5])
        for v in result["violations"]
    ]


def overflow(page) -> dict | None:
    """The page's width beyond the viewport, and the widest elements causing it."""
    return page.evaluate(
        """() => {
        const width = window.innerWidth, scroll = document.documentElement.scrollWidth;
        if (scroll <= width) return null;
        const wide = [...document.querySelectorAll('body *')]
          .filter(el => el.getBoundingClientRect().right > width + 0.5)
          .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                     (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''))
          .slice(0, 8);
        return {scrollWidth: scroll, innerWidth: width, wide};
    }"""
    )


@pytest.fixture
def signed_in(browser, live_server, archive):
    """A context per viewport, signed in as a reviewer (who sees every page), watching."""
    contexts = []

    def open_context(viewport):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(15_000)
        context.add_init_script(WATCH)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "reviewer")
        page.fill("input[name=password]", "pw")
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        page.close()
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_is_clean_in_the_console_and_passes_axe(signed_in, live_server, archive, viewport):
    context = signed_in(viewport)
    found = {}
    for path in pages(archive):
        page, problems = open_page(context, f"{live_server.url}{path}")
        issues = collected(page, problems) + axe_violations(page, path)
        if issues:
            found[path] = issues
        page.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


def test_the_login_page_is_clean_and_passes_axe_at_both_sizes(browser, live_server):
    found = {}
    for name, viewport in [("phone", PHONE), ("desktop", DESKTOP)]:
        context = browser.new_context(viewport=viewport)
        context.add_init_script(WATCH)
        page, problems = open_page(context, f"{live_server.url}/accounts/login/")
        issues = collected(page, problems) + axe_violations(page) + ([str(overflow(page))] if overflow(page) else [])
        if issues:
            found[name] = issues
        context.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


def test_nothing_overflows_sideways_on_a_390_px_phone(signed_in, live_server, archive):
    context = signed_in(PHONE)
    found = {}
    for path in pages(archive):
        page, _ = open_page(context, f"{live_server.url}{path}")
        if wide := overflow(page):
            found[path] = wide
        page.close()
    assert found == {}, json.dumps(found, indent=1)
