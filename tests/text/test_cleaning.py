"""Each cleaning rule: what it drops, and the news text it must leave alone."""

import pytest

from annotator.text import Dropped, clean_text

NEWS = "The ministry said on Monday that the talks would resume in Geneva next week."
MORE_NEWS = "Officials from both sides declined to comment on the timing of the meeting."


def body_of(*paragraphs: str, sep: str = "\n") -> str:
    return clean_text(sep.join(paragraphs)).body


def reasons(text: str) -> list[str]:
    return [item.reason for item in clean_text(text).dropped]


def test_paragraphs_are_separated_by_one_blank_line_whatever_the_input_line_breaks():
    for sep in ("\n", "\n\n", "\r\n", "\r", "\n \t\n\n\n", "\u2029"):
        assert body_of(NEWS, MORE_NEWS, sep=sep) == f"{NEWS}\n\n{MORE_NEWS}"


def test_whitespace_inside_a_paragraph_is_collapsed_and_unicode_spaces_become_plain():
    assert body_of("  The   ministry\tsaid\xa0on\u2009Monday  ") == "The ministry said on Monday"


def test_hard_wrapped_lines_of_one_sentence_are_joined():
    wrapped = "The ministry said on Monday that the talks\nwould resume in Geneva next week.\n\nNext paragraph here."
    assert body_of(wrapped) == (
        "The ministry said on Monday that the talks would resume in Geneva next week.\n\nNext paragraph here."
    )


def test_a_line_ending_a_sentence_is_not_joined_to_the_next_even_in_lower_case():
    assert body_of("He said the talks had failed.", "iPhone sales rose.") == (
        "He said the talks had failed.\n\niPhone sales rose."
    )


def test_mojibake_is_repaired():
    assert body_of("The minister didnâ€™t say when the cafÃ© would reopen.") == (
        "The minister didn’t say when the café would reopen."
    )


def test_curly_quotes_are_kept_as_published():
    assert body_of("“We deny it,” he said.") == "“We deny it,” he said."


@pytest.mark.parametrize("code", ["#000000", "#FFFFFF", "#fff", "#a1b2c3d4", "rgb(0, 0, 0)"])
def test_colour_codes_on_their_own_line_are_dropped(code):
    result = clean_text(f"{NEWS}\n{code}")
    assert result.body == NEWS
    assert result.dropped == [Dropped(code, "colour code")]


@pytest.mark.parametrize("stray", ["5", "|", "2014", "—", "* * *", "1/12", "$10", "x"])
def test_lone_numbers_and_symbols_are_dropped(stray):
    result = clean_text(f"{stray}\n{NEWS}")
    assert result.body == NEWS
    assert result.dropped == [Dropped(stray, "lone number or symbol")]


@pytest.mark.parametrize("residue", ["Â", "Ã", "â€", "�"])
def test_mojibake_residue_standing_alone_is_dropped(residue):
    result = clean_text(f"{NEWS}\n{residue}\n{MORE_NEWS}")
    assert result.body == f"{NEWS}\n\n{MORE_NEWS}"
    assert [item.reason for item in result.dropped] == ["mojibake residue"]


@pytest.mark.parametrize(
    "appeal",
    [
        "SUBSCRIBE TO OUR FREE NEWSLETTER",
        "Sign up for our daily newsletter to get the news delivered to your inbox.",
        "To donate by check, phone, or other method, see our More Ways to Give page.",
        "Please support independent journalism: donate today. As a nonprofit newsroom we rely on readers like you.",
        "We use cookies to improve your experience on our site.",
    ],
)
def test_newsletter_and_donation_appeals_are_dropped(appeal):
    result = clean_text(f"{NEWS}\n{appeal}")
    assert result.body == NEWS
    assert result.dropped[0].text == appeal
    assert result.dropped[0].reason in {"newsletter/donation appeal", "share/subscribe/cookie line"}


@pytest.mark.parametrize(
    "news",
    [
        "Donations to the relief fund surged after the earthquake, the charity said on Tuesday.",
        '"We urge you to donate to the relief fund," the minister told reporters.',
        "The newspaper's subscription revenue rose by a third last year as advertising income fell.",
        "Iran considered the US responsible for the unrest, he said.",
        "Comments from the minister were brief.",
        "Share prices fell sharply in Tokyo on Monday.",
        "Follow-up talks are planned for March.",
        "Source: Reuters",
    ],
)
def test_news_using_boilerplate_words_is_kept(news):
    assert clean_text(news).body == news


