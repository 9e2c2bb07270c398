"""Shapes of the on-set API: takes, dailies and the daily report (no business logic)."""

from __future__ import annotations

from rest_framework import serializers

from production.shoot.models import Daily, DailyReport, Take
from production.shoot.targets import daily_title


class TakeSerializer(serializers.ModelSerializer):
    shot_number = serializers.CharField(source="shot.number", read_only=True)

    class Meta:
        model = Take
        fields = ["id", "shot", "shot_number", "day", "number", "mark", "camera_tc", "notes", "logged_by",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields


class TakeInputSerializer(serializers.Serializer):
    """The shot and the day only when logging one; its number is always the shot's next."""

    shot = serializers.UUIDField(required=False)
    day = serializers.UUIDField(required=False)
    mark = serializers.CharField(required=False, allow_blank=True, help_text="ng, good or circled (default good).")
    camera_tc = serializers.CharField(required=False, allow_blank=True, help_text="HH:MM:SS:FF (;FF drop-frame).")
    notes = serializers.CharField(required=False, allow_blank=True)


class DailySerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField(help_text='"Shot 4, take 3 — Tue 12 May".')
    status = serializers.CharField(source="asset.status", read_only=True)
    file_name = serializers.CharField(source="asset.display_name", read_only=True)
    take_number = serializers.IntegerField(source="take.number", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Daily
        fields = ["id", "asset", "day", "shot", "take", "take_number", "title", "status", "file_name", "created_at"]
        read_only_fields = fields

    def get_title(self, daily) -> str:
        return daily_title(daily)


class DailyReportSerializer(serializers.ModelSerializer):
    actual_call = serializers.TimeField(format="%H:%M", allow_null=True)
    actual_wrap = serializers.TimeField(format="%H:%M", allow_null=True)
    signed = serializers.BooleanField(read_only=True)
    figures = serializers.SerializerMethodField(
        help_text="Planned vs shot, pickups and totals: frozen at sign-off, else as the day is now."
    )

    class Meta:
        model = DailyReport
        fields = ["id", "day", "actual_call", "actual_wrap", "notes", "signed", "signed_at", "signed_by", "sent_at",
                  "reopened_at", "reopened_by", "reopen_reason", "figures"]  # fmt: skip
        read_only_fields = fields

    def get_figures(self, report) -> dict:
        from production.shoot.set_selectors import report_view

        return report_view(report.day, report)


class DailyReportInputSerializer(serializers.Serializer):
    actual_call = serializers.CharField(required=False, allow_blank=True, help_text="HH:MM, local to the day.")
    actual_wrap = serializers.CharField(required=False, allow_blank=True, help_text="HH:MM, local to the day.")
    notes = serializers.CharField(required=False, allow_blank=True)


class ReopenInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
