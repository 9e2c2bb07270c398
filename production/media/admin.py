from django.contrib import admin

from .models import MediaAsset, QCFinding, Render, Upload, UploadPart
from .transcript_models import Cue, Transcript, TranscriptRevision


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


class UploadPartInline(admin.TabularInline):
    model = UploadPart
    extra = 0
    fields = ["offset", "size", "name", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["filename", "project", "user", "status", "offset", "length", "expires_at"]
    list_filter = ["status"]
    search_fields = ["filename", "user__email"]
    list_select_related = ["project", "user"]
    raw_id_fields = ["project", "user", "asset"]
    readonly_fields = ["offset"]
    inlines = [UploadPartInline]


@admin.register(UploadPart)
class UploadPartAdmin(admin.ModelAdmin):
    """Read only: parts are written by the tus server alone."""

    list_display = ["upload", "offset", "size", "name", "created_at"]
    list_select_related = ["upload"]
    search_fields = ["upload__filename", "name"]
    readonly_fields = ["upload", "offset", "size", "name"]

    def has_add_permission(self, request):
        return False


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


class TranscriptRevisionInline(admin.TabularInline):
    model = TranscriptRevision
    extra = 0
    fields = ["number", "source", "filename", "model_name", "language", "cue_count", "created_by", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Transcript)
class TranscriptAdmin(admin.ModelAdmin):
    list_display = ["asset", "status", "language", "model_name", "revision", "progress", "finished_at"]
    list_filter = ["status", "language"]
    search_fields = ["asset__original_name", "asset__title", "asset__project__title"]
    list_select_related = ["asset"]
    raw_id_fields = ["asset", "requested_by"]
    readonly_fields = ["started_at", "finished_at", "attempts"]
    inlines = [TranscriptRevisionInline]


@admin.register(Cue)
class CueAdmin(admin.ModelAdmin):
    list_display = ["transcript", "revision", "index", "start_ms", "end_ms", "text", "edited"]
    list_filter = ["edited"]
    search_fields = ["text"]
    list_select_related = ["transcript__asset"]
    raw_id_fields = ["transcript", "edited_by"]


@admin.register(TranscriptRevision)
class TranscriptRevisionAdmin(admin.ModelAdmin):
    list_display = ["transcript", "number", "source", "filename", "cue_count", "created_by", "created_at"]
    list_filter = ["source"]
    search_fields = ["filename", "transcript__asset__original_name"]
    list_select_related = ["transcript__asset", "created_by"]
    raw_id_fields = ["transcript", "created_by"]
