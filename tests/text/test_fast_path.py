"""The cleaner's fast path gives exactly what the full cleaning gives: each cheap
condition a rule module states is necessary for its rules, and the fast cleaning equals
the full one on generated texts, on real scraped pages, on HTML and on broken text."""

import json
import re
from pathlib import Path

import ftfy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.text import (
    boilerplate,
    bylines,
    clean_text,
    cleaning,
    decode_bytes,
    extract_html,
    furniture,
    mojibake,
    page,
    repair,
)
from annotator.text.plain import CHANNEL, FOLDS_APART, HINT, LABEL, PHRASE, VERB, is_plain_paragraph, vocabulary_bits
from tests.suggest.conftest import skip_or_fail

from .test_cleaning_properties import anything

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"
POLNEAR_DEV = Path(__file__).resolve().parents[3] / "shared" / "polnear" / "polnear_dev.jsonl"

# Pieces of what every rule looks for, and the characters case-insensitive matching
# treats apart, so generated paragraphs come near each rule's edge.
TRIGGERS = [
    "Photo", "PHOTO", "photo by", "Image:", "Pic", "Illustration", "Credit:", "credit", "via Reuters", "via REUTERS",
    "REUTERS/Jane Doe", "/ Handout via AFP", "AFP/Getty Images", "Getty Images", "(c)", "©", "Copyright", "(Reuters)",
    "(AP Photo/Vahid Salemi)", "In this file photo taken on", "By John Smith", "BY Jane Doe", "Reporting by Jane Doe",
    "Editing by", "Issued by", "Source: Legit.ng", "Reuters Staff", "AFP, Sydney", "2 hours ago", "March 3, 2015",
    "2015-01-22", "14.11.2015", "10:18 PM", "Subscribe", "subscribe to our newsletter", "Sign up", "Follow us on X",
    "follow", "x", "app", "e-mail", "don't miss", "Get our", "Read more:", "Related:", "Home > News", "Home /",
    "Leave a Reply", "12 Comments", "Required fields are marked", "akismet", "Name:", "All rights reserved",
    "privacy policy", "terms of use", "Advertisement", "Sponsored", "back to top", "5 min read", "Next page",
    "{", "}", "[", "]", "=", "•", "|", "·", " / ", "#fff", "rgb(1,2,3)", "donate", "your", "our", "said",
    "according to", "İ", "ı", "ſ", "K", "ϵ", "µ", "ς", "Σ", "εισάγετε το σχόλιό σας", "Αφήστε μια απάντηση",
    "оставьте комментарий", "Â", "â€™", "&amp;", "<b>", "[BR]", "\\n", ":", ".", "!", "?", ")", "(", '"', "’", "”",
]  # fmt: skip
PROSE = (
    "the minister said officials denied reports that forces had attacked positions near the border on Tuesday "
    "while diplomats in Geneva discussed a ceasefire and analysts warned of further fighting"
).split()

pieces = st.one_of(st.sampled_from(PROSE), st.sampled_from(TRIGGERS), st.text(max_size=6))
paragraphs = st.lists(pieces, min_size=1, max_size=60).map(lambda parts: " ".join(" ".join(parts).split()))
texts = st.lists(st.one_of(paragraphs, anything), max_size=8).map("\n\n".join)

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rules_name(paragraph: str) -> bool:
    """Whether any rule of the cleaner says something about `paragraph`."""
    return (
        bylines.outlet_tag(paragraph) is not None
        or boilerplate.junk_reason(paragraph) is not None
        or furniture.is_comment_header(paragraph)
        or boilerplate.caption_credit(paragraph)
        or bylines.date_line(paragraph) is not None
        or bylines.byline(paragraph) is not None
        or bylines.credit(paragraph) is not None
        or furniture.furniture_reason(paragraph) is not None
    )


@SETTINGS
@given(paragraphs)
@example("Subscribe to our newsletter today and never miss the latest stories from the region")
@example("Photo: Reuters")
@example("Follow us on X for the latest updates from our correspondents in the region today")
@example("ſubscribe to our newsletter and get the latest news from the region delivered to your inbox")
def test_a_plain_paragraph_is_one_no_rule_names(paragraph):
    if paragraph and is_plain_paragraph(paragraph):
        assert not rules_name(paragraph)


@SETTINGS
@given(paragraphs)
def test_each_rule_modules_condition_is_necessary_for_its_rules(paragraph):
    if not paragraph or any(char in paragraph for char in FOLDS_APART):
        return
    lowered, words = paragraph.lower(), len(paragraph.split())
    if not boilerplate.may_be_junk(paragraph, lowered, words):
        assert boilerplate.junk_reason(paragraph) is None
    if not boilerplate.may_be_caption(paragraph):
        assert not boilerplate.caption_credit(paragraph)
    if not furniture.may_be_furniture(paragraph, lowered, words):
        assert furniture.furniture_reason(paragraph) is None
        assert not furniture.is_comment_header(paragraph)
    if not bylines.may_be_metadata(paragraph, lowered):
        assert bylines.outlet_tag(paragraph) is None
        assert bylines.date_line(paragraph) is None
        assert bylines.byline(paragraph) is None
        assert bylines.credit(paragraph) is None


