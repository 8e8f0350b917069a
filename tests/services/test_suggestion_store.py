"""A suggester run is stored in bulk: the queries do not grow with the suggestions, each
gets its one history row, a denial keeps the claim it answers, and an article holds at
most ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE suggestions (the rest are counted as dropped)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from annotator.models import JobKind, Origin, ReviewStatus, Statement
from annotator.services.jobs import job_suggest_create, summarize
from annotator.services.suggestion_copy import copy_available
from annotator.services.suggestion_store import suggestions_store
from annotator.services.suggestions import suggestions_generate
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "The newspaper reported that minister {n} had taken bribes from the builder.\n\n"
    '"That is simply untrue," the spokeswoman, Maria Costa, told broadcaster KBS on day {n}.\n\n'
)


def article_with(paragraphs: int):
    return ArticleFactory(body="".join(PARAGRAPH.format(n=n) for n in range(paragraphs)), url=None)


def suggested(article):
    return list(Statement.objects.filter(article=article, origin=Origin.SUGGESTED).order_by("start"))


def queries_to_generate(article) -> int:
    with CaptureQueriesContext(connection) as queries:
        suggestions_generate(article=article)
    return len(queries)


def test_storing_many_suggestions_takes_as_many_queries_as_storing_a_few(settings):
    settings.ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE = 1000
    few, many = article_with(1), article_with(60)
    queries_to_generate(ArticleFactory(body=PARAGRAPH.format(n="x"), url=None))  # warm the actor index
    assert queries_to_generate(few) == queries_to_generate(many)
    assert (len(suggested(few)), len(suggested(many))) == (2, 120)


def test_every_stored_suggestion_has_its_creation_in_the_history_by_whoever_ran_it(analyst):
    article = article_with(5)
    suggestions_generate(article=article, user=analyst)
    stored = suggested(article)
    history = Statement.history.filter(article_id=article.pk)
    assert sorted(history.values_list("id", flat=True)) == sorted(s.pk for s in stored)
    assert set(history.values_list("history_type", "history_user", "review_status")) == {
        ("+", analyst.pk, ReviewStatus.PENDING)
    }


def test_each_denial_keeps_the_claim_it_answers_in_the_row_and_in_its_history():
    article = article_with(3)
    suggestions_generate(article=article)
    stored = suggested(article)
    claims, denials = stored[0::2], stored[1::2]
    assert [d.responds_to_id for d in denials] == [c.pk for c in claims]
    recorded = dict(Statement.history.filter(stance="denial").values_list("id", "responds_to_id"))
    assert recorded == {d.pk: c.pk for c, d in zip(claims, denials, strict=True)}


def test_an_article_holds_at_most_the_cap_and_the_run_counts_what_it_dropped(settings):
    settings.ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE = 5
    article = article_with(4)  # 8 suggestions
    run = suggestions_generate(article=article)
    assert (run.created, run.dropped) == (5, 3)
    assert [s.start for s in suggested(article)] == sorted(s.start for s in suggested(article))[:5]
    # The first five in the text are kept; a kept denial's claim is always among them.
    assert all(s.responds_to_id is None or s.responds_to in suggested(article) for s in suggested(article))
    again = suggestions_generate(article=article)
    assert (again.created, again.skipped_existing, again.dropped) == (0, 5, 3)


def test_the_suggest_job_result_and_summary_say_how_many_were_dropped(
    settings, analyst, django_capture_on_commit_callbacks
):
    settings.ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE = 3
    article = article_with(4)
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs it
        job = job_suggest_create(user=analyst, article_ids=[article.pk])
    job.refresh_from_db()
    assert (job.status, job.result["created"], job.result["dropped"]) == ("succeeded", 3, 5)
    assert "5 dropped over the per-article cap" in summarize(JobKind.SUGGEST, job.result)


def test_a_statement_breaking_a_rule_stores_nothing_and_says_which(analyst):
    article = article_with(1)
    pending = {"origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING}
    good = Statement(article=article, start=0, end=3, quote=article.body[:3], **pending)
    bad = Statement(article=article, start=4, end=9, quote="wrong", **pending)
    with pytest.raises(ValidationError, match="Suggestion 1"):
        suggestions_store(article=article, statements=[good, bad], user=analyst)
    assert not Statement.objects.filter(article=article).exists()


def test_the_database_still_refuses_a_wrong_quote_among_many_inserted_at_once():
    # Past the model's validation (a raw bulk insert): the quote check, now one per
    # INSERT on PostgreSQL, still finds the one bad row among a thousand.
    article = article_with(600)
    body = article.body
    rows = [
        Statement(article=article, start=n * 10, end=n * 10 + 8, quote=body[n * 10 : n * 10 + 8], stance="claim")
        for n in range(1000)
    ]
    rows[700].quote = "x" * 8
    with pytest.raises(DatabaseError, match="quote"), transaction.atomic():
        Statement.objects.bulk_create(rows)
    past_the_end = Statement(article=article, start=len(body) - 2, end=len(body) + 1, quote=body[-2:] + "x")
    with pytest.raises(DatabaseError), transaction.atomic():
        Statement.objects.bulk_create([past_the_end])
    assert not Statement.objects.filter(article=article).exists()
    Statement.objects.bulk_create(rows[:700])  # the good ones go in
    assert Statement.objects.filter(article=article).count() == 700


def test_the_insert_path_is_there_on_every_database_and_copy_is_refused_where_there_is_none():
    article = article_with(2)
    run = suggestions_generate(article=article, use_copy=False)
    assert run.created == len(suggested(article)) == Statement.history.filter(article_id=article.pk).count() == 4
    assert copy_available() == (connection.vendor == "postgresql")
    if not copy_available():
        pending = {"origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING}
        one = Statement(article=article, start=0, end=3, quote=article.body[:3], **pending)
        with pytest.raises(ValueError, match="COPY needs PostgreSQL"):
            suggestions_store(article=article, statements=[one], use_copy=True)
        assert one.pk is None
