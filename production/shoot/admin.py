"""The shoot stage in the admin: every model, with its project at hand. Call sheet copies are
records of what was sent: read, not written."""

from django.contrib import admin

from .models import (
    BudgetLine,
    CallSheet,
    CallSheetRecipient,
    Daily,
    DailyReport,
    DayCall,
    Equipment,
    EquipmentCheck,
    Location,
    LocationPhoto,
    Person,
    ScheduledShot,
    ShootDay,
    ShootSettings,
    Take,
)


@admin.register(ShootSettings)
class ShootSettingsAdmin(admin.ModelAdmin):
    list_display = ["project", "budget_ceiling", "currency", "time_zone"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    search_fields = ["project__title"]


class LocationPhotoInline(admin.TabularInline):
    model = LocationPhoto
    extra = 0
    fields = ["caption", "image", "width", "height"]
    readonly_fields = ["image", "width", "height"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "permit_reference", "permit_expires"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    search_fields = ["name", "address", "project__title"]
    inlines = [LocationPhotoInline]


@admin.register(LocationPhoto)
class LocationPhotoAdmin(admin.ModelAdmin):
    list_display = ["location", "caption", "width", "height", "created_at"]
    list_select_related = ["location"]
    raw_id_fields = ["location"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "department", "project", "email"]
    list_filter = ["department"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    search_fields = ["name", "role", "email", "project__title"]
    readonly_fields = ["feed_token"]


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ["item", "quantity", "owner", "cost", "project"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    search_fields = ["item", "owner", "project__title"]


@admin.register(EquipmentCheck)
class EquipmentCheckAdmin(admin.ModelAdmin):
    list_display = ["equipment", "day", "packed", "on_set", "returned"]
    list_select_related = ["equipment", "day__project"]
    raw_id_fields = ["equipment", "day"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["description", "category", "estimate", "actual", "project"]
    list_filter = ["category"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    search_fields = ["description", "project__title"]


class DayCallInline(admin.TabularInline):
    model = DayCall
    extra = 0
    raw_id_fields = ["person"]


@admin.register(ShootDay)
class ShootDayAdmin(admin.ModelAdmin):
    list_display = ["project", "date", "call_time", "wrap_time", "time_zone"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    filter_horizontal = ["locations"]
    search_fields = ["project__title"]
    inlines = [DayCallInline]


@admin.register(DayCall)
class DayCallAdmin(admin.ModelAdmin):
    list_display = ["person", "day", "call_time"]
    list_select_related = ["person", "day__project"]
    raw_id_fields = ["person", "day"]


class RecipientInline(admin.TabularInline):
    model = CallSheetRecipient
    extra = 0
    fields = ["person", "revision", "email", "sent_at", "opened_at", "confirmed_at", "expires_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CallSheet)
class CallSheetAdmin(admin.ModelAdmin):
    list_display = ["day", "revision", "sent_at", "sent_by"]
    list_select_related = ["day__project", "sent_by"]
    raw_id_fields = ["day", "sent_by"]
    readonly_fields = ["content_hash"]
    inlines = [RecipientInline]


@admin.register(CallSheetRecipient)
class CallSheetRecipientAdmin(admin.ModelAdmin):
    list_display = ["person", "sheet", "revision", "email", "sent_at", "opened_at", "confirmed_at"]
    list_select_related = ["person", "sheet__day__project"]
    readonly_fields = ["sheet", "person", "revision", "email", "expires_at", "sent_at", "opened_at", "confirmed_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ScheduledShot)
class ScheduledShotAdmin(admin.ModelAdmin):
    list_display = ["shot", "day", "position", "done_at"]
    list_select_related = ["shot__project", "day__project"]
    raw_id_fields = ["shot", "day", "done_by"]


@admin.register(Take)
class TakeAdmin(admin.ModelAdmin):
    list_display = ["shot", "number", "mark", "camera_tc", "day"]
    list_select_related = ["shot__project", "day__project"]
    list_filter = ["mark"]
    raw_id_fields = ["shot", "day", "logged_by"]


@admin.register(Daily)
class DailyAdmin(admin.ModelAdmin):
    list_display = ["asset", "day", "shot", "take"]
    list_select_related = ["asset", "day__project", "shot", "take"]
    raw_id_fields = ["asset", "day", "shot", "take"]


@admin.register(DailyReport)
class DailyReportAdmin(admin.ModelAdmin):
    list_display = ["day", "actual_call", "actual_wrap", "signed_at", "signed_by", "sent_at"]
    list_select_related = ["day__project", "signed_by"]
    raw_id_fields = ["day", "signed_by"]
    readonly_fields = ["summary", "signed_at", "signed_by", "sent_at", "reopened_at", "reopened_by", "reopen_reason"]
