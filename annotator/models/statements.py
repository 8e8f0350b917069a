from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from simple_history.models import HistoricalRecords


class Stance(models.TextChoices):
    CLAIM = "claim", "Claim"
    DENIAL = "denial", "Denial"


class Origin(models.TextChoices):
    MANUAL = "manual", "Manual"
    SUGGESTED = "suggested", "Suggested"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class StatementQuerySet(models.QuerySet):
    def for_article(self, article):
        return self.filter(article=article)

    def canonical(self):
        """Leaves out the independent versions of doubly annotated articles: until a reviewer
        adjudicates them, they are one annotator's reading, not the project's data."""
        return self.filter(independent=False)

    def live(self):
        """Canonical statements but rejected suggestions: what the reader shows and the
        reviewer works on. (The partial indexes below hold exactly these.)"""
        return self.exclude(review_status=ReviewStatus.REJECTED).canonical()

    def own_versions(self, user):
        """`user`'s independent statements (not rejected): all they see of a double article."""
        return self.exclude(review_status=ReviewStatus.REJECTED).filter(independent=True, annotator_id=user.pk)

    def visible_to(self, user):
        """What `user` may read one by one: the canonical statements, their own independent
        ones, and everyone's if they may adjudicate the article."""
        from annotator.double import judges_by_site_role, judging
        from annotator.projects_access import scope_of

        # Admins judge everything; anyone else by their role on each article's projects
        # (a reviewer of one project is an annotator like any other on another's).
        if scope_of(user).is_admin:
            return self
        article = models.OuterRef("article_id")
        return self.filter(
            models.Q(independent=False)
            | models.Q(annotator_id=user.pk)
            | models.Q(judging(user, article_id=article))
            | judges_by_site_role(user, article_id=article)
        )

    def counted(self, *, include_pending: bool = False):
        """Statements that count as facts: accepted ones (an analyst's own statements are
        accepted when made). A pending suggestion is a machine's guess until a reviewer
        checks it, so it counts only when asked for (`include_pending`); a rejected one never."""
        return self.live() if include_pending else self.accepted().canonical()

    def accepted(self):
        return self.filter(review_status=ReviewStatus.ACCEPTED)

    def pending(self):
        return self.filter(review_status=ReviewStatus.PENDING)

    def claims(self):
        return self.filter(stance=Stance.CLAIM)

    def denials(self):
        return self.filter(stance=Stance.DENIAL)

    def in_text_order(self):
        return self.order_by("article_id", "start", "-end", "id")

    def with_related(self):
        return self.select_related("article", "article__source", "speaker", "proposition", "via", "annotator")

    def for_entries(self, *, by: str):
        """Just what an entry of an actor's or a proposition's page shows: the quote, the
        article's title, date and publisher, the relaying outlet, and the other side of
        the pair: the proposition on an actor's page (`by="speaker"`), the speaker on a
        proposition's (`by="proposition"`). Reading whole article, actor and proposition
        rows for each entry was a fifth of the busiest proposition's page, and the joins
        a page does not show are not made."""
        other = {"speaker": ("proposition__text",), "proposition": ("speaker__name", "speaker__role")}[by]
        return self.select_related("article", "article__source", "via", other[0].split("__")[0]).only(
            *("id", "article_id", "start", "stance", "quote", "review_status", "speaker_id", "via_id"),
            *("speaker_text", "note"),
            *("proposition_id", "article__title", "article__published_at", "article__source_id"),
            *("article__source__name", "article__source__slug", "via__name", "via__slug"),
            *other,
        )

    def for_lists(self):
        """`with_related()` without the articles' texts: a list of statements shows each
        article's title and date, and a hundred bodies are half a megabyte to fetch."""
        return self.with_related().defer(
            "article__body", "article__raw", "article__caption", "article__cleaning_report"
        )


def quote_search_vector():
    """The expression the quote full-text index is built on; queries must use the same one."""
    return SearchVector("quote", config="english")


def span_errors(body: str | None, start: int, end: int, quote: str) -> dict[str, str]:
    """What is wrong with `quote` as the span [start, end) of `body` (None: not known yet).
    The one rule, with the one wording, the model, the reader's form and the API apply."""
    if start < 0:
        return {"start": "Start must be 0 or more."}
    if end <= start:
        return {"end": "End must be after start."}
    if body is not None and end > len(body):
        return {"end": f"End {end} is past the end of the article ({len(body)} characters)."}
    if body is not None and quote != body[start:end]:
        return {
            "quote": "The quote does not match the article at these positions: "
            "it must be exactly the article text between start and end."
        }
    return {}


