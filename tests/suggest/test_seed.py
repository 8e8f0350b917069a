"""On the cleaned seed article, every statement of the demo's hand annotation that the
brief lists is suggested with the right stance, speaker and relaying outlet."""

import pytest

from annotator.suggest import SourceName, suggest

SOURCES = [
    SourceName(id=1, name="Reuters", aliases=("Thomson Reuters",)),
    SourceName(id=2, name="The Guardian", aliases=("Guardian", "the Guardian")),
    SourceName(id=3, name="Al Jazeera", aliases=("Al-Jazeera", "Aljazeera")),
]

EXPECTED = [
    # (text inside the statement, stance, speaker, via)
    ('there were "indications" the Iranians', "claim", "Rear Admiral John Kirby", None),
    ("Nothing has changed about our policy", "denial", "Rear Admiral John Kirby", None),
    ("Iran has never been involved in any air strikes", "denial", "Senior Iranian official", "Reuters"),
    ("out of question for Iran", "denial", "Senior Iranian official", "Reuters"),
    ("accusations that its military has been involved", "denial", "Iranian officials", None),
    ("any collaboration", "denial", "Brigadier-General Massoud Jazayeri", "The Guardian"),
    ("Iran considered the US responsible", "claim", "Brigadier-General Massoud Jazayeri", "The Guardian"),
    ("definitely not have a place in the future", "denial", "Brigadier-General Massoud Jazayeri", "The Guardian"),
    ("the two sides have discussed the war in Iraq", "claim", "Officials", "Al Jazeera"),
]


@pytest.fixture(scope="module")
def suggestions(seed_body):
    return suggest(seed_body, sources=SOURCES)


@pytest.mark.parametrize(("text", "stance", "speaker", "via"), EXPECTED)
def test_demo_statement_is_suggested(seed_body, suggestions, text, stance, speaker, via):
    at = seed_body.index(text)
    covering = [s for s in suggestions if s.start <= at and at + len(text) <= s.end]
    assert len(covering) == 1, [s.quote for s in covering]
    (s,) = covering
    assert (s.stance, s.speaker, s.via) == (stance, speaker, via)


def test_kirby_gets_his_role_from_the_text(suggestions):
    kirby = [s for s in suggestions if s.speaker == "Rear Admiral John Kirby"]
    assert {s.role for s in kirby} == {"Pentagon chief spokesperson"}


def test_reuters_statement_is_a_direct_quote(suggestions):
    (s,) = [s for s in suggestions if s.via == "Reuters"]
    assert s.direct and s.cue.text == "told" and s.source.text == "a senior Iranian official"
