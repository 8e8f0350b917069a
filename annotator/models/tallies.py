"""Statement counts kept by PostgreSQL triggers (migration 0015_counters16_tallies).

Counting a million statements per request is what made the lists sorted by a count and
the matrix slow; these rows hold the counts, changed by the database itself on every
insert, update and delete of a statement, whichever path makes it (the ORM, the API's
fast paths, bulk review, merges, restores, COPY). Nothing in Python writes them.

What each column counts, by the rules of `StatementQuerySet.counted()`:

- `claims`, `denials`: accepted canonical statements (not independent versions);
- `live_claims`, `live_denials`: canonical statements not rejected (accepted and pending:
  what `include_pending` counts);
- `pending` (articles): suggestions awaiting review, independent ones too (what the
  article list's "pending" column has always counted);
- `paired`, `live_paired` (actors, propositions): the same, for statements that name both
  a speaker and a proposition: what ranks the matrix's rows and columns.

The counts are everyone's: a reader who sees only some projects, or a list narrowed to one
project, is counted by the statement queries (models/counts.py). SQLite keeps no tallies
(the tables stay empty); its pages count as before."""

from django.db import connection, models


def tallies_kept() -> bool:
    """Whether the database keeps these counts (PostgreSQL: the triggers of 0015)."""
    return connection.vendor == "postgresql"


class _Counts(models.Model):
    claims = models.IntegerField(db_default=0)
    denials = models.IntegerField(db_default=0)
    live_claims = models.IntegerField(db_default=0)
    live_denials = models.IntegerField(db_default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.pk}: {self.claims} claims, {self.denials} denials"


# A tally row is not a foreign key's target of anything, and its owner may be deleted
# before the row (the delete triggers then remove it): no database constraint, no cascade.
def _owner(model: str) -> models.OneToOneField:
    return models.OneToOneField(
        model, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="tally"
    )


class ArticleTally(_Counts):
    article = _owner("annotator.Article")
    pending = models.IntegerField(db_default=0)

    class Meta:
        # The article list sorted by claims or denials walks one of these and stops after
        # its page (every article has a row: the article insert trigger makes it).
        indexes = [
            models.Index(fields=["-claims"], name="articletally_claims"),
            models.Index(fields=["-denials"], name="articletally_denials"),
            models.Index(fields=["-live_claims"], name="articletally_live_claims"),
            models.Index(fields=["-live_denials"], name="articletally_live_denials"),
        ]


class ActorTally(_Counts):
    actor = _owner("annotator.Actor")
    paired = models.IntegerField(db_default=0)
    live_paired = models.IntegerField(db_default=0)


class PropositionTally(_Counts):
    proposition = _owner("annotator.Proposition")
    paired = models.IntegerField(db_default=0)
    live_paired = models.IntegerField(db_default=0)


class PairTally(_Counts):
    """One cell of the matrix: a speaker's statements about a proposition."""

    pk = models.CompositePrimaryKey("speaker", "proposition")
    # The primary key's first column: no index of its own.
    speaker = models.ForeignKey(
        "annotator.Actor", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    proposition = models.ForeignKey(
        "annotator.Proposition", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
