"""Rules for shapes first seen on the pages added to the dev set before any rule was
written for them (ids r14d-*): dismissals that deny only a report, a stray comma between
a subject and its verb, and who a role or a description in a later sentence is."""

import pytest

from annotator.suggest import suggest


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Elmina Sharks have dispelled rumours that the coach has quit.", "have dispelled"),
        ("Mr Seeney ridiculed the claims.", "ridiculed"),
        ("The minister quashed the rumours of a reshuffle.", "quashed"),
        ("The club scoffed at the reports.", "scoffed at"),
        ("The ministry derided the allegations as absurd.", "derided"),
    ],
)
def test_a_dismissal_of_a_report_is_a_denial(text, cue):
    (s,) = suggest(text)
    assert (s.cue.text, s.stance) == (cue, "denial")


def test_a_dismissal_verb_with_no_report_as_object_is_no_statement():
    assert suggest("The court quashed the conviction on Monday.") == []


def test_a_stray_comma_after_the_subject_keeps_the_subject_as_speaker():
    (s,) = suggest("Premier League side Techiman Eleven Wonders, has refuted claims that the coach has been fired.")
    assert (s.speaker, s.stance) == ("Techiman Eleven Wonders", "denial")
    assert s.quote == "claims that the coach has been fired"


def test_a_subordinate_clause_before_the_comma_is_no_speaker():
    text = "When BBC's Peter Okwoche, asked him directly, President Mahama responded that he had not taken a bribe."
    assert "Peter Okwoche" not in {s.speaker for s in suggest(text)}
