"""Production's API: cuts, assets (with the probe, the latest render's progress and QC), renders.
Reads start from production.selectors; writes go through production.services."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from config.api_errors import ApiErrorSerializer
from production import selectors, services
from production.models import QCFinding, Render
from projects.api.views import ApiViewMixin
from projects.permissions import can_upload
from projects.selectors import projects_visible_to

from . import serializers

PROJECT_FILTER = OpenApiParameter("project", str, description="Only this project's (uuid)")


def _project_filter(request, queryset):
    project = request.query_params.get("project")
    if not project:
        return queryset
    try:
        return queryset.filter(project_id=uuid.UUID(project))
    except ValueError as exc:
        raise ValidationError({"project": ["Enter a valid project id (a UUID)."]}) from exc


class MediaActionAllowed(BasePermission):
    """Changing a cut or an asset the user can already see is for producers and editors; checked
    before the input is read, so a client gets a 403, never a 400 that hints at the rules."""

    message = "Only producers and editors can change cuts and media."

    def has_object_permission(self, request, view, obj) -> bool:
        if view.action not in ("partial_update", "update", "destroy"):
            return True
        return can_upload(request.user, obj.project)


@extend_schema_view(
    list=extend_schema(summary="Cuts you can see", parameters=[PROJECT_FILTER]),
    retrieve=extend_schema(summary="One cut with its versions"),
    create=extend_schema(
        summary="Start a cut (producers and editors)",
        request=serializers.CutInputSerializer,
        responses={201: serializers.CutSerializer, 400: ApiErrorSerializer},
    ),
    partial_update=extend_schema(
        summary="Rename a cut, or share it with the client / make it team only (producers and editors)",
        description="Send only what changes. Sharing and hiding are recorded on the project's timeline.",
        request=serializers.CutUpdateInputSerializer,
        responses={200: serializers.CutSerializer, 400: ApiErrorSerializer},
    ),
)
class CutViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    # Output only: every field is read-only, so the browsable API never renders a form whose
    # choices list other tenants' projects. Input is CutInputSerializer, checked by selectors.
    serializer_class = serializers.CutSerializer

    def get_permissions(self):
        return [*super().get_permissions(), MediaActionAllowed()]

    def get_queryset(self):
        qs = selectors.cuts_visible_to(self.user).prefetch_related("versions").order_by("project", "title")
        return _project_filter(self.request, qs)

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.CutInputSerializer)
        project = projects_visible_to(self.user).filter(pk=data["project"]).first()
        if project is None:
            raise NotFound("No such project.")
        cut = services.cut_create(
            project=project, title=data["title"], by=self.user, client_visible=data["client_visible"]
        )
        return Response(self.get_serializer(cut).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        cut = self.get_object()
        data = self._validated(serializers.CutUpdateInputSerializer, partial=True)
        services.cut_update(cut=cut, by=self.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=cut.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Media assets you can see", parameters=[PROJECT_FILTER]),
    retrieve=extend_schema(summary="One asset: probe, latest render and its progress, QC findings"),
    partial_update=extend_schema(
        summary="Give an asset a title (producers and editors)",
        description="`original_name`, the uploaded file's name, never changes; a blank title shows it again.",
        request=serializers.AssetUpdateInputSerializer,
        responses={200: serializers.AssetSerializer, 400: ApiErrorSerializer},
    ),
    destroy=extend_schema(
        summary="Delete an asset nothing needs (producers and editors)",
        description="A cut's version can be deleted only when its file was unusable; an asset still being "
        "processed cannot. Recorded on the project's timeline; the stored files are removed.",
        responses={204: None, 400: ApiErrorSerializer},
    ),
)
class AssetViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.AssetSerializer

    def get_permissions(self):
        return [*super().get_permissions(), MediaActionAllowed()]

    def partial_update(self, request, *args, **kwargs):
        asset = self.get_object()
        data = self._validated(serializers.AssetUpdateInputSerializer)
        services.asset_rename(asset=asset, title=data["title"], by=self.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=asset.pk)).data)

    def destroy(self, request, *args, **kwargs):
        services.asset_delete(asset=self.get_object(), by=self.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_queryset(self):
        qs = (
            selectors.assets_visible_to(self.user)
            .select_related("version")
            .prefetch_related(
                Prefetch(
                    "renders",
                    queryset=Render.objects.order_by("-created_at").prefetch_related(
                        Prefetch("qc_findings", queryset=QCFinding.objects.order_by("start", "kind"))
                    ),
                )
            )
        )
        return _project_filter(self.request, qs).order_by("-created_at")


@extend_schema_view(retrieve=extend_schema(summary="One render: status, progress, time left, outputs"))
class RenderViewSet(ApiViewMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.RenderSerializer

    def get_queryset(self):
        return selectors.renders_visible_to(self.user)

    @extend_schema(summary="Cancel a render (producers and editors)", request=None,
                   responses={200: serializers.RenderSerializer})  # fmt: skip
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        render = services.render_cancel(render=self.get_object(), by=self.user)
        return Response(self.get_serializer(render).data)

    @extend_schema(summary="Render again (producers and editors)", request=None,
                   responses={201: serializers.RenderSerializer, 400: ApiErrorSerializer})  # fmt: skip
    @action(detail=True, methods=["post"])
    def retry(self, request, *args, **kwargs):
        render = services.render_retry(render=self.get_object(), by=self.user)
        return Response(self.get_serializer(render).data, status=status.HTTP_201_CREATED)
