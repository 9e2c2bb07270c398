"""Output and input shapes of the storyboard stage's API (no business logic)."""

from __future__ import annotations

from rest_framework import serializers

from production.storyboard.models import (
    Angle,
    Frame,
    FrameComment,
    Framing,
    Movement,
    Scene,
    Script,
    ScriptVersion,
    Shot,
    ShotSize,
)


class SceneSerializer(serializers.ModelSerializer):
    eighths = serializers.IntegerField(read_only=True, help_text="Length on the page in eighths of a page.")

    class Meta:
        model = Scene
        fields = ["id", "version", "position", "number", "heading", "setting", "location", "time_of_day", "action",
                  "dialogue", "characters", "elements", "eighths"]  # fmt: skip
        read_only_fields = fields


class ScriptVersionSerializer(serializers.ModelSerializer):
    pages = serializers.FloatField(read_only=True, help_text="Pages on the standard layout (55 lines a page).")
    runtime_seconds = serializers.IntegerField(read_only=True, help_text="About a minute a page.")
    created_by = serializers.CharField(source="created_by.display_name", default="", read_only=True)

    class Meta:
        model = ScriptVersion
        fields = ["id", "script", "number", "origin", "file_name", "note", "title_page", "pages", "runtime_seconds",
                  "created_by", "created_at"]  # fmt: skip
        read_only_fields = fields


class ScriptVersionDetailSerializer(ScriptVersionSerializer):
    scenes = SceneSerializer(many=True, read_only=True)

    class Meta(ScriptVersionSerializer.Meta):
        fields = [*ScriptVersionSerializer.Meta.fields, "lead", "scenes"]
        read_only_fields = fields


class ScriptSerializer(serializers.ModelSerializer):
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = Script
        fields = ["id", "project", "title", "current_version", "updated_at"]
        read_only_fields = fields

    def get_current_version(self, script) -> dict | None:
        versions = getattr(script, "version_list", None)
        current = versions[0] if versions else script.versions.order_by("-number").first()
        return ScriptVersionSerializer(current).data if current else None


class ScriptInputSerializer(serializers.Serializer):
    """A new version of a project's script: Fountain text (the script is made with its first version)."""

    project = serializers.UUIDField()
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, help_text="The screenplay in Fountain.")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class FrameCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = FrameComment
        fields = ["id", "author_name", "text", "created_at"]
        read_only_fields = fields


class FrameSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(read_only=True, help_text="Its place on the board, 1 first.")
    image_url = serializers.SerializerMethodField()

    class Meta:
        model = Frame
        fields = ["id", "project", "number", "position", "scene", "shot_size", "angle", "movement", "duration",
                  "dialogue", "notes", "image_url", "image_width", "image_height", "image_source", "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = fields

    def get_image_url(self, frame) -> str:
        if not frame.image:
            return ""
        from django.urls import reverse

        request = self.context.get("request")
        url = reverse("storyboard-frame-image", kwargs={"frame_id": frame.pk}) + f"?v={frame.picture_key}"
        return request.build_absolute_uri(url) if request else url


def _choice(choices) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=[("", "—"), *choices.choices], required=False, allow_blank=True)


class FrameInputSerializer(serializers.Serializer):
    """A frame's fields (send only what changes when you PATCH). A picture comes as a multipart
    ``image`` file, or as ``still_of`` (a video of the project) and ``still_timecode``."""

    project = serializers.UUIDField(required=False, help_text="Creating: the frame's project.")
    scene = serializers.UUIDField(required=False, allow_null=True)
    shot_size = _choice(ShotSize)
    angle = _choice(Angle)
    movement = _choice(Movement)
    duration = serializers.DecimalField(max_digits=6, decimal_places=1, required=False, allow_null=True)
    dialogue = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    notes = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    image = serializers.FileField(required=False, write_only=True)
    still_of = serializers.UUIDField(required=False)
    still_timecode = serializers.CharField(required=False, allow_blank=True)
    remove_image = serializers.BooleanField(required=False, default=False)


class ReorderInputSerializer(serializers.Serializer):
    project = serializers.UUIDField()
    order = serializers.ListField(
        child=serializers.CharField(), allow_empty=True, help_text="Every frame id, in order."
    )


class CommentInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=4000)


class ShotSerializer(serializers.ModelSerializer):
    setup_label = serializers.CharField(read_only=True, help_text="Setup time as h:mm.")
    shoot_label = serializers.CharField(read_only=True, help_text="Shooting time as h:mm.")

    class Meta:
        model = Shot
        fields = ["id", "project", "position", "number", "scene", "frame", "description", "shot_size", "angle",
                  "movement", "lens", "location", "cast", "setup_minutes", "shoot_minutes", "setup_label",
                  "shoot_label", "framing", "status", "message_keys", "asset_keys", "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = fields


class ShotInputSerializer(serializers.Serializer):
    """A shot's fields (send only what changes when you PATCH). ``message_keys`` and ``asset_keys``
    are keys of the project's current brief's mandatory messages and required assets."""

    project = serializers.UUIDField(required=False, help_text="Creating: the shot's project.")
    number = serializers.CharField(required=False, allow_blank=True, max_length=12)
    scene = serializers.UUIDField(required=False, allow_null=True)
    frame = serializers.UUIDField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    shot_size = _choice(ShotSize)
    angle = _choice(Angle)
    movement = _choice(Movement)
    lens = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    location = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    cast = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    setup_minutes = serializers.IntegerField(required=False, allow_null=True)
    shoot_minutes = serializers.IntegerField(required=False, allow_null=True)
    framing = serializers.ChoiceField(choices=Framing.choices, required=False)
    message_keys = serializers.ListField(child=serializers.CharField(), required=False)
    asset_keys = serializers.ListField(child=serializers.CharField(), required=False)


class ShotReorderInputSerializer(serializers.Serializer):
    project = serializers.UUIDField()
    order = serializers.ListField(child=serializers.CharField(), allow_empty=True, help_text="Every shot id, in order.")


class ShotStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Shot.Status.choices)
