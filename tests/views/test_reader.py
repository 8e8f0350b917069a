"""The reader page: the body cut into highlighted segments, the panel, roles, and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from annotator.models import Origin, ReviewStatus, Stance
from annotator.selectors.reader import paragraph_bounds, paragraph_segments
from annotator.services.statements import statement_delete
from tests.factories import ActorFactory, ArticleFactory, SourceFactory, StatementFactory

HTMX = {"HX-Request": "true"}


# ---- segments: pure Python ------------------------------------------------------------------


def flat(paragraphs):
    return [(seg.start, seg.end, seg.text, seg.keys) for p in paragraphs for seg in p.segments]


def test_paragraphs_are_split_at_blank_lines_and_single_line_breaks_stay_inside():
    assert paragraph_bounds("one\ntwo\n\nthree") == [(0, 7), (9, 14)]


def test_text_without_statements_is_one_segment_per_paragraph():
    assert flat(paragraph_segments("ab\n\ncd", [])) == [(0, 2, "ab", ()), (4, 6, "cd", ())]


def test_nested_statement_is_cut_out_of_the_outer_one_with_both_covering_it():
    body = "He said that Iran never flew."
    outer, inner = (8, 28, "outer"), (13, 22, "inner")
    assert flat(paragraph_segments(body, [inner, outer])) == [
        (0, 8, "He said ", ()),
        (8, 13, "that ", ("outer",)),
        (13, 22, "Iran neve", ("outer", "inner")),
        (22, 28, "r flew", ("outer",)),
        (28, 29, ".", ()),
    ]


def test_crossing_statements_share_the_overlap_and_each_opens_and_closes_once():
    body = "abcdefghij"
    paragraphs = paragraph_segments(body, [(0, 6, "a"), (3, 9, "b")])
    assert flat(paragraphs) == [
        (0, 3, "abc", ("a",)),
        (3, 6, "def", ("a", "b")),
        (6, 9, "ghi", ("b",)),
        (9, 10, "j", ()),
    ]
    segments = paragraphs[0].segments
    assert [sorted(s.opens) for s in segments] == [["a"], ["b"], [], []]
    assert [sorted(s.closes) for s in segments] == [[], ["a"], ["b"], []]


def test_identical_spans_are_both_shown_in_a_stable_order():
    segments = paragraph_segments("abc", [(0, 3, 2), (0, 3, 1)])[0].segments
    assert [seg.keys for seg in segments] == [(2, 1)]


def test_a_statement_across_a_paragraph_break_is_shown_in_both_paragraphs():
    body = "first para\n\nsecond para"
    paragraphs = paragraph_segments(body, [(6, 18, "x")])
    assert flat(paragraphs) == [
        (0, 6, "first ", ()),
        (6, 10, "para", ("x",)),
        (12, 18, "second", ("x",)),
        (18, 23, " para", ()),
    ]
    assert paragraphs[0].segments[1].opens == {"x"} and not paragraphs[0].segments[1].closes
    assert paragraphs[1].segments[0].closes == {"x"} and not paragraphs[1].segments[0].opens


def test_astral_characters_are_one_offset_each():
    body = "Le 🇫🇷 a nié 𝒳."
    start = body.index("𝒳")
    segments = paragraph_segments(body, [(start, start + 1, "x")])[0].segments
    assert [(s.text, s.keys) for s in segments] == [("Le 🇫🇷 a nié ", ()), ("𝒳", ("x",)), (".", ())]


@given(
    body=st.text(alphabet=st.sampled_from("ab \n😀𝒳é"), min_size=1, max_size=40),
    raw_spans=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=8),
)
def test_segments_cover_every_paragraph_exactly_and_list_exactly_the_covering_spans(body, raw_spans):
    spans = [(min(a, b), max(a, b), i) for i, (a, b) in enumerate(raw_spans) if min(a, b) < max(a, b) <= len(body)]
    paragraphs = paragraph_segments(body, spans)
    assert [(p.start, p.end) for p in paragraphs] == paragraph_bounds(body)
    for paragraph in paragraphs:
        assert "".join(s.text for s in paragraph.segments) == body[paragraph.start : paragraph.end]
        for seg in paragraph.segments:
            assert seg.text == body[seg.start : seg.end]
            expected = {k for s, e, k in spans if s <= seg.start and seg.end <= e and seg.start < seg.end}
            assert set(seg.keys) == expected
            # No span boundary falls strictly inside a segment.
            assert not any(seg.start < x < seg.end for s, e, _ in spans for x in (s, e))


# ---- the page -------------------------------------------------------------------------------


@pytest.fixture
def article(db):
    return ArticleFactory(title="Iran denies airstrikes", caption="Iranian jets over Baghdad. Photo: AP")


def test_reader_shows_the_text_with_claims_and_denials_marked_apart(client, analyst, article):
    claim = StatementFactory(article=article, text="there were", stance=Stance.CLAIM)
    denial = StatementFactory(article=article, text="denied accusations", stance=Stance.DENIAL)
    client.force_login(analyst)
    response = client.get(f"/articles/{article.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "Iran denies airstrikes" in html
    assert f'class="st st-claim st-open st-close depth-0" data-statement="{claim.pk}"' in html
    assert f'class="st st-denial st-open st-close depth-0" data-statement="{denial.pk}"' in html
    # The panel lists them in text order: the denial comes first in the article.
    assert html.index(f'id="statement-{denial.pk}"') < html.index(f'id="statement-{claim.pk}"')


def test_caption_is_shown_apart_from_the_text(client, viewer, article):
    client.force_login(viewer)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    body_html = html[html.index('id="article-body"') :]
    assert "Iranian jets over Baghdad" in html[: html.index('id="article-body"')]
    assert "Iranian jets over Baghdad" not in body_html.split("</div>")[0]


def test_each_paragraph_and_segment_carries_its_code_point_offset(client, viewer):
    article = ArticleFactory(body="Le 🇫🇷 a nié 𝒳.\n\nFin 😀 ici.")
    StatementFactory(article=article, text="𝒳")
    client.force_login(viewer)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'<p dir="auto" data-start="{article.body.index("Fin")}">' in html
    assert f'<span class="seg" data-start="{article.body.index("𝒳")}">𝒳</span>' in html
    assert f'data-length="{len(article.body)}"' in html


def test_suggestions_are_marked_pending(client, analyst, article):
    suggestion = StatementFactory(
        article=article, origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING, speaker=None, speaker_text="he"
    )
    client.force_login(analyst)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'st-pending st-open st-close depth-0" data-statement="{suggestion.pk}"' in html
    assert "1 suggested" in html


def test_rejected_suggestions_are_not_shown(client, analyst, article):
    rejected = StatementFactory(article=article, origin=Origin.SUGGESTED, review_status=ReviewStatus.REJECTED)
    client.force_login(analyst)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'data-statement="{rejected.pk}"' not in html


def test_htmx_request_gets_the_workspace_partial_and_boosted_the_full_page(client, viewer, article):
    client.force_login(viewer)
    partial = client.get(f"/articles/{article.pk}/", headers=HTMX).content.decode()
    assert 'id="reader"' in partial and "<html" not in partial
    boosted = client.get(f"/articles/{article.pk}/", headers={**HTMX, "HX-Boosted": "true"}).content.decode()
    assert "<html" in boosted


def test_missing_article_is_404(client, viewer):
    client.force_login(viewer)
    assert client.get("/articles/999999/").status_code == 404


def test_anonymous_users_are_sent_to_login(client, article):
    response = client.get(f"/articles/{article.pk}/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_user_without_a_role_is_refused(client, make_user, article):
    client.force_login(make_user(None))
    assert client.get(f"/articles/{article.pk}/").status_code == 403


def test_viewer_sees_no_annotation_controls(client, viewer, article):
    StatementFactory(article=article)
    client.force_login(viewer)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    for control in ('data-action="edit"', 'data-action="delete"', 'id="selection-popover"', "Set status"):
        assert control not in html
    assert 'data-can-annotate="false"' in html


def test_analyst_may_edit_only_their_own_statements(client, analyst, make_user, article):
    own = StatementFactory(article=article, text="there were", annotator=analyst)
    other = StatementFactory(article=article, text="denied accusations", annotator=make_user("analyst"))
    client.force_login(analyst)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'href="/statements/{own.pk}/edit"' in html
    assert f'href="/statements/{other.pk}/edit"' not in html
    assert 'data-action="accept"' not in html


def test_reviewer_may_edit_anything_and_sees_accept_and_reject_on_suggestions(client, reviewer, analyst, article):
    other = StatementFactory(article=article, text="there were", annotator=analyst)
    suggestion = StatementFactory(
        article=article, text="denied accusations", origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING
    )
    client.force_login(reviewer)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'href="/statements/{other.pk}/edit"' in html
    assert f'action="/statements/{suggestion.pk}/accept"' in html
    assert f'action="/statements/{suggestion.pk}/reject"' in html


def test_coming_back_from_a_delete_without_javascript_offers_undo(client, analyst, article):
    statement = StatementFactory(article=article, annotator=analyst)
    statement_delete(statement=statement, version=statement.version, user=analyst)
    client.force_login(analyst)
    html = client.get(f"/articles/{article.pk}/?deleted={statement.pk}").content.decode()
    assert f'action="/statements/{statement.pk}/restore"' in html


def _annotate_densely(article, count, annotator):
    """`count` statements, overlapping and nested, each answering the previous one."""
    statements = []
    span = len(article.body) - 12
    for index in range(count):
        start = (index * 7) % span
        end = start + 5 + index % 7
        statements.append(
            StatementFactory(
                article=article,
                start=start,
                end=end,
                quote=article.body[start:end],
                stance=Stance.DENIAL if index % 2 else Stance.CLAIM,
                responds_to=statements[-1] if statements else None,
                annotator=annotator if index % 3 else None,
                origin=Origin.SUGGESTED if index % 5 == 0 else Origin.MANUAL,
                review_status=ReviewStatus.PENDING if index % 5 == 0 else ReviewStatus.ACCEPTED,
                via=SourceFactory(name="Reuters") if index % 4 == 0 else None,
                note="n",
            )
        )
    return statements


@pytest.mark.parametrize("role", ["viewer", "analyst", "reviewer"])
def test_reader_runs_the_same_number_of_queries_for_5_and_200_statements(
    client, make_user, django_assert_num_queries, role
):
    user = make_user(role)
    small, large = ArticleFactory(), ArticleFactory()
    _annotate_densely(small, 5, user)
    _annotate_densely(large, 200, user)
    client.force_login(user)
    client.get(f"/articles/{small.pk}/")  # warm the session and content types

    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/articles/{small.pk}/").status_code == 200
    with django_assert_num_queries(len(few)):
        response = client.get(f"/articles/{large.pk}/")
    assert response.content.decode().count('class="st-item') == 200


def test_highlights_tell_screen_readers_the_stance_and_speaker(client, viewer):
    article = ArticleFactory(title="")
    StatementFactory(article=article, text="denied accusations", stance="denial", speaker=ActorFactory(name="Kirby"))
    StatementFactory(
        article=article,
        text="there were",
        origin="suggested",
        review_status="pending",
        speaker=None,
        speaker_text="a spokesperson",
    )
    client.force_login(viewer)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert '<span class="visually-hidden sr-mark" dir="ltr">[denial by Kirby: </span>' in html
    assert "[suggested claim by a spokesperson: " in html and ", end of denial]" in html
    # The page is named by the article's first words, never "Untitled article".
    assert "Untitled article" not in html and "<title>Iranian officials on Wednesday denied" in html
