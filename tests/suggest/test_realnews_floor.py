"""The suggester on real news: its scores must not fall below these floors, set a few
points under the figures measured when they were set. `manage.py evaluate_suggester
FILE` prints the full table.

- Development set (tests/data/suggest/realnews_dev.jsonl, 220 excerpts, 713 statements),
  the one rules are written against: statements P 89.9 / R 87.0, denial F1 78.5, claim
  F1 79.2, stance 89.4 %, speaker 83.7 %, via 71.4 %, responds to 51.9 %.
- Held-out set (tests/data/suggest/realnews_holdout.jsonl, 60 excerpts, 185 statements,
  pages never looked at while writing rules; scored before the rule work and at its end,
  its mistakes never listed):
  statements P 85.1 / R 89.7, denial F1 71.7, claim F1 64.3, stance 77.7 %, speaker
  77.7 %, via 57.5 %, responds to 50.0 %. Its floors guard against rules that fit the
  development set and nothing else.

REALNEWS_DEV may name other development files (separated by the path separator) while
the set is being written."""

import os
from pathlib import Path

import pytest

from annotator.suggest import devset, suggest

from .conftest import REPO, skip_or_fail

DATA = REPO / "tests" / "data" / "suggest"
DEV = DATA / "realnews_dev.jsonl"
HOLDOUT = DATA / "realnews_holdout.jsonl"

FLOORS = {
    "statements_p": 86.0,
    "statements_r": 84.0,
    "denial_f1": 75.0,
    "claim_f1": 75.0,
    "stance": 86.0,
    "speaker": 80.0,
    "via": 67.0,
    "responds_to": 46.0,
}

HOLDOUT_FLOORS = {
    "statements_p": 81.0,
    "statements_r": 86.0,
    "denial_f1": 67.0,
    "claim_f1": 60.0,
    "stance": 74.0,
    "speaker": 73.0,
    "via": 52.0,
    "responds_to": 35.0,
}


def _report(paths: list[Path]) -> devset.DevReport:
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        skip_or_fail(f"the real-news set is not there: {', '.join(missing)}")
    excerpts = [excerpt for path in paths for excerpt in devset.load(path)]
    return devset.evaluate(excerpts, suggest)


@pytest.fixture(scope="module")
def report():
    return _report([Path(p) for p in os.environ.get("REALNEWS_DEV", "").split(os.pathsep) if p] or [DEV])


@pytest.fixture(scope="module")
def holdout_report():
    return _report([HOLDOUT])


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_score_stays_above_its_floor(report, measure):
    figure = report.figures()[measure]
    assert figure >= FLOORS[measure], f"{measure}: {figure:.1f} < floor {FLOORS[measure]}\n{report.table()}"


@pytest.mark.parametrize("measure", sorted(HOLDOUT_FLOORS))
def test_score_on_unseen_pages_stays_above_its_floor(holdout_report, measure):
    figure = holdout_report.figures()[measure]
    floor = HOLDOUT_FLOORS[measure]
    assert figure >= floor, f"held out, {measure}: {figure:.1f} < floor {floor}\n{holdout_report.table()}"
