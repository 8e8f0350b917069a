"""The import service: clean, store once, say what happened."""

import datetime as dt
import importlib.machinery
import sys
import threading
import types

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from annotator.models import Article, Source, SourceKind
from annotator.models.articles import content_hash
from annotator.services import articles as service
from annotator.services.articles import (
    SourceResolver,
    article_import,
    article_preview,
    article_update,
    source_resolve,
)
from tests.factories import ArticleFactory, SourceFactory, StatementFactory
from tests.text.seed import SEED_CAPTION, SEED_PARAGRAPHS, seed_bytes

TEXT = (
    "Iranian officials on Wednesday denied accusations that its military has been involved in airstrikes.\n"
    "5\n"
    '"Iran has never been involved in any air strikes," a senior Iranian official told Reuters.\n'
    "SUBSCRIBE TO OUR FREE NEWSLETTER\n"
)
BODY = (
    "Iranian officials on Wednesday denied accusations that its military has been involved in airstrikes.\n\n"
    '"Iran has never been involved in any air strikes," a senior Iranian official told Reuters.'
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_suggester(monkeypatch):
    """The suggester is another component; these tests see only whether it is queued."""
    queued: list[int] = []
    monkeypatch.setattr(service, "_suggester", lambda: types.SimpleNamespace(enqueue=queued.append))
    return queued


def test_import_stores_the_cleaned_body_the_raw_input_and_what_was_dropped(analyst):
    outcome = article_import(raw=TEXT, title="Iran denies", user=analyst)
    article = Article.objects.get(pk=outcome.article.pk)
    assert outcome.created and outcome.duplicate_of is None
    assert article.body == BODY
    assert article.raw == TEXT
    assert article.content_hash == content_hash(BODY)
    assert article.cleaning_report == [
        {"text": "5", "reason": "lone number or symbol"},
        {"text": "SUBSCRIBE TO OUR FREE NEWSLETTER", "reason": "newsletter/donation appeal"},
    ]
    assert article.created_by == analyst
    assert article.history.get().history_user == analyst


def test_the_seed_page_imports_as_its_twelve_paragraphs_with_the_caption_apart():
    raw = seed_bytes().decode("utf-8")
    article = article_import(raw=raw, source="Common Dreams").article
    assert article.body.split("\n\n") == SEED_PARAGRAPHS
    assert article.caption == SEED_CAPTION
    assert article.raw == raw


def test_importing_the_same_text_again_is_reported_as_a_duplicate_and_stored_once():
    first = article_import(raw=TEXT).article
    again = article_import(raw=TEXT, title="Another title")
    assert not again.created
    assert again.duplicate_of == first and again.article == first
    assert Article.objects.count() == 1
    assert Article.objects.get().title == first.title != "Another title"


def test_a_copy_differing_only_in_junk_spacing_and_case_is_a_duplicate():
    first = article_import(raw=TEXT).article
    copy = "#FFFFFF\n" + BODY.upper().replace(" ", "   ") + "\nShare this article"
    outcome = article_import(raw=copy)
    assert outcome.duplicate_of == first
    assert Article.objects.count() == 1


def test_another_text_at_the_same_url_is_a_duplicate():
    first = article_import(raw=TEXT, url="https://example.com/iran").article
    outcome = article_import(raw="A corrected version of the story, published later.", url="https://example.com/iran")
    assert outcome.duplicate_of == first
    assert Article.objects.count() == 1


def test_concurrent_import_losing_the_race_is_reported_as_a_duplicate(monkeypatch):
    """The unique index decides: the second insert of the same text fails inside its
    savepoint and the service reports the stored article instead."""
    first = article_import(raw=TEXT).article
    looked_up = []
    real = service._find_duplicate
    monkeypatch.setattr(service, "_find_duplicate", lambda *a: looked_up.append(a) or real(*a))
    outcome = article_import(raw=TEXT)
    assert outcome.duplicate_of == first
    assert looked_up == [(content_hash(BODY), None)]
    assert Article.objects.count() == 1
    # The database connection is still usable after the failed insert.
    assert article_import(raw="A different article about something else entirely.").created


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_text_at_once_store_it_once():
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            outcomes.append(article_import(raw=TEXT, suggest=False))
        except Exception as error:  # reported below, with the thread's traceback lost otherwise
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(outcome.created for outcome in outcomes) == [False, True]
    assert Article.objects.count() == 1


def test_nul_characters_and_lone_surrogates_are_stored_without_error():
    raw = "The talks\x00 resumed in Geneva \ud800on Monday."
    article = article_import(raw=raw, title="Talks\x00 \udfff").article
    article.refresh_from_db()
    assert article.body == "The talks resumed in Geneva \ufffdon Monday."
    assert article.raw == "The talks resumed in Geneva \ufffdon Monday."
    assert article.title == "Talks \ufffd"


def test_text_empty_after_cleaning_is_refused_and_nothing_is_stored():
    with pytest.raises(ValidationError) as error:
        article_import(raw="5\n#000000\nSUBSCRIBE TO OUR FREE NEWSLETTER\n", source="Brand New Outlet")
    assert "Nothing is left after cleaning" in error.value.message_dict["body"][0]
    assert "lone number or symbol" in error.value.message_dict["body"][0]
    assert Article.objects.count() == 0
    assert not Source.objects.filter(name="Brand New Outlet").exists()


def test_empty_input_is_refused():
    with pytest.raises(ValidationError, match="Nothing is left after cleaning"):
        article_import(raw="   \n")


def test_an_invalid_url_is_refused_and_creates_no_source():
    with pytest.raises(ValidationError) as error:
        article_import(raw=TEXT, url="not a url", source="Brand New Outlet")
    assert "url" in error.value.message_dict
    assert Article.objects.count() == 0
    assert not Source.objects.filter(name="Brand New Outlet").exists()


def test_an_unknown_format_is_refused():
    with pytest.raises(ValidationError, match="Unknown format"):
        article_import(raw=TEXT, fmt="pdf")


def test_html_is_extracted_with_title_date_and_url_from_the_page():
    page = (
        "<html><head><title>Iran denies strikes</title>"
        '<meta property="article:published_time" content="2014-12-03T10:15:00Z">'
        '<link rel="canonical" href="https://example.com/iran"><script>var x = "SCRIPT";</script></head>'
        f"<body><article><p>{BODY.replace(chr(10) * 2, '</p><p>')}</p></article></body></html>"
    )
    article = article_import(raw=page, fmt="html").article
    assert article.body == BODY
    assert article.title == "Iran denies strikes"
    assert article.published_at == dt.datetime(2014, 12, 3, 10, 15, tzinfo=dt.UTC)
    assert article.url == "https://example.com/iran"
    assert article.raw == page


def test_details_given_by_the_caller_win_over_the_page():
    page = f"<html><head><title>Page title</title></head><body><p>{BODY}</p></body></html>"
    article = article_import(raw=page, fmt="html", title="My title", url="https://example.com/mine").article
    assert (article.title, article.url) == ("My title", "https://example.com/mine")


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2014-12-03", dt.datetime(2014, 12, 3, tzinfo=dt.UTC)),
        (dt.date(2014, 12, 3), dt.datetime(2014, 12, 3, tzinfo=dt.UTC)),
        ("2014-12-03T10:15:00+02:00", dt.datetime(2014, 12, 3, 8, 15, tzinfo=dt.UTC)),
        (dt.datetime(2014, 12, 3, 10, 15), dt.datetime(2014, 12, 3, 10, 15, tzinfo=dt.UTC)),
    ],
)
def test_publication_dates_are_stored_as_aware_datetimes(given, stored):
    assert article_import(raw=TEXT, published_at=given).article.published_at == stored


