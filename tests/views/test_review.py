"""Reviewing suggestions: accept, reject, accept all, run the suggester, and the queue."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Origin, ReviewStatus, Statement
from annotator.services.statements import statement_update
from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def suggestion(article=None, text="denied accusations", **extra):
    fields = {"origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING, "annotator": None, **extra}
    if article is not None:
        fields["article"] = article
    return StatementFactory(text=text, **fields)


def test_reviewer_accepts_a_suggestion_and_the_reader_updates(client, reviewer):
    pending = suggestion()
    client.force_login(reviewer)
    response = client.post(f"/statements/{pending.pk}/accept", {"version": 1}, headers=HTMX)
    pending.refresh_from_db()
    html = response.content.decode()
    assert pending.review_status == ReviewStatus.ACCEPTED and pending.annotator == reviewer
    assert "Suggestion accepted." in html and 'id="statement-panel"' in html
    assert f'st-pending st-open st-close depth-0" data-statement="{pending.pk}"' not in html
    assert json.loads(response["HX-Trigger-After-Settle"]) == {"statementsChanged": {"saved": pending.pk}}


def test_reviewer_rejects_a_suggestion_and_it_disappears_from_the_reader(client, reviewer):
    pending = suggestion()
    client.force_login(reviewer)
    html = client.post(f"/statements/{pending.pk}/reject", {"version": 1}, headers=HTMX).content.decode()
    pending.refresh_from_db()
    assert pending.review_status == ReviewStatus.REJECTED
    assert "Suggestion rejected." in html and f'data-statement="{pending.pk}"' not in html


def test_accept_without_javascript_redirects_to_the_reader(client, reviewer):
    pending = suggestion()
    client.force_login(reviewer)
    response = client.post(f"/statements/{pending.pk}/accept", {"version": 1})
    assert response.status_code == 302
    assert response.url == f"/articles/{pending.article_id}/#statement-{pending.pk}"


def test_accepting_a_suggestion_without_any_speaker_asks_for_a_correction(client, reviewer):
    pending = suggestion(speaker=None, speaker_text="he")
    client.force_login(reviewer)
    html = client.post(f"/statements/{pending.pk}/accept", {"version": 1}, headers=HTMX).content.decode()
    pending.refresh_from_db()
    assert pending.review_status == ReviewStatus.PENDING
    assert "Not accepted" in html and "Correct it first" in html


def test_a_stale_accept_is_refused(client, reviewer):
    pending = suggestion()
    statement_update(statement=pending, version=1, note="changed meanwhile")
    client.force_login(reviewer)
    html = client.post(f"/statements/{pending.pk}/accept", {"version": 1}, headers=HTMX).content.decode()
    pending.refresh_from_db()
    assert pending.review_status == ReviewStatus.PENDING and "someone changed this suggestion" in html


def test_accepting_what_is_no_longer_pending_says_so(client, reviewer):
    accepted = StatementFactory()
    client.force_login(reviewer)
    html = client.post(f"/statements/{accepted.pk}/accept", {"version": 1}, headers=HTMX).content.decode()
    assert "Nothing to accept: this statement is already accepted." in html


@pytest.mark.parametrize("action", ["accept", "reject"])
@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_reviewers_accept_or_reject(client, make_user, action, role):
    pending = suggestion()
    client.force_login(make_user(role))
    assert client.post(f"/statements/{pending.pk}/{action}", {"version": 1}, headers=HTMX).status_code == 403
    pending.refresh_from_db()
    assert pending.review_status == ReviewStatus.PENDING


def test_accept_and_reject_need_post(client, reviewer):
    pending = suggestion()
    client.force_login(reviewer)
    assert client.get(f"/statements/{pending.pk}/accept").status_code == 405


def test_accept_all_accepts_every_suggestion_with_a_speaker_and_reports_the_rest(client, reviewer):
    article = ArticleFactory()
    named = [suggestion(article, "denied accusations"), suggestion(article, "there were")]
    unnamed = suggestion(article, "a senior Iranian official", speaker=None)
    client.force_login(reviewer)
    html = client.post(f"/articles/{article.pk}/accept-all", headers=HTMX).content.decode()
    assert {s.review_status for s in Statement.objects.filter(pk__in=[s.pk for s in named])} == {"accepted"}
    unnamed.refresh_from_db()
    assert unnamed.review_status == ReviewStatus.PENDING
    assert "Accepted 2 suggestions." in html and "1 could not be accepted" in html


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_reviewers_accept_all(client, make_user, role):
    article = ArticleFactory()
    suggestion(article)
    client.force_login(make_user(role))
    assert client.post(f"/articles/{article.pk}/accept-all").status_code == 403
    assert Statement.objects.get().review_status == ReviewStatus.PENDING


def test_reader_offers_accept_all_to_reviewers_only_when_something_is_pending(client, reviewer, analyst):
    article = ArticleFactory()
    client.force_login(reviewer)
    assert "accept-all" not in client.get(f"/articles/{article.pk}/").content.decode()
    suggestion(article)
    assert f'action="/articles/{article.pk}/accept-all"' in client.get(f"/articles/{article.pk}/").content.decode()
    client.force_login(analyst)
    assert "accept-all" not in client.get(f"/articles/{article.pk}/").content.decode()


def test_running_the_suggester_on_demand_adds_pending_suggestions_once(client, analyst):
    article = ArticleFactory(
        body='"Iran has never been involved in any air strikes," a senior Iranian official told Reuters.'
    )
    client.force_login(analyst)
    html = client.post(f"/articles/{article.pk}/suggest", headers=HTMX).content.decode()
    created = Statement.objects.filter(article=article, review_status=ReviewStatus.PENDING).count()
    assert created >= 1 and f"{created} new suggestion" in html
    again = client.post(f"/articles/{article.pk}/suggest", headers=HTMX).content.decode()
    assert "0 new suggestions." in again
    assert Statement.objects.filter(article=article).count() == created


def test_viewers_may_not_run_the_suggester(client, viewer):
    article = ArticleFactory()
    client.force_login(viewer)
    assert client.post(f"/articles/{article.pk}/suggest").status_code == 403


# ---- the queue -------------------------------------------------------------------------------


def test_queue_lists_pending_suggestions_across_articles_grouped_by_article(client, reviewer):
    first, second = ArticleFactory(title="First article"), ArticleFactory(title="Second article")
    in_first, in_second = suggestion(first), suggestion(second)
    decided = suggestion(first, "there were", review_status=ReviewStatus.REJECTED)
    client.force_login(reviewer)
    html = client.get("/review/").content.decode()
    assert "First article" in html and "Second article" in html and "2 pending suggestions" in html
    assert f'id="statement-{in_first.pk}"' in html and f'id="statement-{in_second.pk}"' in html
    assert f'id="statement-{decided.pk}"' not in html


def test_queue_partial_for_htmx(client, reviewer):
    client.force_login(reviewer)
    html = client.get("/review/", headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="review-queue-list"') and "<html" not in html


def test_accepting_from_the_queue_re_renders_the_queue(client, reviewer):
    pending = suggestion()
    client.force_login(reviewer)
    response = client.post(f"/statements/{pending.pk}/accept", {"version": 1, "from": "queue"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="review-queue-list"')
    assert "Suggestion accepted." in html and "Nothing to review." in html
    plain = client.post(f"/statements/{suggestion(text='there were').pk}/reject", {"version": 1, "from": "queue"})
    assert plain.status_code == 302 and plain.url == "/review/"


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_reviewers_see_the_queue(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/review/").status_code == 403


def test_queue_runs_the_same_number_of_queries_for_1_and_50_suggestions(client, reviewer, django_assert_num_queries):
    speaker = ActorFactory()
    suggestion(speaker=speaker)
    client.force_login(reviewer)
    client.get("/review/")
    with CaptureQueriesContext(connection) as one:
        client.get("/review/")
    for _ in range(49):
        suggestion(speaker=ActorFactory())
    with django_assert_num_queries(len(one)):
        html = client.get("/review/").content.decode()
    assert html.count('class="st-item') == 50
