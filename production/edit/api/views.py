"""The edit stage's API: cuts and their versions. Reads start from production.edit.selectors;
writes go through production.edit.services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from config.api_base import PROJECT_FILTER, ApiViewMixin, project_filter
from config.api_errors import ApiErrorSerializer
from production.edit import selectors, services
from projects.api.permissions import UploaderActionAllowed
from projects.selectors import projects_visible_to

from . import serializers


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
        return [*super().get_permissions(), UploaderActionAllowed()]

    def get_queryset(self):
        qs = selectors.cuts_visible_to(self.user).prefetch_related("versions").order_by("project", "title")
        return project_filter(self.request, qs)

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
