"""Admin for every model: search, filters, and simple-history's history view
(with its revert), for the people who run the server."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from annotator.models import Actor, Article, Job, Proposition, Source, Statement
from annotator.services.jobs import job_delete
from annotator.services.tokens import user_sign_out_everywhere


def _stamp_of(record) -> str:
    # Statements carry a version; the other records change `updated_at` on every save.
    return str(record.version if hasattr(record, "version") else record.updated_at)


class StampedForm(forms.ModelForm):
    """Carries the version (or `updated_at`) the page was read at."""

    read_stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["read_stamp"].initial = _stamp_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = type(self.instance)._default_manager.select_for_update().get(pk=self.instance.pk)
            if _stamp_of(current) != self.data.get("read_stamp"):
                raise ValidationError(
                    "Someone else saved this record since you opened it; nothing was overwritten. "
                    "Reload the page to see their version."
                )
        return cleaned


class GuardedAdmin(SimpleHistoryAdmin):
    """Admin edits are optimistic too: a save from a page read before someone else's save
    is refused, never silently applied. The change view runs in a transaction, and the
    row stays locked from the check to the save."""

    form = StampedForm

    def save_model(self, request, obj, form, change):
        if change and hasattr(obj, "version"):
            obj.version += 1  # as the service does: the next reader of the old version loses
        super().save_model(request, obj, form, change)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "homepage"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(GuardedAdmin):
    list_display = ["title", "source", "published_at", "status", "created_at"]
    list_filter = ["status", "source", "language"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published_at"
    list_select_related = ["source"]
    readonly_fields = ["content_hash", "created_at", "updated_at", "raw", "cleaning_report"]
    raw_id_fields = ["created_by"]


@admin.register(Actor)
class ActorAdmin(GuardedAdmin):
    list_display = ["name", "kind", "role", "affiliation", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases", "role", "affiliation"]
    raw_id_fields = ["merged_into"]


@admin.register(Proposition)
class PropositionAdmin(GuardedAdmin):
    list_display = ["text", "created_at"]
    search_fields = ["text", "topics"]
    raw_id_fields = ["merged_into"]


@admin.register(Statement)
class StatementAdmin(GuardedAdmin):
    list_display = ["id", "article", "speaker", "stance", "proposition", "via", "origin", "review_status"]
    list_filter = ["stance", "origin", "review_status", "direct", "via"]
    search_fields = ["quote", "cue", "note", "speaker__name", "proposition__text"]
    list_select_related = ["article", "speaker", "proposition", "via"]
    raw_id_fields = ["article", "speaker", "proposition", "responds_to", "annotator"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs change only through their runs and the Retry button. Deleting a job
    deletes its export file too."""

    list_display = ["id", "kind", "status", "label", "started_by", "done", "total", "attempt", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["label", "error", "started_by__username"]
    list_select_related = ["started_by"]
    date_hierarchy = "created_at"
    # The uploaded text can be megabytes: the admin shows the job, not its input.
    exclude = ["input_text"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("input_text")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        job_delete(job=obj)

    def delete_queryset(self, request, queryset):
        for job in queryset:
            job_delete(job=job)


User = get_user_model()


@admin.action(description="Sign out everywhere: revoke API tokens and end sessions")
def sign_out_everywhere(modeladmin, request, queryset):
    tokens = sessions = 0
    for user in queryset:
        revoked, ended = user_sign_out_everywhere(user=user)
        tokens, sessions = tokens + revoked, sessions + ended
    modeladmin.message_user(
        request,
        f"Signed out {len(queryset)} user(s): revoked {tokens} API token{'' if tokens == 1 else 's'} "
        f"and ended {sessions} session{'' if sessions == 1 else 's'}.",
    )


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    actions = [sign_out_everywhere]
