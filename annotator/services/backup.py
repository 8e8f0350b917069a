"""Backup and restore of everything analysts made: users and their roles, sources,
articles, actors, propositions, statements, API tokens, and the full history of each
(not background jobs, nor export files).

A backup is Django's JSON Lines serialisation (gzip when the file name ends in .gz),
streamed model by model. A restore replaces the contents of those tables in one
transaction: it either lands whole or leaves the database as it was."""

from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

BACKED_UP = ["auth.group", "auth.user", "annotator"]
# Background jobs are not analysts' work but the machinery's: their inputs are in the
# articles they imported, their export files are not in the backup at all. A restore
# empties the job list (the jobs named the replaced users and articles).
NOT_BACKED_UP = ["annotator.Job"]


def backed_up_models() -> list:
    models = [apps.get_model("auth", "Group"), apps.get_model("auth", "User")]
    models += [
        model for model in apps.get_app_config("annotator").get_models() if model._meta.label not in NOT_BACKED_UP
    ]
    return models


def _tables() -> list[str]:
    tables = [apps.get_model(label)._meta.db_table for label in NOT_BACKED_UP]
    for model in backed_up_models():
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.append(field.remote_field.through._meta.db_table)
    return tables


def backup_write(path: str | Path) -> None:
    path = str(path)
    if not path.endswith((".jsonl", ".jsonl.gz")):
        raise ValueError("A backup file name ends in .jsonl or .jsonl.gz")
    call_command(
        "dumpdata",
        *BACKED_UP,
        exclude=NOT_BACKED_UP,
        format="jsonl",
        natural_foreign=True,
        output=path,
        verbosity=0,
    )


def backup_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in backed_up_models()}


def backup_restore(path: str | Path) -> dict[str, int]:
    """Replace the backed-up tables with the file's contents; returns the row counts."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No such backup file: {path}")
    with transaction.atomic():
        statements = connection.ops.sql_flush(no_style(), _tables(), reset_sequences=False, allow_cascade=True)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        call_command("loaddata", str(path), verbosity=0)
    return backup_counts()
