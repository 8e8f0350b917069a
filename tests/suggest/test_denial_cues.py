"""Denials said with a verb about a report or claim: the cue decides, and the content is
what is denied (issue 14, pattern 1)."""

import pytest

from annotator.suggest import suggest


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("The coach was quick to dismiss claims that he would leave.", "claims that he would leave"),
        ("The owners rejected suggestions that they would sell.", "suggestions that they would sell"),
        ("The firm firmly rebutted any suggestion that it broke the law.", "any suggestion that it broke the law"),
        ("The players distanced themselves from the comments.", "the comments"),
        ("The club denounced the report as false.", "the report as false"),
        ("The minister called the story a complete fabrication.", "the story a complete fabrication"),
        ("Officials poured cold water on reports that a deal was close.", "reports that a deal was close"),
        (
            "The Kremlin denied media reports suggesting that the leaders met.",
            "media reports suggesting that the leaders met",
        ),
    ],
)
def test_a_denial_verb_about_a_report_is_one_denial_of_it(text, quote):
    (s,) = suggest(text)
    assert (s.stance, s.quote) == ("denial", quote)


@pytest.mark.parametrize("text", ["The mayor denounced the attack.", "The mayor called the meeting to order."])
def test_those_verbs_with_another_object_are_no_statement(text):
    assert suggest(text) == []


def test_the_report_denied_is_no_statement_of_its_own():
    assert [s.speaker for s in suggest("The Kremlin denied reports that the leaders met.")] == ["The Kremlin"]
