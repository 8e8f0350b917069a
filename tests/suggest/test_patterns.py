"""Each attribution shape the extractor knows, with the spans it must give."""

from annotator.suggest import suggest


def only(text: str):
    suggestions = suggest(text)
    assert len(suggestions) == 1, [(s.quote, s.cue and s.cue.text) for s in suggestions]
    return suggestions[0]


def test_straight_quote_before_its_cue():
    s = only('"We will win this fight," Smith said.')
    assert s.quote == '"We will win this fight,"'
    assert (s.source.text, s.cue.text, s.direct) == ("Smith", "said", True)


def test_curly_quote_before_its_cue():
    s = only("\u201cWe will win this fight,\u201d Smith said.")
    assert s.quote == "\u201cWe will win this fight,\u201d"
    assert s.source.text == "Smith" and s.direct


def test_double_apostrophe_quotes_as_some_newspapers_write_them():
    s = only("''We will win this fight,'' Mr. Smith said.")
    assert s.quote == "''We will win this fight,''"
    assert s.source.text == "Mr. Smith"


def test_inverted_cue_with_source_after_it():
    s = only('"The plan is dead," said Jane Doe, a spokeswoman for the ministry.')
    assert s.source.text == "Jane Doe, a spokeswoman for the ministry"
    assert s.role == "spokeswoman for the ministry"


def test_quote_split_around_its_cue_is_one_statement_in_two_pieces():
    text = 'Rivers rose. "The water came fast," he said, "and we had no warning."'
    s = only(text)
    assert [piece.text for piece in s.fragments] == ['"The water came fast,"', '"and we had no warning."']
    assert s.quote == text[text.index('"The') :]


def test_quote_continued_in_the_next_sentence_is_a_statement_of_the_same_speaker():
    text = 'Maria Costa spoke first. "The water came fast," she said. "We had no warning."'
    first, second = suggest(text)
    assert (first.quote, second.quote) == ('"The water came fast,"', '"We had no warning."')
    assert first.speaker == second.speaker == "Maria Costa"
    assert second.cue is None and second.direct


def test_paragraph_opening_with_a_quote_and_no_cue_continues_the_last_speaker():
    text = (
        '"We have no plans to sell," Ana Lima told Reuters.\n\n'
        '"The club is not for sale. It never was."\n\n'
        "Later, the board met."
    )
    suggestions = suggest(text)
    assert [(s.quote, s.speaker, s.via) for s in suggestions] == [
        ('"We have no plans to sell,"', "Ana Lima", "Reuters"),
        ('"The club is not for sale. It never was."', "Ana Lima", "Reuters"),
    ]


def test_a_quoted_paragraph_after_narration_is_no_continuation():
    text = '"We have no plans," Ana Lima said.\n\nThe board met later.\n\n"It is over."'
    assert [s.quote for s in suggest(text)] == ['"We have no plans,"']


def test_reported_speech_with_that_keeps_that_in_the_content():
    s = only("The minister said that the talks had failed.")
    assert (s.source.text, s.cue.text, s.quote) == ("The minister", "said", "that the talks had failed")
    assert not s.direct


def test_reported_speech_without_that():
    s = only("Jones said the talks had failed.")
    assert (s.source.text, s.quote) == ("Jones", "the talks had failed")


def test_adverbials_between_cue_and_that_are_skipped():
    s = only("Jones said at a briefing on Tuesday that the talks had failed.")
    assert s.quote == "that the talks had failed"


def test_according_to_before_the_content():
    s = only("According to the ministry, the talks had failed.")
    assert (s.cue.text, s.source.text, s.quote) == ("According to", "the ministry", "the talks had failed")


def test_according_to_after_the_content():
    s = only("The talks had failed, according to two diplomats.")
    assert (s.source.text, s.quote) == ("two diplomats", "The talks had failed")


def test_told_reuters_keeps_the_addressee_out_of_the_content_and_relays_via_reuters():
    s = only("The minister told Reuters that the talks had failed.")
    assert (s.cue.text, s.quote, s.via) == ("told", "that the talks had failed", "Reuters")


def test_denied_takes_its_object_as_content():
    s = only("Iranian officials on Wednesday denied accusations that its jets struck Iraq.")
    assert (s.source.text, s.cue.text) == ("Iranian officials", "denied")
    assert s.quote == "accusations that its jets struck Iraq"
    assert s.stance == "denial"


def test_anonymous_source_is_proposed_as_an_anonymous_actor():
    s = only('"No deal was struck," a senior Iranian official told reporters.')
    assert s.source.text == "a senior Iranian official"
    assert (s.speaker, s.speaker_kind) == ("Senior Iranian official", "anonymous")


