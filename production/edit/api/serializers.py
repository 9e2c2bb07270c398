"""Output and input shapes of the edit stage's API (no business logic)."""

from __future__ import annotations

from rest_framework import serializers

from production.edit.models import Cut, PostTask, Version


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


class PostTaskSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = PostTask
        fields = [
            "id", "project", "kind", "kind_label", "title", "notes", "assignee", "due_date", "status",
            "status_label", "depends_on", "done_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class PostTaskInputSerializer(serializers.Serializer):
    """A post task to add or change (producers and editors): what it is, who does it, by when,
    and what it waits on (tasks of the same project)."""

    project = serializers.UUIDField(help_text="Only when adding a task.", required=False)
    title = serializers.CharField(max_length=200, allow_blank=True, trim_whitespace=False)
    kind = serializers.ChoiceField(choices=PostTask.Kind.choices, default=PostTask.Kind.EDIT)
    assignee = serializers.UUIDField(required=False, allow_null=True, default=None)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    depends_on = serializers.ListField(child=serializers.UUIDField(), required=False, default=list, max_length=200)


class PostTaskMoveSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PostTask.Status.choices)
