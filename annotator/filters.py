"""One FilterSet per resource, shared by the browse pages, the REST API and the
exports: "export what I see" is true by construction."""

import datetime as dt
from dataclasses import dataclass

import django_filters as filters
from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from annotator.models import (
    Actor,
    ActorKind,
    Article,
    ArticleStatus,
    Origin,
    Project,
    Proposition,
    ReviewStatus,
    Source,
    SourceKind,
    Stance,
    Statement,
)
from annotator.models.tallies import tallies_kept
from annotator.projects_access import in_project_condition, named_in, project_buckets, visible_projects
from annotator.search import search_articles, search_quotes
from annotator.selectors.search_terms import search_term

# The largest id a bigint column holds; a bigger number cannot name a row, and would
# overflow the database driver instead of matching nothing.
MAX_ID = 2**63 - 1


class IdFilter(filters.NumberFilter):
    """A row id: a whole number from 1 to MAX_ID, or a 400 naming the parameter."""

    field_class = django_forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class UtcIsoDateTimeField(IsoDateTimeField):
    """ISO 8601 allows offsets up to ±23:59, PostgreSQL only ±15:59: compare in UTC."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise ValidationError("This date and time is out of range.", code="invalid") from None


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


@extend_schema_field(OpenApiTypes.STR)
class ProjectSlugField(filters.fields.ModelChoiceField):
    def to_python(self, value):
        # PostgreSQL refuses a NUL byte in a query: such a slug names no project.
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


@dataclass(frozen=True)
class Requester:
    """What a FilterSet reads of a request: who asks. The selectors, which have a user
    and no request, pass one."""

    user: object


def readable_projects(request):
    """The projects `project=` may name: those the requester holds a role in. Another
    project's slug is refused as an unknown one is (or left out, on a page), instead of
    narrowing to an empty list that would tell them it exists. Without a requester (a
    command): every project."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Project.objects.all()
    return visible_projects(user)


@extend_schema_field(OpenApiTypes.STR)
class ProjectSlugFilter(filters.ModelChoiceFilter):
    """A project named by its slug (the OpenAPI schema says: a string)."""

    field_class = ProjectSlugField


def _named_in(project, link: str) -> Exists | Q:
    """Rows a statement in one of `project`'s articles names through `link` (actors and
    propositions: from the per-project tallies where the database keeps them)."""
    if link in ("speaker", "proposition") and tallies_kept():
        return named_in(project_buckets(project), link)
    return Exists(Statement.objects.filter(in_project_condition(project, "article_id"), **{link: OuterRef("pk")}))


INCLUDE_PENDING = "include_pending"
# `versions=`: the canonical set (the default) or every version of a doubly annotated article.
ALL_VERSIONS = "all"
VERSIONS = (("canonical", "The canonical set"), (ALL_VERSIONS, "Every annotator's version too"))
_PENDING_LABEL = "Include pending suggestions"
_PENDING_HELP = (
    "Count and show pending suggestions (not yet reviewed) beside accepted statements. "
    "Left out by default: a suggestion is not a fact until a reviewer accepts it. Rejected ones never count."
)


def include_pending(params) -> bool:
    """Whether `params` ask for pending suggestions to count (`include_pending=true`), read
    as the FilterSets' own switch reads it, for the counts a list adds to its rows."""
    field = filters.BooleanFilter().field
    try:
        return field.clean(field.widget.value_from_datadict(params, {}, INCLUDE_PENDING)) is True
    except ValidationError:
        return False


