from django.contrib import admin

from .models import Campaign, CampaignChannel, CampaignKpi, CampaignVersion, PlanItem, SpecReport


class KpiInline(admin.TabularInline):
    model = CampaignKpi
    extra = 0
    fields = ["position", "metric", "target", "due", "channel", "client_visible", "key"]
    readonly_fields = ["key"]


class ChannelInline(admin.TabularInline):
    model = CampaignChannel
    extra = 0
    fields = ["position", "preset", "mode", "notes", "client_visible", "key"]
    readonly_fields = ["key"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["project", "brief_version", "created_at"]
    search_fields = ["project__title"]
    raw_id_fields = ["project"]


@admin.register(CampaignVersion)
class CampaignVersionAdmin(admin.ModelAdmin):
    list_display = ["campaign", "number", "objective", "budget", "currency", "paid_percent", "created_by_name",
                    "created_at"]  # fmt: skip
    list_filter = ["objective"]
    search_fields = ["campaign__project__title", "note"]
    raw_id_fields = ["campaign", "created_by"]
    inlines = [KpiInline, ChannelInline]


@admin.register(CampaignKpi)
class CampaignKpiAdmin(admin.ModelAdmin):
    list_display = ["version", "metric", "target", "due", "channel", "client_visible"]
    raw_id_fields = ["version"]


@admin.register(CampaignChannel)
class CampaignChannelAdmin(admin.ModelAdmin):
    list_display = ["version", "preset", "mode", "client_visible"]
    raw_id_fields = ["version"]


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ["campaign", "asset_key", "number", "preset", "fulfilled_type", "fulfilled_id"]
    list_filter = ["preset"]
    raw_id_fields = ["campaign"]


@admin.register(SpecReport)
class SpecReportAdmin(admin.ModelAdmin):
    list_display = ["project", "preset", "passed", "file_name", "checked_by", "created_at"]
    list_filter = ["preset", "passed"]
    search_fields = ["project__title", "file_name"]
    raw_id_fields = ["project", "checked_by"]
