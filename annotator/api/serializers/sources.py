from rest_framework import serializers

from annotator.models import Source


class SourceSerializer(serializers.ModelSerializer):
    # Blank when unknown, so not a URI in every row.
    homepage = serializers.CharField(read_only=True, help_text="The outlet's web address, or empty.")

    class Meta:
        model = Source
        fields = ["id", "name", "slug", "kind", "homepage", "aliases", "created_at"]
        read_only_fields = fields
