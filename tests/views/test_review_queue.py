"""The review queue's context and power: the sentence around each quote, the article's
heading, filters, and deciding a ticked batch with one undo; and the statement form saving
corrected speaker and cue spans."""

import pytest

from annotator.models import Actor, Origin, ReviewStatus, Stance, Statement
from annotator.selectors.review import article_heading, quote_context
from annotator.services.statements import statement_update
from tests.factories import BODY, ActorFactory, ArticleFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def suggestion(article=None, text="denied accusations", **extra):
    fields = {"origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING, "annotator": None, **extra}
    if article is not None:
        fields["article"] = article
    return StatementFactory(text=text, **fields)


# ---- context and headings ------------------------------------------------------------------


def test_context_is_the_sentence_around_the_quote():
    body = "First sentence here. Iran has denied it flatly, said an official. Another one."
    start = body.index("denied it")
    before, after = quote_context(body, start, start + len("denied it"))
    assert (before, after) == ("Iran has ", " flatly, said an official.")


def test_context_of_a_long_sentence_is_cut_with_an_ellipsis_and_counts_code_points():
    body = "😀" * 500 + " quote " + "𝒳" * 500
    start = body.index("quote")
    before, after = quote_context(body, start, start + 5, limit=10)
    assert before == "…" + "😀" * 9 + " " and after == " " + "𝒳" * 9 + "…"


def test_an_untitled_article_is_named_by_its_first_words_never_untitled():
    article = ArticleFactory(
        title="", body="Iranian jets struck targets in Iraq, officials said on Monday evening in Baghdad."
    )
    # One definition of an article's name: the display title, the start of its text.
    assert article_heading(article) == article.display_title
    assert article_heading(article).startswith("Iranian jets struck targets in Iraq, officials said")


def test_queue_shows_the_sentence_around_the_quote_and_the_heading(client, reviewer):
    article = ArticleFactory(title="")
    suggestion(article, "denied accusations")
    client.force_login(reviewer)
    html = client.get("/review/").content.decode()
    assert "Untitled article" not in html
    assert "Iranian officials on Wednesday denied accusations" in html  # the body's first words
    assert 'Iranian officials on Wednesday <mark class="st-context-quote">denied accusations</mark> that its' in html


# ---- filters -------------------------------------------------------------------------------


def test_queue_filters_by_stance_outlet_speaker_and_article(client, reviewer):
    reuters = SourceFactory(name="Reuters wire")
    kirby = ActorFactory(name="John Kirby")
    first, second = ArticleFactory(), ArticleFactory(source=reuters)
    claim = suggestion(first, "there were", speaker=kirby)
    denial = suggestion(
        first, "denied accusations", stance=Stance.DENIAL, speaker=None, speaker_text="Iranian officials"
    )
    relayed = suggestion(second, "has never been involved", via=reuters)
    client.force_login(reviewer)

    def shown(query):
        html = client.get("/review/", query).content.decode()
        return {s.pk for s in (claim, denial, relayed) if f'id="statement-{s.pk}"' in html}

    assert shown({}) == {claim.pk, denial.pk, relayed.pk}
    assert shown({"stance": "denial"}) == {denial.pk}
    assert shown({"outlet": reuters.pk}) == {relayed.pk}
    assert shown({"speaker": "kirby"}) == {claim.pk}
    assert shown({"speaker": "iranian off"}) == {denial.pk}  # the words naming an unresolved speaker
    assert shown({"article": first.pk}) == {claim.pk, denial.pk}
    assert shown({"stance": "nonsense", "article": "x"}) == {claim.pk, denial.pk, relayed.pk}


def test_deciding_from_a_filtered_queue_keeps_the_filters(client, reviewer):
    article = ArticleFactory()
    claim = suggestion(article, "there were")
    denial = suggestion(article, "denied accusations", stance=Stance.DENIAL)
    client.force_login(reviewer)
    post = {"version": 1, "from": "queue", "queue": "stance=denial"}
    html = client.post(f"/statements/{denial.pk}/reject", post, headers=HTMX).content.decode()
    assert f'id="statement-{claim.pk}"' not in html and "Nothing to review with these filters." in html
    plain = client.post(f"/statements/{claim.pk}/reject", {**post, "version": 1})
    assert plain.status_code == 302 and plain.url == "/review/?stance=denial"


# ---- the batch and its undo ------------------------------------------------------------------


def test_ticked_suggestions_are_accepted_as_one_batch_with_one_undo(client, reviewer):
    article = ArticleFactory()
    picked = [suggestion(article, "there were"), suggestion(article, "denied accusations")]
    left = suggestion(article, "has never been involved")
    client.force_login(reviewer)
    picks = [f"{s.pk}:{s.version}" for s in picked]
    html = client.post(
        "/review/bulk", {"pick": picks, "decision": "accept", "from": "queue", "queue": ""}, headers=HTMX
    ).content.decode()
    assert "Accepted 2 suggestions." in html and 'id="undo-review"' in html
    statuses = dict(Statement.objects.values_list("pk", "review_status"))
    assert [statuses[s.pk] for s in picked] == ["accepted", "accepted"] and statuses[left.pk] == "pending"
    assert f'id="statement-{left.pk}"' in html and f'id="statement-{picked[0].pk}"' not in html

    # The undo form carries every decision of the batch: one press takes them all back.
    undo = [f"{s.pk}:{s.version + 1}" for s in picked]
    for value in undo:
        assert f'name="pick" value="{value}"' in html
    html = client.post("/review/undo", {"pick": undo, "from": "queue"}, headers=HTMX).content.decode()
    assert "Undone: 2 suggestions pending again." in html
    assert set(Statement.objects.values_list("review_status", flat=True)) == {"pending"}
    assert all(f'id="statement-{s.pk}"' in html for s in picked)


def test_a_batch_refuses_what_changed_since_it_was_seen_and_decides_the_rest(client, reviewer):
    article = ArticleFactory()
    fresh, stale = suggestion(article, "there were"), suggestion(article, "denied accusations")
    statement_update(statement=stale, version=1, note="someone else was here")
    client.force_login(reviewer)
    html = client.post(
        "/review/bulk",
        {"pick": [f"{fresh.pk}:1", f"{stale.pk}:1"], "decision": "reject", "from": "queue"},
        headers=HTMX,
    ).content.decode()
    assert "Rejected 1 suggestion." in html and "someone changed it" in html
    fresh.refresh_from_db()
    stale.refresh_from_db()
    assert (fresh.review_status, stale.review_status) == ("rejected", "pending")


def test_undoing_an_accept_gives_back_the_unnamed_speaker_and_the_proposed_actor_is_not_lost(client, reviewer):
    pending = suggestion(speaker=None, speaker_text="a senior official", note="Proposed new actor: Senior official")
    client.force_login(reviewer)
    client.post(f"/statements/{pending.pk}/accept", {"version": 1}, headers=HTMX)
    pending.refresh_from_db()
    assert pending.speaker.name == "Senior official"
    client.post("/review/undo", {"pick": f"{pending.pk}:{pending.version}", "from": "reader"}, headers=HTMX)
    pending.refresh_from_db()
    assert (pending.review_status, pending.speaker) == ("pending", None)
    assert Actor.objects.filter(name="Senior official").exists()


def test_a_stale_undo_changes_nothing(client, reviewer):
    pending = suggestion()
    client.force_login(reviewer)
    client.post(f"/statements/{pending.pk}/reject", {"version": 1}, headers=HTMX)
    statement_update(statement=pending.pk, version=2, review_status=ReviewStatus.ACCEPTED)
    html = client.post("/review/undo", {"pick": f"{pending.pk}:2", "from": "queue"}, headers=HTMX).content.decode()
    pending.refresh_from_db()
    assert pending.review_status == "accepted" and "someone changed it" in html


def test_bulk_without_javascript_redirects_back_to_the_filtered_queue(client, reviewer):
    pending = suggestion()
    client.force_login(reviewer)
    response = client.post(
        "/review/bulk", {"pick": f"{pending.pk}:1", "decision": "reject", "from": "queue", "queue": "stance=claim"}
    )
    assert response.status_code == 302 and response.url == "/review/?stance=claim"
    pending.refresh_from_db()
    assert pending.review_status == "rejected"


def test_bulk_with_nothing_ticked_says_so(client, reviewer):
    client.force_login(reviewer)
    html = client.post("/review/bulk", {"decision": "accept", "from": "queue"}, headers=HTMX).content.decode()
    assert "Nothing selected" in html


@pytest.mark.parametrize("url", ["/review/bulk", "/review/undo"])
@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_reviewers_decide_batches_or_undo(client, make_user, url, role):
    pending = suggestion()
    client.force_login(make_user(role))
    response = client.post(url, {"pick": f"{pending.pk}:1", "decision": "accept"}, headers=HTMX)
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.review_status == "pending"


def test_an_accept_in_the_reader_offers_undo(client, reviewer):
    pending = suggestion()
    client.force_login(reviewer)
    html = client.post(f"/statements/{pending.pk}/accept", {"version": 1}, headers=HTMX).content.decode()
    assert 'id="undo-review"' in html and f'name="pick" value="{pending.pk}:2"' in html


# ---- correcting spans in place ---------------------------------------------------------------


def test_a_correction_saves_the_moved_quote_speaker_and_cue_spans(client, reviewer):
    article = ArticleFactory()
    pending = suggestion(article, "there were", speaker=ActorFactory())
    body = article.body
    quote_start = body.index("there were")
    quote_end = body.index('missions."') + len("missions")
    speaker_start = body.index("John Kirby")
    cue_start = body.index(" said there") + 1
    client.force_login(reviewer)
    response = client.post(
        f"/statements/{pending.pk}/edit",
        {
            "start": quote_start,
            "end": quote_end,
            "quote": body[quote_start:quote_end],
            "version": 1,
            "stance": "claim",
            "speaker": pending.speaker_id,
            "speaker_query": pending.speaker.name,
            "speaker_start": speaker_start,
            "speaker_end": speaker_start + len("John Kirby"),
            "cue": "said",
            "cue_start": cue_start,
            "cue_end": cue_start + 4,
            "direct": "0",
        },
        headers=HTMX,
    )
    assert response.status_code == 200, response.content.decode()[:500]
    pending.refresh_from_db()
    assert pending.quote == 'there were "indications" the Iranians "have flown these missions'
    assert (pending.speaker_text, pending.cue) == ("John Kirby", "said")
    assert body[pending.cue_start : pending.cue_end] == "said"
    assert pending.review_status == "accepted"


def test_the_edit_form_offers_the_span_edges(client, reviewer):
    pending = suggestion(speaker_text="Iranian officials", speaker_start=0, speaker_end=len("Iranian officials"))
    client.force_login(reviewer)
    html = client.get(f"/statements/{pending.pk}/edit", headers=HTMX).content.decode()
    assert 'name="speaker_start" value="0"' in html and 'data-span="cue"' in html
    assert html.count('class="button button-small span-edge"') == 6


def test_a_span_outside_the_article_is_refused_with_a_message(client, reviewer):
    pending = suggestion()
    client.force_login(reviewer)
    response = client.post(
        f"/statements/{pending.pk}/edit",
        {
            "start": pending.start,
            "end": pending.end,
            "quote": pending.quote,
            "version": 1,
            "stance": "claim",
            "speaker": pending.speaker_id,
            "speaker_query": "x",
            "speaker_start": 5,
            "speaker_end": len(BODY) + 500,
            "direct": "0",
        },
        headers=HTMX,
    )
    assert response.status_code == 422 and "speaker span is outside the article" in response.content.decode()


def test_without_javascript_the_queue_says_what_was_decided(client, reviewer):
    pending = suggestion()
    client.force_login(reviewer)
    response = client.post(f"/statements/{pending.pk}/reject", {"version": 1, "from": "queue"}, follow=True)
    assert "Suggestion rejected." in response.content.decode()


def test_a_decision_in_the_queue_reads_no_filter_choices(client, reviewer, django_assert_max_num_queries):
    first, second = suggestion(), suggestion(text="there were")
    client.force_login(reviewer)
    client.get("/review/")
    with django_assert_max_num_queries(20) as decided:
        client.post(f"/statements/{first.pk}/reject", {"version": 1, "from": "queue"}, headers=HTMX)
    options = [
        q["sql"] for q in decided.captured_queries if 'FROM "annotator_source"' in q["sql"] or "SUBSTR" in q["sql"]
    ]
    assert options == []
    assert f'id="statement-{second.pk}"' in client.get("/review/", headers=HTMX).content.decode()
