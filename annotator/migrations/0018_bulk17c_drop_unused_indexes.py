"""Indexes that no query needs, dropped: every suggestion stored paid for them.

On the statement table, the single-column indexes Django gives the foreign keys article,
speaker and proposition each repeat the first column of a composite index
(statement_article_start, statement_speaker_stance, statement_prop_stance) that answers
every lookup they could: the app's filters, the deletions' lookups of referencing rows
and the foreign keys' own checks. On its history table, simple-history indexes every
foreign key column; the history is read by statement, article, speaker and proposition,
never by annotator, outlet, answered statement or adjudicated statement (the history's
foreign keys have no constraint either, so nothing checks them).

The indexes are dropped by name (the same on PostgreSQL and SQLite): altering the fields
would also drop and re-add the foreign-key constraints, re-checking every row of the
table under an exclusive lock; the reverse builds them again."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DROPPED = [
    (
        "annotator_historicalstatement_adjudicated_from_id_bec0aecd",
        "annotator_historicalstatement",
        "adjudicated_from_id",
    ),
    ("annotator_historicalstatement_annotator_id_c1506917", "annotator_historicalstatement", "annotator_id"),
    ("annotator_historicalstatement_responds_to_id_25f5cb75", "annotator_historicalstatement", "responds_to_id"),
    ("annotator_historicalstatement_via_id_7d0a0e62", "annotator_historicalstatement", "via_id"),
    ("annotator_statement_article_id_dab9a61a", "annotator_statement", "article_id"),
    ("annotator_statement_proposition_id_696d620b", "annotator_statement", "proposition_id"),
    ("annotator_statement_speaker_id_6ff4bb14", "annotator_statement", "speaker_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("annotator", "0017_bulk17c_quote_check_by_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")',
                )
                for name, table, column in DROPPED
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="historicalstatement",
                    name="adjudicated_from",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="annotator.statement",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalstatement",
                    name="annotator",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalstatement",
                    name="responds_to",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        help_text="The statement this one answers (a denial answering a claim).",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="annotator.statement",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalstatement",
                    name="via",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        help_text='The outlet the statement was relayed through ("told Reuters").',
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="annotator.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="statement",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="statements",
                        to="annotator.article",
                    ),
                ),
                migrations.AlterField(
                    model_name="statement",
                    name="proposition",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="statements",
                        to="annotator.proposition",
                    ),
                ),
                migrations.AlterField(
                    model_name="statement",
                    name="speaker",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="statements",
                        to="annotator.actor",
                    ),
                ),
            ],
        ),
    ]
