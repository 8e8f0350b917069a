"""The rules added for real news (issue 14): journalists of an outlet, outlets that wrap
what they relay, posts, role descriptions, one-word denial objects, phrasal dismissals,
and quotations the suggester used to lose. Each example is invented, in the shape the
rule generalises."""

import pytest

from annotator.suggest import suggest


def by_quote(text: str) -> dict[str, object]:
    return {s.quote: s for s in suggest(text)}


# Journalists and sources named with their outlet


@pytest.mark.parametrize(
    ("text", "speaker", "via"),
    [
        ("Pete Thamel with ESPN reported that the quarterback would miss four weeks.", "Pete Thamel", "ESPN"),
        ("Broderick Turner of the Los Angeles Times said teams called.", "Broderick Turner", "Los Angeles Times"),
        ("According to a source for the Daily Mail, the couple never broke up.", "source", "Daily Mail"),
    ],
)
def test_a_journalist_named_with_their_outlet_speaks_through_it(text, speaker, via):
    (s,) = suggest(text)
    assert speaker.casefold() in s.speaker.casefold() and "with" not in s.speaker and " of " not in s.speaker
    assert s.via == via


def test_a_name_with_of_that_is_no_outlet_stays_the_speaker():
    (s,) = suggest("Maria Lopez of the finance ministry said the budget was balanced.")
    assert s.via is None


# An outlet never relays itself; its wrapper gives way to what it relays


def test_an_outlet_reporting_is_the_speaker_and_no_relay():
    (s,) = suggest("The Daily Monitor newspaper reported that two officers were killed.")
    assert s.via is None


def test_an_outlet_reported_at_the_end_relays_the_statement_it_wraps():
    (s,) = suggest("The minister said the talks failed, Radio Cooperativa reported.")
    assert (s.speaker, s.via, s.quote) == ("The minister", "Radio Cooperativa", "the talks failed")


def test_a_person_after_according_to_is_no_outlet():
    (s,) = suggest("All officials have been instructed to exercise restraint, according to Sek Wannamethee.")
    assert s.via is None


# Posts take their platform, also from the sentence before


def test_a_post_named_by_its_owner_relays_through_the_platform():
    (s,) = suggest('"I go without a spot on me," Supriyo said in his Facebook post.')
    assert s.via == "Facebook"


def test_words_written_after_taking_to_a_platform_are_relayed_through_it():
    text = 'Demi Lovato took to her Instagram Story on Thursday. "Don\'t believe the rumours," she wrote.'
    assert by_quote(text)['"Don\'t believe the rumours,"'].via == "Instagram"


def test_words_said_after_a_post_are_not_a_post():
    text = 'Demi Lovato took to her Instagram Story on Thursday. "Thank you," she told reporters later.'
    assert by_quote(text)['"Thank you,"'].via is None


# Role descriptions resolve to the person the text names


def test_a_role_description_is_the_speaker_who_spoke_last_in_it():
    text = 'Shinzo Abe said: "We will protect ourselves." "We must act," added the premier.'
    assert by_quote(text)['"We must act,"'].speaker == "Shinzo Abe"


def test_an_indefinite_spokesperson_is_the_one_the_text_names_next():
    text = (
        "A Chinese Foreign Ministry spokesperson on Wednesday refuted the report, saying it was fabricated. "
        "Spokesperson Zhao Lijian made the remarks at a daily briefing."
    )
    assert suggest(text)[0].speaker == "Zhao Lijian"


def test_a_country_that_spoke_last_is_no_holder_of_a_role():
    text = "China accused the men of espionage. The MP denied advising Beijing to delay their release."
    assert by_quote(text)["advising Beijing to delay their release"].speaker != "China"


def test_a_surname_before_its_apposition_is_the_speaker_not_a_name_inside_it():
    text = '"The economy did well," said Perry, recipient of the China Reform Friendship Medal.'
    (s,) = suggest("Stephen Perry spoke on Monday. " + text)
    assert s.speaker == "Stephen Perry"


