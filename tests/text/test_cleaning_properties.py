"""Properties of cleaning that hold for any input, checked with generated texts."""

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.text import clean_text, fix_mojibake

# Ordinary news vocabulary: none of it is appeal, furniture or credit vocabulary.
WORDS = (
    "the minister said officials denied reports that forces had attacked positions near the border on "
    "Tuesday while diplomats in Geneva discussed a ceasefire and analysts warned of further fighting in the "
    "region after talks between Iran Iraq and Syria stalled over security guarantees and sanctions relief"
).split()

sentences = st.builds(
    lambda words, end: " ".join([words[0].capitalize(), *words[1:]]) + end,
    st.lists(st.sampled_from(WORDS), min_size=4, max_size=25),
    st.sampled_from([".", "?", "!", ":", '."']),
)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)

# Lines of the kinds scraped pages are made of, to mix with prose.
JUNK = [
    "5",
    "|",
    "Â",
    "#000000",
    "#FFFFFF",
    "SUBSCRIBE TO OUR FREE NEWSLETTER",
    "Daily news & progressive opinion—funded by the people—delivered straight to your inbox.",
    "Share this article",
    "Photo: Reuters",
    "(Atta Kenare / AFP/Getty Images)",
    "Jets fly over Tehran on Monday. (Jane Doe / AFP/Getty Images)",
    "The Guardian reports:",
    "didnâ€™t say",
    "AT&amp;amp;T",
    "   ",
    "",
]
lines = st.one_of(paragraphs, st.sampled_from(JUNK), st.text(max_size=40))
separators = st.sampled_from(["\n", "\n\n", "\r\n", "\n \t\n", "\r"])
scraped = st.builds(
    lambda parts, sep, repeat: sep.join(parts * repeat),
    st.lists(lines, max_size=12),
    separators,
    st.integers(min_value=1, max_value=3),
)
anything = st.one_of(scraped, st.text(), st.text(alphabet=st.characters(codec="latin-1")))

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(anything)
@example("The talks resumed\non Monday in Geneva.")
@example("&amp;lt;b&amp;gt; five")
@example("\xa0Â\x81")  # ftfy reads a line differently once its spacing is gone
@example("0\xa0Â¹")
def test_cleaning_is_idempotent(raw):
    once = clean_text(raw)
    twice = clean_text(once.body)
    assert twice.body == once.body
    assert twice.dropped == []
    assert twice.caption == ""


@SETTINGS
@given(anything)
@example("0\xa0Â¹")
def test_cleaning_never_invents_words(raw):
    # A word may be part of one the scraper glued ("fabrication.According") or wrote
    # around a placeholder ("said[BR]that"), so it is looked for inside the input's text.
    known = fix_mojibake(raw)
    result = clean_text(raw)
    for word in (result.body + " " + result.caption).split():
        assert word in known


@SETTINGS
@given(anything)
def test_body_paragraphs_are_unique_non_empty_and_single_line(raw):
    paragraphs = clean_text(raw).paragraphs
    assert len({p.casefold() for p in paragraphs}) == len(paragraphs)
    for paragraph in paragraphs:
        assert paragraph and paragraph == paragraph.strip()
        assert "\n" not in paragraph and "  " not in paragraph


@SETTINGS
@given(st.lists(paragraphs, min_size=1, max_size=10, unique_by=str.casefold), separators)
def test_text_without_boilerplate_or_repeats_comes_out_unchanged_up_to_whitespace(parts, sep):
    raw = sep.join(parts)
    result = clean_text(raw)
    assert result.body.split() == raw.split()
    assert result.dropped == []
    assert result.caption == ""


@SETTINGS
@given(st.lists(paragraphs, min_size=1, max_size=6, unique_by=str.casefold), st.integers(min_value=2, max_value=4))
def test_a_text_repeated_several_times_comes_out_once(parts, times):
    raw = "\n".join(parts * times)
    assert clean_text(raw).body == "\n\n".join(parts)


def test_words_are_compared_as_split_by_whitespace():
    # Guards the property above against passing vacuously on empty output.
    assert re.split(r"\s+", clean_text("The talks resumed.").body) == ["The", "talks", "resumed."]
