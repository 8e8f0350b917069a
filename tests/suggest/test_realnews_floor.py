"""The suggester on the real-news development set (tests/data/suggest/realnews_dev.jsonl,
hand-annotated excerpts from many outlets): its scores must not fall below these floors,
set a few points under the figures measured when they were set (220 excerpts, 713
statements: statements P 88.5 / R 82.9, denial F1 69.7, claim F1 77.5, stance 88.0 %,
speaker 79.7 %, via 57.6 %). `manage.py evaluate_suggester FILE` prints the full table.

REALNEWS_DEV may name other files (separated by the path separator) while the set is
being written."""

import os
from pathlib import Path

import pytest

from annotator.suggest import devset, suggest

from .conftest import REPO, skip_or_fail

DEV = REPO / "tests" / "data" / "suggest" / "realnews_dev.jsonl"

FLOORS = {
    "statements_p": 85.0,
    "statements_r": 79.0,
    "denial_f1": 65.0,
    "claim_f1": 73.0,
    "stance": 85.0,
    "speaker": 75.0,
    "via": 52.0,
}


@pytest.fixture(scope="module")
def report():
    paths = [Path(p) for p in os.environ.get("REALNEWS_DEV", "").split(os.pathsep) if p] or [DEV]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        skip_or_fail(f"the real-news dev set is not there: {', '.join(missing)}")
    excerpts = [excerpt for path in paths for excerpt in devset.load(path)]
    return devset.evaluate(excerpts, suggest)


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_score_stays_above_its_floor(report, measure):
    figure = report.figures()[measure]
    assert figure >= FLOORS[measure], f"{measure}: {figure:.1f} < floor {FLOORS[measure]}\n{report.table()}"
