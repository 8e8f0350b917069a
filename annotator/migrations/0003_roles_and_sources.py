"""The four roles as groups, and the outlets every newsroom meets first."""

import json
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources.json"
ROLES = ["viewer", "analyst", "reviewer", "admin"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Source = apps.get_model("annotator", "Source")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for entry in json.loads(SOURCES.read_text(encoding="utf-8")):
        Source.objects.get_or_create(
            name=entry["name"],
            defaults={
                "slug": slugify(entry["name"]),
                "kind": entry["kind"],
                "homepage": entry["homepage"],
                "aliases": entry["aliases"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("annotator", "0002_integrity_triggers"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