def test_a_possessive_owner_is_not_the_speaker_of_its_apposition():
    text = "The European Union's foreign policy chief, Catherine Ashton (pictured), told reporters that talks failed."
    (s,) = suggest(text)
    assert s.speaker == "Catherine Ashton"


def test_a_relative_clause_after_the_speaker_does_not_hide_the_role():
    text = 'Shinzo Abe said: "A." "We must act," added the premier, who said he had asked for a plan.'
    assert by_quote(text)['"We must act,"'].speaker == "Shinzo Abe"


@pytest.mark.parametrize("sentence", ["The Premier later denied it.", "South Korean defense officials said it failed."])
def test_a_name_particle_is_only_a_whole_word(sentence):
    assert all(not s.speaker.endswith((" la", " de")) for s in suggest(sentence) if s.speaker)


# Denial objects and denial verbs


@pytest.mark.parametrize("word", ["this", "it", "that"])
def test_a_one_word_denial_object_is_the_content(word):
    (s,) = suggest(f"The newspaper's claim was repeated. But spokesman Zizi Kodwa denied {word}.")[-1:]
    assert (s.quote, s.stance, s.speaker) == (word, "denial", "Zizi Kodwa")


def test_this_before_a_time_is_still_an_adverbial():
    (s,) = suggest('"It is false," he said this week.')
    assert s.quote == '"It is false,"'


def test_a_demonstrative_object_is_not_a_sentence_opening_content():
    (s,) = suggest("On Sunday, the Israeli army denied this claim by the armed wing of Hamas.")
    assert (s.quote, s.stance) == ("this claim by the armed wing of Hamas", "denial")


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Osimhen's agent, Roberto Calenda, quickly shot down those claims.", "those claims"),
        ("Presidential spokesman Garba Shehu shut down the reports on Twitter.", "the reports on Twitter"),
        ("The coach laughed off suggestions that he would quit.", "suggestions that he would quit"),
        ("The club shrugged off the speculation.", "the speculation"),
    ],
)
def test_phrasal_dismissals_are_denials(text, quote):
    s = suggest(text)[0]
    assert (s.quote, s.stance) == (quote, "denial")


def test_shut_down_without_a_report_is_no_cue():
    assert suggest("The police shut down the road on Monday.") == []


@pytest.mark.parametrize(
    "text",
    ["Chief Health Officer Brett Sutton has described the virus as an absolute beast.", "He described it as hostile."],
)
def test_describing_something_other_than_a_report_is_a_claim(text):
    assert suggest(text)[0].stance == "claim"


def test_describing_a_report_as_false_is_a_denial():
    assert suggest("The ministry described the report as false.")[0].stance == "denial"


# Quotations the suggester used to lose


def test_a_quote_paragraph_continues_a_reported_statement_before_it():
    text = (
        "The couple released a statement saying that they are still together.\n\n"
        '"The rumours about our relationship are completely false."'
    )
    quoted = by_quote(text)['"The rumours about our relationship are completely false."']
    assert (quoted.speaker, quoted.stance) == ("The couple", "denial")


def test_an_agency_quoting_an_official_after_the_first_paragraph():
    text = (
        "The ministry denied it.\n\n"
        '"Yesterday\'s statement is not worth it. This is nonsense," the agency cited the spokesman as saying.'
    )
    quoted = by_quote(text)['"Yesterday\'s statement is not worth it. This is nonsense,"']
    assert quoted.stance == "denial"


def test_a_statement_read_is_a_cue():
    text = 'Apple said it would respond.\n\n"The story is false," the statement read.'
    s = by_quote(text)['"The story is false,"']
    assert (s.cue.text, s.speaker) == ("read", "Apple")


def test_reading_a_statement_aloud_is_no_cue():
    assert suggest("She read the statement aloud.") == []


def test_a_quotation_source_may_carry_an_apposition():
    text = (
        '"We have not moved," Abdullah Abdullah, chairman of the High Council for National Reconciliation, '
        "said in an interview with AFP."
    )
    (s,) = suggest(text)
    assert (s.speaker, s.via) == ("Abdullah Abdullah", "AFP")