VOCABULARY = sorted(
    {*boilerplate.STRONG_HINTS, *boilerplate.CREDIT_LABELS, *furniture.STOCK_PHRASES}
    | furniture.CTA_VERB_WORDS
    | furniture.CTA_CHANNEL_WORDS
)
# The lists' words glued to each other, to prose and to odd characters, in any case.
glued_words = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(PROSE), st.text(max_size=3)),
        st.sampled_from(["", " ", "-", "\u00a0", "\n"]),
        st.sampled_from([str, str.upper, str.title]),
    ),
    max_size=12,
).map(lambda parts: "".join(case(word) + glue for word, glue, case in parts))


@SETTINGS
@given(glued_words)
@example("you are here")
@example("sign up for our newsletter")
def test_a_vocabulary_bit_is_clear_only_when_none_of_its_words_occurs(paragraph):
    lowered = paragraph.lower()
    bits = vocabulary_bits(lowered)
    runs = set(re.findall(r"\w+", lowered))
    assert bool(bits & HINT) >= any(hint in lowered for hint in boilerplate.STRONG_HINTS)
    assert bool(bits & LABEL) >= any(label in paragraph for label in boilerplate.CREDIT_LABELS)
    assert bool(bits & PHRASE) >= any(phrase in lowered for phrase in furniture.STOCK_PHRASES)
    assert bool(bits & VERB) == bool(runs & furniture.CTA_VERB_WORDS)
    assert bool(bits & CHANNEL) == bool(runs & furniture.CTA_CHANNEL_WORDS)


@SETTINGS
@given(st.one_of(paragraphs, glued_words))
@example("Reporting by Jane Doe")
@example("Wr\u0131tten by Jane Doe")
@example("REPORT\u0130NG BY Jane Doe")
def test_a_page_that_names_no_wire_reporter_is_known_by_two_scans(text):
    if not bylines.may_name_wire_author(text):
        assert bylines.wire_author(text) == ""


@SETTINGS
@given(st.text(max_size=200))
@example("said.According to the ministry the talks had failed and nothing was agreed")
@example("the ministry has denied all of the reports criminal prosecutionsGet our newsletter")
def test_a_line_the_fast_path_leaves_whole_is_one_unglue_leaves_whole(line):
    if not repair.may_be_glued(line):
        assert repair.unglue(line) == [line]


# Lines as scrapers break them: UTF-8 read as a single-byte code page, once or twice,
# beside ligatures, full-width forms, controls and combining marks ftfy also repairs.
BROKEN_PIECES = [
    "MARIUPOL \u2014 Journalists", "don\u2019t", "caf\u00e9", "Stra\u00dfe", "\u00a0", "\ufb01nal",
    "\uff2c\uff2f\uff35\uff24", "\u3000", "\x1b[31m", "\x85", "\x9d",
    "\u200b", "\ufeff", "e\u0301", "\ud83d", "\u2028", "\u00c2\u00a0", "&amp;",
]  # fmt: skip
mangled_piece = st.sampled_from(BROKEN_PIECES).flatmap(
    lambda piece: st.sampled_from(
        [
            piece,
            piece.encode("utf-8", "surrogatepass").decode("cp1252", errors="replace"),
            piece.encode("utf-8", "surrogatepass").decode("latin-1"),
            piece.encode("utf-8", "surrogatepass").decode("latin-1").encode("utf-8").decode("cp1252", errors="replace"),
        ]
    )
)
broken_lines = st.lists(st.one_of(st.sampled_from(PROSE), mangled_piece, st.text(max_size=4)), max_size=30).map(
    lambda parts: " ".join(parts).replace("\n", " ")
)


@SETTINGS
@given(broken_lines)
@example("MARIUPOL \u00e2\u20ac\u201d Journalists were not allowed to enter the city")
@example("\uff2c\uff2f\uff35\uff24 \ufb01nal \u00c3\u00a9")
def test_ftfy_in_one_segment_equals_ftfy(line):
    assert mojibake._ftfy_one_segment(line) == ftfy.fix_text(line, mojibake.FTFY_CONFIG)


def test_ftfy_in_one_segment_equals_ftfy_on_every_line_of_real_and_broken_pages():
    pages = [raw for _name, raw in real_texts()]
    pages += [raw.encode("utf-8").decode("cp1252", errors="replace") for raw in pages[:30]]
    lines = {line for raw in pages for line in raw.splitlines()}
    assert len(lines) > 500
    for line in lines:
        assert mojibake._ftfy_one_segment(line) == ftfy.fix_text(line, mojibake.FTFY_CONFIG), line


@SETTINGS
@given(st.text())
@example("talks[BR][BR]resumed")
@example("talks\\nresumed")
def test_a_text_without_placeholder_marks_keeps_its_breaks(text):
    if not repair.may_hold_placeholders(text):
        assert repair.placeholders_to_breaks(text) == text


