"""Transcripts in the API: read a transcript and its current cues, edit a cue, transcribe again,
cancel, upload a caption file, export SRT / WebVTT. Reads start from the user's assets
(``selectors.transcripts_visible_to``: a client reads the versions they may watch); writes go
through ``production.media.transcripts`` (the team's only)."""

from __future__ import annotations

import uuid

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from config.api_base import ApiViewMixin
from config.api_errors import ApiErrorSerializer
from production.media import selectors, transcripts
from production.media.transcript_models import Cue, Transcript, TranscriptRevision
from production.media.transcript_views import export_response


class CueSerializer(serializers.ModelSerializer):
    edited_by = serializers.SerializerMethodField()

    class Meta:
        model = Cue
        fields = ["id", "index", "start_ms", "end_ms", "text", "words", "edited", "edited_by", "edited_at"]
        read_only_fields = fields

    def get_edited_by(self, cue: Cue) -> str | None:
        return cue.edited_by.display_name if cue.edited_by_id else None


class RevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TranscriptRevision
        fields = ["number", "source", "filename", "model_name", "language", "cue_count", "created_at"]
        read_only_fields = fields


class TranscriptSerializer(serializers.ModelSerializer):
    cues = serializers.SerializerMethodField(help_text="The current revision's cues, in time order")
    revisions = RevisionSerializer(many=True, read_only=True)

    class Meta:
        model = Transcript
        fields = [
            "id", "asset", "status", "progress", "language", "model_name", "error", "revision",
            "finished_at", "revisions", "cues",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(CueSerializer(many=True))
    def get_cues(self, transcript: Transcript) -> list[dict]:
        return CueSerializer(selectors.cues_of(transcript), many=True).data

    def to_representation(self, transcript: Transcript):
        out = super().to_representation(transcript)
        request = self.context.get("request")
        if request is not None and not selectors.sees_file_names(request.user, transcript.asset):
            # A client reads the words: not which model made them, nor the team's file names.
            out.pop("model_name", None)
            if transcript.status != Transcript.Status.EMPTY:
                out.pop("error", None)
            out["revisions"] = [{k: r[k] for k in CLIENT_REVISION_FIELDS} for r in out["revisions"]]
        return out


CLIENT_REVISION_FIELDS = ("number", "source", "cue_count", "created_at")


class ReplaceInputSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(
        required=False, default=False, help_text="Replace cues edited by hand (they are kept as a revision)"
    )


class CaptionsInputSerializer(ReplaceInputSerializer):
    file = serializers.FileField(help_text="A SubRip (.srt) or WebVTT (.vtt) file, UTF-8")


class CueEditInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=10_000)


@extend_schema_view(
    list=extend_schema(summary="Transcripts of the media you can see"),
    retrieve=extend_schema(summary="One transcript: status and progress, revisions, the current cues"),
)
class TranscriptViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TranscriptSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        qs = selectors.transcripts_visible_to(self.user).prefetch_related("revisions")
        asset = self.request.query_params.get("asset")
        if asset:
            try:
                qs = qs.filter(asset_id=uuid.UUID(asset))
            except ValueError as exc:
                raise serializers.ValidationError({"asset": ["Enter a valid asset id (a UUID)."]}) from exc
        return qs.order_by("-created_at")

    def _fresh(self, transcript: Transcript) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=transcript.pk)).data)

    @extend_schema(summary="Transcribe again (the team)", request=ReplaceInputSerializer,
                   responses={200: TranscriptSerializer, 400: ApiErrorSerializer})  # fmt: skip
    @action(detail=True, methods=["post"])
    def run(self, request, *args, **kwargs):
        transcript = self.get_object()
        data = self._validated(ReplaceInputSerializer)
        transcripts.transcript_request(asset=transcript.asset, by=self.user, replace_edited=data["confirm"])
        return self._fresh(transcript)

    @extend_schema(summary="Cancel a transcription (the team)", request=None, responses={200: TranscriptSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        transcript = transcripts.transcript_cancel(transcript=self.get_object(), by=self.user)
        return self._fresh(transcript)

    @extend_schema(
        summary="Replace the cues with a caption file's (the team)",
        description="Every problem of the file is listed by line in `file`; the cues it replaces are kept as "
        "a revision; cues edited by hand are replaced only with `confirm`.",
        request={"multipart/form-data": CaptionsInputSerializer},
        responses={200: TranscriptSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def captions(self, request, *args, **kwargs):
        transcript = self.get_object()
        data = self._validated(CaptionsInputSerializer)
        upload = data["file"]
        transcripts.captions_upload(
            asset=transcript.asset, by=self.user, filename=upload.name,
            data=upload.read(settings.CAPTION_UPLOAD_MAX_BYTES + 1), replace_edited=data["confirm"],
        )  # fmt: skip
        return self._fresh(transcript)

    def _export(self, fmt: str):
        transcript = self.get_object()
        name = selectors.asset_label(self.user, transcript.asset)
        return export_response(transcript.asset, transcript, fmt, name=name)

    @extend_schema(summary="The current cues as a SubRip file (.srt)", responses={(200, "application/x-subrip"): str})
    @action(detail=True, methods=["get"])
    def srt(self, request, *args, **kwargs):
        return self._export("srt")

    @extend_schema(summary="The current cues as a WebVTT file (.vtt)", responses={(200, "text/vtt"): str})
    @action(detail=True, methods=["get"])
    def vtt(self, request, *args, **kwargs):
        return self._export("vtt")


@extend_schema_view(retrieve=extend_schema(summary="One cue"))
class CueViewSet(ApiViewMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CueSerializer

    def get_queryset(self):
        return Cue.objects.filter(transcript__asset__in=selectors.assets_visible_to(self.user)).select_related(
            "edited_by", "transcript__asset__project"
        )

    @extend_schema(summary="Correct a cue's text (the team); plain text", request=CueEditInputSerializer,
                   responses={200: CueSerializer, 400: ApiErrorSerializer, 403: ApiErrorSerializer})  # fmt: skip
    def partial_update(self, request, *args, **kwargs):
        cue = self.get_object()
        data = self._validated(CueEditInputSerializer)
        cue = transcripts.cue_edit(cue=cue, by=self.user, text=data["text"])
        return Response(self.get_serializer(self.get_queryset().get(pk=cue.pk)).data, status=status.HTTP_200_OK)


def register(router) -> None:
    router.register("transcripts", TranscriptViewSet, basename="transcript")
    router.register("cues", CueViewSet, basename="cue")
