"""The seed page: the repository's own copy (annotator/data/demo/, the demo article), so a
fresh clone with nothing beside it runs these tests. ANNOTATOR_SEED_DIR points elsewhere."""

import os
from pathlib import Path

import pytest
from django.conf import settings

SEED_NAME = "000_bb35ff37cb9fb905.txt"

# The body the seed page must clean to: its twelve paragraphs, each once, in order.
SEED_PARAGRAPHS = [
    "Following news reports and statements from the Pentagon, Iranian officials on Wednesday denied accusations "
    "that its military has been involved in airstrikes against Islamic State targets inside Iraq.",
    '"Iran has never been involved in any air strikes against the Daesh (Islamic State) targets in Iraq. Any '
    'cooperation in such strikes with America is also out of question for Iran," a senior Iranian official told '
    "Reuters on condition of anonymity.",
    "The counter-claim from Tehran followed reporting indicating Iranian fighter planes had conducted missions "
    "inside Iraq and subsequent comments from Pentagon chief spokesperson Rear Admiral John Kirby who said at a "
    'briefing on Tuesday that there were "indications" the Iranians "have flown these missions in recent days in '
    'eastern Iraq."',
    "Kirby who tried to make it clear that if such bombings have taken place, they were done so without "
    "coordination from U.S. forces.",
    '"Nothing has changed about our policy of not coordinating military activity with the Iranians," Kirby told '
    "reporters.",
    "The Guardian reports:",
    "In Tehran, the deputy chief of staff of Iran's armed forces, Brigadier-General Massoud Jazayeri also denied "
    'any collaboration. Iran considered the US responsible for Iraq\'s "unrest and problems", he said, adding that '
    'the US would "definitely not have a place in the future of that country".',
    "Kirby's comments followed reports that American-made F4 Phantom jets from the Iranian air force had been "
    "targeting Isis positions in Diyala. It had earlier been reported that Iran sent three Su-25 fighter jets to "
    "Iraq designed for close support of ground troops and that Iranian pilots flew Iraqi aircraft on combat missions.",
    "Al-Jazeera adds:",
    "The onslaught of ISIL in Iraq has forged an unlikely alignment between Iran and the US, which have been locked "
    "in a cold war for more than three decades.",
    "The fight against the ISIL has come amid a US diplomatic drive to agree a deal with Iran over its nuclear "
    "programme, and officials acknowledge the two sides have discussed the war in Iraq on the margins of the "
    "nuclear talks.",
    "However, the US and Iran remain deeply opposed over Syria, with Iran providing crucial military backing for "
    "President Bashar al-Assad while the US has pledged to train a moderate rebel force to eventually confront the "
    "Assad government.",
]

SEED_CAPTION = (
    "F-4 Phantom jets take part in a flyover in Tehran. Sightings of similar jets in airstrikes against Islamic "
    "State militants in Iraq have sparked accusations and denials about Iran's military activities and the level "
    "of coordination that may be quietly taking place between the U.S. and Tehran. (Atta Kenare / AFP/Getty Images)"
)


def seed_path() -> Path:
    folder = Path(os.environ.get("ANNOTATOR_SEED_DIR") or settings.BASE_DIR / "annotator" / "data" / "demo")
    path = folder / SEED_NAME
    if not path.exists():
        message = f"the seed page is missing: {path} (set ANNOTATOR_SEED_DIR)"
        if os.environ.get("ANNOTATOR_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def seed_bytes() -> bytes:
    return seed_path().read_bytes()
