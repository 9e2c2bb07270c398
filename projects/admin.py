from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import (
    Client,
    Invitation,
    Membership,
    Notification,
    NotificationSetting,
    Organization,
    Project,
    ProjectAccess,
    TimelineEvent,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "time_zone", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "time_zone")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "organization"]
    list_filter = ["organization"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "client"]
    list_filter = ["role", "organization"]
    search_fields = ["user__email"]
    list_select_related = ["user", "organization", "client"]


class ProjectAccessInline(admin.TabularInline):
    model = ProjectAccess
    extra = 0
    fk_name = "project"
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "client", "organization", "stage", "status", "due_date"]
    list_filter = ["stage", "status", "organization"]
    search_fields = ["title", "client__name"]
    list_select_related = ["client", "organization"]
    inlines = [ProjectAccessInline]


@admin.register(ProjectAccess)
class ProjectAccessAdmin(admin.ModelAdmin):
    list_display = ["project", "user", "created_at"]
    list_select_related = ["project", "user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "status", "expires_at", "sent_at"]
    list_filter = ["status", "role"]
    search_fields = ["email"]
    readonly_fields = ["token"]


@admin.register(TimelineEvent)
class TimelineEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "project", "stage", "kind", "summary"]
    list_filter = ["stage", "kind"]
    search_fields = ["summary", "project__title"]
    list_select_related = ["project"]
    readonly_fields = [f.name for f in TimelineEvent._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "read_at", "emailed_at", "created_at"]
    list_filter = ["kind", "digest"]
    search_fields = ["title", "user__email"]
    raw_id_fields = ["user", "project"]


@admin.register(NotificationSetting)
class NotificationSettingAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "inbox", "email"]
    raw_id_fields = ["user"]
