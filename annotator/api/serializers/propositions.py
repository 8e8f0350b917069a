from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotator.models import Proposition
from annotator.selectors.stance_summaries import proposition_stance_summaries


class SpeakerCountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    statements = serializers.IntegerField(help_text="How many statements of this stance the speaker made.")


class _SummarisingListSerializer(serializers.ListSerializer):
    """Summarises a whole page of propositions in one query, not one per proposition."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        self.child.summaries = proposition_stance_summaries(
            [p.pk for p in items],
            include_pending=self.context.get("include_pending", False),
            within=self.context.get("within"),
        )
        return [self.child.to_representation(item) for item in items]


class PropositionSerializer(serializers.ModelSerializer):
    claim_count = serializers.SerializerMethodField()
    denial_count = serializers.SerializerMethodField()
    contested = serializers.SerializerMethodField()
    claimants = serializers.SerializerMethodField()
    deniers = serializers.SerializerMethodField()

    class Meta:
        model = Proposition
        list_serializer_class = _SummarisingListSerializer
        fields = [
            "id",
            "text",
            "topics",
            "merged_into",
            "claim_count",
            "denial_count",
            "contested",
            "claimants",
            "deniers",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    summaries: dict | None = None

    def _summary(self, obj):
        if self.summaries is None or obj.pk not in self.summaries:
            counted = proposition_stance_summaries(
                [obj.pk], include_pending=self.context.get("include_pending", False), within=self.context.get("within")
            )
            self.summaries = {**(self.summaries or {}), **counted}
        return self.summaries[obj.pk]

    @extend_schema_field(
        serializers.IntegerField(
            help_text="Claims of it: accepted statements (pending suggestions too with "
            "`include_pending=true`; rejected never)."
        )
    )
    def get_claim_count(self, obj) -> int:
        return self._summary(obj).claim_count

    @extend_schema_field(
        serializers.IntegerField(
            help_text="Denials of it: accepted statements (pending suggestions too with "
            "`include_pending=true`; rejected never)."
        )
    )
    def get_denial_count(self, obj) -> int:
        return self._summary(obj).denial_count

    @extend_schema_field(serializers.BooleanField(help_text="Both claimed and denied."))
    def get_contested(self, obj) -> bool:
        summary = self._summary(obj)
        return summary.claim_count > 0 and summary.denial_count > 0

    @extend_schema_field(SpeakerCountSerializer(many=True, help_text="Who claims it, most statements first."))
    def get_claimants(self, obj):
        return self._summary(obj).claimants

    @extend_schema_field(SpeakerCountSerializer(many=True, help_text="Who denies it, most statements first."))
    def get_deniers(self, obj):
        return self._summary(obj).deniers


class PropositionWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=1000)
    topics = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=100)


class PropositionUpdateSerializer(PropositionWriteSerializer):
    updated_at = serializers.DateTimeField(
        required=False,
        help_text="Required when changing: the `updated_at` you read. If it was saved since, the answer is 409 "
        "and nothing is overwritten.",
    )
