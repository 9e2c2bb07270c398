"""Media's API: assets (with the probe, the latest render's progress and QC) and renders.
Reads start from production.media.selectors; writes go through production.media.services."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.api_base import PROJECT_FILTER, ApiViewMixin, project_filter
from config.api_errors import ApiErrorSerializer
from production.media import selectors, services, targets
from production.media.models import QCFinding
from projects.api.permissions import UploaderActionAllowed

from . import serializers


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
        return [*super().get_permissions(), UploaderActionAllowed()]

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
            .select_related(*targets.related_paths())
            .prefetch_related(
                Prefetch(
                    "renders",
                    queryset=selectors.playback_renders()
                    .order_by("-created_at")
                    .prefetch_related(Prefetch("qc_findings", queryset=QCFinding.objects.order_by("start", "kind"))),
                )
            )
        )
        return project_filter(self.request, qs).order_by("-created_at")


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
