from django.contrib import admin

from .models import (
    Approval,
    Comment,
    CommentRevision,
    MessageMark,
    ReviewPolicy,
    ShareGuest,
    ShareLink,
    ShareVisit,
)


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


@admin.register(Approval)
class ApprovalAdmin(admin.ModelAdmin):
    """Decisions are records: the admin reads them, never changes them."""

    list_display = ["version", "decision", "round", "by_name", "sha256", "created_at"]
    list_filter = ["decision", "round", "internal"]
    search_fields = ["by_name", "by_email", "sha256", "note"]
    list_select_related = ["version__cut"]
    readonly_fields = ["version", "decision", "round", "by", "by_name", "by_email", "note", "sha256", "internal"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(admin.ModelAdmin):
    list_display = ["project", "lead", "two_rounds", "master_cut"]
    raw_id_fields = ["project", "lead", "master_cut"]
    filter_horizontal = ["approvers"]


class ShareVisitInline(admin.TabularInline):
    model = ShareVisit
    extra = 0
    fields = ["guest", "version", "ip", "user_agent", "created_at"]
    readonly_fields = fields


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cut", "can_comment", "can_approve", "can_download", "expires_at", "revoked_at"]
    list_filter = ["can_comment", "can_approve", "can_download", "watermark"]
    search_fields = ["name", "cut__title"]
    raw_id_fields = ["cut", "created_by", "revoked_by"]
    filter_horizontal = ["versions"]
    readonly_fields = ["token", "password_hash"]
    inlines = [ShareVisitInline]


@admin.register(ShareGuest)
class ShareGuestAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "link", "created_at"]
    search_fields = ["name", "email"]
    raw_id_fields = ["link"]


@admin.register(ShareVisit)
class ShareVisitAdmin(admin.ModelAdmin):
    list_display = ["link", "guest", "version", "ip", "created_at"]
    raw_id_fields = ["link", "guest", "version"]


@admin.register(MessageMark)
class MessageMarkAdmin(admin.ModelAdmin):
    list_display = ["version", "message_key", "frame", "by_name", "created_at"]
    list_select_related = ["version__cut"]
    raw_id_fields = ["version", "by", "guest"]