# The fields statement_errors() reads, by attname.
RULE_FIELDS = (
    *("start", "end", "quote", "cue_start", "cue_end", "speaker_start", "speaker_end"),
    *("responds_to_id", "review_status", "speaker_id"),
)


def statement_errors(body: str | None, values, *, pk: int | None = None) -> dict[str, str]:
    """Every rule of a statement that reads more than one field, with its message: what
    `Statement.clean()` checks, and what the API's fast create (annotator/api/fast)
    checks before inserting, the same function for both. `values` maps field attnames
    (`start`, `speaker_id`, ...) to values; `body` is the article's text (None: unknown)."""
    errors: dict[str, str] = {}
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None:
        errors.update(span_errors(body, start, end, values.get("quote")))
    for prefix in ("cue", "speaker"):
        s, e = values.get(f"{prefix}_start"), values.get(f"{prefix}_end")
        if (s is None) != (e is None):
            errors[f"{prefix}_start"] = f"Give both {prefix} start and end, or neither."
        elif s is not None and (s < 0 or e <= s or (body is not None and e > len(body))):
            errors[f"{prefix}_start"] = f"The {prefix} span is outside the article."
    if pk and values.get("responds_to_id") == pk:
        errors["responds_to"] = "A statement cannot respond to itself."
    # A rejected suggestion may keep an unknown speaker: nobody will read it as a statement.
    if values.get("review_status") == ReviewStatus.ACCEPTED and values.get("speaker_id") is None:
        errors["speaker"] = "Name the speaker."
    return errors


def _span_check(prefix: str) -> models.CheckConstraint:
    start, end = f"{prefix}_start", f"{prefix}_end"
    return models.CheckConstraint(
        condition=(models.Q(**{f"{start}__isnull": True}) & models.Q(**{f"{end}__isnull": True}))
        | (models.Q(**{f"{start}__gte": 0}) & models.Q(**{f"{end}__gt": models.F(start)})),
        name=f"statement_{prefix}_span_valid",
        violation_error_message=f"The {prefix} span must have 0 <= start < end, or be empty.",
    )


# Statements that may count: rejected suggestions and independent versions (double
# annotation) left out. The partial indexes below hold only these, with the review status
# last, so a count of accepted statements (the default) and one with pending suggestions
# (`include_pending`) both read the index alone.
_LIVE = ~models.Q(review_status="rejected") & models.Q(independent=False)


def _set(field: str) -> models.Q:
    """Rows whose `field` names something. An index on a foreign key holds only these:
    every lookup by it (`= id`, `IN (ids)`, a join, the key's own checks, a deletion's
    search for referencing rows) names a value, which PostgreSQL proves implies the
    condition, so the index still answers it. Suggestions name no proposition, no
    annotator and no adjudicated statement, and mostly no outlet or known speaker:
    a suggester run's 22,222 rows skip these indexes instead of adding 22,222 empty
    keys to each (0020_store17)."""
    return models.Q(**{f"{field}__isnull": False})


class StatementHistory(HistoricalRecords):
    """The statement history, its speaker and proposition indexes partial (`_set`): a
    merge is undone by the merged actor's or proposition's id, and a suggestion's
    history row names neither."""

    PARTIAL = {"speaker": "hstatement_speaker_set", "proposition": "hstatement_proposition_set"}

    def get_meta_options(self, model):
        meta = super().get_meta_options(model)
        partial = [models.Index(fields=[f], condition=_set(f), name=name) for f, name in self.PARTIAL.items()]
        meta["indexes"] = [*meta.get("indexes", ()), *partial]
        return meta


