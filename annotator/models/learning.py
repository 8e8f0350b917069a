"""Learning from reviews: every decision on a suggestion kept as a training example, the
scorers trained on them (live or refused, with their held-back figures), and each
pending suggestion's score from the live scorer.

A scorer is stored as JSON weights (`annotator.suggest.confidence.scorer`), never a
pickle: a backup holds it like any other row, and restoring one cannot run code. A
scorer belongs to the installation (`project` empty) or, once scorers are trained per
project, to one project."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce


class ReviewOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted as suggested"
    CORRECTED = "corrected", "Accepted after correction"
    REJECTED = "rejected", "Rejected"


class ReviewExample(models.Model):
    """A reviewer's decision on one suggestion, with the suggestion as it was proposed (its
    features and its span, stance and speaker) and, when kept, as it was accepted. One per
    suggestion: deciding it again (after an undo) replaces the example; an undo removes it."""

    statement = models.OneToOneField(
        "annotator.Statement", null=True, on_delete=models.SET_NULL, related_name="review_example"
    )
    project = models.ForeignKey("annotator.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices)
    features = models.JSONField(default=dict)
    suggested_start = models.PositiveIntegerField()
    suggested_end = models.PositiveIntegerField()
    suggested_stance = models.CharField(max_length=10)
    suggested_speaker = models.CharField(max_length=300, blank=True)
    final_start = models.PositiveIntegerField(null=True, blank=True)
    final_end = models.PositiveIntegerField(null=True, blank=True)
    final_stance = models.CharField(max_length=10, blank=True)
    final_speaker = models.CharField(max_length=300, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["reviewed_at"], name="review_example_reviewed")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: statement {self.statement_id}"

    @property
    def stance_kept(self) -> bool | None:
        return None if self.outcome == ReviewOutcome.REJECTED else self.final_stance == self.suggested_stance


class ScorerStatus(models.TextChoices):
    LIVE = "live", "Live"
    REPLACED = "replaced", "Was live, replaced"
    REFUSED = "refused", "Refused"


class ScorerModel(models.Model):
    """One training run: the scorer it made (JSON weights), its figures and those of the
    scorer it was to replace on the same held-back reviews, and whether it went live."""

    project = models.ForeignKey(
        "annotator.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="scorers"
    )
    status = models.CharField(max_length=10, choices=ScorerStatus.choices)
    reason = models.CharField(max_length=300, help_text="Why it went live, or why not.")
    coefficients = models.JSONField(default=dict, blank=True)
    trained_on = models.PositiveIntegerField(default=0, help_text="Reviews it was trained on.")
    held_back = models.PositiveIntegerField(default=0, help_text="Reviews it was judged on.")
    # Precision, recall, calibration and Brier score on the held-back reviews: of the
    # scorer it was to replace ("before") and of itself ("after").
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    trigger = models.CharField(max_length=40, help_text='"command", "every N reviews", "reviewer"')
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live scorer per project, and one for the installation: NULLs are distinct
            # in a plain unique index, so the installation's scorer is keyed as project 0.
            models.UniqueConstraint(
                Coalesce("project", 0), condition=models.Q(status="live"), name="scorer_one_live_per_project"
            ),
        ]

    def __str__(self) -> str:
        return f"Scorer {self.pk} ({self.status})"


class SuggestionScore(models.Model):
    """The live scorer's view of one pending suggestion: the probability it is accepted as
    is, and how much it doubts the suggested stance (None: no stance model yet)."""

    statement = models.OneToOneField(
        "annotator.Statement", primary_key=True, on_delete=models.CASCADE, related_name="score"
    )
    confidence = models.FloatField()
    stance_doubt = models.FloatField(null=True, blank=True)
    scorer = models.ForeignKey(ScorerModel, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["confidence"], name="suggestion_score_confidence")]

    def __str__(self) -> str:
        return f"{self.confidence:.2f} for statement {self.statement_id}"
