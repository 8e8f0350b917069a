"""A batch import with the cleaner's fast path stores exactly what the full cleaning
would; its new articles join the project in the batch's transaction; and the suggester
is queued for them with one commit where the queue is a table."""

from functools import partial
from pathlib import Path

import pytest
from django.db import connection

from annotator.models import Article, ProjectArticle
from annotator.services import articles as service
from annotator.services.articles import ImportItem, article_preview, articles_import_many
from annotator.services.projects import project_create
from annotator.text import clean_text, decode_bytes
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"


def real_pages() -> list[ImportItem]:
    """Real scraped pages, as text and as HTML."""
    items = [
        ImportItem(raw=decode_bytes(path.read_bytes()), ref=path.name)
        for path in [*sorted((DATA / "clean").glob("*.raw.txt"))[:12], *(DATA / "folder").glob("*.txt")]
    ]
    items += [
        ImportItem(raw=decode_bytes(path.read_bytes()), fmt="html", ref=path.name)
        for path in sorted((DATA / "folder").rglob("*.html"))
    ]
    return items


def broken_pages() -> list[ImportItem]:
    """The same pages broken the ways scrapers break them: the cleaner repairs them back to
    the same texts, so they are imported apart (they would be duplicates)."""
    broken = []
    for item in real_pages()[:8]:
        if item.fmt == "text":
            broken.append(ImportItem(raw=item.raw.encode("utf-8").decode("cp1252", errors="replace"), ref=item.ref))
    return broken


@pytest.mark.parametrize("corpus", [real_pages, broken_pages])
def test_a_batch_stores_exactly_what_the_full_cleaning_gives(corpus, monkeypatch):
    results = articles_import_many(corpus(), suggest=False)
    created = [r for r in results if r.outcome is not None and r.outcome.created]
    assert len(created) >= 8

    monkeypatch.setattr(service, "clean_text", partial(clean_text, fast=False))
    for result in created:
        stored = Article.objects.get(pk=result.outcome.article.pk)
        full = article_preview(raw=result.item.raw, fmt=result.item.fmt)
        assert stored.body == full.body, result.item.ref
        assert stored.caption == full.caption, result.item.ref
        assert stored.cleaning_report == [{"text": d.text, "reason": d.reason} for d in full.dropped], result.item.ref
        assert stored.title == full.display_title, result.item.ref
        assert stored.author == full.author, result.item.ref
        assert stored.published_at == full.published_at, result.item.ref


def test_placeholders_and_tags_a_scraper_left_are_stored_as_the_full_cleaning_stores_them(monkeypatch):
    page = real_pages()[0].raw
    raw = "<b>" + page.replace("\n\n", "[BR][BR]").replace("\n", "<br>") + "</b>"
    [result] = articles_import_many([ImportItem(raw=raw)], suggest=False)
    monkeypatch.setattr(service, "clean_text", partial(clean_text, fast=False))
    assert Article.objects.get(pk=result.outcome.article.pk).body == article_preview(raw=raw).body


def test_a_batchs_new_articles_join_the_project_and_its_duplicates_do_not(admin_user):
    project = project_create(name="Gulf desk", user=admin_user)
    elsewhere = ArticleFactory(body="The ministry said the convoy had reached the border on Monday.")
    items = [
        ImportItem(raw="The ministry said the convoy had reached the border on Tuesday."),
        ImportItem(raw=elsewhere.body),
        ImportItem(raw="Officials denied that the talks had failed, the agency reported."),
    ]
    results = articles_import_many(items, user=admin_user, suggest=False, project=project)

    new = {r.outcome.article.pk for r in results if r.outcome.created}
    assert len(new) == 2
    assert set(ProjectArticle.objects.filter(project=project).values_list("article_id", flat=True)) == new


def test_when_the_batch_is_refused_the_articles_imported_one_by_one_still_join_the_project(admin_user, monkeypatch):
    project = project_create(name="Gulf desk", user=admin_user)
    monkeypatch.setattr(service, "_stored_matching", lambda hashes, urls: [])  # another import wins the race
    other = ArticleFactory(body="Paragraph 2: the ministry said the convoy reached the border.")
    items = [ImportItem(raw=f"Paragraph {n}: the ministry said the convoy reached the border.") for n in range(4)]
    results = articles_import_many(items, user=admin_user, suggest=False, project=project)

    new = {r.outcome.article.pk for r in results if r.outcome.created}
    assert len(new) == 3 and other.pk not in new
    assert set(ProjectArticle.objects.filter(project=project).values_list("article_id", flat=True)) == new


def queue_depths(monkeypatch) -> list[int]:
    """The transaction depth at which each article's suggester run is queued."""
    depths: list[int] = []
    monkeypatch.setattr(service, "enqueue_suggestions", lambda pk: depths.append(len(connection.atomic_blocks)))
    return depths


def test_a_batchs_suggestions_are_queued_after_commit_in_one_transaction_when_the_queue_is_a_table(
    monkeypatch, django_capture_on_commit_callbacks
):
    depths = queue_depths(monkeypatch)
    monkeypatch.setattr(service, "task_backends", {service.DEFAULT_TASK_BACKEND_ALIAS: object()})
    outside = len(connection.atomic_blocks)
    with django_capture_on_commit_callbacks(execute=True):
        articles_import_many([ImportItem(raw=f"Paragraph {n}: officials said talks resumed.") for n in range(3)])
    assert depths == [outside + 1] * 3


def test_suggestions_run_on_the_spot_are_queued_outside_any_transaction(
    monkeypatch, django_capture_on_commit_callbacks
):
    # The test settings run tasks immediately: a suggester run must not share a transaction.
    depths = queue_depths(monkeypatch)
    outside = len(connection.atomic_blocks)
    with django_capture_on_commit_callbacks(execute=True):
        articles_import_many([ImportItem(raw=f"Paragraph {n}: officials said talks resumed.") for n in range(3)])
    assert depths == [outside] * 3
