from rest_framework import serializers

from annotator.models import Article, Project, Source

from .refs import SourceRefSerializer


class ProjectSlugField(serializers.SlugRelatedField):
    def to_internal_value(self, data):
        # PostgreSQL refuses a NUL byte in a query: such a slug names no project.
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


ARTICLE_FIELDS = [
    "id",
    "title",
    "display_title",
    "author",
    "url",
    "source",
    "source_detail",
    "published_at",
    "language",
    "status",
    "claim_count",
    "denial_count",
    "created_at",
    "updated_at",
]


class ArticleSerializer(serializers.ModelSerializer):
    """An article in a list: everything but its text."""

    source_detail = SourceRefSerializer(source="source", read_only=True, allow_null=True)
    display_title = serializers.CharField(
        read_only=True, help_text="The title every page shows: `title`, else the start of the text."
    )
    claim_count = serializers.IntegerField(read_only=True, help_text="Live claims in it.")
    denial_count = serializers.IntegerField(read_only=True, help_text="Live denials in it.")

    class Meta:
        model = Article
        fields = ARTICLE_FIELDS
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    """One article with its cleaned text: statement offsets index into `body`."""

    created_by_name = serializers.CharField(source="created_by.username", read_only=True, allow_null=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ARTICLE_FIELDS, "body", "caption", "cleaning_report", "content_hash", "created_by_name"]
        read_only_fields = fields


class ArticleCreateSerializer(serializers.Serializer):
    raw = serializers.CharField(
        trim_whitespace=False,
        max_length=10 * 1024 * 1024,
        required=False,
        help_text="The article as text or HTML; it is cleaned as on import (mojibake, boilerplate, repeats). "
        "Leave it out to fetch the page at `url`.",
    )
    format = serializers.ChoiceField(choices=[("text", "Plain text"), ("html", "HTML page")], default="text")
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    url = serializers.URLField(
        max_length=2000,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Where the article was published. Without `raw`, the page is fetched from it (public http(s) "
        "addresses only), and its title, date and outlet are read from it; a page that cannot be fetched is a "
        "400 naming `url`, with the reason.",
    )
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), required=False, allow_null=True)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    project = ProjectSlugField(
        slug_field="slug",
        queryset=Project.objects.all(),
        required=False,
        allow_null=True,
        help_text="The project (its slug) the article joins; without one, the default project.",
    )

    def validate(self, attrs):
        if not attrs.get("raw") and not attrs.get("url"):
            raise serializers.ValidationError(
                {"raw": "Give the article's text (`raw`), or its address (`url`) to fetch it."}, code="required"
            )
        return attrs


class ArticleUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    author = serializers.CharField(max_length=300, required=False, allow_blank=True)
    url = serializers.URLField(max_length=2000, required=False, allow_null=True, allow_blank=True)
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), required=False, allow_null=True)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    language = serializers.CharField(max_length=16, required=False)
    status = serializers.ChoiceField(choices=Article._meta.get_field("status").choices, required=False)
    body = serializers.CharField(
        required=False, trim_whitespace=False, help_text="Refused once the article has statements."
    )
    updated_at = serializers.DateTimeField(
        required=False,
        help_text="Required when changing: the `updated_at` you read. If it was saved since, the answer is 409 "
        "and nothing is overwritten.",
    )


class ArticleDuplicateSerializer(serializers.Serializer):
    detail = serializers.CharField()
    duplicate_of = serializers.IntegerField(help_text="The id of the article that already has this text.")
    current = ArticleSerializer(help_text="That article.")
