"""Compact nested forms of related objects, so a list is readable without extra calls."""

from rest_framework import serializers

from annotator.models import Actor, Article, Proposition, Source


class SourceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "name", "slug"]


class ActorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name", "kind", "role", "affiliation"]


class PropositionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Proposition
        fields = ["id", "text"]


class ArticleRefSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = ["id", "title", "display_title", "url", "published_at", "source"]


def not_merged(obj):
    """Refuse an actor or proposition merged into another: new data goes to the survivor."""
    if obj is not None and obj.merged_into_id is not None:
        raise serializers.ValidationError(
            f"{obj._meta.verbose_name.capitalize()} {obj.pk} was merged into {obj.merged_into_id}; use that one."
        )
    return obj


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A link by id to a record the requesting user may see. `visible(user, queryset)`
    narrows the candidates (annotator.projects_access), so a record only another
    project's statements name is answered exactly as one that does not exist: its id
    cannot be probed. Without a request in the context nothing is visible."""

    def __init__(self, *, visible, **kwargs):
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        return self.visible(user, queryset)