def test_the_characters_case_folding_treats_apart_are_all_known():
    # FOLDS_APART must hold every character re.IGNORECASE matches to an ASCII letter
    # that lower() does not make that letter: the fast path's word checks rely on it.
    import re
    import string
    import sys

    apart = {
        chr(point)
        for point in range(128, sys.maxunicode + 1)
        if not 0xD800 <= point < 0xE000
        for letter in string.ascii_lowercase
        if re.fullmatch(letter, chr(point), re.IGNORECASE) and chr(point).lower() != letter
    }
    assert apart == set(FOLDS_APART)


@SETTINGS
@given(texts)
@example("Share this article\n\nThe minister said the talks had failed.\n\nPhoto: Reuters")
@example("MARIUPOL â€” Journalists were not allowed to enter the city on Tuesday, officials said.")
def test_the_fast_cleaning_equals_the_full_cleaning(raw):
    assert clean_text(raw) == clean_text(raw, fast=False)


def real_texts() -> list[tuple[str, str]]:
    found = [(path.name, path.read_text(encoding="utf-8")) for path in sorted((DATA / "clean").glob("*.raw.txt"))]
    found += [(path.name, decode_bytes(path.read_bytes())) for path in sorted((DATA / "folder").rglob("*.txt"))]
    for path in sorted((DATA / "folder").rglob("*.html")):
        found.append((path.name, extract_html(decode_bytes(path.read_bytes())).text))
    return found


def test_the_fast_cleaning_equals_the_full_cleaning_on_real_scraped_pages_and_html():
    pages = real_texts()
    assert len(pages) >= 60
    for name, raw in pages:
        assert clean_text(raw) == clean_text(raw, fast=False), name


def test_the_fast_cleaning_equals_the_full_cleaning_on_broken_text():
    # The same pages as a scraper can break them: read in the wrong encoding, with
    # their line breaks written as placeholders, glued and with tags left in.
    for name, raw in real_texts()[:30]:
        mangled = [
            raw.encode("utf-8").decode("cp1252", errors="replace"),
            raw.replace("\n\n", "[BR][BR]").replace("\n", "<br>"),
            raw.replace(".\n\n", ".").replace("\n", " <p> "),
            "<b>" + raw.replace(" the ", " <i>the</i> ") + "</b>",
        ]
        for text in mangled:
            assert clean_text(text) == clean_text(text, fast=False), name


def test_the_fast_cleaning_equals_the_full_cleaning_on_political_news():
    if not POLNEAR_DEV.exists():
        skip_or_fail("needs the shared PolNeAR dev split beside the repository")
    with POLNEAR_DEV.open(encoding="utf-8") as lines:
        articles = [json.loads(line)["text"] for line in lines]
    assert len(articles) >= 80
    for text in articles:
        assert clean_text(text) == clean_text(text, fast=False)


def test_the_fast_path_is_taken_for_ordinary_body_paragraphs():
    # Guards the equality tests above against a fast path that never runs.
    paragraph = (
        "Diplomats from the interior ministry and the central bank met on Tuesday to discuss shortages of fuel. "
        "Residents described power cuts in the days before the announcement."
    )
    assert is_plain_paragraph(paragraph)
    assert not is_plain_paragraph("Subscribe to our newsletter to get the latest headlines in your inbox every day.")


@SETTINGS
@given(st.text(alphabet=st.one_of(st.sampled_from(".!?:;\"”’')]»…|\n a"), st.characters()), max_size=8))
def test_a_sentence_end_is_read_from_the_last_character_as_the_pattern_reads_it(text):
    assert cleaning._ends_sentence(text) == (cleaning._ENDS_SENTENCE.search(text) is not None)


@SETTINGS
@given(st.text(alphabet=st.one_of(st.sampled_from(".!?…;:\"”’')]»\n a"), st.characters()), max_size=8))
def test_the_page_reads_a_sentence_or_colon_end_from_the_last_characters_as_its_patterns_do(text):
    assert page._ends_in(text, ".!?…;") == (page._SENTENCE_END.search(text) is not None)
    assert page._ends_in(text, ":") == (page._COLON_END.search(text) is not None)
    assert page._ends_in(text, ".!?…;:") == (
        page._SENTENCE_END.search(text) is not None or page._COLON_END.search(text) is not None
    )


@SETTINGS
@given(st.one_of(broken_lines, st.text(alphabet=st.sampled_from(" \t\u00a0\u2003\x1fab\u00e2\u20ac"), max_size=12)))
@example(" a")
@example("a  b")
@example("a\u00a0b")
def test_a_line_repaired_on_the_fast_path_is_the_line_repaired_in_full(line):
    assert mojibake.repair_line(line) == mojibake.repair_line(line, fast=False)


def test_the_table_of_words_seen_stays_bounded_and_right(monkeypatch):
    from annotator.text import plain

    monkeypatch.setattr(plain, "_MAX_KEPT", 3)
    monkeypatch.setattr(plain, "_KNOWN", plain._KnownWords())
    text = "please subscribe to our newsletter for the latest headlines and alerts"
    assert vocabulary_bits(text) & HINT and vocabulary_bits(text) & VERB and vocabulary_bits(text) & CHANNEL
    assert len(plain._KNOWN) <= 3
    assert vocabulary_bits("the minister said") == 0
