"""Claim or denial: by the cue, or by a negated main clause in the content."""

import pytest

from annotator.suggest import suggest
from annotator.suggest.stance import stance


@pytest.mark.parametrize("cue", ["denied", "rejected", "dismissed", "refuted", "ruled out", "pushed back on"])
def test_a_denial_cue_makes_a_denial(cue):
    assert stance(cue, "the report") == "denial"


@pytest.mark.parametrize(
    "content",
    [
        "Iran has never been involved in any air strikes",
        "Nothing has changed about our policy of not coordinating with the Iranians",
        "Any cooperation in such strikes is out of question for Iran",
        "it is out of the question",
        "the claims are baseless",
        "that he did not meet the envoy",
        "that he didn\u2019t meet the envoy",
        'that the US would "definitely not have a place in the future of that country"',
    ],
)
def test_a_negated_main_clause_makes_a_denial(content):
    assert stance("said", content) == "denial"


@pytest.mark.parametrize(
    "content",
    [
        'there were "indications" the Iranians "have flown these missions"',
        "the two sides have discussed the war",
        # The negation sits in a later clause, not in the main one.
        "the talks went well, although nothing was signed",
    ],
)
def test_otherwise_a_claim(content):
    assert stance("said", content) == "claim"


def test_stance_reaches_the_suggestion():
    denial, claim = suggest("Smith denied the report. Jones said the report was right.")
    assert (denial.stance, claim.stance) == ("denial", "claim")


@pytest.mark.parametrize(
    "content",
    [
        '"That is simply untrue,"',
        '"It is all lies."',
        "that there is no truth in the report",
        '"I know nothing about these allegations."',
        "The company has categorically not held talks",
        "that the claims were baseless",
        '"This is absolute nonsense."',
        "that reports of their split are inaccurate",
        '"I want to refute the information published this morning,"',
    ],
)
def test_own_words_deny_even_with_nothing_named_to_answer(content):
    assert stance("said", content, answering=False) == "denial"


def test_a_negative_pledge_answering_nothing_is_a_claim():
    assert stance("said", "We will not raise taxes", answering=False) == "claim"
    assert stance("said", "We will not raise taxes", answering=True) == "denial"


def test_a_negation_answering_a_report_is_a_denial():
    claim, denial = suggest('Reports said the club would be sold. "We have never talked to anyone," the owner said.')
    assert (claim.stance, denial.stance) == ("claim", "denial")


def test_a_negation_with_nothing_to_answer_is_a_claim():
    (s,) = suggest('"We will not raise taxes," the minister said.')
    assert s.stance == "claim"


@pytest.mark.parametrize(
    "text",
    [
        "The government rejected the ceasefire proposal.",
        "The union rejected the offer on Monday.",
    ],
)
def test_rejecting_a_proposal_is_no_denial(text):
    assert [s.stance for s in suggest(text)] in ([], ["claim"])


@pytest.mark.parametrize(
    "content",
    [
        "\u201cThere is no agreement with the club. Not even close.\u201d",
        '"No negotiations in progress, no exchanges."',
        "that the Presidency is not aware of such resignation",
        "\u201cThis is one big lie.\u201d",
        "many of the stories without a grain of truth",
        '"As for the film, this is a pure fiction."',
        "The news going round that the president is abroad is fake",
    ],
)
def test_more_own_words_denials_answering_a_report(content):
    assert stance("said", content, answering=True) == "denial"


def test_denying_knowledge_of_a_resignation_is_a_denial_not_a_rejected_proposal():
    assert stance("denied", "knowledge of the resignation of the minister") == "denial"
