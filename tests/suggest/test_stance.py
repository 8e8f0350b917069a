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
