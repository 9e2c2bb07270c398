"""Output and input shapes of review's API (no business logic)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from production.media.engine import timecode
from production.review.export import FORMATS
from production.review.models import Approval, Comment, ShareLink


def _timecode(comment: Comment, frame: int | None) -> str | None:
    asset = comment.version.asset
    if frame is None or not asset.frame_rate_num:
        return None
    return timecode.timecode_of_frame(frame, asset.frame_rate_num, asset.frame_rate_den, start=asset.start_timecode)


class CommentSerializer(serializers.ModelSerializer):
    thread = serializers.UUIDField(source="thread_id", read_only=True, allow_null=True)
    timecode = serializers.SerializerMethodField(help_text="SMPTE, in the version's rate and start timecode")
    end_timecode = serializers.SerializerMethodField()
    resolved = serializers.BooleanField(source="is_resolved", read_only=True)
    deleted = serializers.SerializerMethodField()
    mine = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id", "version", "thread", "author_name", "mine", "frame", "end_frame", "timecode", "end_timecode",
            "text", "internal", "drawing", "resolved", "resolved_at", "edited_at", "deleted", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_timecode(self, comment: Comment) -> str | None:
        return _timecode(comment, comment.frame)

    def get_end_timecode(self, comment: Comment) -> str | None:
        return _timecode(comment, comment.end_frame)

    def get_deleted(self, comment: Comment) -> bool:
        return comment.deleted_at is not None

    def get_mine(self, comment: Comment) -> bool:
        request = self.context.get("request")
        return bool(request and comment.author_id == request.user.pk)


@extend_schema_field({"type": "array", "items": {"type": "object"}})
class DrawingField(serializers.JSONField):
    """Shapes: {"tool": arrow|rect|ellipse|pen|text, "color": "#ef4444", "points": [[x, y], …] in 0 to 1,
    "text": for a text shape}."""


class CommentInputSerializer(serializers.Serializer):
    version = serializers.UUIDField(required=False, help_text="The version (a new thread)")
    parent = serializers.UUIDField(required=False, help_text="The thread this replies to")
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    frame = serializers.IntegerField(required=False, allow_null=True)
    end_frame = serializers.IntegerField(required=False, allow_null=True)
    internal = serializers.BooleanField(required=False, allow_null=True, default=None)
    drawing = DrawingField(required=False, default=list)


class CommentUpdateInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    drawing = DrawingField(required=False, allow_null=True, default=None)


class ResolveInputSerializer(serializers.Serializer):
    resolved = serializers.BooleanField(default=True)


class ApprovalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Approval
        fields = ["id", "version", "decision", "round", "by_name", "note", "sha256", "created_at"]
        read_only_fields = fields


class ApprovalInputSerializer(serializers.Serializer):
    version = serializers.UUIDField()
    decision = serializers.ChoiceField(choices=Approval.Decision.choices)
    note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, default="")
    unmarked_ok = serializers.BooleanField(
        default=False,
        help_text="Approve although some of the brief's mandatory messages are not marked on the version "
        "(without it such an approval is refused, naming them).",
    )


class ReviewStateSerializer(serializers.Serializer):
    version = serializers.UUIDField()
    status = serializers.ChoiceField(choices=["in_review", *Approval.Decision.values])
    label = serializers.CharField()
    awaiting = serializers.ChoiceField(choices=Approval.Round.choices, allow_null=True)
    you_decide_as = serializers.ChoiceField(
        choices=Approval.Round.choices, allow_null=True, help_text="Your round, or null when you do not decide"
    )


class CommentExportQuerySerializer(serializers.Serializer):
    version = serializers.UUIDField(help_text="The version whose comments to export")
    to = serializers.ChoiceField(
        choices=[(f.key, f.label) for f in FORMATS.values()],
        help_text="edl, fcpxml or otio (markers for an editor's timeline), csv or pdf (the review report)",
    )


class ShareLinkSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The link to send (absolute)")
    status = serializers.ChoiceField(choices=["active", "expired", "revoked"], read_only=True)
    has_password = serializers.BooleanField(read_only=True)
    versions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ShareLink
        fields = [
            "id", "cut", "name", "url", "status", "versions", "has_password", "expires_at", "can_comment",
            "can_download", "can_approve", "watermark", "created_at", "revoked_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, link: ShareLink) -> str:
        request = self.context.get("request")
        path = reverse("share-open", kwargs={"token": link.token})
        return request.build_absolute_uri(path) if request else path


class ShareLinkInputSerializer(serializers.Serializer):
    cut = serializers.UUIDField()
    name = serializers.CharField(required=False, allow_blank=True, default="")
    versions = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, help_text="None: every version of the cut"
    )
    password = serializers.CharField(required=False, allow_blank=True, default="", write_only=True)
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    can_comment = serializers.BooleanField(required=False, default=True)
    can_download = serializers.BooleanField(required=False, default=False)
    can_approve = serializers.BooleanField(required=False, default=False)
    watermark = serializers.BooleanField(required=False, default=False)
