"""Cleaning an import in forked processes stores exactly what cleaning in one thread does."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.models import Article
from annotator.services.articles import ImportItem, articles_import_batches
from annotator.services.import_cleaning import cleaned_in_order

# What scraped text is made of: body sentences, boilerplate, mojibake, bylines, captions,
# stray lines, and the same paragraph twice.
PARAGRAPHS = [
    "Iranian officials on Wednesday denied accusations that its military has been involved in airstrikes.",
    '"Iran has never been involved in any air strikes," a senior Iranian official told Reuters.',
    "Pentagon spokesperson John Kirby said there were “indications” the Iranians “have flown these missions.”",
    "Sign up for our newsletter to get the latest news every morning.",
    "Donate now to support independent journalism.",
    "Itâ€™s a story that has been told many times, officials said on Monday in Baghdad.",
    "By Jane Doe, Reuters",
    "5",
    "#000000",
    "Photo: AP / John Smith",
    "Home > World > Middle East",
    "北京 said on Tuesday that talks would resume, according to state media reports 😀.",
]
TEXTS = st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=10).map("\n\n".join)


def stored(items) -> list[tuple]:
    with transaction.atomic():
        results = [r for batch in articles_import_batches(items, suggest=False) for r in batch]
        outcomes = [
            ("error", r.reason)
            if r.error
            else ("created" if r.outcome.created else "duplicate", r.outcome.article.title)
            for r in results
        ]
        rows = list(
            Article.objects.order_by("id").values_list(
                "title", "author", "body", "caption", "cleaning_report", "content_hash", "published_at"
            )
        )
        transaction.set_rollback(True)
    return [outcomes, rows]


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXTS, min_size=1, max_size=12), size=st.integers(1, 4))
def test_forked_cleaning_stores_what_one_thread_stores(texts, size, monkeypatch):
    batches = [[ImportItem(raw=t) for t in texts[i : i + size]] for i in range(0, len(texts), size)]
    monkeypatch.setenv("IMPORT_CLEANING_PROCESSES", "1")
    in_thread = stored(batches)
    monkeypatch.setenv("IMPORT_CLEANING_PROCESSES", "2")
    forked = stored(batches)
    assert forked == in_thread


def test_batches_come_back_in_order_whatever_finishes_first():
    assert list(cleaned_in_order(iter(range(9)), _square, processes=3)) == [n * n for n in range(9)]
    assert list(cleaned_in_order(iter(range(9)), _square, processes=1)) == [n * n for n in range(9)]


def _square(n):
    return n * n
