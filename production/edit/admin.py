from django.contrib import admin

from .models import Cut, PostTask, Version


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


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["cut", "number", "asset", "created_at"]
    list_select_related = ["cut", "asset"]
    raw_id_fields = ["cut", "asset", "created_by"]


@admin.register(PostTask)
class PostTaskAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "kind", "status", "assignee", "due_date"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "project__title"]
    list_select_related = ["project", "assignee"]
    raw_id_fields = ["project", "assignee", "created_by"]
    filter_horizontal = ["depends_on"]
