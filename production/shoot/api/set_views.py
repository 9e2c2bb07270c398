"""The on-set API: takes (list, log the next, change), dailies (list), and a shoot day's daily
report (read, change, sign off, reopen). Reads start from production.shoot.selectors (the team's:
a client's or another studio's id is a 404); writes go through set_services."""

from __future__ import annotations

import uuid

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from config.api_base import ApiViewMixin
from config.api_errors import ApiErrorSerializer
from production.shoot import selectors, set_services
from production.shoot.models import Daily, Take
from production.shoot.permissions import can_work_on_set
from production.storyboard.models import Shot

from . import set_serializers as serializers

DAY_FILTER = OpenApiParameter("day", str, description="Only this shoot day's (uuid)")
SHOT_FILTER = OpenApiParameter("shot", str, description="Only this shot's (uuid)")


def _uuid(value, name: str):
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise ValidationError({name: [f"Enter a valid {name} id (a UUID)."]}) from exc


def _filtered(request, queryset):
    for name in ("day", "shot"):
        if request.query_params.get(name):
            queryset = queryset.filter(**{f"{name}_id": _uuid(request.query_params[name], name)})
    return queryset


def _team_days(user):
    """The days whose set the user may work on: the shoot's readers are exactly the team."""
    return selectors.shoot_days_visible_to(user)


@extend_schema_view(
    list=extend_schema(summary="Takes logged on set", parameters=[DAY_FILTER, SHOT_FILTER]),
    retrieve=extend_schema(summary="One take"),
    create=extend_schema(summary="Log the next take of a shot on a day (its number is the shot's next)",
                         request=serializers.TakeInputSerializer,
                         responses={201: serializers.TakeSerializer, 400: ApiErrorSerializer}),
    partial_update=extend_schema(summary="Change a take's mark, timecode or notes",
                                 request=serializers.TakeInputSerializer,
                                 responses={200: serializers.TakeSerializer, 400: ApiErrorSerializer}),
)  # fmt: skip
class TakeViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.TakeSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = Take.objects.filter(day__in=_team_days(self.user)).select_related("shot", "day__project")
        return _filtered(self.request, qs).order_by("day__date", "shot__position", "number")

    def create(self, request, *args, **kwargs):
        data = dict(self._validated(serializers.TakeInputSerializer))
        day = selectors.shoot_days_visible_to(self.user).filter(pk=data.pop("day", None)).first()
        if day is None or not can_work_on_set(self.user, day.project):
            raise NotFound("No such shoot day.")
        shot = Shot.objects.filter(project=day.project, pk=data.pop("shot", None)).first()
        if shot is None:
            raise NotFound("No such shot in this project.")
        data["mark"] = data.get("mark") or Take.Mark.GOOD
        take = set_services.take_log(day=day, shot=shot, by=self.user, **data)
        return Response(self.get_serializer(take).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        take = self.get_object()
        data = dict(self._validated(serializers.TakeInputSerializer, partial=True))
        data.pop("shot", None), data.pop("day", None)
        take = set_services.take_update(take=take, by=self.user, **data)
        return Response(self.get_serializer(take).data)


@extend_schema_view(
    list=extend_schema(summary="Dailies of the shoot (the team's)", parameters=[DAY_FILTER, SHOT_FILTER]),
    retrieve=extend_schema(summary="One daily"),
)
class DailyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Dailies are uploaded through /api/uploads/ (tus) with ``daily=<take, shot or day id>``."""

    serializer_class = serializers.DailySerializer

    def get_queryset(self):
        qs = Daily.objects.filter(day__in=_team_days(self.user)).select_related("asset", "day", "shot", "take")
        return _filtered(self.request, qs).order_by("day__date", "created_at")


class ReportActions:
    """The daily report of a shoot day, as actions of /api/shoot-days/<id>/ (a ShootDayViewSet mixin)."""

    def _report_day(self):
        day = self.get_object()
        if not can_work_on_set(self.user, day.project):
            raise NotFound("No such shoot day.")
        return selectors.day_for(user=self.user, day_id=day.pk)

    @extend_schema(
        methods=["GET"], summary="The day's daily production report", responses={200: serializers.DailyReportSerializer}
    )
    @extend_schema(
        methods=["PATCH"],
        summary="Change the actual call and wrap or the notes (not once signed off)",
        request=serializers.DailyReportInputSerializer,
        responses={200: serializers.DailyReportSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["get", "patch"], url_path="report")
    def report(self, request, pk=None):
        day = self._report_day()
        if request.method == "PATCH":
            data = dict(self._validated(serializers.DailyReportInputSerializer, partial=True))
            set_services.report_update(day=day, by=self.user, **data)
        return Response(serializers.DailyReportSerializer(set_services.report_of(day)).data)

    @extend_schema(
        summary="Sign the report off (producers): it is frozen and emailed",
        request=None,
        responses={200: serializers.DailyReportSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["post"], url_path="report/sign")
    def sign_report(self, request, pk=None):
        day = self._report_day()
        return Response(serializers.DailyReportSerializer(set_services.report_sign(day=day, by=self.user)).data)

    @extend_schema(
        summary="Reopen a signed report with a reason (producers)",
        request=serializers.ReopenInputSerializer,
        responses={200: serializers.DailyReportSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["post"], url_path="report/reopen")
    def reopen_report(self, request, pk=None):
        day = self._report_day()
        reason = self._validated(serializers.ReopenInputSerializer)["reason"]
        report = set_services.report_reopen(day=day, by=self.user, reason=reason)
        return Response(serializers.DailyReportSerializer(report).data)
