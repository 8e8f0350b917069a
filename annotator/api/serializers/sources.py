from rest_framework import serializers

from annotator.models import Source


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "name", "slug", "kind", "homepage", "aliases", "created_at"]
        read_only_fields = fields
