"""Rules for shapes first seen on the pages added before the fifth rule pass (ids r15-*,
annotated before the suggester ran on them): sentences run together by lost markup, a
denied report with what it alleges in a participle, adverbials one after another
between a verb and its object, and more words of falsehood."""

import pytest

from annotator.suggest import suggest
from annotator.suggest.segment import segment


def test_a_full_stop_with_no_space_after_it_still_ends_a_sentence():
    text = "It called the claim a fabrication.According to KCNA, the spokesman said that it was false."
    sentences = [text[s.start : s.end] for s in segment(text).sentences]
    assert sentences == [
        "It called the claim a fabrication.",
        "According to KCNA, the spokesman said that it was false.",
    ]


@pytest.mark.parametrize("text", ["Mr.Smith said so.", "He saw the U.S.Army there.", "Read it on example.com today."])
def test_abbreviations_and_domains_do_not_end_a_sentence(text):
    assert len(segment(text).sentences) == 1


def test_the_speaker_of_a_sentence_after_a_lost_space_has_no_word_of_the_sentence_before():
    text = "The ministry denounced the report as absurd.The spokesperson said that the position remains unchanged."
    assert [s.source.text for s in suggest(text)] == ["The ministry", "The spokesperson"]


@pytest.mark.parametrize(
    "text",
    [
        "Armenian President Armen Sarkissian denies media reports alleging that he is cooperating with a party.",
        "The Kremlin refuted media reports claiming that a meeting was canceled with no explanation.",
    ],
)
def test_what_a_denied_report_alleges_in_a_participle_is_part_of_the_denial(text):
    (s,) = suggest(text)
    assert s.stance == "denial"
    assert s.quote.startswith("media reports") and s.quote.endswith(("a party", "no explanation"))


def test_a_participle_after_reports_named_before_is_the_speakers_own_statement():
    text = "The church dismissed these claims suggesting that the story was fabricated."
    assert [s.quote for s in suggest(text)] == ["these claims", "that the story was fabricated"]


def test_adverbials_one_after_another_between_a_denial_verb_and_its_object():
    text = (
        "MOSCOW (Sputnik - 07th July, 2020) Kremlin spokesman Dmitry Peskov refuted on Tuesday, in his comment "
        "for Sputnik, reports that a meeting was canceled."
    )
    (s,) = suggest(text)
    assert (s.quote, s.stance, s.speaker) == ("reports that a meeting was canceled", "denial", "Dmitry Peskov")


@pytest.mark.parametrize(
    "content",
    [
        "The outlet has published another disinformation about the president",
        "It is a smear campaign to ruin my reputation",
        "The reports have been pulled out of thin air",
        "I am faced with allegations that are spurious",
    ],
)
def test_words_of_falsehood_make_a_denial(content):
    (s,) = suggest(f'"{content}," the minister said.')
    assert s.stance == "denial"


@pytest.mark.parametrize(
    ("text", "speaker", "via"),
    [
        ('"It is all gossip," Nzimande was quoted as saying by EWN.', "Nzimande", "EWN"),
        ('"We are monitoring the site," the official was quoted as saying.', "official", None),
        ("Villa has no intention of moving, his agent was quoted as saying on Friday.", "his agent", None),
    ],
)
def test_the_passive_quoted_as_saying_makes_its_subject_the_speaker(text, speaker, via):
    (s,) = suggest(text)
    assert (s.speaker.lower(), s.cue.text, s.via) == (speaker.lower(), "was quoted as saying", via)


@pytest.mark.parametrize(
    ("text", "via"),
    [
        ("Peskov said in his comment for Sputnik that the reports were false.", "Sputnik"),
        ('"I never interfered," he said in a brief WhatsApp reply to NST tonight.', "NST"),
        ("Aida Balayeva denied reports of the detention in a Sept. 4 Facebook post.", "Facebook"),
    ],
)
def test_outlets_named_by_a_comment_for_a_reply_to_or_a_post_on_a_platform(text, via):
    assert [s.via for s in suggest(text)] == [via]


