"""Saved web pages: the main text, the title and the date, never a script."""

import datetime as dt

from annotator.text import clean_text, extract_html

PAGE = """<!doctype html>
<html><head>
<title>Iran denies strikes | Example News</title>
<meta property="og:title" content="Iran denies air strikes in Iraq">
<meta property="article:published_time" content="2014-12-03T10:15:00+00:00">
<link rel="canonical" href="https://news.example.com/iran-denies">
<style>body { color: #000000 } .secret-style { display: none }</style>
<script>var tracking = "SCRIPT_TEXT_MUST_NOT_APPEAR";</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Iran denies air strikes in Iraq</h1>
<p>Iranian officials on Wednesday denied accusations that its military has been involved in airstrikes
against Islamic State targets inside Iraq, a day after the Pentagon said it had seen indications.</p>
<p>"Iran has never been involved in any air strikes," a senior Iranian official told Reuters on condition
of anonymity, adding that cooperation with America was out of the question.</p>
<script>document.write("INLINE_SCRIPT_MUST_NOT_APPEAR")</script>
<p>Pentagon spokesperson John Kirby said there were indications the Iranians had flown these missions in
recent days in eastern Iraq, but that the United States was not coordinating with them.</p>
</article>
<footer>Subscribe to our newsletter</footer>
</body></html>"""


def test_main_text_is_extracted_one_paragraph_a_line():
    page = extract_html(PAGE)
    paragraphs = clean_text(page.text).paragraphs
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Iranian officials on Wednesday denied accusations")
    assert paragraphs[2].endswith("was not coordinating with them.")


def test_scripts_and_styles_never_reach_the_text():
    text = extract_html(PAGE).text
    for leak in ("SCRIPT_TEXT_MUST_NOT_APPEAR", "INLINE_SCRIPT_MUST_NOT_APPEAR", "secret-style", "color:"):
        assert leak not in text


def test_navigation_and_footer_are_left_out():
    text = extract_html(PAGE).text
    assert "Home" not in text
    assert "Subscribe to our newsletter" not in text


def test_title_date_and_url_come_from_the_metadata():
    page = extract_html(PAGE)
    assert page.title == "Iran denies air strikes in Iraq"
    assert page.published == dt.datetime(2014, 12, 3, 10, 15, tzinfo=dt.UTC)
    assert page.url == "https://news.example.com/iran-denies"


def test_the_headline_is_the_title_not_the_first_paragraph():
    assert not extract_html(PAGE).text.startswith("Iran denies air strikes in Iraq")


def test_a_date_only_meta_tag_gives_a_date():
    page = extract_html(
        '<html><head><meta name="date" content="2021-06-30"><title>T</title></head>'
        "<body><p>Some text of the article body here.</p></body></html>"
    )
    assert page.published == dt.date(2021, 6, 30)
    assert page.title == "T"


def test_a_fragment_without_main_content_falls_back_to_its_visible_text():
    page = extract_html("<div>One short line.</div><script>alert('x')</script><div>Another line.</div>")
    assert page.text.splitlines() == ["One short line.", "Another line."]
    assert page.title is None and page.published is None and page.url is None


def test_a_page_declaring_its_encoding_is_still_parsed():
    page = extract_html('<?xml version="1.0" encoding="utf-8"?><html><body><p>Text here.</p></body></html>')
    assert page.text == "Text here."


def test_empty_and_broken_html_give_empty_text_without_error():
    assert extract_html("").text == ""
    assert extract_html("   ").text == ""
    assert isinstance(extract_html("<html><body><p>unclosed <b>tags").text, str)
    assert isinstance(extract_html("<<<>>>&&&").text, str)
