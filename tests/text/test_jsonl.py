"""JSON Lines batches: good lines become records, each bad line an error with its number."""

import datetime as dt
import json

import pytest

from annotator.text import JsonlError, JsonlRecord, parse_jsonl


def parse(*lines: str) -> list:
    return list(parse_jsonl("\n".join(lines)))


def test_a_good_line_gives_a_record_with_every_field():
    line = json.dumps(
        {
            "title": " Iran  denies ",
            "url": "https://example.com/a",
            "source": "Reuters",
            "published_at": "2014-12-03T10:00:00Z",
            "text": "Iranian officials denied it.",
            "language": "en",
        }
    )
    assert parse(line) == [
        JsonlRecord(
            line=1,
            text="Iranian officials denied it.",
            title="Iran denies",
            url="https://example.com/a",
            source="Reuters",
            published_at=dt.datetime(2014, 12, 3, 10, 0, tzinfo=dt.UTC),
            language="en",
        )
    ]


def test_html_records_are_marked_as_html_and_text_wins_when_both_are_given():
    html_only, both = parse('{"html": "<p>x</p>"}', '{"html": "<p>x</p>", "text": "x"}')
    assert (html_only.fmt, html_only.content) == ("html", "<p>x</p>")
    assert (both.fmt, both.content) == ("text", "x")


def test_a_date_without_time_is_a_date():
    (record,) = parse('{"text": "x", "published_at": "2014-12-03"}')
    assert record.published_at == dt.date(2014, 12, 3)


def test_blank_lines_are_skipped_but_counted():
    records = parse('{"text": "a"}', "", "   ", '{"text": "b"}')
    assert [(r.line, r.text) for r in records] == [(1, "a"), (4, "b")]


def test_a_bom_and_windows_line_ends_are_accepted():
    assert [r.text for r in parse_jsonl('\ufeff{"text": "a"}\r\n{"text": "b"}\r\n')] == ["a", "b"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "invalid JSON"),
        ('{"text": "a"', "invalid JSON"),
        ("[1, 2]", "not a JSON object but an array"),
        ('"just text"', "not a JSON object but a string"),
        ("42", "not a JSON object but a number"),
        ("null", "not a JSON object but null"),
        ('{"title": "no body"}', 'no article text: give "text" or "html"'),
        ('{"text": "   "}', 'no article text: give "text" or "html"'),
        ('{"text": 5}', '"text" must be a string, not a number'),
        ('{"html": ["<p>"]}', '"html" must be a string, not an array'),
        ('{"text": "a", "title": {"x": 1}}', '"title" must be a string, not an object'),
        ('{"text": "a", "source": true}', '"source" must be a string, not a boolean'),
        ('{"text": "a", "url": 3}', '"url" must be a string, not a number'),
        ('{"text": "a", "url": "example.com/a"}', '"url" must start with http:// or https://'),
        ('{"text": "a", "published_at": 2014}', '"published_at" must be an ISO date string, not a number'),
        ('{"text": "a", "published_at": "yesterday"}', '"published_at" is not an ISO 8601 date'),
        ("[" * 100000, "invalid JSON"),
    ],
)
def test_each_kind_of_bad_line_is_an_error_with_its_line_number_and_reason(line, reason):
    good = '{"text": "fine"}'
    results = parse(good, line, good)
    assert isinstance(results[0], JsonlRecord) and isinstance(results[2], JsonlRecord)
    error = results[1]
    assert isinstance(error, JsonlError)
    assert error.line == 2
    assert error.reason.startswith(reason)
    assert str(error).startswith("line 2: ")


def test_unknown_keys_are_ignored():
    (record,) = parse('{"text": "a", "author": "someone", "tags": [1]}')
    assert record.text == "a"


def test_nul_characters_in_details_are_dropped():
    (record,) = parse('{"text": "a", "title": "Iran\\u0000 denies", "source": "\\u0000Reuters"}')
    assert (record.title, record.source) == ("Iran denies", "Reuters")
