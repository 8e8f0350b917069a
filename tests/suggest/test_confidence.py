"""The suggestion scorer's pure parts: the features of a suggestion, training and ranking,
the JSON it is stored as, and the gate a retrained scorer must pass."""

import json
import math

import pytest

from annotator.suggest.confidence import Candidate, Scorer, evaluate, features
from annotator.suggest.confidence.features import cue_class, speaker_form
from annotator.suggest.confidence.metrics import gate, is_held_back
from annotator.suggest.confidence.scorer import Head
from annotator.suggest.confidence.train import Example, NotTrainable, train

TEXT = (
    "Iranian officials on Wednesday denied accusations that its military has been involved in airstrikes. "
    '"Iran has never been involved in any air strikes," a senior Iranian official told Reuters.'
)


def candidate(quote: str, **extra) -> Candidate:
    start = TEXT.index(quote)
    return Candidate(text=TEXT, start=start, end=start + len(quote), stance=extra.pop("stance", "claim"), **extra)


def test_features_name_the_cue_its_lexicon_class_the_stance_and_how_the_speaker_is_named():
    values = features(
        candidate(
            '"Iran has never been involved in any air strikes,"',
            stance="denial",
            direct=True,
            cue="told",
            cue_start=TEXT.index("told"),
            speaker_text="a senior Iranian official",
            speaker_start=TEXT.index("a senior"),
            new_actor=True,
            speaker_kind="anonymous",
            via=True,
        )
    )
    assert values["cue=told"] == 1.0 and values["cue_class=reporting"] == 1.0
    assert values["stance=denial"] == 1.0 and values["direct"] == 1.0 and values["via"] == 1.0
    assert values["speaker=anonymous"] == 1.0 and values["speaker_kind=anonymous"] == 1.0
    assert values["negation"] == 1.0 and values["starts_with_quote_mark"] == 1.0
    assert values["cue_after_content"] == 1.0 and values["speaker_after_content"] == 1.0
    assert 0 < values["article_position"] < 1


def test_a_suggestion_without_a_cue_or_speaker_says_so():
    values = features(candidate("denied accusations"))
    assert values["no_cue"] == 1.0 and values["cue_class=none"] == 1.0
    assert values["speaker=none"] == 1.0 and values["speaker_unresolved"] == 1.0


@pytest.mark.parametrize(
    ("mention", "form"),
    [("he", "pronoun"), ("a senior Iranian official", "anonymous"), ("John Kirby", "named"), ("", "none")],
)
def test_speaker_forms(mention, form):
    assert speaker_form(mention) == form


def test_cue_classes_come_from_the_rules_word_lists():
    assert cue_class("denied") == "denial"
    assert cue_class("said") == "reporting"
    assert cue_class("") == "none"


def _examples(count: int = 40) -> list[Example]:
    """Pronoun-speaker suggestions are rejected; named ones accepted, but for one in five
    whose stance the reviewer corrected."""
    examples = []
    for number in range(count):
        named = number % 2 == 0
        corrected = named and number % 10 == 0
        values = {"speaker=named" if named else "speaker=pronoun": 1.0, "direct": float(number % 3 == 0)}
        examples.append(Example(values, named and not corrected, stance_kept=not corrected if named else None))
    return examples


def test_a_trained_scorer_ranks_what_reviewers_accepted_above_what_they_rejected():
    scorer = train(_examples())
    named = scorer.confidence({"speaker=named": 1.0})
    pronoun = scorer.confidence({"speaker=pronoun": 1.0})
    assert named > 0.6 > 0.4 > pronoun
    assert scorer.stance is not None  # some kept suggestions had their stance changed


def test_training_is_deterministic_and_the_scorer_is_plain_json():
    first, second = train(_examples()), train(_examples())
    assert first.as_json() == second.as_json()
    stored = json.loads(json.dumps(first.as_json()))
    assert Scorer.from_json(stored).confidence({"speaker=named": 1.0}) == first.confidence({"speaker=named": 1.0})


def test_a_stored_scorer_of_another_format_is_refused():
    with pytest.raises(ValueError, match="format 1"):
        Scorer.from_json({"format": 99, "heads": {}})