def test_a_publication_date_that_is_not_a_date_is_refused():
    with pytest.raises(ValidationError) as error:
        article_import(raw=TEXT, published_at="last Tuesday")
    assert "published_at" in error.value.message_dict


def test_a_source_named_by_an_alias_is_the_known_source():
    jazeera = SourceFactory(name="Al Jazeera", aliases=["Al-Jazeera", "Aljazeera"])
    assert article_import(raw=TEXT, source="al-jazeera ").article.source == jazeera
    assert source_resolve("AL JAZEERA") == jazeera


def test_an_unknown_source_name_becomes_a_new_source_of_kind_other():
    article = article_import(raw=TEXT, source="  The   Daily Example ").article
    assert article.source.name == "The Daily Example"
    assert article.source.kind == SourceKind.OTHER
    assert article.source.slug == "the-daily-example"


def test_a_new_source_whose_slug_is_taken_gets_a_free_one():
    SourceFactory(name="Example News", slug="example-news")
    assert source_resolve("Example-News!").slug == "example-news-2"


def test_a_source_given_as_an_object_is_used_as_is():
    source = SourceFactory()
    assert article_import(raw=TEXT, source=source).article.source == source


def test_the_resolver_looks_each_name_up_once(django_assert_num_queries):
    SourceFactory(name="Reuters")
    resolve = SourceResolver()
    first = resolve("Reuters")
    with django_assert_num_queries(0):
        assert resolve(" reuters") == first
        assert resolve(None) is None


