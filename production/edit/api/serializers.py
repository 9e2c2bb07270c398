"""Output and input shapes of the edit stage's API (no business logic)."""

from __future__ import annotations

from rest_framework import serializers

from production.edit.models import Cut, Version


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Version
        fields = ["id", "number", "asset", "note", "created_at"]
        read_only_fields = fields


class CutSerializer(serializers.ModelSerializer):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Cut
        fields = ["id", "project", "title", "client_visible", "created_at", "versions"]
        read_only_fields = ["id", "project", "title", "client_visible", "created_at", "versions"]


class CutInputSerializer(serializers.Serializer):
    project = serializers.UUIDField()
    title = serializers.CharField(max_length=200)
    client_visible = serializers.BooleanField(default=False)


class CutUpdateInputSerializer(serializers.Serializer):
    """PATCH a cut (producers and editors): send only what changes."""

    title = serializers.CharField(max_length=200, required=False, allow_blank=True, trim_whitespace=False)
    client_visible = serializers.BooleanField(
        required=False, help_text="true: the client can watch the cut's versions; false: team only."
    )
