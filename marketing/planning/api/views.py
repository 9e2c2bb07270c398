"""Marketing planning's API: campaigns of the projects you can see (a client, only what the current
version marks for them), the team's versions, plan items and spec reports. Reads start from
marketing.planning.selectors; writes go through marketing.planning.services."""

from __future__ import annotations

import uuid

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from config.api_base import PROJECT_FILTER, ApiViewMixin, project_filter
from config.api_errors import ApiErrorSerializer
from marketing.planning import selectors, services
from marketing.planning.permissions import sees_everything
from production.media.selectors import assets_visible_to
from projects.selectors import projects_visible_to

from . import serializers


def _by_project(request, queryset, lookup: str):
    project = request.query_params.get("project")
    if not project:
        return queryset
    try:
        return queryset.filter(**{lookup: uuid.UUID(project)})
    except ValueError as exc:
        raise ValidationError({"project": ["Enter a valid project id (a UUID)."]}) from exc


@extend_schema_view(
    list=extend_schema(summary="Campaigns of the projects you can see", parameters=[PROJECT_FILTER]),
    retrieve=extend_schema(summary="One campaign: its current version as you may see it"),
    create=extend_schema(
        summary="Start a project's campaign from its brief (marketers and producers)",
        request=serializers.CampaignCreateInputSerializer,
        responses={201: serializers.CampaignSerializer, 400: ApiErrorSerializer},
    ),
)
class CampaignViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CampaignSerializer

    def get_queryset(self):
        qs = selectors.campaigns_visible_to(self.user).prefetch_related("versions__kpis", "versions__channels")
        return project_filter(self.request, qs).order_by("created_at", "id")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "full": lambda project: sees_everything(self.user, project)}

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.CampaignCreateInputSerializer)
        project = projects_visible_to(self.user).filter(pk=data["project"]).first()
        if project is None:
            raise NotFound("No such project.")
        services.campaign_create(project=project, by=self.user)
        body = self.get_serializer(self.get_queryset().get(project=project)).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Versions of the campaigns of your team's projects", parameters=[PROJECT_FILTER]),
    retrieve=extend_schema(summary="One version of a campaign, with its KPIs and channels"),
    create=extend_schema(
        summary="Save a project's campaign as its next version (marketers and producers)",
        description="Send the whole campaign as it should read; rows keep their `key` when sent back. A campaign "
        "that says what the current version says makes none (200 with the current one).",
        request=serializers.CampaignVersionInputSerializer,
        responses={
            201: serializers.CampaignVersionSerializer,
            200: serializers.CampaignVersionSerializer,
            400: ApiErrorSerializer,
        },
    ),
)
class CampaignVersionViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CampaignVersionSerializer

    def get_queryset(self):
        qs = selectors.campaign_versions_visible_to(self.user).order_by("campaign", "-number")
        return _by_project(self.request, qs, "campaign__project_id")

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.CampaignVersionInputSerializer)
        project = selectors.team_projects_of(self.user).filter(pk=data.pop("project")).first()
        if project is None:
            raise NotFound("No such project.")
        before = services.current_version_of(project)
        version = services.campaign_save(project=project, by=self.user, **data)
        made = before is None or version.pk != before.pk
        body = self.get_serializer(self.get_queryset().get(pk=version.pk)).data
        return Response(body, status=status.HTTP_201_CREATED if made else status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(summary="The repurposing plans' rows of your team's projects", parameters=[PROJECT_FILTER]),
    retrieve=extend_schema(summary="One row of a repurposing plan"),
    partial_update=extend_schema(
        summary="Choose the platform preset a required asset is delivered in",
        request=serializers.PlanItemInputSerializer,
        responses={200: serializers.PlanItemSerializer, 400: ApiErrorSerializer},
    ),
)
class PlanItemViewSet(ApiViewMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PlanItemSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        qs = selectors.plan_items_visible_to(self.user).select_related("campaign__project", "fulfilled_type")
        return _by_project(self.request, qs, "campaign__project_id").order_by("campaign", "created_at", "number")

    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        data = self._validated(serializers.PlanItemInputSerializer)
        item = services.plan_item_update(item=item, by=self.user, preset_key=data["preset"])
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Spec reports of your team's projects, newest first", parameters=[PROJECT_FILTER]),
    retrieve=extend_schema(summary="One spec report, rule by rule"),
    create=extend_schema(
        summary="Check a media asset against a platform preset now (marketers and producers)",
        request=serializers.SpecCheckInputSerializer,
        responses={201: serializers.SpecReportSerializer, 400: ApiErrorSerializer},
    ),
)
class SpecReportViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SpecReportSerializer

    def get_queryset(self):
        qs = selectors.spec_reports_visible_to(self.user).select_related("subject_type")
        return project_filter(self.request, qs).order_by("-created_at", "id")

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.SpecCheckInputSerializer)
        asset = assets_visible_to(self.user).filter(pk=data["asset"], project__in=selectors.team_projects_of(self.user))
        asset = asset.first()
        if asset is None:
            raise NotFound("No such asset.")
        report = services.spec_check_asset(asset=asset, preset_key=data["preset"], by=self.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data, status=status.HTTP_201_CREATED)
