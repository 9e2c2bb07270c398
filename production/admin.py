from django.contrib import admin

from .models import Cut, MediaAsset, QCFinding, Render, Upload, Version


class VersionInline(admin.TabularInline):
    model = Version
    extra = 0
    fields = ["number", "asset", "note", "created_by", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["asset", "created_by"]


@admin.register(Cut)
class CutAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "client_visible", "created_at"]
    list_filter = ["client_visible"]
    search_fields = ["title", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "created_by"]
    inlines = [VersionInline]


class RenderInline(admin.TabularInline):
    model = Render
    extra = 0
    fields = ["status", "progress", "attempts", "started_at", "finished_at", "error"]
    readonly_fields = fields
    show_change_link = True


@admin.register(MediaAsset)
class MediaAssetAdmin(admin.ModelAdmin):
    list_display = ["original_name", "project", "purpose", "status", "media_type", "duration", "size", "created_at"]
    list_filter = ["status", "purpose", "media_type"]
    search_fields = ["original_name", "sha256", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "uploaded_by"]
    readonly_fields = ["sha256", "probe_data", "loudness_lufs", "true_peak_dbtp"]
    inlines = [RenderInline]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["cut", "number", "asset", "created_at"]
    list_select_related = ["cut", "asset"]
    raw_id_fields = ["cut", "asset", "created_by"]


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["filename", "project", "user", "status", "offset", "length", "expires_at"]
    list_filter = ["status"]
    search_fields = ["filename", "user__email"]
    list_select_related = ["project", "user"]
    raw_id_fields = ["project", "user", "cut", "asset"]
    readonly_fields = ["parts", "offset"]


@admin.register(Render)
class RenderAdmin(admin.ModelAdmin):
    list_display = ["asset", "status", "progress", "attempts", "started_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["asset"]
    raw_id_fields = ["asset", "requested_by"]
    readonly_fields = ["outputs", "log_tail", "heartbeat_at"]


@admin.register(QCFinding)
class QCFindingAdmin(admin.ModelAdmin):
    list_display = ["asset", "kind", "severity", "start", "end", "message"]
    list_filter = ["kind", "severity"]
    list_select_related = ["asset"]
    raw_id_fields = ["asset", "render"]
