from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from .aliases import normalise_aliases, validate_aliases


class PropositionQuerySet(models.QuerySet):
    def search(self, term: str):
        term = " ".join(term.split())
        return self.filter(text__icontains=term) if term else self

    def with_stance_counts(self, *, include_pending: bool = False, within=None):
        """Annotate claim and denial counts: accepted statements, and pending suggestions
        only with `include_pending` (see StatementQuerySet.counted)."""
        from .counts import stance_counts

        return self.annotate(**stance_counts("proposition", include_pending=include_pending, within=within))

    def contested(self, *, include_pending: bool = False):
        counted = self.with_stance_counts(include_pending=include_pending)
        return counted.filter(claim_count__gt=0, denial_count__gt=0)


class Proposition(models.Model):
    """What is claimed or denied, as one canonical sentence."""

    text = models.CharField(max_length=1000)
    topics = models.JSONField(default=list, blank=True, validators=[validate_aliases])
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PropositionQuerySet.as_manager()

    class Meta:
        ordering = ["text"]
        # A wording is unique only among the propositions a user may read (two projects
        # may each have their own; services/propositions.py refuses the duplicates), so
        # no constraint: the lowercased text is indexed for that duplicate check.
        indexes = [
            # An actor's page lists their statements grouped by proposition, in text order:
            # walking this index lets the page stop after its 100 rows instead of sorting all
            # of a busy speaker's statements.
            models.Index(fields=["text", "id"], name="proposition_text_id"),
            models.Index(Lower("text"), name="proposition_text_lower"),
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        self.text = " ".join(self.text.split())
        self.topics = normalise_aliases(self.topics)