def test_suggestions_are_queued_after_the_commit_of_a_new_article(no_suggester, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article = article_import(raw=TEXT).article
    assert len(callbacks) == 1
    assert no_suggester == [article.pk]


def test_no_suggestions_are_queued_for_a_duplicate_or_when_opted_out(no_suggester, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article_import(raw=TEXT, suggest=False)
        article_import(raw=TEXT)
    assert callbacks == []
    assert no_suggester == []


def test_the_suggester_is_optional(monkeypatch):
    monkeypatch.undo()
    monkeypatch.setattr(service.importlib.util, "find_spec", lambda name: None)
    assert service._suggester() is None
    monkeypatch.undo()
    without_task = types.ModuleType("annotator.tasks")
    without_task.__spec__ = importlib.machinery.ModuleSpec("annotator.tasks", None)
    monkeypatch.setitem(sys.modules, "annotator.tasks", without_task)
    assert service._suggester() is None


def test_preview_shows_the_cleaned_text_and_saves_nothing():
    preview = article_preview(raw=TEXT, title="  Iran   denies ")
    assert preview.body == BODY
    assert preview.title == "Iran denies"
    assert [item.reason for item in preview.dropped] == ["lone number or symbol", "newsletter/donation appeal"]
    assert preview.duplicate_of is None
    assert not preview.is_empty
    assert Article.objects.count() == 0


def test_preview_of_known_text_names_the_duplicate():
    first = article_import(raw=TEXT).article
    assert article_preview(raw=TEXT).duplicate_of == first


def test_preview_of_junk_is_empty_and_says_why():
    preview = article_preview(raw="5\n|")
    assert preview.is_empty
    assert [item.reason for item in preview.dropped] == ["lone number or symbol"] * 2


def test_update_edits_details_and_records_who(analyst):
    article = ArticleFactory()
    article_update(
        article=article,
        user=analyst,
        title=" New  title ",
        source="Brand New Outlet",
        published_at="2020-01-02",
        status="done",
        url="",
    )
    article.refresh_from_db()
    assert article.title == "New title"
    assert article.source.name == "Brand New Outlet"
    assert article.published_at == dt.datetime(2020, 1, 2, tzinfo=dt.UTC)
    assert article.status == "done"
    assert article.url is None
    assert article.history.first().history_user == analyst


def test_body_can_change_while_the_article_has_no_statements():
    article = ArticleFactory()
    article_update(article=article, body="A corrected text.")
    article.refresh_from_db()
    assert article.body == "A corrected text."
    assert article.content_hash == content_hash("A corrected text.")


def test_body_cannot_change_once_the_article_has_statements():
    statement = StatementFactory()
    article = statement.article
    before = article.body
    with pytest.raises(ValidationError) as error:
        article_update(article=article, body=before + " More.")
    assert "body" in error.value.message_dict
    article.refresh_from_db()
    assert article.body == before


def test_body_cannot_become_another_articles_text():
    other = ArticleFactory()
    article = ArticleFactory()
    with pytest.raises(ValidationError, match="Another article already has this text"):
        article_update(article=article, body=other.body)


def test_update_refuses_fields_it_does_not_know():
    with pytest.raises(TypeError, match="content_hash"):
        article_update(article=ArticleFactory(), content_hash="x")


def test_the_installed_suggester_runs_after_an_import_commits(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.undo()  # the real annotator.tasks, run by the immediate backend in tests
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article = article_import(raw=TEXT).article
    assert len(callbacks) == 1
    assert Article.objects.filter(pk=article.pk).exists()