class PendingSwitch(filters.FilterSet):
    """The "include pending suggestions" switch every list shares: counts, "has denials",
    "contested" and statement lists take accepted statements only, unless it is on.
    And the project every list can be narrowed to (`project=<slug>`): what each resource
    has in a project, `in_project` says."""

    include_pending = filters.BooleanFilter(
        method="filter_include_pending", label=_PENDING_LABEL, help_text=_PENDING_HELP
    )
    project = ProjectSlugFilter(
        queryset=readable_projects,
        to_field_name="slug",
        method="filter_project",
        label="Project",
        help_text="A project's slug: only what its articles hold.",
    )

    def filter_project(self, queryset, name, value):
        return self.in_project(queryset, value)

    def in_project(self, queryset, project):
        raise NotImplementedError

    def filter_include_pending(self, queryset, name, value):
        # Read by the filters and counts that depend on it (`pending_included`), not a filter by itself.
        return queryset

    @property
    def pending_included(self) -> bool:
        return self.is_valid() and self.form.cleaned_data.get(INCLUDE_PENDING) is True

    def counted_statements(self):
        return Statement.objects.counted(include_pending=self.pending_included)


class StatementFilter(PendingSwitch):
    article = IdFilter(field_name="article_id")
    source = filters.ModelChoiceFilter(
        field_name="article__source", queryset=Source.objects.all(), label="Publishing source"
    )
    speaker = IdFilter(field_name="speaker_id")
    stance = filters.ChoiceFilter(choices=Stance.choices)
    proposition = IdFilter(field_name="proposition_id")
    via = filters.ModelChoiceFilter(queryset=Source.objects.all(), label="Relayed via")
    origin = filters.ChoiceFilter(choices=Origin.choices)
    review_status = filters.ChoiceFilter(choices=ReviewStatus.choices)
    annotator = IdFilter(field_name="annotator_id")
    published_after = filters.DateFilter(
        field_name="article__published_at", lookup_expr="date__gte", label="Published on or after"
    )
    published_before = filters.DateFilter(
        field_name="article__published_at", lookup_expr="date__lte", label="Published on or before"
    )
    created_since = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    updated_since = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    topic = filters.CharFilter(field_name="proposition__topics", lookup_expr="icontains", label="Proposition topic")
    q = filters.CharFilter(method="filter_q", label="Search quotes")
    live = filters.BooleanFilter(
        method="filter_live", label="Not rejected (true: accepted and pending; false: rejected only)"
    )
    # What the review queue hides below a reviewer's threshold, still exportable.
    confidence_below = filters.NumberFilter(
        field_name="score__confidence",
        lookup_expr="lt",
        label="Suggestions the scorer gives a confidence below this (0 to 1)",
    )
    independent = filters.BooleanFilter(
        method="filter_independent",
        label="Independent versions (double annotation): yours, or everyone's if you adjudicate",
    )
    versions = filters.ChoiceFilter(
        choices=VERSIONS,
        method="filter_independent",
        label="Which versions of doubly annotated articles: the canonical set (default), or all: the "
        "canonical set and every annotator's independent version you may read (yours; everyone's if you "
        "review or manage the article's project). Each row says `independent` and `adjudicated_from`",
    )

    class Meta:
        model = Statement
        fields = []

    def filter_q(self, queryset, name, value):
        return search_quotes(queryset, value)

    def in_project(self, queryset, project):
        return queryset.filter(in_project_condition(project, "article_id"))

    def filter_queryset(self, queryset):
        """Accepted statements only, unless the request says which review states it wants:
        `include_pending=true` adds pending suggestions, `review_status` or `live` choose."""
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        chosen = data.get("review_status") or data.get("live") is not None
        pending = data.get(INCLUDE_PENDING) is True
        if data.get("independent") or data.get("versions") == ALL_VERSIONS:
            if data.get("independent"):
                queryset = self._independent_versions(queryset)
            else:
                queryset = self._every_version(queryset)
            if chosen:
                return queryset
            return queryset.exclude(review_status=ReviewStatus.REJECTED) if pending else queryset.accepted()
        # The canonical set, whatever else is asked: independent versions only on request.
        queryset = queryset.canonical()
        return queryset if chosen else queryset.counted(include_pending=pending)

    def filter_independent(self, queryset, name, value):
        # Read by filter_queryset, which applies it after the others.
        return queryset

    def _requester(self):
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None

    def _every_version(self, queryset):
        """The canonical set and the independent versions the requester may read; the
        canonical set alone without a requester."""
        user = self._requester()
        return queryset.canonical() if user is None else queryset.visible_to(user)

    def _independent_versions(self, queryset):
        """Independent statements the requester may see; nobody's without a requester (a
        command's export holds the canonical set only)."""
        user = self._requester()
        return queryset.none() if user is None else queryset.filter(independent=True).visible_to(user)

    def filter_live(self, queryset, name, value):
        rejected = Q(review_status=ReviewStatus.REJECTED)
        return queryset.exclude(rejected) if value else queryset.filter(rejected)


