"""Relaying outlets: named in the sentence, or by a lead-in paragraph."""

import pytest

from annotator.suggest import SourceName, suggest


def test_told_an_outlet():
    (s,) = suggest('"No strikes," a senior official told Reuters on condition of anonymity.')
    assert s.via == "Reuters"


def test_according_to_an_outlet_makes_it_the_speaker_relaying_nothing():
    # As the dev set marks it ("according to BuzzFeed": BuzzFeed speaks, no via).
    (s,) = suggest("The strikes began on Monday, according to AFP.")
    assert (s.source.text, s.speaker, s.via) == ("AFP", "AFP", None)


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


# Open-world outlets: not in any list the suggester was given.
@pytest.mark.parametrize(
    ("text", "via"),
    [
        ("The minister told ANI that the talks had failed.", "ANI"),
        ("The minister told RFE/RL that the talks had failed.", "RFE/RL"),
        ("The minister told the news site example.gr that the talks had failed.", "example.gr"),
        ("The mayor told Japanese public broadcaster KBS that the town was safe.", "KBS"),
        ("The coach told the daily Ethnos that he would stay.", "Ethnos"),
        ("The coach told the Ethnos newspaper that he would stay.", "Ethnos"),
        ("Jones said in an interview with the Kyiv Independent that the war goes on.", "Kyiv Independent"),
        ("The talks failed, the minister said, according to the official Xinhua news agency.", "Xinhua"),
    ],
)
def test_an_outlet_is_recognised_open_world(text, via):
    (s,) = suggest(text)
    assert s.via == via and s.via_id is None


def test_an_open_world_outlet_is_not_part_of_the_content():
    (s,) = suggest("The mayor told Japanese public broadcaster KBS that the town was safe.")
    assert s.quote == "that the town was safe"


@pytest.mark.parametrize(
    "text",
    [
        "Smith told reporters that it was over.",
        "Smith told US officials that it was over.",
        "Smith said on Tuesday that it was over.",
        "Smith told the newspaper that it was over.",  # no newspaper named before
    ],
)
def test_no_outlet_where_the_text_names_none(text):
    (s,) = suggest(text)
    assert s.via is None


def test_told_the_programme_is_the_outlet_named_before():
    text = (
        "Speaking on BBC Radio 4's Today programme, Smith said the plan worked.\n\n"
        "Later Jones told the programme that it had failed."
    )
    assert [s.via for s in suggest(text)] == ["BBC", "BBC"]


def test_a_possessive_names_the_outlet_after_it_unless_the_owner_is_an_outlet():
    text = "South Korea's Hankook Ilbo newspaper ran the story. It was unclear, the official told the newspaper."
    assert [s.via for s in suggest(text)] == ["Hankook Ilbo"]


@pytest.mark.parametrize(
    ("text", "via"),
    [
        ('"We are fine," the coach told Goal.', "Goal"),
        ('He told Sky Germany: "There is no agreement."', "Sky Germany"),
        ("Chan told the Globe and Mail that the claims were not true.", "Globe and Mail"),
        ('"They have not separated," the rep said in an e-mail to The Associated Press.', "Associated Press"),
        ("The minister said the talks failed, reported Radio Cooperativa.", "Radio Cooperativa"),
        ("The spokesman termed the allegations baseless, Dawn online reported.", "Dawn"),
        ('"It is nonsense," the agency cited the spokesman as saying. The Interfax news agency ran it.', None),
        ("The ministry dismissed the reports on its verified Twitter account.", "X"),
    ],
)
def test_more_relay_shapes(text, via):
    assert suggest(text)[0].via == via


def test_told_a_person_of_the_text_is_no_outlet():
    text = "Ana Jones met the press. Smith told Jones that the deal was off."
    assert suggest(text)[-1].via is None


def test_the_same_speaker_a_few_lines_on_keeps_the_outlet():
    text = 'Max Eberl spoke. He told Sky Germany: "There is no agreement."\n\nHe added: "We are transparent."'
    assert [s.via for s in suggest(text)] == ["Sky Germany", "Sky Germany"]


@pytest.mark.parametrize(
    ("text", "via"),
    [
        ("Musk tweeted that the deal was off.", "X"),
        ("Musk wrote on Twitter that the deal was off.", "X"),
        ("The president wrote on Truth Social that the election was rigged.", "Truth Social"),
        ("The ministry said in a post on Facebook that the report was false.", "Facebook"),
    ],
)
def test_a_post_is_relayed_through_its_platform(text, via):
    (s,) = suggest(text)
    assert s.via == via


# What is no relay: a relay phrase inside what is said, a group or a body addressed, an
# organisation a statement is according to, tweets talked about, another clause's outlet.
@pytest.mark.parametrize(
    "text",
    [
        "The minister denied that he made a statement to the Anadolu News Agency about the government's plans "
        "for the economy.",
        '"The allegations published by the News of the World are false and intrusive and deeply hurtful to them," '
        "said the lawyer.",
        "The president told African-Americans this weekend that the vote mattered.",
        "A source said the questions came only hours earlier in a letter to the Justice Department.",
        "The prison population exploded, according to the NAACP.",
        "Clinton says Trump's late-night tweets were unhinged.",
    ],
)
def test_a_relay_phrase_that_names_no_relaying_outlet(text):
    assert [s.via for s in suggest(text)] == [None]


def test_a_statement_nested_in_another_keeps_the_outer_relay_to_the_outer_one():
    text = (
        "Dong confirmed in a statement to Global News that he spoke with the consul about the men whom China "
        "accused of espionage."
    )
    assert [(s.speaker, s.via) for s in suggest(text)] == [("Dong", "Global News"), ("China", None)]


def test_what_a_report_by_an_outlet_says_comes_through_the_outlet():
    text = "According to a documentary released by the BBC on Monday, 25 eyewitnesses accused the pastor of abuse."
    assert [s.via for s in suggest(text) if s.cue.text == "accused"] == ["BBC"]


@pytest.mark.parametrize(
    ("text", "via"),
    [
        ('"It is a phony system," Trump told Bill O\'Reilly of Fox News this week.', "Fox News"),
        ("Oz is smart, Steve Mosko wrote in an email to the NFL Network's Rich Eisen.", "NFL Network"),
        ("Schiff told USA TODAY's weekly video newsmaker series that the hacking was clear.", "USA Today"),
        ("In one tweet Friday, Trump said the debate was rigged.", "X"),
        ("The Pacers also stood pat, tweets ESPN's Adrian Wojnarowski.", "X"),
    ],
)
def test_the_outlet_of_a_journalist_or_a_show_and_a_tweet_relay(text, via):
    assert [s.via for s in suggest(text)] == [via]
