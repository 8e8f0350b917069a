"""Who speaks: pronouns and surnames resolved to the full name given earlier, roles from
appositions."""

from annotator.suggest import suggest


def by_cue_position(text):
    return sorted(suggest(text), key=lambda s: s.cue.start)


def test_surname_resolves_to_the_full_name_given_earlier():
    text = (
        "Pentagon chief spokesperson Rear Admiral John Kirby said the jets were Iranian.\n\n"
        '"Nothing has changed," Kirby told reporters.'
    )
    first, second = by_cue_position(text)
    assert (first.speaker, first.role) == ("Rear Admiral John Kirby", "Pentagon chief spokesperson")
    assert second.source.text == "Kirby"
    assert (second.speaker, second.role) == ("Rear Admiral John Kirby", "Pentagon chief spokesperson")


def test_surname_resolves_from_a_plain_mention_even_without_an_earlier_statement():
    text = "Mayor Jane Alvarez opened the bridge on Monday.\n\nAlvarez said the bridge was safe."
    (s,) = suggest(text)
    assert s.speaker == "Mayor Jane Alvarez"


def test_pronoun_resolves_to_the_last_named_speaker():
    text = (
        "Kirby said the jets were Iranian. "
        "Brigadier-General Massoud Jazayeri denied any collaboration. "
        "Iran had no part in it, he said."
    )
    he = by_cue_position(text)[-1]
    assert he.source.text == "he"
    assert he.speaker == "Brigadier-General Massoud Jazayeri"


def test_unresolvable_pronoun_leaves_the_speaker_open():
    (s,) = suggest("They said the plan would fail.")
    assert s.source.text == "They" and s.speaker is None and not s.new_actor


def test_role_from_an_apposition_before_the_name():
    (s,) = suggest(
        "In Tehran, the deputy chief of staff of Iran's armed forces, Brigadier-General Massoud Jazayeri "
        "also denied any collaboration."
    )
    assert (s.speaker, s.role) == ("Brigadier-General Massoud Jazayeri", "deputy chief of staff of Iran's armed forces")


def test_role_from_an_apposition_after_the_name():
    (s,) = suggest("Samantha Phillips, the city's emergency director, said the heat would last.")
    assert s.source.text == "Samantha Phillips, the city's emergency director,"
    assert (s.speaker, s.role) == ("Samantha Phillips", "city's emergency director")


def test_an_organisation_speaks_under_its_own_name():
    (s,) = suggest("The State Department said the embassy would stay open.")
    assert (s.speaker, s.speaker_kind) == ("The State Department", "organisation")


def test_a_role_written_before_the_name_goes_to_the_role():
    (s,) = suggest("Russian Presidential Spokesman Dmitry Peskov said the report was wrong.")
    assert (s.speaker, s.role) == ("Dmitry Peskov", "Russian Presidential Spokesman")


def test_a_name_never_runs_over_a_sentence_end():
    text = "The fans waited for Carlos Silva. Coach Ana Lima spoke first. She said the team was ready."
    assert suggest(text)[-1].speaker != "Carlos Silva. Coach Ana Lima"
    assert "." not in (suggest(text)[-1].speaker or "")


def test_a_line_break_is_never_inside_a_name():
    text = "Ana\nLima arrived late.\n\nShe said the team was ready."
    assert "\n" not in (suggest(text)[-1].speaker or "")


def test_a_heading_in_capitals_is_nobody():
    text = 'WHAT HE SAID: The agent Roberto Calenda took to Twitter. He wrote: "No talks."'
    assert suggest(text)[-1].speaker == "Roberto Calenda"


def test_a_quoted_nickname_is_not_part_of_the_name():
    (s,) = suggest("'Megastar' Chiranjeevi on Friday denied reports that he would stand.")
    assert s.speaker == "Chiranjeevi"


def test_it_and_the_company_are_the_organisation_that_spoke_last():
    text = 'Apple said the report was wrong. "Face ID has not changed," it says. "We are proud," the company said.'
    assert [s.speaker for s in suggest(text)] == ["Apple", "Apple", "Apple"]


def test_a_statement_by_an_organisation_is_the_organisation_speaking():
    (s,) = suggest("A statement by the foreign office issued here said the letter was fake.")
    assert s.speaker == "foreign office"


def test_a_name_modifying_a_lowercase_head_is_an_organisation():
    (s,) = suggest("The Hamas-run Gaza health ministry said 20 people had died.")
    assert (s.speaker, s.speaker_kind) == ("Hamas-run Gaza health ministry", "organisation")


def test_coordinated_names_speak_together():
    (s,) = suggest("Jennifer Lopez and Alex Rodriguez said that the reports were wrong.")
    assert s.speaker == "Jennifer Lopez and Alex Rodriguez"


def test_adverbials_are_not_part_of_the_speaker():
    text = 'Keith Schilling is the lawyer. "We are fine," said Schilling in a statement.'
    assert suggest(text)[-1].speaker == "Keith Schilling"


def test_a_coordinated_cue_has_the_subject_of_the_first():
    text = "His agent Badou Sambague moved to dismiss suggestions that a move is settled and claimed talks were off."
    assert [s.speaker for s in suggest(text)] == ["Badou Sambague", "Badou Sambague"]


def test_a_role_in_capitals_after_a_possessive_is_no_name():
    (s,) = suggest("Argentina\u2019s Presidential Spokesman, Manuel Adorni, admitted he would be leaving.")
    assert (s.speaker, s.role) == ("Manuel Adorni", "Argentina\u2019s Presidential Spokesman")


def test_the_name_before_a_role_apposition_speaks():
    text = (
        "But in an interview this week Councillor Nigel Young, Executive Member for Regeneration, "
        'who was at the meeting, said: "I am unhappy."'
    )
    assert suggest(text)[0].speaker == "Councillor Nigel Young"


def test_the_premier_is_the_person_given_that_title():
    text = "Premier Daniel Andrews visited the site.\n\nThe Premier later denied he gatecrashed the event."
    assert suggest(text)[-1].speaker == "Premier Daniel Andrews"


def test_datelines_adverbs_and_introductions_are_no_part_of_the_speaker():
    assert suggest("TORONTO \u2013 An Ontario cabinet minister said the report was wrong.")[0].speaker == (
        "Ontario cabinet minister"
    )
    text = "Rodrigo Chaves spoke on Monday. Chaves emphatically denied the claims."
    assert suggest(text)[-1].speaker == "Rodrigo Chaves"
