"""The suggester as the app runs it, the tagger wired in (rules first, the tagger adding
what they miss), on the real-news development set: it must find at least as well as
the rules alone, and stay above floors set a few points under the figures measured
with the shipped weights (statements P 86.8 / R 89.3, denial F1 70.9, claim F1 78.8,
stance 87.0 %, speaker 78.5 %, via 61.0 %; the rules alone: 88.5 / 82.9, 69.7, 77.5,
88.0 %, 79.7 %, 57.6 %)."""

from functools import partial

import pytest

from annotator.suggest import TaggerOptions, devset, suggest

from .conftest import REPO, skip_or_fail

DEV = REPO / "tests" / "data" / "suggest" / "realnews_dev.jsonl"

FLOORS = {
    "statements_p": 83.0,
    "statements_r": 86.0,
    "denial_f1": 67.0,
    "claim_f1": 75.0,
    "stance": 84.0,
    "speaker": 75.0,
    "via": 56.0,
}


@pytest.fixture(scope="module")
def reports():
    if not DEV.is_file():
        skip_or_fail(f"the real-news dev set is not there: {DEV}")
    options = TaggerOptions()
    if not options.available():
        pytest.fail(f"{options.model}: the tagger's weights must ship with the code")
    excerpts = list(devset.load(DEV))
    return devset.evaluate(excerpts, suggest), devset.evaluate(excerpts, partial(suggest, tagger=options))


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_with_the_tagger_each_score_stays_above_its_floor(reports, measure):
    _, wired = reports
    figure = wired.figures()[measure]
    assert figure >= FLOORS[measure], f"{measure}: {figure:.1f} < floor {FLOORS[measure]}\n{wired.table()}"


@pytest.mark.parametrize("score", ["statements", "denials", "claims"])
def test_with_the_tagger_the_suggester_finds_at_least_as_well_as_the_rules(reports, score):
    rules, wired = reports
    assert getattr(wired, score).f1 >= getattr(rules, score).f1, f"rules:\n{rules.table()}\nwired:\n{wired.table()}"
