"""On PostgreSQL the statements CSV is written by COPY: the same bytes as the Python
writer, whatever the values hold."""

import datetime as dt
import itertools
import threading
import time

import pytest
from django.db import connection
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.exports import copy_out, pipeline
from annotator.exports.cells import neutralise
from annotator.models import Article, Statement
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory, StatementFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HOSTILE = [
    '=HYPERLINK("http://evil.example")',
    "+1 555",
    "-5 degrees",
    "@SUM(A1)",
    "\tindented",
    'He said "no", twice',
    "line one\nline two",
    "windows\r\nline",
    "comma, then more",
    "\\.",
    "",
    " spaced ",
    "دولت ایران 🇮🇷 伊朗",
    "'already quoted",
]


def both(params: str = "") -> tuple[bytes, bytes]:
    """The export through COPY, and through the Python writer."""
    assert copy_out.available()
    through_copy = b"".join(pipeline.export_chunks("statements", "csv", QueryDict(params), bom=True))
    original = copy_out.available
    try:
        copy_out.available = lambda: False
        through_python = b"".join(pipeline.export_chunks("statements", "csv", QueryDict(params), bom=True))
    finally:
        copy_out.available = original
    return through_copy, through_python


def statement_with(text: str, n: int, **fields) -> Statement:
    body = f"Item {n}. {text} The end."
    article = ArticleFactory(title=text, body=body, url=None, published_at=fields.pop("published_at", None))
    start = body.index(text) if text else 0
    end = start + len(text) if text else len(body)
    return StatementFactory(
        article=article,
        text=body[start:end],
        speaker=ActorFactory(name=text or f"Nameless {n}", role=text, affiliation=text),
        proposition=PropositionFactory(text=text or f"Proposition {n}"),
        cue=text[:200],
        **fields,
    )


def test_hostile_values_come_out_byte_for_byte_as_the_python_writer_spells_them():
    via = SourceFactory(name="=cmd|' /C calc'!A0")
    for n, text in enumerate(HOSTILE):
        statement_with(
            text,
            n,
            via=via if n % 2 else None,
            direct=bool(n % 3),
            published_at=dt.datetime(2023, 10, 25, 12, 0, n, (n % 2) * 123456, tzinfo=dt.UTC) if n % 4 else None,
        )
    # Timestamps with and without microseconds, as isoformat() writes them differently.
    Statement.objects.filter(pk=Statement.objects.order_by("id").first().pk).update(
        created_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    )
    through_copy, through_python = both()
    assert through_copy == through_python
    assert through_copy.count(b"\r\n") >= len(HOSTILE) + 1
    assert b"'=HYPERLINK" in through_copy


def test_filters_and_ordering_give_the_same_rows_either_way():
    for n, text in enumerate(HOSTILE[:6]):
        statement_with(text, n, stance="denial" if n % 2 else "claim")
    through_copy, through_python = both("stance=denial&ordering=-id")
    assert through_copy == through_python and through_copy.count(b"\r\n") == 4
    # Full-text search and dates: parameters of other types, bound into the COPY too.
    through_copy, through_python = both("q=twice&created_since=2000-01-01T00:00:00Z&ordering=-created_at")
    assert through_copy == through_python and through_copy.count(b"\r\n") == 2


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]) | st.sampled_from('\n\r\t",='), max_size=40))
def test_any_text_comes_out_the_same(text):
    Statement.objects.all().delete()
    Article.objects.all().delete()
    statement_with(text.strip() or "x", 0)
    through_copy, through_python = both()
    assert through_copy == through_python


_INVISIBLE = st.sampled_from(' \t\n"\u00a0\u200b\u200c\u200d\u2060\ufeff\u3000\u202e\U000e0020')
_TRIGGERS = st.sampled_from("=+-@＝＋－＠﹦⁼₊﹣a'")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(_INVISIBLE, max_size=4), _TRIGGERS, st.text(max_size=10))
def test_a_trigger_hidden_behind_invisible_characters_is_neutralised_the_same_inside_the_copy(prefix, trigger, rest):
    # The cell's text is stored as is (the title is not trimmed): the COPY's SQL sees
    # the same characters the Python rule does.
    Statement.objects.all().delete()
    Article.objects.all().delete()
    title = (prefix + trigger + rest).replace("\x00", "")
    article = ArticleFactory(title=title, body="Item. Some text. The end.", url=None)
    StatementFactory(article=article, text="Some text")
    Article.objects.filter(pk=article.pk).update(title=title)
    through_copy, through_python = both()
    assert through_copy == through_python
    expected = neutralise(title)
    assert ('"' + expected.replace('"', '""') + '"').encode() in through_copy or expected.encode() in through_copy


