"""A fresh clone with nothing beside it passes `make test`: tests read the repository's own
copy of the seed page, and a test that needs a folder beside the repository (PolNeAR)
skips, saying why, when it is absent."""

import re
from pathlib import Path

from django.conf import settings

from tests.text.seed import SEED_NAME, seed_path

ROOT = Path(settings.BASE_DIR)
# A path built from the repository's parent folder: `...parent / "shared"` or "../shared".
OUTSIDE = re.compile(r"""parents?\b[^\n]*/\s*["']shared["']|["']\.\./shared""")


def test_the_seed_page_is_read_from_the_repository_itself():
    path = seed_path()
    assert path.resolve().is_relative_to(ROOT.resolve())
    assert path == ROOT / "annotator" / "data" / "demo" / SEED_NAME


def test_every_test_reading_beside_the_repository_skips_when_the_folder_is_absent():
    offenders = []
    for module in sorted((ROOT / "tests").rglob("*.py")):
        text = module.read_text(encoding="utf-8")
        if OUTSIDE.search(text) and not re.search(r"skip_or_fail|pytest\.skip", text):
            offenders.append(str(module.relative_to(ROOT)))
    assert offenders == []