def test_too_few_reviews_or_one_outcome_only_cannot_be_trained():
    with pytest.raises(NotTrainable, match="at least"):
        train(_examples(4))
    with pytest.raises(NotTrainable, match="same outcome"):
        train([Example({"direct": 1.0}, True)] * 20)


def test_calibration_precision_and_recall_on_held_back_reviews():
    scorer = train(_examples())
    figures = evaluate(scorer, _examples(20))
    # Of the ten named speakers two were corrected, and no pronoun accepted.
    assert figures.count == 20 and figures.accepted == 8
    assert figures.precision == 0.8 and figures.recall == 1.0
    assert sum(b.count for b in figures.calibration) == 20


def test_a_retrained_scorer_goes_live_only_if_it_does_no_worse_than_the_one_it_replaces():
    held_back = _examples(20)
    good, knows_nothing = train(_examples()), Scorer.constant(0.5)
    assert gate(evaluate(knows_nothing, held_back), evaluate(good, held_back)).live
    refused = gate(evaluate(good, held_back), evaluate(knows_nothing, held_back))
    assert not refused.live and "worse" in refused.reason
    assert gate(evaluate(good, held_back), evaluate(good, held_back)).live  # as well is enough
    assert not gate(evaluate(good, held_back[:2]), evaluate(good, held_back[:2])).live  # too few to judge


def test_a_fifth_of_the_reviews_is_held_back_always_the_same_ones():
    held = [key for key in range(1, 1001) if is_held_back(key)]
    assert len(held) == 200
    assert held == [key for key in range(1, 1001) if is_held_back(key)]


def _scorer_of(probabilities: dict[str, float]) -> Scorer:
    """A scorer giving each one-feature suggestion `{name: 1.0}` the probability named."""
    return Scorer(accept=Head(intercept=0.0, weights={k: math.log(p / (1 - p)) for k, p in probabilities.items()}))


def test_average_precision_is_one_for_a_perfect_order_and_the_acceptance_rate_for_no_order():
    held_back = [Example({"good": 1.0}, True)] * 3 + [Example({"bad": 1.0}, False)] * 2
    assert evaluate(_scorer_of({"good": 0.9, "bad": 0.1}), held_back).average_precision == 1.0
    assert evaluate(Scorer.constant(0.5), held_back).average_precision == pytest.approx(3 / 5)
    # The accepted ones after both rejected ones: tied, each is at precision 3/5; apart
    # (a third feature breaks the tie), they come third, fourth and fifth.
    worst = _scorer_of({"good": 0.1, "bad": 0.9})
    assert evaluate(worst, held_back).average_precision == pytest.approx(3 / 5)
    apart = [Example({"good": 1.0, f"g{n}": 1.0}, True) for n in range(3)] + held_back[3:]
    worst_apart = _scorer_of({"good": 0.1, "bad": 0.9, "g0": 0.7, "g1": 0.6})
    assert evaluate(worst_apart, apart).average_precision == pytest.approx((1 / 3 + 2 / 4 + 3 / 5) / 3)


def test_the_gate_judges_by_brier_score_and_reports_how_each_scorer_orders_the_held_back_reviews():
    # Four suggestions of kind a accepted, four of kind b rejected, of kind c one each.
    held_back = [Example({"a": 1.0}, True)] * 4 + [Example({"b": 1.0}, False)] * 4
    held_back += [Example({"c": 1.0}, True), Example({"c": 1.0}, False)]
    timid = _scorer_of({"a": 0.6, "b": 0.4, "c": 0.5})  # right order, timid probabilities
    bolder = _scorer_of({"a": 0.95, "b": 0.05, "c": 0.97})  # bold, but puts the coin-flip kind first
    before, after = evaluate(timid, held_back), evaluate(bolder, held_back)
    assert after.brier < before.brier and after.average_precision < before.average_precision
    verdict = gate(before, after)
    assert verdict.live, verdict.reason  # Brier decides: average precision is a second, noisier test
    assert f"average precision {after.average_precision:.4f}" in verdict.reason
    assert f"{before.average_precision:.4f}" in verdict.reason
    assert not gate(after, before).live
