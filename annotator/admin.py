"""Admin for every model: search, filters, and simple-history's history view
(with its revert), for the people who run the server."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from annotator.models import Actor, Article, Proposition, Source, Statement


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "homepage"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "source", "published_at", "status", "created_at"]
    list_filter = ["status", "source", "language"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published_at"
    list_select_related = ["source"]
    readonly_fields = ["content_hash", "created_at", "updated_at", "raw", "cleaning_report"]
    raw_id_fields = ["created_by"]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "role", "affiliation", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases", "role", "affiliation"]
    raw_id_fields = ["merged_into"]


@admin.register(Proposition)
class PropositionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "created_at"]
    search_fields = ["text", "topics"]
    raw_id_fields = ["merged_into"]


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["id", "article", "speaker", "stance", "proposition", "via", "origin", "review_status"]
    list_filter = ["stance", "origin", "review_status", "direct", "via"]
    search_fields = ["quote", "cue", "note", "speaker__name", "proposition__text"]
    list_select_related = ["article", "speaker", "proposition", "via"]
    raw_id_fields = ["article", "speaker", "proposition", "responds_to", "annotator"]
    readonly_fields = ["version", "created_at", "updated_at"]
