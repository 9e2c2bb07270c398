from django.contrib import admin

from .models import Frame, FrameComment, Scene, Script, ScriptVersion, Shot


class ScriptVersionInline(admin.TabularInline):
    model = ScriptVersion
    extra = 0
    fields = ["number", "origin", "file_name", "note", "lines", "created_by", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Script)
class ScriptAdmin(admin.ModelAdmin):
    list_display = ["project", "title", "updated_at"]
    search_fields = ["title", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    inlines = [ScriptVersionInline]


class SceneInline(admin.TabularInline):
    model = Scene
    extra = 0
    fields = ["position", "number", "heading", "setting", "location", "time_of_day", "lines"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScriptVersion)
class ScriptVersionAdmin(admin.ModelAdmin):
    """Versions are records (a change is a new version): the admin reads them."""

    list_display = ["script", "number", "origin", "file_name", "lines", "created_by", "created_at"]
    list_filter = ["origin"]
    search_fields = ["script__project__title", "file_name", "note"]
    list_select_related = ["script__project", "created_by"]
    readonly_fields = ["script", "number", "origin", "file_name", "note", "source", "title_page", "lead", "lines",
                       "created_by"]  # fmt: skip
    inlines = [SceneInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Scene)
class SceneAdmin(admin.ModelAdmin):
    list_display = ["heading", "number", "version", "setting", "time_of_day", "lines"]
    list_filter = ["setting"]
    search_fields = ["heading", "location", "version__script__project__title"]
    list_select_related = ["version__script__project"]
    raw_id_fields = ["version"]


class FrameCommentInline(admin.TabularInline):
    model = FrameComment
    extra = 0
    fields = ["author_name", "text", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Frame)
class FrameAdmin(admin.ModelAdmin):
    list_display = ["project", "position", "shot_size", "angle", "movement", "duration", "scene"]
    list_filter = ["shot_size", "image_source"]
    search_fields = ["project__title", "notes", "dialogue"]
    list_select_related = ["project", "scene"]
    raw_id_fields = ["project", "scene", "source_asset", "created_by"]
    inlines = [FrameCommentInline]


@admin.register(FrameComment)
class FrameCommentAdmin(admin.ModelAdmin):
    list_display = ["author_name", "frame", "created_at"]
    search_fields = ["text", "author_name"]
    raw_id_fields = ["frame", "author"]


@admin.register(Shot)
class ShotAdmin(admin.ModelAdmin):
    list_display = ["number", "project", "position", "scene", "shot_size", "framing", "status", "setup_minutes",
                    "shoot_minutes"]  # fmt: skip
    list_filter = ["status", "framing", "shot_size"]
    search_fields = ["number", "project__title", "description", "cast", "location"]
    list_select_related = ["project", "scene"]
    raw_id_fields = ["project", "scene", "frame", "created_by"]
