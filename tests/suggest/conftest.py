import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
POLNEAR = REPO.parent / "shared" / "polnear"
SEED_NAME = "000_bb35ff37cb9fb905.txt"
SEED_PLACES = [REPO / "annotator" / "data" / "demo" / SEED_NAME, REPO.parent / "shared" / "seed" / SEED_NAME]


def skip_or_fail(reason: str):
    # As in tests/conftest.py: CI (ANNOTATOR_REQUIRE_ALL=1) must run everything.
    if os.environ.get("ANNOTATOR_REQUIRE_ALL") == "1":
        pytest.fail(f"{reason} (ANNOTATOR_REQUIRE_ALL=1: CI must run every test)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def seed_body() -> str:
    from annotator.text import clean_text

    for place in SEED_PLACES:
        if place.exists():
            return clean_text(place.read_text(encoding="utf-8")).body
    skip_or_fail(f"the seed page {SEED_NAME} is in none of: {', '.join(map(str, SEED_PLACES))}")
