"""Format sniffing: by content first, by file name only when the content does not say."""

import pytest

from annotator.text import UnsupportedFormat, sniff_format


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("a.txt", b"Iran denies strikes.\nMore text.", "text"),
        ("a.html", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("a.txt", b"<html><body><p>pasted page</p></body></html>", "html"),
        ("a.txt", b"  <p>A fragment</p>", "html"),
        ("a.jsonl", b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        ("batch.txt", b'\xef\xbb\xbf\n{"text": "a"}\n', "jsonl"),
        ("a.ndjson", b"not json at all", "jsonl"),
        ("a.html", b"Plain words with no markup, saved as .html.", "text"),
        ("noext", b"Some text, 3 < 4 and 5 > 2.", "text"),
        ("a.txt", b"", "text"),
    ],
)
def test_format_is_decided_by_content_before_extension(filename, data, expected):
    assert sniff_format(filename, data) == expected


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n....", b"\xff\xd8\xff\xe0", b"PK\x03\x04....", b"\x00\x01\x02" * 100],
)
def test_binary_files_are_refused_with_a_reason(data):
    with pytest.raises(UnsupportedFormat, match="not text, HTML or JSON Lines"):
        sniff_format("article.txt", data)


def test_utf16_text_is_not_mistaken_for_binary():
    assert sniff_format("a.txt", "Iran denies strikes.".encode("utf-16")) == "text"
