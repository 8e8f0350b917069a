"""Relaying outlets: named in the sentence, or by a lead-in paragraph."""

from annotator.suggest import SourceName, suggest


def test_told_an_outlet():
    (s,) = suggest('"No strikes," a senior official told Reuters on condition of anonymity.')
    assert s.via == "Reuters"


def test_according_to_an_outlet_relays_through_it():
    (s,) = suggest("The strikes began on Monday, according to AFP.")
    assert (s.source.text, s.via) == ("AFP", "AFP")


def test_according_to_an_outlet_relays_the_other_statements_of_the_sentence():
    relayed = [s for s in suggest("The strikes began, officials said, according to AFP.") if s.cue.text == "said"]
    assert [s.via for s in relayed] == ["AFP"]


def test_in_an_interview_with_an_outlet():
    (s,) = suggest("The minister said in an interview with the BBC that the talks had failed.")
    assert s.via == "BBC"


def test_an_outlet_as_the_speaker_is_not_a_relay():
    (s,) = suggest("Reuters reported that the talks had failed.")
    assert s.via is None and s.speaker == "Reuters"


def test_lead_in_governs_the_paragraphs_after_it_until_the_next_lead_in():
    text = (
        "Smith said the talks had failed.\n\n"
        "The Guardian reports:\n\n"
        "Jones also denied any collaboration.\n\n"
        "Brown said the jets were old.\n\n"
        "Al-Jazeera adds:\n\n"
        "Officials acknowledge the two sides have met."
    )
    vias = [(s.source.text, s.via) for s in suggest(text)]
    assert vias == [("Smith", None), ("Jones", "The Guardian"), ("Brown", "The Guardian"), ("Officials", "Al Jazeera")]


def test_outlets_match_the_projects_sources_by_alias_and_give_their_id():
    outlet = SourceName(id=7, name="Daily Planet", aliases=("The Planet",))
    (s,) = suggest('"We are safe," the mayor told The Planet.', sources=[outlet])
    assert (s.via, s.via_id) == ("Daily Planet", 7)
