"""Output shapes of media's API (no business logic)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from production.media.models import MediaAsset, QCFinding, Render
from production.media.selectors import asset_fields_for, asset_label, render_fields_for


class RenderSerializer(serializers.ModelSerializer):
    files = serializers.SerializerMethodField(
        help_text="URLs of the main outputs by kind (master playlist, proxy…); fetch them with the same "
        "Authorization header (or session) that read this"
    )

    class Meta:
        model = Render
        fields = [
            "id", "asset", "status", "progress", "eta_seconds", "attempts", "cancel_requested",
            "started_at", "finished_at", "error", "files",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, render: Render):
        out = super().to_representation(render)
        request = self.context.get("request")
        allowed = render_fields_for(getattr(request, "user", None), render)
        return out if allowed is None else {key: value for key, value in out.items() if key in allowed}

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string", "format": "uri"}})
    def get_files(self, render: Render) -> dict[str, str]:
        if render.status != Render.Status.SUCCEEDED:
            return {}
        request = self.context.get("request")
        urls = render.files.urls()
        return {kind: request.build_absolute_uri(url) for kind, url in urls.items()} if request else urls


class QCFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = QCFinding
        fields = ["kind", "severity", "start", "end", "value", "message"]
        read_only_fields = fields


class AssetSerializer(serializers.ModelSerializer):
    """Staff get every field. A client gets only ``production.media.selectors.ASSET_CLIENT_FIELDS``
    (no file names, hashes, codecs, loudness or QC), and ``display_name`` reads "Version N"."""

    display_name = serializers.SerializerMethodField(
        help_text='Staff: the title, else the file name. Clients: "Version N".'
    )
    latest_render = serializers.SerializerMethodField()
    qc_findings = serializers.SerializerMethodField()
    frame_rate = serializers.SerializerMethodField(help_text='As a rational, e.g. "30000/1001"')

    class Meta:
        model = MediaAsset
        fields = [
            "id", "project", "purpose", "status", "unusable_reason", "display_name", "title", "original_name",
            "size", "sha256",
            "media_type", "format_name", "duration", "frame_rate", "frame_count", "width", "height", "rotation",
            "pix_fmt", "bit_depth", "video_codec", "audio_codec", "audio_channels", "sample_rate",
            "start_timecode", "interlaced", "variable_frame_rate", "loudness_lufs", "true_peak_dbtp",
            "created_at", "latest_render", "qc_findings",
        ]  # fmt: skip
        read_only_fields = fields

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_display_name(self, asset: MediaAsset) -> str:
        return asset_label(self._user(), asset)

    def to_representation(self, asset: MediaAsset):
        out = super().to_representation(asset)
        allowed = asset_fields_for(self._user(), asset)
        return out if allowed is None else {key: value for key, value in out.items() if key in allowed}

    def get_frame_rate(self, asset: MediaAsset) -> str | None:
        return f"{asset.frame_rate_num}/{asset.frame_rate_den}" if asset.frame_rate_num else None

    @extend_schema_field(RenderSerializer(allow_null=True))
    def get_latest_render(self, asset: MediaAsset):
        renders = [r for r in asset.renders.all() if r.is_playback]  # prefetched, newest first
        return RenderSerializer(renders[0], context=self.context).data if renders else None

    @extend_schema_field(QCFindingSerializer(many=True))
    def get_qc_findings(self, asset: MediaAsset):
        renders = [r for r in asset.renders.all() if r.is_playback and r.status == Render.Status.SUCCEEDED]
        if not renders:
            return []
        return QCFindingSerializer(renders[0].qc_findings.all(), many=True).data


class AssetUpdateInputSerializer(serializers.Serializer):
    title = serializers.CharField(
        max_length=200,
        allow_blank=True,
        trim_whitespace=False,
        help_text="What the team calls the file; blank shows the uploaded file's name (original_name, never changed).",
    )