class ArticleFilter(PendingSwitch):
    q = filters.CharFilter(method="filter_q", label="Search title and text")
    source = filters.ModelChoiceFilter(queryset=Source.objects.all())
    status = filters.ChoiceFilter(choices=ArticleStatus.choices)
    published_after = filters.DateFilter(
        field_name="published_at", lookup_expr="date__gte", label="Published on or after"
    )
    published_before = filters.DateFilter(
        field_name="published_at", lookup_expr="date__lte", label="Published on or before"
    )
    has_denials = filters.BooleanFilter(method="filter_has_denials", label="Has denials")
    has_pending = filters.BooleanFilter(method="filter_has_pending", label="Has pending suggestions")
    created_since = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    updated_since = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Article
        fields = []

    def filter_q(self, queryset, name, value):
        return search_articles(queryset, value)

    def in_project(self, queryset, project):
        return queryset.filter(in_project_condition(project))

    def filter_has_denials(self, queryset, name, value):
        denials = self.counted_statements().filter(article=OuterRef("pk"), stance=Stance.DENIAL)
        return queryset.filter(Exists(denials) if value else ~Exists(denials))

    def filter_has_pending(self, queryset, name, value):
        pending = Statement.objects.filter(article=OuterRef("pk"), review_status=ReviewStatus.PENDING)
        return queryset.filter(Exists(pending) if value else ~Exists(pending))


class PropositionFilter(PendingSwitch):
    q = filters.CharFilter(method="filter_q", label="Search")
    topic = filters.CharFilter(field_name="topics", lookup_expr="icontains", label="Topic")
    contested = filters.BooleanFilter(method="filter_contested", label="Contested only")
    merged = filters.BooleanFilter(method="filter_merged", label="Merged into another")

    class Meta:
        model = Proposition
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def in_project(self, queryset, project):
        return queryset.filter(_named_in(project, "proposition"))

    def filter_contested(self, queryset, name, value):
        counted = self.counted_statements().filter(proposition=OuterRef("pk"))
        both = Exists(counted.filter(stance=Stance.CLAIM)) & Exists(counted.filter(stance=Stance.DENIAL))
        return queryset.filter(both) if value else queryset.exclude(both)

    def filter_merged(self, queryset, name, value):
        return queryset.filter(merged_into__isnull=not value)


class ActorFilter(PendingSwitch):
    q = filters.CharFilter(method="filter_q", label="Search names, aliases, roles")
    kind = filters.ChoiceFilter(choices=ActorKind.choices)
    merged = filters.BooleanFilter(method="filter_merged", label="Merged into another")

    class Meta:
        model = Actor
        fields = []

    def in_project(self, queryset, project):
        return queryset.filter(_named_in(project, "speaker"))

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_merged(self, queryset, name, value):
        return queryset.filter(merged_into__isnull=not value)


class SourceFilter(PendingSwitch):
    q = filters.CharFilter(method="filter_q", label="Search names and aliases")
    kind = filters.ChoiceFilter(choices=SourceKind.choices)

    class Meta:
        model = Source
        fields = []

    def in_project(self, queryset, project):
        published = Article.objects.filter(in_project_condition(project), source=OuterRef("pk"))
        return queryset.filter(Exists(published) | _named_in(project, "via"))

    def filter_q(self, queryset, name, value):
        term = search_term(value)
        return queryset.filter(Q(name__icontains=term) | Q(aliases__icontains=term)) if term else queryset