def test_plural_anonymous_source_after_a_comma_and():
    s = only("Talks went on for hours, and officials acknowledge the two sides discussed Iraq.")
    assert (s.source.text, s.cue.text, s.quote) == ("officials", "acknowledge", "the two sides discussed Iraq")


def test_relative_pronoun_is_the_source_and_its_antecedent_the_speaker():
    s = only("The comments came from Pentagon spokesperson John Kirby who said that Iran flew missions.")
    assert s.source.text == "who"
    assert (s.speaker, s.role) == ("John Kirby", "Pentagon spokesperson")


def test_a_reporting_word_used_as_a_noun_is_no_cue():
    assert suggest("The news reports were wrong about the vote.") == []


def test_a_reporting_verb_inside_a_quotation_is_not_a_cue():
    suggestions = suggest('"He said nothing about it," Smith said.')
    assert [s.cue.text for s in suggestions] == ["said"]
    assert suggestions[0].cue.start > 20


def test_suggestions_are_ordered_by_start_and_deterministic():
    text = "Jones said the talks failed. Smith said the talks went well. Brown said nothing was decided."
    first, second = suggest(text), suggest(text)
    assert first == second
    assert [s.start for s in first] == sorted(s.start for s in first)
    assert len(first) == 3


def test_offsets_match_the_text():
    text = "Caf\u00e9 owners \U0001f600 said that prices rose. \u201cIt hurts,\u201d one owner said."
    for s in suggest(text):
        assert text[s.start : s.end] == s.quote
        assert text[s.source.start : s.source.end] == s.source.text
        assert text[s.cue.start : s.cue.end] == s.cue.text


def test_empty_text_gives_nothing():
    assert suggest("") == []
    assert suggest("   \n\n ") == []


def test_unnamed_reports_that_are_a_statement_with_no_source():
    s = only("The vote followed media reports that the deal had collapsed.")
    assert (s.source, s.cue.text, s.quote) == (None, "reports", "that the deal had collapsed")
    assert (s.speaker, s.speaker_kind, s.stance) == ("News reports", "anonymous", "claim")


def test_a_report_noun_with_a_participle_keeps_both_in_the_cue():
    s = only("Markets fell after reporting suggesting the bank had lost billions.")
    assert (s.cue.text, s.quote) == ("reporting suggesting", "the bank had lost billions")


def test_impersonal_passive_report_leaves_it_out_of_the_cue():
    s = only("It had earlier been reported that the minister resigned.")
    assert (s.source, s.cue.text, s.quote) == (None, "had earlier been reported", "that the minister resigned")


def test_a_report_noun_after_a_form_of_be_is_a_verb_not_unnamed_reports():
    suggestions = suggest("The station is reporting that the minister resigned.")
    assert all(s.speaker != "News reports" for s in suggestions)


def test_an_attempt_to_make_clear_is_the_cue_of_its_subject():
    # Answering the accusation of the sentence before, the negated clause is a denial.
    text = "The talks are coordinated with us, critics allege. "
    text += "Smith tried to make it clear that if the talks fail, they will fail without our consent."
    s = suggest(text)[-1]
    assert (s.source.text, s.cue.text, s.stance) == ("Smith", "tried to make it clear", "denial")


def test_a_coordinated_speaker_after_a_report_is_no_part_of_its_content():
    text = (
        "The move followed reporting indicating the talks had failed and comments from John Smith who said it was over."
    )
    first, second = suggest(text)
    assert first.quote == "the talks had failed"
    assert (second.speaker, second.quote) == ("John Smith", "it was over")


def test_a_quotation_after_saying_colon_in_the_next_paragraphs_is_the_speakers():
    text = (
        "Ahmed dismissed the reports, saying:\n\n"
        "\u201dThe news going round that the president is abroad is fake.\n\n"
        "\u201dThe president is in Abuja.\u201d"
    )
    reports, first, second = suggest(text)
    assert (reports.quote, reports.stance) == ("the reports", "denial")
    assert first.quote.startswith("\u201dThe news") and first.speaker == second.speaker == "Ahmed"
    assert second.continues == 1


def test_a_quotation_closed_right_before_its_cue_without_a_comma():
    (s,) = suggest("\u201cThere is no truth to this rumor\u201d stated the spokesperson Trudy Miller.")
    assert (s.quote, s.stance, s.speaker) == ("\u201cThere is no truth to this rumor\u201d", "denial", "Trudy Miller")


def test_reports_followed_by_a_verb_is_a_noun_not_a_cue():
    (s,) = suggest("Fake reports had on Saturday suggested that the president was flown abroad.")
    assert s.cue.text == "suggested" and s.quote == "that the president was flown abroad"
