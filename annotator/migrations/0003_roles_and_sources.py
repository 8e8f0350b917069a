"""The four roles as groups, and the outlets every newsroom meets first."""

from django.db import migrations

from annotator.reference_data import ensure_reference_data


def forwards(apps, schema_editor):
    ensure_reference_data(apps.get_model("auth", "Group"), apps.get_model("annotator", "Source"))


class Migration(migrations.Migration):
    dependencies = [("annotator", "0002_integrity_triggers"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