def test_a_quotation_cue_followed_by_a_participle_keeps_its_quotation():
    text = (
        '"We will adopt new measures," Josep Borrell told reporters after the meeting, while adding that talks went on.'
    )
    assert [s.speaker for s in suggest(text)] == ["Josep Borrell", "Josep Borrell"]


def test_underscored_is_a_cue():
    (s,) = suggest('"These are unfounded allegations," Kabulov underscored.')
    assert (s.speaker, s.stance) == ("Kabulov", "denial")


# Stance of continued quotations and of denied events


def test_a_quotation_continuing_a_denial_goes_on_denying():
    text = '"These stories are utterly baseless," Zakaria said. "The reports are irresponsible and provocative."'
    assert [s.stance for s in suggest(text)] == ["denial", "denial"]


def test_a_quotation_continuing_a_claim_keeps_its_own_stance():
    text = '"We will win," Smith said. "The team is ready."'
    assert [s.stance for s in suggest(text)] == ["claim", "claim"]


def test_denying_having_reached_an_agreement_is_a_denial_not_a_rejected_proposal():
    (s,) = suggest("The agent has denied reaching an agreement with the club.")
    assert s.stance == "denial"


def test_rejecting_a_proposal_is_no_denial():
    (s,) = suggest("The parliament rejected the ceasefire proposal.")
    assert s.stance == "claim"


def test_a_judgement_before_the_allegations_still_makes_a_denial():
    (s,) = suggest("The party has described as malicious, allegations against its treasurer.")
    assert s.stance == "denial"


def test_a_concessive_opening_is_no_part_of_the_speaker():
    (s,) = suggest("Although, the agent of the striker, Roberto Calenda, said that no talks took place.")
    assert s.speaker == "Roberto Calenda"


# Pronouns: the nearest compatible subject


def test_he_is_the_subject_of_the_last_sentence_not_the_last_name_in_it():
    text = (
        "Richard Herbert, a town councillor, put forward a scheme with former chairman Carole Mulroney.\n\n"
        'He told the Echo: "It is a missed opportunity."'
    )
    assert suggest(text)[0].speaker == "Richard Herbert"


def test_he_after_a_new_sentence_subject_is_that_subject():
    text = (
        '"Taxpayers deserve better," Fielding is quoted saying. Fielding is a former chair of the committee. '
        "He said he is mulling a run for mayor."
    )
    assert suggest(text)[-1].speaker == "Fielding"


def test_the_subject_of_the_pronouns_own_sentence_is_no_antecedent():
    text = "Massoud Jazayeri spoke in Tehran. Iran considered the US responsible, he said."
    assert suggest(text)[0].speaker == "Massoud Jazayeri"


def test_a_place_in_a_role_does_not_make_the_person_an_organisation():
    text = 'Butte County Fire Unit Chief Henri Brachais thanked the crews.\n\n"It is amazing," he said.'
    assert suggest(text)[0].speaker == "Henri Brachais"


def test_an_interview_named_inside_the_speaker_relays_and_leaves_the_name():
    (s,) = suggest("In 2016, the then President Mahama in an interview with BBC denied ever taking a bribe.")
    assert (s.speaker, s.via) == ("President Mahama", "BBC")


def test_a_transcript_published_by_an_agency_relays_what_it_wraps():
    (s,) = suggest("Xi said the economy is stable, according to a transcript published by the Xinhua news agency.")
    assert (s.speaker, s.via, s.quote) == ("Xi", "Xinhua", "the economy is stable")


def test_a_journalist_of_an_outlet_who_is_told_relays_through_the_outlet():
    (s,) = suggest("The senator told CNN's Jake Tapper that the bill would pass.")
    assert s.via == "CNN"


def test_several_subjects_that_all_denied():
    (s,) = suggest("Supermicro, Apple and Amazon have all denied the claim.")
    assert (s.quote, s.stance) == ("the claim", "denial")


@pytest.mark.parametrize("verb", ["assured", "informed"])
def test_assured_and_informed_that_are_cues(verb):
    (s,) = suggest(f"The president {verb} that his campaign received no money from drug trafficking.")
    assert (s.cue.text, s.quote) == (verb, "that his campaign received no money from drug trafficking")
