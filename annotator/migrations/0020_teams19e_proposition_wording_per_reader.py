"""A proposition's wording is no longer unique in the installation, only among the
propositions a user may read (services/propositions.py): a member of project A who words
a proposition as one only project B's statements use gets one of their own, instead of an
error telling them B's exists. No row changes (ids stay); the unique index on the
lowercased text becomes a plain one, which the duplicate check reads.

Going back re-creates the unique index, which fails while two live propositions share a
wording (merge them first)."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("annotator", "0019_merge_tallies_and_quote_check"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="proposition",
            name="proposition_text_unique_ci",
        ),
        migrations.AddIndex(
            model_name="proposition",
            index=models.Index(django.db.models.functions.text.Lower("text"), name="proposition_text_lower"),
        ),
    ]
