"""A long article's reader loads in windows: the first paint shows the first window of the text
(cut at a paragraph break) with its highlights and the first page of the panel; the other
windows load as the analyst scrolls, or when a statement in them is asked for. Offsets stay
absolute code-point offsets into the body."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Origin, ReviewStatus
from annotator.selectors.reader import PANEL_PAGE
from annotator.text.windows import SINGLE_WINDOW_CHARS, WINDOW_CHARS, window_at, window_bounds
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory
from tests.views.test_statements import edit_data

HTMX = {"HX-Request": "true"}


# ---- the cut: pure Python -------------------------------------------------------------------


def paragraphs(count: int, size: int = 480) -> str:
    """`count` paragraphs of `size` characters, each starting with its number."""
    return "\n\n".join(f"P{n:04d} " + "word " * ((size - 6) // 5) for n in range(count))


def test_a_text_up_to_one_and_a_half_windows_is_one_window():
    body = "x" * SINGLE_WINDOW_CHARS
    assert [(w.start, w.end) for w in window_bounds(body)] == [(0, len(body))]
    assert [(w.start, w.end) for w in window_bounds("")] == [(0, 0)]


def test_windows_end_at_paragraph_breaks_and_cover_the_text_in_order():
    body = paragraphs(200)
    windows = window_bounds(body)
    assert len(windows) > 2
    assert windows[0].start == 0 and windows[-1].end == len(body)
    for before, after in zip(windows, windows[1:], strict=False):
        assert body[before.end : after.start] == "\n\n"
        assert before.ends_paragraph
        assert WINDOW_CHARS <= before.end - before.start < 2 * WINDOW_CHARS


def test_one_endless_paragraph_is_cut_between_words():
    body = "word " * 20_000
    windows = window_bounds(body)
    assert len(windows) > 1
    for before, after in zip(windows, windows[1:], strict=False):
        assert before.end == after.start and body[before.end - 1] == " " and not before.ends_paragraph


def test_the_window_of_an_offset_is_the_one_that_holds_it_or_the_next_on_a_break():
    windows = window_bounds(paragraphs(200))
    second = windows[1]
    assert window_at(windows, 0) == windows[0]
    assert window_at(windows, second.start) == second
    assert window_at(windows, second.end - 1) == second
    assert window_at(windows, second.end) == windows[2]  # on the "\n\n" between them
    assert window_at(windows, windows[-1].end) == windows[-1]


# ---- the page ---------------------------------------------------------------------------------


@pytest.fixture
def long_article(db):
    return ArticleFactory(body=paragraphs(200))


def mark(article, paragraph: int, length: int = 12, **fields):
    """A statement over the first words of paragraph `paragraph`."""
    start = article.body.index(f"P{paragraph:04d} ")
    fields.setdefault("speaker", None)
    fields.setdefault("proposition", None)
    return StatementFactory(
        article=article, start=start, end=start + length, quote=article.body[start : start + length], **fields
    )


def windows_of(html: str) -> dict[int, bool]:
    """Window index -> loaded (False: a placeholder)."""
    found = re.findall(r'<div id="window-(\d+)" class="body-window( window-placeholder)?', html)
    return {int(index): not placeholder for index, placeholder in found}


def test_first_paint_shows_the_first_window_with_only_its_statements(client, viewer, long_article):
    windows = window_bounds(long_article.body)
    early, late = mark(long_article, 1), mark(long_article, 150)
    assert window_at(windows, late.start).index > 0
    client.force_login(viewer)
    html = client.get(f"/articles/{long_article.pk}/").content.decode()
    assert windows_of(html) == {w.index: w.index == 0 for w in windows}
    assert f'<mark class="st st-claim st-open st-close depth-0" data-statement="{early.pk}"' in html
    assert f'<mark class="st st-claim st-open st-close depth-0" data-statement="{late.pk}"' not in html
    text = html[html.index('id="article-body"') : html.index('id="statement-panel"')]
    assert "P0150" not in text and "P0001" in text
    # The placeholders load their window when revealed, and link to it without JavaScript.
    assert f'hx-get="/articles/{long_article.pk}/?window=1" hx-trigger="revealed"' in html
    assert f'href="/articles/{long_article.pk}/?window=1#window-1"' in html
    # The panel lists both: it is paged by statements, not by windows.
    assert f'id="statement-{early.pk}"' in html and f'id="statement-{late.pk}"' in html
    assert f'data-length="{len(long_article.body)}"' in html


def test_a_window_request_returns_its_slice_with_absolute_offsets(client, viewer, long_article):
    windows = window_bounds(long_article.body)
    late = mark(long_article, 150)
    index = window_at(windows, late.start).index
    window = windows[index]
    client.force_login(viewer)
    response = client.get(f"/articles/{long_article.pk}/?window={index}", headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.startswith(
        f'<div id="window-{index}" class="body-window" data-window="{index}" '
        f'data-start="{window.start}" data-end="{window.end}">'
    )
    assert f'<span class="seg" data-start="{late.start}">{long_article.body[late.start : late.end]}</span>' in html
    starts = [int(s) for s in re.findall(r'<p dir="auto" data-start="(\d+)">', html)]
    assert starts[0] == window.start and all(window.start <= s < window.end for s in starts)
    text = "".join(re.findall(r'<span class="seg" data-start="\d+">([^<]*)</span>', html))
    assert text == long_article.body[window.start : window.end].replace("\n\n", "")
    assert client.get(f"/articles/{long_article.pk}/?window={len(windows)}", headers=HTMX).status_code == 404
    assert client.get(f"/articles/{long_article.pk}/?window=x", headers=HTMX).status_code == 400


def test_a_statement_across_two_windows_opens_in_the_first_and_closes_in_the_second(client, viewer, long_article):
    first, second = window_bounds(long_article.body)[:2]
    start, end = first.end - 10, second.start + 10
    across = StatementFactory(
        article=long_article, start=start, end=end, quote=long_article.body[start:end], speaker=None, proposition=None
    )
    client.force_login(viewer)
    html0 = client.get(f"/articles/{long_article.pk}/?window=0", headers=HTMX).content.decode()
    html1 = client.get(f"/articles/{long_article.pk}/?window=1", headers=HTMX).content.decode()
    assert f'st-open depth-0" data-statement="{across.pk}"' in html0
    assert f'st-close depth-0" data-statement="{across.pk}"' in html1


def test_without_javascript_a_window_link_opens_the_page_on_that_window(client, viewer, long_article):
    client.force_login(viewer)
    html = client.get(f"/articles/{long_article.pk}/?window=2").content.decode()
    assert "<html" in html and windows_of(html)[2] and not windows_of(html)[0]


def test_jumping_to_a_statement_loads_its_window_and_its_panel_page(client, viewer, long_article):
    speaker, proposition = ActorFactory(), PropositionFactory()
    for n in range(PANEL_PAGE + 5):
        StatementFactory(
            article=long_article,
            start=n,
            end=n + 3,
            quote=long_article.body[n : n + 3],
            speaker=speaker,
            proposition=proposition,
        )
    late = mark(long_article, 150)
    index = window_at(window_bounds(long_article.body), late.start).index
    client.force_login(viewer)
    # The page holds the first window and the first panel page: both come out of band.
    response = client.get(
        f"/articles/{long_article.pk}/?statement={late.pk}",
        headers={**HTMX, "X-Reader-Windows": "0", "X-Reader-Panel": "0-0"},
    )
    html = response.content.decode()
    assert html.startswith(f'<div id="window-{index}" class="body-window"')
    assert f'data-statement="{late.pk}"' in html and 'hx-swap-oob="true"' in html
    assert 'id="statement-panel"' in html and f'id="statement-{late.pk}"' in html
    assert '<li class="panel-page" data-page="1" hidden>' in html
    # A page that holds the panel page already gets the window only.
    again = client.get(
        f"/articles/{long_article.pk}/?statement={late.pk}",
        headers={**HTMX, "X-Reader-Windows": "0", "X-Reader-Panel": "0-1"},
    ).content.decode()
    assert 'id="statement-panel"' not in again
    # Without JavaScript (a link from another page): the whole reader, opened there.
    page = client.get(f"/articles/{long_article.pk}/?statement={late.pk}").content.decode()
    assert windows_of(page)[index] and not windows_of(page)[0] and f'id="statement-{late.pk}"' in page
    assert client.get(f"/articles/{long_article.pk}/?statement=999999", headers=HTMX).status_code == 404


def test_the_panel_loads_a_page_at_a_time(client, viewer, long_article):
    speaker, proposition = ActorFactory(), PropositionFactory()
    made = [
        StatementFactory(
            article=long_article,
            start=n,
            end=n + 3,
            quote=long_article.body[n : n + 3],
            speaker=speaker,
            proposition=proposition,
        )
        for n in range(PANEL_PAGE + 3)
    ]
    client.force_login(viewer)
    html = client.get(f"/articles/{long_article.pk}/").content.decode()
    assert html.count('class="st-item') == PANEL_PAGE
    assert f'<span class="count">{PANEL_PAGE + 3}</span>' in html
    assert f'hx-get="/articles/{long_article.pk}/?panel=1" hx-trigger="click, revealed"' in html
    more = client.get(f"/articles/{long_article.pk}/?panel=1", headers=HTMX).content.decode()
    assert more.count('class="st-item') == 3 and f'id="statement-{made[-1].pk}"' in more
    assert "panel-more-after" not in more and "panel-more-before" not in more


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_a_windowed_reader_runs_the_same_queries_for_few_and_many_statements(client, make_user, role):
    user = make_user(role)
    few, many = ArticleFactory(body=paragraphs(200)), ArticleFactory(body=paragraphs(200) + "\n\nThe end.")
    speaker, proposition = ActorFactory(), PropositionFactory()
    for article, count in ((few, 3), (many, 120)):
        for n in range(count):
            start = (n * 997) % (len(article.body) - 20)
            StatementFactory(
                article=article,
                start=start,
                end=start + 9,
                quote=article.body[start : start + 9],
                speaker=speaker,
                proposition=proposition,
                annotator=user,
                origin=Origin.SUGGESTED if n % 3 else Origin.MANUAL,
                review_status=ReviewStatus.PENDING if n % 3 else ReviewStatus.ACCEPTED,
            )
    client.force_login(user)
    client.get(f"/articles/{few.pk}/")
    for url in ("/articles/{}/", "/articles/{}/?window=2"):
        headers = HTMX if "window" in url else {}
        with CaptureQueriesContext(connection) as small:
            assert client.get(url.format(few.pk), headers=headers).status_code == 200
        with CaptureQueriesContext(connection) as large:
            assert client.get(url.format(many.pk), headers=headers).status_code == 200
        assert len(large) == len(small), url


def test_analysts_see_delete_only_on_what_they_may_delete(client, analyst):
    article = ArticleFactory()
    own = StatementFactory(article=article, text="there were", annotator=analyst)
    suggestion = StatementFactory(
        article=article, text="denied accusations", origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING
    )
    client.force_login(analyst)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'action="/statements/{own.pk}/delete"' in html
    # They may correct the suggestion, not make it disappear: that is a reviewer's reject.
    assert f'href="/statements/{suggestion.pk}/edit"' in html
    assert f'action="/statements/{suggestion.pk}/delete"' not in html


def test_a_save_re_renders_the_windows_the_page_holds(client, analyst, long_article):
    first, second = mark(long_article, 1, annotator=analyst), mark(long_article, 150, annotator=analyst)
    index = window_at(window_bounds(long_article.body), second.start).index
    client.force_login(analyst)
    response = client.post(
        f"/statements/{first.pk}/delete",
        {"version": first.version},
        headers={**HTMX, "X-Reader-Windows": f"0,{index}", "X-Reader-Panel": "0-0"},
    )
    html = response.content.decode()
    assert windows_of(html)[0] and windows_of(html)[index] and not windows_of(html)[1]
    assert f'data-statement="{first.pk}"' not in html.split('id="statement-panel"')[0]
    assert f'<mark class="st st-claim st-open st-close depth-0" data-statement="{second.pk}"' in html


def test_without_javascript_editing_a_late_statement_opens_its_window(client, analyst, long_article):
    late = mark(long_article, 150, annotator=analyst, speaker=ActorFactory())
    index = window_at(window_bounds(long_article.body), late.start).index
    client.force_login(analyst)
    html = client.get(f"/statements/{late.pk}/edit").content.decode()
    assert 'id="statement-form"' in html and windows_of(html)[index] and not windows_of(html)[0]
    # Saved without JavaScript: back to the reader, opened on the statement's window.
    response = client.post(f"/statements/{late.pk}/edit", edit_data(late, note="checked"))
    assert response.status_code == 302
    assert response.url == f"/articles/{long_article.pk}/?statement={late.pk}#statement-{late.pk}"
