"""The default project made by 0012 has no history row (a data migration's models do not
record one), and a backup refuses a tracked record without history: give each project
that lacks one its "created" entry."""

from django.db import migrations


def record_creation(apps, schema_editor):
    Project = apps.get_model("annotator", "Project")
    HistoricalProject = apps.get_model("annotator", "HistoricalProject")
    recorded = set(HistoricalProject.objects.values_list("id", flat=True))
    HistoricalProject.objects.bulk_create(
        [
            HistoricalProject(
                id=project.pk,
                name=project.name,
                slug=project.slug,
                description=project.description,
                guidelines=project.guidelines,
                is_default=project.is_default,
                created_by_id=project.created_by_id,
                created_at=project.created_at,
                updated_at=project.updated_at,
                history_date=project.created_at,
                history_type="+",
                history_change_reason="created by migration 0012",
            )
            for project in Project.objects.exclude(pk__in=recorded)
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("annotator", "0012_teams_projects")]

    operations = [migrations.RunPython(record_creation, migrations.RunPython.noop)]