def test_cells_skipping_the_formula_pattern_by_their_first_character_come_out_as_the_python_writer_spells_them():
    # Every ASCII character, the first non-ASCII ones (two bytes in UTF-8, like the
    # no-break space, an invisible character), and a few wider ones, each first in a
    # cell that would be a formula after it: the COPY's shortcut for cells starting with
    # a letter must neutralise exactly what the Python rule does.
    firsts = [chr(code) for code in range(1, 0x80)] + ["\x80", "\u00a0", "\u00e9", "\u200b", "\uff1d", "\U0001f1ee"]
    for n, first in enumerate(firsts):
        text = first + "=1+2"
        article = ArticleFactory(title=text, body=f"Item {n}. Some text. The end.", url=None)
        StatementFactory(article=article, text="Some text", cue=first, speaker=ActorFactory(name=f"{first}-{n}"))
        Article.objects.filter(pk=article.pk).update(title=text)
    through_copy, through_python = both()
    assert through_copy == through_python
    assert b"'=1+2" in through_copy and b"'+=1+2" in through_copy and b"A=1+2" in through_copy


_EXAMPLES = itertools.count()
_MICROSECONDS = st.sampled_from([0, 1, 10, 120000, 100000, 999990, 123456, 500]) | st.integers(0, 999999)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)),
    _MICROSECONDS,
    st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)
def test_any_date_comes_out_as_isoformat_writes_it(published, microsecond, created):
    # PostgreSQL's own text for a date drops the fraction's trailing zeros (".12") and
    # writes the year 10 as "0010": the COPY must spell every date as isoformat() does.
    Statement.objects.all().delete()
    Article.objects.all().delete()
    statement = statement_with(f"Talks resumed {next(_EXAMPLES)}", 0)
    published = published.replace(microsecond=microsecond, tzinfo=dt.UTC)
    Article.objects.filter(pk=statement.article_id).update(published_at=published)
    Statement.objects.filter(pk=statement.pk).update(
        created_at=created.replace(tzinfo=dt.UTC), updated_at=created.replace(microsecond=microsecond, tzinfo=dt.UTC)
    )
    through_copy, through_python = both()
    assert through_copy == through_python
    assert published.isoformat().encode() in through_copy


def test_the_header_goes_out_before_the_database_is_asked_anything():
    StatementFactory()
    chunks = pipeline.export_chunks("statements", "csv", QueryDict(""))
    assert next(chunks).startswith(b"statement_id,article_id,")
    chunks.close()


def test_stopping_midway_leaves_the_request_connection_working_and_ends_the_copy(monkeypatch):
    monkeypatch.setattr(copy_out, "CHUNK_BYTES", 100)  # many small chunks: the copy is still running
    article = ArticleFactory(body="Iran denied accusations. " * 20)
    for n in range(300):
        StatementFactory(article=article, text="denied accusations", note=f"statement {n}")
    chunks = pipeline.export_chunks("statements", "csv", QueryDict(""))
    next(chunks), next(chunks), next(chunks)
    chunks.close()  # as a WSGI server does when the client goes away
    assert Statement.objects.count() == 300
    # The reading thread is gone, and with it the COPY's connection.
    assert not [t for t in threading.enumerate() if t.name == "export-copy"]
    # A closed connection's backend exits on its own time, and the activity view is
    # cluster-wide: look for a COPY still running in this database, for a bounded while.
    assert _copies_running_here(wait_seconds=10) == 0


def _copies_running_here(wait_seconds: float) -> int:
    deadline = time.monotonic() + wait_seconds
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND datname = current_database()"
                " AND query LIKE 'COPY (SELECT%%' AND pid <> pg_backend_pid()"
            )
            running = cursor.fetchone()[0]
        if running == 0 or time.monotonic() > deadline:
            return running
        time.sleep(0.1)


def test_a_failing_copy_raises_in_the_consumer(monkeypatch):
    StatementFactory()
    monkeypatch.setattr(copy_out, "_cell", lambda kind, name: "1/0")  # division by zero in PostgreSQL
    chunks = pipeline.export_chunks("statements", "csv", QueryDict(""))
    next(chunks)  # the header
    with pytest.raises(Exception, match="division by zero"):
        next(chunks)


def test_inside_a_transaction_the_python_writer_is_used(django_db_blocker):
    from django.db import transaction

    StatementFactory()
    with transaction.atomic():
        assert not copy_out.available()
        exported = b"".join(pipeline.export_chunks("statements", "csv", QueryDict("")))
    assert exported.count(b"\r\n") == 2
    assert connection.vendor == "postgresql"
