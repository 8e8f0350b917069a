from django.db import models
from simple_history.models import HistoricalRecords

from .aliases import normalise_aliases, validate_aliases


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    GOVERNMENT = "government", "Government body"
    ANONYMOUS = "anonymous", "Anonymous"


class ActorQuerySet(models.QuerySet):
    def with_stance_counts(self, *, include_pending: bool = False, within=None):
        """Annotate claim and denial counts per row: accepted statements, and pending
        suggestions only with `include_pending` (see StatementQuerySet.counted)."""
        from .counts import stance_counts

        return self.annotate(**stance_counts("speaker", include_pending=include_pending, within=within))

    def search(self, term: str):
        """Actors whose name, alias or role contains `term` (autocomplete)."""
        term = " ".join(term.split())
        if not term:
            return self
        return self.filter(
            models.Q(name__icontains=term) | models.Q(aliases__icontains=term) | models.Q(role__icontains=term)
        )


class Actor(models.Model):
    """Who speaks: a person, an organisation, a government body, or an anonymous source."""

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.PERSON)
    role = models.CharField(max_length=300, blank=True, help_text='e.g. "Pentagon chief spokesperson"')
    affiliation = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=100, blank=True)
    aliases = models.JSONField(default=list, blank=True, validators=[validate_aliases])
    # Set when a reviewer merges this actor into another; kept so the merge can be undone.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name

    def clean(self):
        self.name = " ".join(self.name.split())
        self.role = " ".join(self.role.split())
        self.aliases = normalise_aliases(self.aliases)
