"""A denial answers a claim of another speaker in the same article (issue 14, pattern 2)."""

from annotator.suggest import suggest


def test_a_quote_answering_an_accusation_responds_to_it():
    text = (
        "The newspaper reported that the minister had taken bribes from the builder.\n\n"
        '"That is simply untrue," the minister said.'
    )
    claim, denial = suggest(text)
    assert (claim.stance, denial.stance) == ("claim", "denial")
    assert denial.responds_to == 0 and claim.responds_to is None


def test_the_claim_sharing_words_with_the_denial_wins_over_a_nearer_one():
    text = (
        "Critics said the club would be sold to investors.\n\n"
        "Fans said the stadium was cold.\n\n"
        "The owner denied that the club would be sold."
    )
    suggestions = suggest(text)
    assert suggestions[-1].stance == "denial"
    assert suggestions[suggestions[-1].responds_to].quote == "the club would be sold to investors"


def test_a_speaker_never_answers_their_own_claim():
    text = 'Ana Lima said the deal was done. "There is no truth in it," Ana Lima added.'
    assert [s.responds_to for s in suggest(text)] == [None, None]


def test_a_denial_of_reports_answers_the_claim_told_after_it():
    text = (
        "The Kremlin on Monday denied media reports of a phone call between the two presidents. "
        "The Washington Post reported that the leaders spoke on Thursday."
    )
    denial, claim = suggest(text)
    assert (denial.stance, claim.stance) == ("denial", "claim")
    assert denial.responds_to == 1


def test_a_denial_naming_nothing_answers_no_later_claim():
    text = '"That is not our plan," the minister said. The newspaper reported that taxes would rise.'
    denial = suggest(text)[0]
    assert denial.stance == "denial" and denial.responds_to is None
