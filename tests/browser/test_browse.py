"""The browse and import pages in a real browser: log in, import the seed page through the
preview, read a proposition's two columns, filter a list with htmx, and a viewer's page
without import or annotate controls."""

import datetime as dt
import re

import pytest

from annotator.models import ActorKind, Article, Source, Stance
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory
from tests.text.seed import seed_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_logging_in_through_the_form_opens_the_article_list(page, live_server, analyst):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill(analyst.username)
    page.get_by_label("Password").fill("pw")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert page.url == f"{live_server.url}/articles/"
    assert page.get_by_role("heading", name="Articles").is_visible()


def test_importing_the_seed_page_shows_the_cleaned_body_and_what_was_dropped_then_saves(
    logged_in_page, live_server, analyst
):
    page = logged_in_page(analyst)
    page.goto(f"{live_server.url}/articles/new/")
    page.get_by_label("Or upload a file").set_input_files(str(seed_path()))
    page.get_by_label("Title").fill("Iran denies airstrikes")
    page.get_by_role("button", name="Preview").click()

    cleaned = page.get_by_label("Cleaned text")
    cleaned.wait_for()
    assert "a senior Iranian official told Reuters" in cleaned.inner_text()
    assert "SUBSCRIBE TO OUR FREE NEWSLETTER" not in cleaned.inner_text()
    dropped = page.get_by_label("What cleaning dropped")
    assert "SUBSCRIBE TO OUR FREE NEWSLETTER" in dropped.inner_text()
    assert "#000000" in dropped.inner_text()
    assert page.url == f"{live_server.url}/articles/new/"  # previewed in place
    assert not Article.objects.exists()

    with page.expect_navigation():
        page.get_by_role("button", name="Save article").click()
    article = Article.objects.get()
    assert page.url == f"{live_server.url}/articles/{article.pk}/"
    assert article.title == "Iran denies airstrikes"
    assert "SUBSCRIBE" not in article.body and article.raw.startswith("SUBSCRIBE")
    assert "Imported “Iran denies airstrikes”." in page.locator("#messages").inner_text()


def test_the_proposition_page_lists_each_speaker_under_the_right_column(logged_in_page, live_server, viewer):
    proposition = PropositionFactory(text="Iranian jets struck Islamic State targets in Iraq.")
    article = ArticleFactory(
        source=Source.objects.get(name="Common Dreams"), published_at=dt.datetime(2014, 12, 3, tzinfo=dt.UTC)
    )
    StatementFactory(
        article=article,
        proposition=proposition,
        stance=Stance.CLAIM,
        speaker=ActorFactory(name="Rear Admiral John Kirby", role="Pentagon chief spokesperson"),
        text="have flown these missions.",
    )
    StatementFactory(
        article=article,
        proposition=proposition,
        stance=Stance.DENIAL,
        speaker=ActorFactory(name="Senior Iranian official", kind=ActorKind.ANONYMOUS),
        via=Source.objects.get(name="Reuters"),
        text="Iran has never been involved in any air strikes",
    )
    page = logged_in_page(viewer)
    page.goto(f"{live_server.url}/propositions/{proposition.pk}/")
    claimed = page.get_by_role("region", name=re.compile("Claimed by"))
    denied = page.get_by_role("region", name=re.compile("Denied by"))
    assert "Rear Admiral John Kirby" in claimed.inner_text()
    assert "Senior Iranian official" not in claimed.inner_text()
    assert "Senior Iranian official" in denied.inner_text()
    assert "Relayed via\nReuters" in denied.inner_text()
    assert page.get_by_text("contested", exact=True).is_visible()


def test_typing_a_search_filters_the_list_in_place_and_keeps_it_in_the_address(logged_in_page, live_server, viewer):
    ArticleFactory(title="Phantom jets over Diyala")
    ArticleFactory(title="Talks in Vienna", body="Diplomats met in Vienna.")
    page = logged_in_page(viewer)
    page.goto(f"{live_server.url}/articles/")
    rows = page.locator("#results tbody tr")
    assert rows.count() == 2
    page.get_by_label("Search title and text").fill("Vienna")
    page.wait_for_url(re.compile(r"q=Vienna"))
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    assert "Talks in Vienna" in rows.first.inner_text()
    page.reload()
    assert page.locator("#results tbody tr").count() == 1  # the address alone restores the view


def test_a_viewer_sees_no_import_or_annotate_controls(logged_in_page, live_server, viewer):
    article = ArticleFactory(title="Viewer's article")
    StatementFactory(article=article)
    page = logged_in_page(viewer)
    page.goto(f"{live_server.url}/articles/")
    assert page.get_by_role("link", name="Import article").count() == 0
    assert page.get_by_label(re.compile("^Status of")).count() == 0
    assert page.locator("#results .status-label").inner_text() == "New"  # the status, as plain text
    page.goto(f"{live_server.url}/propositions/{article.statements.get().proposition_id}/")
    assert page.get_by_role("link", name=re.compile("Merge")).count() == 0
    page.goto(f"{live_server.url}/articles/new/")
    assert "Ask an admin for a role" not in page.content()
    assert page.get_by_role("heading", name="Not allowed").is_visible()


def test_the_proposition_list_works_from_the_keyboard_alone(logged_in_page, live_server, viewer):
    contested = PropositionFactory(text="Iranian jets struck targets in Iraq.")
    StatementFactory(proposition=contested, stance=Stance.CLAIM)
    StatementFactory(proposition=contested, stance=Stance.DENIAL, text="has never been involved")
    StatementFactory(proposition=PropositionFactory(text="Only claimed."), stance=Stance.CLAIM)
    page = logged_in_page(viewer)
    page.goto(f"{live_server.url}/propositions/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    # Tab on to the "Contested only" box, tick it with the space bar: the list narrows in place.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-contested":
            break
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"contested=true"))
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    link = page.get_by_role("link", name=contested.text)
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/propositions/{contested.pk}/"
