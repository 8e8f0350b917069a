"""The data every installation starts with: the four roles as groups, and the
outlets every newsroom meets first. Used by a data migration, and by tests that
flush the database between them."""

import json
from pathlib import Path

from django.utils.text import slugify

SOURCES_FILE = Path(__file__).resolve().parent / "data" / "sources.json"
ROLE_NAMES = ["viewer", "analyst", "reviewer", "admin"]


def ensure_reference_data(group_model, source_model) -> None:
    """Create what is missing; never touch what exists (an admin may have edited it)."""
    for name in ROLE_NAMES:
        group_model.objects.get_or_create(name=name)
    for entry in json.loads(SOURCES_FILE.read_text(encoding="utf-8")):
        source_model.objects.get_or_create(
            name=entry["name"],
            defaults={
                "slug": slugify(entry["name"]),
                "kind": entry["kind"],
                "homepage": entry["homepage"],
                "aliases": entry["aliases"],
            },
        )
