"""What the cleaner makes of a whole page: the scraper's marks repaired, glued paragraphs
cut apart, furniture, bylines, dates, credits and comments set aside with their reasons,
and the headline, author, date and outlet read from the lines that told them."""

import datetime as dt

import pytest

from annotator.text import clean_text
from annotator.text.repair import placeholders_to_breaks, unglue

LEAD = "Iranian officials on Wednesday denied accusations that the military had joined airstrikes in Iraq."
SECOND = "The counter-claim followed reports that Iranian fighter planes had flown missions over Diyala."
THIRD = "Officials in Washington said the two sides had not coordinated any military activity at all."


def reasons(result) -> dict[str, str]:
    return {item.text: item.reason for item in result.dropped}


# Glued paragraphs --------------------------------------------------------------------


def test_a_sentence_end_glued_to_the_next_capital_is_a_paragraph_break():
    glued = "The ministry called the report a baseless fabrication.According to the ministry's statement, no jets flew."
    assert clean_text(glued).paragraphs == [
        "The ministry called the report a baseless fabrication.",
        "According to the ministry's statement, no jets flew.",
    ]


def test_a_quote_after_the_full_stop_goes_with_the_sentence_it_belongs_to():
    assert unglue('He said: "We never took part in any strike."Any cooperation is out of question, he added.') == [
        'He said: "We never took part in any strike."',
        "Any cooperation is out of question, he added.",
    ]
    assert unglue('We never took part in any strike, the official said."Any cooperation is out of question."') == [
        "We never took part in any strike, the official said.",
        '"Any cooperation is out of question."',
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S.Army said on Tuesday that it had no record of any such flight over the border.",
        "The meeting ended at 3 p.m.The ministry did not say when it would resume the talks in Geneva.",
        "A letter signed by Sen.Warren and two colleagues asked the Pentagon for its flight records.",
        "The report was written by J.Smith and published in the morning edition of the paper.",
        "Details are on www.Example.com and at http://news.example.org/Story.Html for readers.",
    ],
)
def test_abbreviations_initials_and_links_are_not_cut(text):
    assert unglue(text) == [text]


def test_a_call_to_action_glued_to_the_last_word_is_cut_off_and_dropped():
    text = "Report recommends civil and criminal prosecutionsGet our morning and afternoon news emails, free app"
    assert unglue(text)[1] == "Get our morning and afternoon news emails, free app"


# Line-break placeholders ---------------------------------------------------------------


@pytest.mark.parametrize("token", ["[BR]", "[NL]", "<br>", "<br />", "\\n"])
def test_a_placeholder_inside_a_sentence_keeps_the_paragraph_whole(token):
    raw = f"Iranian officials on Wednesday denied{token}accusations that the military had joined airstrikes in Iraq."
    assert clean_text(raw).paragraphs == [LEAD]


@pytest.mark.parametrize("token", ["[BR]", "[NL]", "<br>", "\\n"])
def test_a_placeholder_after_a_sentence_and_a_doubled_one_end_the_paragraph(token):
    assert clean_text(f"{LEAD}{token}{SECOND}").paragraphs == [LEAD, SECOND]
    assert clean_text(f"{LEAD} {token}{token} {SECOND}").paragraphs == [LEAD, SECOND]


def test_placeholders_become_breaks_before_anything_else_reads_the_text():
    assert placeholders_to_breaks("one[BR][BR]two") == "one\n\ntwo"
    assert placeholders_to_breaks("Done.[NL]Next") == "Done.\nNext"
    assert placeholders_to_breaks("said[br]that") == "said that"


# Lines that are not the article ---------------------------------------------------------


def test_a_navigation_run_of_short_lines_before_the_article_is_dropped():
    raw = "\n".join(["Sections", "World", "Markets", "Ports brace for a record harvest", "3 hours ago", LEAD, SECOND])
    result = clean_text(raw)
    assert result.paragraphs == [LEAD, SECOND]
    assert reasons(result)["World"] == "heading or label (no sentence)"
    assert reasons(result)["3 hours ago"] == "date line"


def test_the_headline_repeated_at_the_top_becomes_the_title():
    headline = "Iran denies joining airstrikes in Iraq"
    result = clean_text("\n\n".join([headline, headline, "June 4, 2019 / 9:12 AM", LEAD, SECOND]))
    assert result.title == headline
    assert result.paragraphs == [LEAD, SECOND]
    assert [item.reason for item in result.dropped[:2]] == ["headline (kept as the title)"] * 2
    assert result.published == dt.date(2019, 6, 4)


@pytest.mark.parametrize(
    ("line", "author", "published"),
    [
        ("By Jane Doe on March 3, 2015", "Jane Doe", dt.date(2015, 3, 3)),
        ("BY Melvin Tarlue", "Melvin Tarlue", None),
        (
            "Fahad Shabbir (@FahadShabbir) 1 day ago Thu 23rd January 2020 | 08:27 PM",
            "Fahad Shabbir",
            dt.date(2020, 1, 23),
        ),
    ],
)
def test_a_byline_is_read_into_the_author_and_date_and_left_out_of_the_body(line, author, published):
    result = clean_text("\n\n".join([line, LEAD, SECOND]))
    assert result.paragraphs == [LEAD, SECOND]
    assert (result.author, result.published) == (author, published)
    assert reasons(result)[line].startswith("byline")


