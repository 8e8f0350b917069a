"""Exports stream: rows are written as they are read, so memory stays flat."""

import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Actor, Stance, Statement
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ROWS = 10_000
QUOTE = 3_000


@pytest.fixture
def many_statements():
    """10,000 statements quoting 3,000 characters each: 30 MB of quotes."""
    # A short article keeps the database trigger that checks each quote against it cheap.
    words = " ".join(f"word{i}" for i in range(500))
    article = ArticleFactory(body=words)
    speaker = Actor.objects.create(name="Speaker")
    span = len(words) - QUOTE
    Statement.objects.bulk_create(
        (
            Statement(
                article=article,
                start=(i * 7) % span,
                end=(i * 7) % span + QUOTE,
                quote=words[(i * 7) % span : (i * 7) % span + QUOTE],
                stance=Stance.CLAIM,
                speaker=speaker,
            )
            for i in range(ROWS)
        ),
        batch_size=2_000,
    )
    return ROWS * QUOTE


@pytest.mark.slow
def test_exporting_30_mb_of_quotes_peaks_far_below_that(viewer_client, many_statements):
    response = viewer_client.get("/export/statements.csv")
    tracemalloc.start()
    try:
        written = lines = 0
        for chunk in response.streaming_content:
            written += len(chunk)
            lines += chunk.count(b"\r\n")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines == ROWS + 1
    assert written > many_statements
    assert peak < many_statements / 4, f"peak {peak / 1e6:.1f} MB for {written / 1e6:.1f} MB written"


def test_the_header_goes_out_before_the_query_runs(viewer_client):
    ArticleFactory()
    response = viewer_client.get("/export/statements.csv")
    content = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        first = next(content)
    assert first.startswith(b"statement_id,")
    assert not [q for q in queries if "annotator_statement" in q["sql"]]