def test_a_reply_after_an_indefinite_article_is_a_noun_not_a_second_cue():
    text = '"I never interfered," he said in a brief WhatsApp reply to NST tonight.'
    assert [s.cue.text for s in suggest(text)] == ["said"]


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        (
            "ABUJA-THE Minister of Petroleum Resources, Mrs Diezani Allison-Madueke, yesterday strongly denied "
            "allegations of corruption.",
            "Diezani Allison-Madueke",
            "Minister of Petroleum Resources",
        ),
        (
            "Linde AG corporate centre head of press, Uwe Wolfinger, told News the suggestions were false.",
            "Uwe Wolfinger",
            "Linde AG corporate centre head of press",
        ),
    ],
)
def test_a_role_then_its_holder_in_apposition_makes_the_holder_the_speaker(text, speaker, role):
    (s,) = suggest(text)
    assert (s.speaker, s.role) == (speaker, role)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"I reject the characterization," Chief Elbert\'s statement says.', "Elbert"),
        ('HTC denied it. "We will not merge," says a statement the company posted on its website.', "HTC"),
    ],
)
def test_the_author_of_a_statement_is_its_speaker(text, speaker):
    assert suggest(text)[-1].speaker == speaker


def test_according_to_a_news_agency_with_a_possessive_and_official_before_it_relays_the_speaker_after_it():
    text = (
        "According to the North's official Korean Central News Agency on Friday, a spokesperson for the ministry "
        "denounced the report as absurd."
    )
    (s,) = suggest(text)
    assert (s.speaker, s.via, s.stance) == ("spokesperson for the ministry", "Korean Central News Agency", "denial")


def test_the_same_role_in_the_next_sentence_is_the_unnamed_speaker_who_had_it():
    text = (
        "A spokesperson for the ministry denounced the report as absurd. The spokesperson said that the "
        "position remains unchanged."
    )
    assert [s.speaker for s in suggest(text)] == ["spokesperson for the ministry"] * 2


def test_a_denial_after_took_to_a_platform_to_keeps_the_subject_and_its_object():
    text = "Tommy Jordan took to Twitter on Monday night to rubbish claims that Gerrard has been dismissed."
    (s,) = suggest(text)
    assert (s.speaker, s.stance, s.via) == ("Tommy Jordan", "denial", "X")
    assert s.quote == "claims that Gerrard has been dismissed"


def test_rubbish_with_no_report_as_object_is_no_cue():
    assert suggest("The council will rubbish bins on Monday.") == []


def test_a_denied_report_of_something_with_a_relative_clause_is_one_denial():
    text = "The minister strongly denied allegations of corruption which said she was indicted for fraud."
    (s,) = suggest(text)
    assert (s.stance, s.quote) == ("denial", "allegations of corruption which said she was indicted for fraud")


def test_a_quoted_judgement_before_the_accusations_makes_described_a_denial():
    text = "Ursula Owusu-Ekuful has described as 'false and unwarranted' accusations levelled against her."
    (s,) = suggest(text)
    assert s.stance == "denial"


def test_the_last_word_of_a_portfolio_is_no_part_of_the_ministers_name():
    (s,) = suggest("Kazakh Minister of Culture and Information Aida Balayeva denied reports about the detention.")
    assert s.speaker == "Aida Balayeva"


def test_a_short_first_name_with_a_known_surname_is_the_person_named_in_full_before():
    text = "Kennedy Agyapong said she was corrupt. Meanwhile, Ken Agyapong has denied accusing the minister."
    assert [s.speaker for s in suggest(text)] == ["Kennedy Agyapong", "Kennedy Agyapong"]


def test_a_role_of_an_organisation_with_no_holder_before_is_the_person_who_speaks_next_by_name():
    text = (
        "The chief of the Makati City Police dismissed as false a statement reportedly from him.\n\n"
        '"Fake news," Police Col. Harold Depositar told ABS-CBN News on Thursday.'
    )
    first, second = suggest(text)
    assert first.speaker == "Harold Depositar" and second.speaker.endswith("Harold Depositar")


def test_calling_them_false_after_a_rejection_is_a_denial_of_its_own():
    text = "The board rejected claims by an Indian journalist, calling them completely false."
    assert [(s.cue.text, s.stance) for s in suggest(text)] == [("rejected", "denial"), ("calling", "denial")]


def test_calling_with_a_pronoun_and_no_judgement_of_falsehood_is_no_cue():
    assert suggest("The minister visited the school, calling it a model for the region.") == []