@pytest.mark.parametrize(
    "furniture",
    [
        "Share this article",
        "Share on Facebook",
        "Follow us on Twitter",
        "Read more: Iran denies strikes",
        "Advertisement",
    ],
)
def test_share_and_navigation_lines_are_dropped(furniture):
    result = clean_text(f"{NEWS}\n{furniture}")
    assert result.body == NEWS
    assert result.dropped == [Dropped(furniture, "share/subscribe/cookie line")]


@pytest.mark.parametrize(
    "credit",
    ["Photo: Reuters", "(Atta Kenare / AFP/Getty Images)", "Photograph: Jane Doe/AP", "AP Photo/Vahid Salemi"],
)
def test_photo_credits_on_their_own_are_dropped(credit):
    result = clean_text(f"{NEWS}\n{credit}")
    assert result.body == NEWS
    assert result.dropped == [Dropped(credit, "photo credit")]


@pytest.mark.parametrize(
    "caption",
    [
        "Protesters gather outside the embassy in Tehran on Sunday. (Jane Doe / AFP/Getty Images)",
        "Protesters gather outside the embassy in Tehran on Sunday. Photograph: Jane Doe/AFP/Getty Images",
        "Protesters gather outside the embassy in Tehran on Sunday. (AP Photo/Vahid Salemi)",
    ],
)
def test_a_photo_caption_is_kept_apart_from_the_body(caption):
    result = clean_text(f"{caption}\n{NEWS}")
    assert result.body == NEWS
    assert result.caption == caption
    assert result.dropped == []


@pytest.mark.parametrize(
    "news",
    [
        "Growth was 3 per cent (year/year), the central bank said.",
        "The agency cited a senior official (speaking on condition of anonymity).",
        "Exports rose in the second quarter (see chart).",
        "Iran denied the reports on Wednesday, officials said. (Reuters)",
        "The talks ended without a deal. (Reporting by Parisa Hafezi/Dubai newsroom; Editing by Jane Roe)",
        "The figure was disputed by one source: the ministry of defence",
        "He was seen in a photo by the ministry",
    ],
)
def test_a_paragraph_ending_in_an_ordinary_parenthesis_is_not_a_caption(news):
    result = clean_text(news)
    assert result.body == news
    assert result.caption == ""


def test_several_captions_are_all_kept_apart_once():
    first = "Jets fly over Tehran during a parade on Monday. (Jane Doe / AFP/Getty Images)"
    second = "Smoke rises over the town after the strike. (John Roe / Reuters)"
    result = clean_text("\n".join([first, NEWS, second, first]))
    assert result.body == NEWS
    assert result.caption == f"{first}\n\n{second}"
    assert result.dropped == [Dropped(first, "repeated paragraph")]


def test_a_repeated_paragraph_is_kept_once_where_it_first_appears():
    result = clean_text("\n".join([NEWS, MORE_NEWS, NEWS]))
    assert result.body == f"{NEWS}\n\n{MORE_NEWS}"
    assert result.dropped == [Dropped(NEWS, "repeated paragraph")]


def test_a_repeated_block_is_collapsed_even_when_spacing_and_case_differ():
    block = [NEWS, "Reuters adds:", MORE_NEWS]
    shouting = [NEWS.upper(), "Reuters  adds:", "  " + MORE_NEWS]
    result = clean_text("\n".join(block + shouting + block))
    assert result.paragraphs == block
    assert [item.reason for item in result.dropped] == ["repeated paragraph"] * 6


def test_short_lead_ins_that_name_an_outlet_are_body():
    text = "\n".join(["The Guardian reports:", NEWS, "Al-Jazeera adds:", MORE_NEWS])
    assert clean_text(text).paragraphs == ["The Guardian reports:", NEWS, "Al-Jazeera adds:", MORE_NEWS]


def test_empty_and_junk_only_input_gives_an_empty_body():
    assert clean_text("").body == ""
    assert clean_text(" \n\n\t").body == ""
    result = clean_text("5\n#000000\nÂ\nSUBSCRIBE TO OUR FREE NEWSLETTER")
    assert result.body == ""
    assert len(result.dropped) == 4


def test_control_characters_are_removed():
    assert body_of("The talks\x07 resumed\x00 on Monday.") == "The talks resumed on Monday."


def test_html_entities_in_plain_text_are_decoded_even_when_escaped_twice():
    assert body_of("AT&amp;amp;T and R&D said &ldquo;no&rdquo;.") == "AT&T and R&D said “no”."
