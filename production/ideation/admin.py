from django.contrib import admin

from .models import (
    Brief,
    BriefAsset,
    BriefKpi,
    BriefMessage,
    BriefPlatform,
    BriefSignoff,
    BriefVersion,
    Idea,
    IdeaComment,
    IdeaVote,
)


class IdeaCommentInline(admin.TabularInline):
    model = IdeaComment
    extra = 0
    fields = ["author_name", "text", "created_at"]
    readonly_fields = fields


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "status", "author", "project", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "pitch"]
    list_select_related = ["organization", "author", "project"]
    raw_id_fields = ["organization", "author", "project"]
    inlines = [IdeaCommentInline]


@admin.register(IdeaVote)
class IdeaVoteAdmin(admin.ModelAdmin):
    list_display = ["idea", "user", "created_at"]
    raw_id_fields = ["idea", "user"]


@admin.register(IdeaComment)
class IdeaCommentAdmin(admin.ModelAdmin):
    list_display = ["idea", "author_name", "created_at"]
    search_fields = ["text", "author_name"]
    raw_id_fields = ["idea", "author"]


class ReadOnlyRowInline(admin.TabularInline):
    """A version's rows: saved versions are records, never edited (the next save is a new version)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class KpiInline(ReadOnlyRowInline):
    model = BriefKpi
    fields = ["key", "metric", "target", "due", "position"]


class PlatformInline(ReadOnlyRowInline):
    model = BriefPlatform
    fields = ["key", "platform", "ideal_runtime", "aspect_ratios", "notes", "position"]


class MessageInline(ReadOnlyRowInline):
    model = BriefMessage
    fields = ["key", "text", "kind", "position"]


class AssetInline(ReadOnlyRowInline):
    model = BriefAsset
    fields = ["key", "kind", "count", "aspect_ratio", "duration", "notes", "position"]


class SignoffInline(ReadOnlyRowInline):
    model = BriefSignoff
    fields = ["by_name", "by_email", "note", "created_at"]
    readonly_fields = fields


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ["project", "created_at"]
    raw_id_fields = ["project"]
    list_select_related = ["project"]


@admin.register(BriefVersion)
class BriefVersionAdmin(admin.ModelAdmin):
    """Versions are records: the admin reads them, never changes them."""

    list_display = ["brief", "number", "objective", "created_by_name", "created_at"]
    list_filter = ["objective"]
    list_select_related = ["brief__project"]
    readonly_fields = [
        "brief", "number", "summary", "objective", "audience", "budget", "currency", "deadline", "note",
        "created_by", "created_by_name",
    ]  # fmt: skip
    inlines = [KpiInline, PlatformInline, MessageInline, AssetInline, SignoffInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class RowAdmin(admin.ModelAdmin):
    """A version's rows are part of the record: read only."""

    raw_id_fields = ["version"]
    list_select_related = ["version__brief__project"]
    readonly_fields = ["key"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BriefKpi)
class BriefKpiAdmin(RowAdmin):
    list_display = ["version", "metric", "target", "due"]
    list_filter = ["metric"]


@admin.register(BriefPlatform)
class BriefPlatformAdmin(RowAdmin):
    list_display = ["version", "platform", "ideal_runtime"]
    list_filter = ["platform"]


@admin.register(BriefMessage)
class BriefMessageAdmin(RowAdmin):
    list_display = ["version", "text", "kind"]
    search_fields = ["text"]


@admin.register(BriefAsset)
class BriefAssetAdmin(RowAdmin):
    list_display = ["version", "kind", "count", "aspect_ratio", "duration"]
    list_filter = ["kind"]


@admin.register(BriefSignoff)
class BriefSignoffAdmin(admin.ModelAdmin):
    """Sign-offs are records: read only."""

    list_display = ["version", "by_name", "by_email", "created_at"]
    raw_id_fields = ["version", "by"]
    readonly_fields = ["version", "by", "by_name", "by_email", "note"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