class Statement(models.Model):
    """One attributed statement: `speaker` claims or denies `proposition`, in the span
    `body[start:end]` of `article`, possibly relayed through `via`.

    Offsets are Python string indices (code points). The database checks the span and,
    by trigger, that `quote` is exactly that slice of the article body."""

    # No index of their own on article, speaker and proposition: each is the first column
    # of an index below (statement_article_start, statement_speaker_stance,
    # statement_prop_stance), which answers every lookup by it, the foreign keys' among
    # them; a third copy of those columns was paid by every insert (0018_bulk17c).
    article = models.ForeignKey(
        "annotator.Article", on_delete=models.CASCADE, related_name="statements", db_index=False
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    speaker = models.ForeignKey(
        "annotator.Actor", null=True, blank=True, on_delete=models.PROTECT, related_name="statements", db_index=False
    )
    # How the text names the speaker ("a senior Iranian official", "he"), and where.
    speaker_text = models.CharField(max_length=300, blank=True)
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.CLAIM)
    proposition = models.ForeignKey(
        "annotator.Proposition",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        db_index=False,
    )
    via = models.ForeignKey(
        "annotator.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relayed_statements",
        db_index=False,  # statement_via_set
        help_text='The outlet the statement was relayed through ("told Reuters").',
    )
    cue = models.CharField(max_length=200, blank=True, help_text='The reporting words: "denied", "told".')
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    direct = models.BooleanField(default=False, help_text="A direct quote, not reported speech.")
    responds_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
        db_index=False,  # statement_responds_to_set
        help_text="The statement this one answers (a denial answering a claim).",
    )
    # Made by one annotator of a doubly annotated article, seen only by them and the
    # reviewers until adjudication: not part of the canonical set the pages count.
    independent = models.BooleanField(default=False)
    # The annotator's version an adjudicated (canonical) statement was taken from.
    adjudicated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="adjudications", db_index=False
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    review_status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.ACCEPTED)
    note = models.TextField(blank=True)
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        db_index=False,  # statement_annotator_set
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    # The history is read by statement (`id`), by article (deleted statements, rejected
    # suggestions) and by speaker or proposition (undoing a merge): no query reads it by
    # annotator, outlet, answered or adjudicated statement, and simple-history's index on
    # each of those was paid by every row stored (0018_bulk17c). Its index on
    # history_date is one setting for every history table (SIMPLE_HISTORY_DATE_INDEX).
    # Speaker and proposition are indexed where set (StatementHistory).
    history = StatementHistory(
        no_db_index=["annotator", "via", "responds_to", "adjudicated_from", "speaker", "proposition"]
    )
    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "-end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__gte=0) & models.Q(end__gt=models.F("start")),
                name="statement_offsets_ordered",
                violation_error_message="A statement needs 0 <= start < end.",
            ),
            models.CheckConstraint(
                condition=models.Q(Exact(Length("quote"), models.F("end") - models.F("start"))),
                name="statement_quote_length_matches_offsets",
                violation_error_message="The quote must be exactly end - start characters long.",
            ),
            _span_check("cue"),
            _span_check("speaker"),
            models.CheckConstraint(
                condition=~models.Q(responds_to=models.F("id")),
                name="statement_does_not_respond_to_itself",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="statement_version_positive"),
        ]
        indexes = [
            models.Index(fields=["article", "start"], name="statement_article_start"),
            # The foreign keys' indexes hold the rows that name something (`_set`).
            models.Index(fields=["proposition", "stance"], condition=_set("proposition"), name="statement_prop_stance"),
            models.Index(fields=["speaker", "stance"], condition=_set("speaker"), name="statement_speaker_stance"),
            models.Index(fields=["via"], condition=_set("via"), name="statement_via_set"),
            models.Index(fields=["annotator"], condition=_set("annotator"), name="statement_annotator_set"),
            models.Index(fields=["responds_to"], condition=_set("responds_to"), name="statement_responds_to_set"),
            models.Index(
                fields=["adjudicated_from"], condition=_set("adjudicated_from"), name="statement_adjudicated_set"
            ),
            models.Index(fields=["review_status", "origin"], name="statement_review_origin"),
            models.Index(fields=["updated_at"], name="statement_updated"),
            # The matrix ranks actors and propositions by their live statements and counts
            # the pairs it shows from this index alone (an index-only scan, no table rows).
            models.Index(
                fields=["speaker", "proposition", "stance", "review_status"],
                condition=_LIVE & _set("speaker"),
                name="statement_canon_pairs",
            ),
            # Claim and denial counts per article and per proposition (per speaker: the
            # index above), from the index alone: a list sorted by its counts needs one
            # for every row.
            models.Index(
                fields=["article", "stance", "review_status"],
                condition=_LIVE,
                name="statement_canon_articles",
            ),
            models.Index(
                fields=["proposition", "stance", "review_status"],
                condition=_LIVE & _set("proposition"),
                name="statement_canon_props",
            ),
            # How many statements each outlet relayed (the sources page).
            models.Index(fields=["via", "review_status"], condition=_LIVE & _set("via"), name="statement_canon_via"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.quote[:60]}"

    def clean(self):
        body = self.article.body if self.article_id else None
        errors = statement_errors(body, {name: getattr(self, name) for name in RULE_FIELDS}, pk=self.pk)
        if errors:
            raise ValidationError(errors)
