import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from annotator.text import headline_from_body


def body_size_error(body: str) -> ValidationError | None:
    """The error for a text longer than ANNOTATOR_MAX_ARTICLE_CHARS (None when it fits): every
    way in refuses it with these words, naming `body`."""
    limit = settings.ANNOTATOR_MAX_ARTICLE_CHARS
    if len(body) <= limit:
        return None
    return ValidationError(
        {
            "body": f"The text is {len(body):,} characters long; an article may hold at most {limit:,}. "
            "Split it into several articles."
        },
        code="too_long",
    )


def search_vector():
    """The expression of the article's stored search document (migration 0005 stores it
    as a generated column on PostgreSQL; search reads the column, not this)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", "body", config="english")


class ArticleStatus(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


def content_hash(body: str) -> str:
    """The identity of an article's text: re-importing the same cleaned body is a duplicate."""
    normalised = " ".join(body.split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class ArticleQuerySet(models.QuerySet):
    def with_stance_counts(self, *, include_pending: bool = False):
        """Claim and denial counts (accepted statements; pending suggestions too with
        `include_pending`), and how many suggestions await review, whichever is counted."""
        from .counts import pending_count, stance_counts
        from .tallies import tallies_kept

        # Every article has its tally row: saying so (an inner join) lets PostgreSQL walk
        # the tally's index when the list is sorted by a count, instead of sorting them all.
        rows = self.filter(tally__isnull=False) if tallies_kept() else self
        return rows.annotate(
            **stance_counts("article", include_pending=include_pending), pending_count=pending_count("article")
        )


class Article(models.Model):
    """One cleaned news text. Statements point into `body` by offset, so the body is
    frozen once the first statement exists (enforced here and by a database trigger)."""

    source = models.ForeignKey(
        "annotator.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The outlet that published the article.",
    )
    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=300, blank=True, help_text="Who wrote it, as the page or the import says.")
    url = models.URLField(max_length=2000, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    body = models.TextField()
    raw = models.TextField(blank=True, help_text="The input as imported, before cleaning.")
    caption = models.TextField(blank=True, help_text="Photo caption, kept apart from the body.")
    cleaning_report = models.JSONField(default=list, blank=True, help_text="What cleaning dropped, and why.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(max_length=16, default="en")
    status = models.CharField(max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.NEW)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["raw"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=models.Q(url__isnull=False),
                name="article_url_unique_when_set",
                violation_error_message="An article with this URL already exists.",
            ),
            models.CheckConstraint(condition=~models.Q(body=""), name="article_body_not_empty"),
        ]
        indexes = [
            models.Index(fields=["source", "-published_at"], name="article_source_published"),
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["-published_at", "-id"], name="article_published_id"),
        ]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.body)
        if self.url == "":
            self.url = None
        super().save(*args, **kwargs)

    def clean(self):
        if self.url == "":
            self.url = None
        if not self.body or not self.body.strip():
            raise ValidationError({"body": "The article has no text."})
        if (too_long := body_size_error(self.body)) is not None:
            raise too_long
        self.content_hash = content_hash(self.body)
        self.title = " ".join((self.title or "").split())
        if not self.title:
            # Every page must name the article the same way: without a title of its own,
            # it is called by the start of its text, stored so that lists need no body.
            self.title = headline_from_body(self.body)
        if self.pk and self.body_changed() and self.statements.exists():
            raise ValidationError(
                {"body": "The text cannot change once the article has statements: their offsets would drift."}
            )

    @property
    def display_title(self) -> str:
        """The one title every page, the API and the exports show: the stored title, else
        the start of the text. Never blank, never a placeholder like "Article 3"."""
        if self.title:
            return self.title
        # Lists load articles without their text; a title is stored on every save (clean()),
        # so only a row written around the model gets here: read its text once.
        body = self.__dict__.get("body")
        if body is None and self.pk:
            body = type(self).objects.filter(pk=self.pk).values_list("body", flat=True).first()
        return headline_from_body(body or "") or "(no text)"

    def body_changed(self) -> bool:
        if not self.pk:
            return False
        stored = type(self).objects.filter(pk=self.pk).values_list("body", flat=True).first()
        return stored is not None and stored != self.body
