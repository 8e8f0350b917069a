from rest_framework import serializers

from annotator.double import is_double
from annotator.models import Actor, Article, Proposition, Source, Statement
from annotator.projects_access import visible_actors, visible_propositions, visible_sources, visible_statements

from .refs import (
    ActorRefSerializer,
    ArticleRefSerializer,
    PropositionRefSerializer,
    SourceRefSerializer,
    VisibleRelatedField,
    not_merged,
)


def answerable_statements(user, queryset):
    """Statements a new or changed statement may answer: those the user may read one by
    one (their projects; of a double article's independent versions, their own, or all
    if they adjudicate it)."""
    return visible_statements(user, queryset).visible_to(user)


class StatementSerializer(serializers.ModelSerializer):
    """A statement as read, with its article, speaker, proposition and via-source inlined."""

    article_detail = ArticleRefSerializer(source="article", read_only=True)
    speaker_detail = ActorRefSerializer(source="speaker", read_only=True, allow_null=True)
    proposition_detail = PropositionRefSerializer(source="proposition", read_only=True, allow_null=True)
    via_detail = SourceRefSerializer(source="via", read_only=True, allow_null=True)
    annotator_name = serializers.CharField(source="annotator.username", read_only=True, allow_null=True)

    class Meta:
        model = Statement
        fields = [
            "id",
            "article",
            "article_detail",
            "start",
            "end",
            "quote",
            "stance",
            "speaker",
            "speaker_detail",
            "speaker_text",
            "speaker_start",
            "speaker_end",
            "proposition",
            "proposition_detail",
            "via",
            "via_detail",
            "cue",
            "cue_start",
            "cue_end",
            "direct",
            "responds_to",
            "origin",
            "review_status",
            "note",
            "annotator",
            "annotator_name",
            "created_at",
            "updated_at",
            "version",
            # Double annotation: one annotator's version (listed with `versions=all` or
            # `independent=true`), or the version this canonical statement was adjudicated from.
            "independent",
            "adjudicated_from",
        ]
        read_only_fields = fields


class _StatementWriteSerializer(serializers.Serializer):
    """The fields a client may set. Field types and existence are checked here; the
    statement rules (offsets, quote) by the service, exactly as for the UI."""

    start = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    end = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    quote = serializers.CharField(
        required=False, trim_whitespace=False, help_text="Optional: the text at [start, end); checked when given."
    )
    stance = serializers.ChoiceField(choices=Statement._meta.get_field("stance").choices)
    # Each link is to a record the user may see (VisibleRelatedField): the same error as
    # for an id that does not exist.
    speaker = VisibleRelatedField(
        queryset=Actor.objects.all(), visible=visible_actors, allow_null=True, required=False, validators=[not_merged]
    )
    speaker_text = serializers.CharField(max_length=300, required=False, allow_blank=True)
    speaker_start = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False, allow_null=True)
    speaker_end = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False, allow_null=True)
    proposition = VisibleRelatedField(
        queryset=Proposition.objects.all(),
        visible=visible_propositions,
        allow_null=True,
        required=False,
        validators=[not_merged],
    )
    via = VisibleRelatedField(queryset=Source.objects.all(), visible=visible_sources, allow_null=True, required=False)
    cue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    cue_start = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False, allow_null=True)
    cue_end = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False, allow_null=True)
    direct = serializers.BooleanField(required=False)
    responds_to = VisibleRelatedField(
        queryset=Statement.objects.all(), visible=answerable_statements, allow_null=True, required=False
    )
    review_status = serializers.ChoiceField(
        choices=Statement._meta.get_field("review_status").choices,
        required=False,
        help_text="Only reviewers may set a status other than the one a statement starts with or has.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=10_000)


class StatementCreateSerializer(_StatementWriteSerializer):
    # With its source: the created statement is answered from these objects, not fetched again.
    # Whether the article is doubly annotated comes along, so a create on an ordinary
    # article costs no query more (annotator.double.works_independently).
    article = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.select_related("source").annotate(is_double=is_double())
    )
    origin = serializers.ChoiceField(choices=Statement._meta.get_field("origin").choices, required=False)


class StatementUpdateSerializer(_StatementWriteSerializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you edited, as you last read it."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class StatementConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = StatementSerializer(help_text="The statement as it is now: merge your change into it and retry.")
