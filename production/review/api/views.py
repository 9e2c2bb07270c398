"""Review's API: comments on versions, so a script or an NLE panel can read and post them.
Reads start from production.review.selectors (internal comments are the team's); writes go
through production.review.services."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response

from config.api_base import ApiViewMixin
from config.api_errors import ApiErrorSerializer
from production.edit.models import Version
from production.edit.selectors import cuts_visible_to
from production.review import export, selectors, services

from . import serializers


def _uuid_param(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise ValidationError({name: [f"Enter a valid {name} id (a UUID)."]}) from exc


VERSION_FILTER = OpenApiParameter("version", str, description="Only this version's comments (uuid)")


class NoFrameRate(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "no_frame_rate"


@extend_schema_view(
    list=extend_schema(summary="Comments you can see (in timecode order per version)", parameters=[VERSION_FILTER]),
    retrieve=extend_schema(summary="One comment"),
    create=extend_schema(
        summary="Comment at a frame (or a range) of a version, or reply to a thread",
        description="A thread needs `version` and `frame` (frame numbers of the version, 0 is the first); a "
        "reply needs `parent`. The team's comments are team only unless `internal` is false; a client's are "
        "always client-visible. Text is plain text.",
        request=serializers.CommentInputSerializer,
        responses={201: serializers.CommentSerializer, 400: ApiErrorSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit your own comment (its earlier text is kept)",
        request=serializers.CommentUpdateInputSerializer,
        responses={200: serializers.CommentSerializer, 400: ApiErrorSerializer},
    ),
    destroy=extend_schema(summary="Delete your own comment (replies stay)", responses={204: None}),
)
class CommentViewSet(ApiViewMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CommentSerializer

    def get_queryset(self):
        qs = (
            selectors.comments_visible_to(self.user)
            .select_related("version__asset")
            .order_by("version", "frame", "created_at")
        )
        version = self.request.query_params.get("version")
        return qs.filter(version_id=_uuid_param(version, "version")) if version else qs

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.CommentInputSerializer)
        parent = None
        if data.get("parent"):
            parent = selectors.comments_visible_to(self.user).filter(pk=data["parent"]).first()
            if parent is None:
                raise NotFound("No such comment.")
            version = parent.version
        elif data.get("version"):
            version = selectors.versions_for_review(self.user).filter(pk=data["version"]).first()
            if version is None:
                raise NotFound("No such version.")
        else:
            raise ValidationError({"version": ["Say which version (version) or which thread (parent)."]})
        comment = services.comment_post(
            version=version, by=self.user, text=data["text"], frame=data.get("frame"),
            end_frame=data.get("end_frame"), internal=data.get("internal"), drawing=data.get("drawing"),
            parent=parent,
        )  # fmt: skip
        return Response(self.get_serializer(self.get_queryset().get(pk=comment.pk)).data, status=201)

    def partial_update(self, request, *args, **kwargs):
        comment = self.get_object()  # a comment the user cannot see is a 404 before the input is read
        data = self._validated(serializers.CommentUpdateInputSerializer)
        comment = services.comment_edit(comment=comment, by=self.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=comment.pk)).data)

    def destroy(self, request, *args, **kwargs):
        services.comment_delete(comment=self.get_object(), by=self.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Resolve a thread, or open it again", request=serializers.ResolveInputSerializer,
                   responses={200: serializers.CommentSerializer, 400: ApiErrorSerializer})  # fmt: skip
    @action(detail=True, methods=["post"])
    def resolve(self, request, *args, **kwargs):
        comment = self.get_object()
        data = self._validated(serializers.ResolveInputSerializer)
        comment = services.comment_resolve(comment=comment, by=self.user, resolved=data["resolved"])
        return Response(self.get_serializer(self.get_queryset().get(pk=comment.pk)).data)

    @extend_schema(
        summary="A version's comments as a file: markers for an editor, or the review report",
        description="`to`: `edl` (CMX 3600, LOC markers), `fcpxml` (Final Cut Pro to-do markers), `otio` "
        "(OpenTimelineIO JSON, each marker's thread in its metadata), `csv` or `pdf` (the report, with a still "
        "of each comment's frame). The same comments you see on the review page; the file name is in "
        "Content-Disposition. A timeline format of a version still being processed is a 409.",
        parameters=[serializers.CommentExportQuerySerializer],
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            400: ApiErrorSerializer,
            404: ApiErrorSerializer,
            409: ApiErrorSerializer,
        },
    )
    @action(detail=False, methods=["get"], url_path="export", url_name="export", pagination_class=None)
    def download(self, request, *args, **kwargs):
        query = serializers.CommentExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        version = selectors.version_for_review(user=self.user, version_id=query.validated_data["version"])
        try:
            exported = export.export_file(user=self.user, version=version, fmt=query.validated_data["to"])
        except export.NoFrameRate as exc:
            raise NoFrameRate(str(exc)) from exc
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = content_disposition_header(True, exported.filename)
        add_never_cache_headers(response)
        return response


@extend_schema_view(
    list=extend_schema(summary="Decisions on versions you can see (oldest first)", parameters=[VERSION_FILTER]),
    retrieve=extend_schema(summary="One decision"),
    create=extend_schema(
        summary="Approve a version, approve it with changes, or request changes",
        description="As the project's review policy allows you (its lead or producers for the team; its "
        "named client approvers, else every client reviewer, for the client; with two rounds the team "
        "first). Records the sha256 of the version's file. Decisions are never changed: a later one "
        "supersedes.",
        request=serializers.ApprovalInputSerializer,
        responses={201: serializers.ApprovalSerializer, 400: ApiErrorSerializer},
    ),
)
class ApprovalViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ApprovalSerializer

    def get_queryset(self):
        qs = selectors.approvals_visible_to(self.user).order_by("version", "created_at")
        version = self.request.query_params.get("version")
        return qs.filter(version_id=_uuid_param(version, "version")) if version else qs

    def _version(self, version_id):
        version = selectors.versions_for_review(self.user).filter(pk=version_id).first()
        if version is None:
            raise NotFound("No such version.")
        return version

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.ApprovalInputSerializer)
        version = self._version(data["version"])
        approval = services.approval_decide(
            version=version, by=self.user, decision=data["decision"], note=data["note"], unmarked_ok=data["unmarked_ok"]
        )
        return Response(self.get_serializer(approval).data, status=201)

    @extend_schema(summary="Where a version stands, and whether you decide on it", parameters=[VERSION_FILTER],
                   responses={200: serializers.ReviewStateSerializer})  # fmt: skip
    @action(detail=False, methods=["get"])
    def state(self, request, *args, **kwargs):
        version_id = request.query_params.get("version")
        if not version_id:
            raise ValidationError({"version": ["Say which version (version=<uuid>)."]})
        version = self._version(_uuid_param(version_id, "version"))
        review = selectors.review_state_of(user=self.user, version=version)
        return Response(
            {
                "version": version.pk,
                "status": review.state.status,
                "label": review.state.label,
                "awaiting": review.state.awaiting,
                "you_decide_as": review.round,
            }
        )


@extend_schema_view(
    list=extend_schema(summary="Review links of the cuts you manage (producers and editors)"),
    retrieve=extend_schema(summary="One review link"),
    create=extend_schema(
        summary="Make a review link for a cut",
        description="Every version of the cut (none listed) or the listed ones; an optional password "
        "(hashed, never shown again); an expiry; what guests may do (only producers let a link approve).",
        request=serializers.ShareLinkInputSerializer,
        responses={201: serializers.ShareLinkSerializer, 400: ApiErrorSerializer},
    ),
)
class ShareLinkViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ShareLinkSerializer

    def get_queryset(self):
        return selectors.share_links_visible_to(self.user).prefetch_related("versions").order_by("-created_at")

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.ShareLinkInputSerializer)
        cut = cut_for_api(self.user, data.pop("cut"))
        versions = list(Version.objects.filter(cut=cut, pk__in=data.pop("versions")))
        link = services.share_link_create(cut=cut, by=self.user, versions=versions, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=link.pk)).data, status=201)

    @extend_schema(summary="Revoke a link: it shows nothing from now on", request=None,
                   responses={200: serializers.ShareLinkSerializer})  # fmt: skip
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        link = services.share_link_revoke(link=self.get_object(), by=self.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=link.pk)).data)


def cut_for_api(user, cut_id):
    cut = cuts_visible_to(user).filter(pk=cut_id).first()
    if cut is None:
        raise NotFound("No such cut.")
    return cut
