from django.contrib import admin

from .models import Comment, CommentRevision


class CommentRevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    fields = ["text", "by", "created_at"]
    readonly_fields = fields


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["author_name", "version", "frame", "internal", "resolved_at", "created_at"]
    list_filter = ["internal"]
    search_fields = ["text", "author_name"]
    list_select_related = ["version__cut"]
    raw_id_fields = ["version", "thread", "author", "resolved_by"]
    inlines = [CommentRevisionInline]


@admin.register(CommentRevision)
class CommentRevisionAdmin(admin.ModelAdmin):
    list_display = ["comment", "by", "created_at"]
    raw_id_fields = ["comment", "by"]
