"""Statement counts per project, kept by PostgreSQL triggers (migration 0017_tally16_project_tallies).

The tallies of models/tallies.py hold everyone's counts; a member of some projects, or a
list narrowed with `?project=`, counts only the statements of those projects' articles,
and counting them per request was what made their sorted lists and matrix slow at a
million statements (seconds). These rows hold the same columns per project:
`project` is the id of a project the statement's article is linked to, or 0 for an
article linked to none (those are the default project's, see projects_access). An
article in several projects counts in each of them.

The triggers change them when a statement is written (whichever path: the ORM, the
API's fast paths, bulk review, merges, restores, COPY) and when an article joins or
leaves a project (its statements' counts move with it). Nothing in Python writes them.
Article counts need no such rows: an article's statements are in every project the
article is in, so its own tally answers any project filter.

`named` (actors, propositions): every statement naming the row, whatever its review
status or annotator: a reader sees an actor or proposition that a statement of their
projects names (projects_access.visible_actors), and these rows answer that without
reading the statements.

SQLite keeps none (the tables stay empty); its pages count as before."""

from django.db import models

from .tallies import _Counts


class _ProjectCounts(_Counts):
    # A project's id, or 0: the articles linked to no project. Not a foreign key (0 is
    # no project's; a deleted project's rows are removed by its delete trigger).
    project = models.IntegerField()

    class Meta:
        abstract = True


class _ProjectNamedCounts(_ProjectCounts):
    """An actor's or proposition's counts in a project, and how many statements there
    name it whatever their status (what makes it visible to the project's readers)."""

    paired = models.IntegerField(db_default=0)
    live_paired = models.IntegerField(db_default=0)
    named = models.IntegerField(db_default=0)

    class Meta:
        abstract = True


class ProjectActorTally(_ProjectNamedCounts):
    pk = models.CompositePrimaryKey("project", "actor")
    actor = models.ForeignKey(
        "annotator.Actor", on_delete=models.DO_NOTHING, db_constraint=False, related_name="project_tallies"
    )

    def __str__(self) -> str:
        return f"{self.actor_id} in {self.project}: {self.claims} claims, {self.denials} denials"


class ProjectPropositionTally(_ProjectNamedCounts):
    pk = models.CompositePrimaryKey("project", "proposition")
    proposition = models.ForeignKey(
        "annotator.Proposition", on_delete=models.DO_NOTHING, db_constraint=False, related_name="project_tallies"
    )

    def __str__(self) -> str:
        return f"{self.proposition_id} in {self.project}: {self.claims} claims, {self.denials} denials"


class ProjectPairTally(_ProjectCounts):
    """One cell of a project's matrix."""

    pk = models.CompositePrimaryKey("project", "speaker", "proposition")
    speaker = models.ForeignKey(
        "annotator.Actor", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    proposition = models.ForeignKey(
        "annotator.Proposition", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.speaker_id} x {self.proposition_id} in {self.project}"


class ProjectOverlap(models.Model):
    """How many articles two projects share (`project_a` < `project_b`), kept by PostgreSQL
    triggers on the project links (migration 0021_scale19_project_overlap). A member of
    several projects gets their counts as the sum of the projects' rows above only when
    no article is in two of them (an article in both would count twice): one probe of
    this table says so."""

    pk = models.CompositePrimaryKey("project_a", "project_b")
    project_a = models.IntegerField()
    project_b = models.IntegerField()
    articles = models.IntegerField(db_default=0)

    def __str__(self) -> str:
        return f"{self.project_a} and {self.project_b} share {self.articles} articles"
