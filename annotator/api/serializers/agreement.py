"""The agreement of a project over the API: the same figures as its page and its CSV."""

from rest_framework import serializers


class AgreementFiguresSerializer(serializers.Serializer):
    articles = serializers.IntegerField(help_text="Articles compared.")
    first_statements = serializers.IntegerField(help_text="Statements of the first annotator (of each pair).")
    second_statements = serializers.IntegerField()
    exact_matches = serializers.IntegerField(help_text="Statements both marked with the very same span.")
    overlap_matches = serializers.IntegerField(
        help_text="Statements both marked, with spans sharing at least half of the shorter (exact ones included)."
    )
    f1_exact = serializers.FloatField(allow_null=True)
    f1_overlap = serializers.FloatField(allow_null=True)
    stance_agreement = serializers.FloatField(allow_null=True, help_text="Share of matched statements, same stance.")
    stance_kappa = serializers.FloatField(allow_null=True, help_text="Cohen's kappa; null when undefined.")
    stance_alpha = serializers.FloatField(
        allow_null=True, help_text="Krippendorff's alpha (nominal); null when undefined."
    )
    speaker_agreement = serializers.FloatField(allow_null=True)
    proposition_agreement = serializers.FloatField(allow_null=True)
    via_agreement = serializers.FloatField(allow_null=True)
    claim_claim = serializers.IntegerField(help_text="Matched: claim for both.")
    claim_denial = serializers.IntegerField(help_text="Matched: claim for the first, denial for the second.")
    denial_claim = serializers.IntegerField()
    denial_denial = serializers.IntegerField()


class AgreementPairSerializer(serializers.Serializer):
    first = serializers.CharField(help_text="Username of the first annotator.")
    second = serializers.CharField()
    figures = AgreementFiguresSerializer()


class AgreementArticleSerializer(serializers.Serializer):
    article = serializers.IntegerField()
    title = serializers.CharField()
    pairs = AgreementPairSerializer(many=True)


class ProjectAgreementSerializer(serializers.Serializer):
    project = serializers.SlugField()
    overall = AgreementFiguresSerializer()
    pairs = AgreementPairSerializer(many=True)
    articles = AgreementArticleSerializer(many=True)