@pytest.mark.parametrize(
    ("line", "author", "outlet"),
    [
        ("Reporting by Adrian Croft; Editing by Barbara Lewis", "Adrian Croft", ""),
        ("(Reportagem de Maya Gebeily)", "Maya Gebeily", ""),
        ("AP Staff", "", "AP"),
        ("Source: Some_Paper", "", "Some_Paper"),
        ("(Reuters)", "", "Reuters"),
        ("Issued by Zizi Kodwa, National Spokesperson, 11 May 2017", "Zizi Kodwa", ""),
    ],
)
def test_credits_and_sources_are_metadata_not_text(line, author, outlet):
    result = clean_text("\n\n".join([LEAD, SECOND, line]))
    assert result.paragraphs == [LEAD, SECOND]
    assert (result.author, result.outlet) == (author, outlet)


@pytest.mark.parametrize(
    "appeal",
    [
        "Get our free morning newsletter!",
        "Sign up now for the latest news direct to your inbox.",
        "For the latest headlines, follow our Google News channel online or via the app.",
        "Share this with family and friends",
        "Don't miss out on the headlines from Federal Election. Followed categories will be added to My News.",
        "[Follow our live coronavirus blog for the latest news]",
        "SUBSCRIBE TO OUR YOUTUBE CHANNEL",
    ],
)
def test_calls_to_action_in_any_wording_are_dropped(appeal):
    result = clean_text("\n\n".join([LEAD, appeal, SECOND]))
    assert result.paragraphs == [LEAD, SECOND]
    assert result.dropped and result.dropped[0].text == appeal


@pytest.mark.parametrize(
    "news",
    [
        "The minister urged supporters to follow him on Twitter and sign up for his newsletter, aides said.",
        "Millions of readers get their news from the app, the company told investors on Monday.",
    ],
)
def test_reported_speech_about_newsletters_and_apps_is_news(news):
    assert clean_text("\n\n".join([LEAD, news])).paragraphs == [LEAD, news]


def test_a_comment_section_and_everything_after_it_is_dropped():
    comments = ['12 Comments on "Iran denies joining airstrikes"', "avatar", "Reply", "What a lie, as usual."]
    result = clean_text("\n\n".join([LEAD, SECOND, *comments]))
    assert result.paragraphs == [LEAD, SECOND]
    assert {reasons(result)[line] for line in comments} == {"comment section"}


def test_a_small_run_of_sentences_parted_from_the_article_by_furniture_is_left_out():
    sidebar = [
        "Seen Elsewhere",
        "Tip offs: 020 7193 4041",
        "Quote of the Day",
        "“We will not be moved,” the mayor said.",
    ]
    result = clean_text("\n\n".join([LEAD, SECOND, THIRD, *sidebar]))
    assert result.paragraphs == [LEAD, SECOND, THIRD]
    assert reasons(result)[sidebar[-1]] == "outside the article (after a run of page furniture)"


def test_a_crosshead_inside_the_article_goes_but_the_text_on_both_sides_stays():
    result = clean_text("\n\n".join([LEAD, "Zuma now linked directly", SECOND, "ADVERTISEMENT", THIRD]))
    assert result.paragraphs == [LEAD, SECOND, THIRD]


def test_a_standfirst_repeating_the_lead_under_the_headline_is_dropped():
    standfirst = "Iranian officials denied accusations that the military had joined airstrikes, a statement said."
    result = clean_text("\n\n".join(["Iran denies joining airstrikes", standfirst, LEAD, SECOND]))
    assert result.paragraphs == [LEAD, SECOND]
    assert reasons(result)[standfirst] == "standfirst repeating the lead"


def test_lead_ins_stay_but_labels_go():
    result = clean_text("\n\n".join(["Date:", LEAD, "He tweets:", SECOND, "Powered by:"]))
    assert result.paragraphs == [LEAD, "He tweets:", SECOND]


# When unsure, keep and say so -------------------------------------------------------------


def test_a_page_cut_off_mid_sentence_keeps_its_last_words_and_flags_them():
    result = clean_text("\n\n".join([LEAD, SECOND, "Earlier on Sunday, the Preside"]))
    assert result.paragraphs == [LEAD, SECOND, "Earlier on Sunday, the Preside"]
    assert result.flagged[0].reason == "kept: the page ends in the middle of this sentence"


def test_a_whole_body_on_one_line_after_a_short_lead_is_kept_whole():
    body = " ".join([SECOND, THIRD, LEAD] * 3)
    result = clean_text(f"Iran denies strikes\nIran denied the reports.\n{body}")
    assert result.paragraphs == ["Iran denied the reports.", body]
    assert result.title == "Iran denies strikes"


def test_text_without_any_sentence_is_kept_and_flagged_rather_than_lost():
    result = clean_text("Iran denies joining airstrikes\nMinistry rejects Pentagon account")
    assert result.paragraphs == ["Iran denies joining airstrikes", "Ministry rejects Pentagon account"]
    assert len(result.flagged) == 2
