"""Output and input shapes of marketing planning's API (no business logic: the services decide)."""

from __future__ import annotations

from rest_framework import serializers

from marketing.planning.models import CLIENT_FIELDS, CampaignChannel, CampaignKpi, CampaignVersion, PlanItem, SpecReport
from marketing.planning.presets import PRESET_CHOICES
from marketing.planning.selectors import VersionView
from production.ideation.models import Currency, Metric, Objective


class CampaignKpiSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignKpi
        fields = ["id", "key", "metric", "target", "due", "channel", "client_visible", "brief_key"]
        read_only_fields = fields


class CampaignChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignChannel
        fields = ["id", "key", "preset", "mode", "notes", "client_visible"]
        read_only_fields = fields


class CampaignVersionSerializer(serializers.ModelSerializer):
    """A version as the team reads it (every field and row)."""

    project = serializers.UUIDField(source="campaign.project_id", read_only=True)
    kpis = CampaignKpiSerializer(many=True, read_only=True)
    channels = CampaignChannelSerializer(many=True, read_only=True)

    class Meta:
        model = CampaignVersion
        fields = [
            "id", "campaign", "project", "number", "objective", "audience", "budget", "currency", "paid_percent",
            "client_fields", "note", "created_by_name", "created_at", "kpis", "channels",
        ]  # fmt: skip
        read_only_fields = fields


def version_for_reader(view: VersionView) -> dict:
    """The current version as its reader may see it: a client, only what it marks for them."""
    kpi_fields = ["key", "metric", "target", "due", "channel"] + (["client_visible"] if view.full else [])
    channel_fields = ["key", "preset", "mode", "notes"] + (["client_visible"] if view.full else [])
    body = {k: v for k, v in view.fields().items()}
    body["kpis"] = [{f: v for f, v in CampaignKpiSerializer(k).data.items() if f in kpi_fields} for k in view.kpis]
    body["channels"] = [
        {f: v for f, v in CampaignChannelSerializer(c).data.items() if f in channel_fields} for c in view.channels
    ]
    if "budget" in body and body["budget"] is not None:
        body["budget"] = str(body["budget"])
    return body


class CampaignSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    project = serializers.UUIDField(source="project_id")
    created_at = serializers.DateTimeField()
    current = serializers.SerializerMethodField(help_text="The current version, as you may see it")
    versions = serializers.SerializerMethodField(help_text="Every version's number, newest first (the team only)")

    def _view(self, campaign) -> VersionView | None:
        versions = sorted(campaign.versions.all(), key=lambda v: -v.number)
        if not versions:
            return None
        return VersionView(version=versions[0], full=self.context["full"](campaign.project))

    def get_current(self, campaign) -> dict | None:
        view = self._view(campaign)
        return version_for_reader(view) if view else None

    def get_versions(self, campaign) -> list[int]:
        if not self.context["full"](campaign.project):
            return []
        return sorted((v.number for v in campaign.versions.all()), reverse=True)


class CampaignCreateInputSerializer(serializers.Serializer):
    project = serializers.UUIDField(help_text="The project whose brief the campaign starts from")


class CampaignKpiInputSerializer(serializers.Serializer):
    key = serializers.UUIDField(required=False, allow_null=True, help_text="A kept row's key; leave out for a new one")
    metric = serializers.ChoiceField(choices=Metric.choices)
    target = serializers.DecimalField(max_digits=16, decimal_places=2)
    due = serializers.DateField(required=False, allow_null=True, default=None)
    channel = serializers.ChoiceField(choices=PRESET_CHOICES, required=False, allow_blank=True, default="")
    client_visible = serializers.BooleanField(required=False, default=True)
    brief_key = serializers.UUIDField(required=False, allow_null=True, default=None)


class CampaignChannelInputSerializer(serializers.Serializer):
    key = serializers.UUIDField(required=False, allow_null=True)
    preset = serializers.ChoiceField(choices=PRESET_CHOICES)
    mode = serializers.ChoiceField(choices=CampaignChannel.Mode.choices, required=False, default="organic")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    client_visible = serializers.BooleanField(required=False, default=True)


class CampaignVersionInputSerializer(serializers.Serializer):
    """The whole campaign as it should read: rows not sent are not in the new version."""

    project = serializers.UUIDField()
    based_on = serializers.IntegerField(
        required=False, min_value=0,
        help_text="The number of the version you started from. If someone saved another since, nothing is saved "
        "(400, field based_on).",
    )  # fmt: skip
    objective = serializers.ChoiceField(choices=Objective.choices, required=False, allow_blank=True, default="")
    audience = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True, default=None)
    currency = serializers.ChoiceField(choices=Currency.choices, required=False, allow_blank=True, default="")
    paid_percent = serializers.IntegerField(required=False, default=0)
    client_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=CLIENT_FIELDS), required=False, default=list
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    kpis = CampaignKpiInputSerializer(many=True, required=False, default=list)
    channels = CampaignChannelInputSerializer(many=True, required=False, default=list)


class PlanItemSerializer(serializers.ModelSerializer):
    project = serializers.UUIDField(source="campaign.project_id", read_only=True)
    fulfilled_type = serializers.SerializerMethodField(help_text="What fulfils it (app_label.model), or null")

    class Meta:
        model = PlanItem
        fields = ["id", "campaign", "project", "asset_key", "number", "preset", "fulfilled_type", "fulfilled_id"]
        read_only_fields = fields

    def get_fulfilled_type(self, item: PlanItem) -> str | None:
        return f"{item.fulfilled_type.app_label}.{item.fulfilled_type.model}" if item.fulfilled_type_id else None


class PlanItemInputSerializer(serializers.Serializer):
    preset = serializers.ChoiceField(choices=PRESET_CHOICES, allow_blank=True)


class SpecReportSerializer(serializers.ModelSerializer):
    subject_type = serializers.SerializerMethodField(help_text="What was checked (app_label.model)")

    class Meta:
        model = SpecReport
        fields = ["id", "project", "subject_type", "subject_id", "preset", "passed", "results", "file_name",
                  "created_at"]  # fmt: skip
        read_only_fields = fields

    def get_subject_type(self, report: SpecReport) -> str:
        return f"{report.subject_type.app_label}.{report.subject_type.model}"


class SpecCheckInputSerializer(serializers.Serializer):
    asset = serializers.UUIDField(help_text="A media asset of one of your projects")
    preset = serializers.ChoiceField(choices=PRESET_CHOICES)
