from rest_framework import serializers

from annotator.models import Actor


class ActorSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(
        read_only=True,
        help_text="Claims by this actor: accepted statements (pending suggestions too with `include_pending=true`).",
    )
    denial_count = serializers.IntegerField(
        read_only=True,
        help_text="Denials by this actor: accepted statements (pending suggestions too with `include_pending=true`).",
    )

    class Meta:
        model = Actor
        fields = [
            "id",
            "name",
            "kind",
            "role",
            "affiliation",
            "country",
            "aliases",
            "merged_into",
            "claim_count",
            "denial_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ActorWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=Actor._meta.get_field("kind").choices, required=False)
    role = serializers.CharField(max_length=300, required=False, allow_blank=True)
    affiliation = serializers.CharField(max_length=300, required=False, allow_blank=True)
    country = serializers.CharField(max_length=100, required=False, allow_blank=True)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=100)


class ActorUpdateSerializer(ActorWriteSerializer):
    updated_at = serializers.DateTimeField(
        required=False,
        help_text="Required when changing: the `updated_at` you read. If it was saved since, the answer is 409 "
        "and nothing is overwritten.",
    )


class MergeSerializer(serializers.Serializer):
    target = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="The id of the object this one duplicates; it survives."
    )
