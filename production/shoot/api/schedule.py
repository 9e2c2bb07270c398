"""The API of shoot days' schedules: ``/api/scheduled-shots/`` — a day's shots in shooting order
with each one's estimated start and end (``?day=``, or ``?project=``), shots added to a day
(several at once; a shot on another day moves), the whole order of a day set, a shot taken off
its day. Reads start from ``selectors.shoot_days_visible_to`` (the team's: a client lists
nothing and gets a 404); writes go through ``production.shoot.schedule`` (producers)."""

from __future__ import annotations

import uuid

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from config.api_base import PROJECT_FILTER, ApiViewMixin
from config.api_errors import ApiErrorSerializer
from production.shoot import schedule, selectors
from production.shoot.models import ScheduledShot

DAY_FILTER = OpenApiParameter("day", str, description="Only this shoot day's (uuid)")


class ScheduledShotSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="shot.number", read_only=True)
    description = serializers.CharField(source="shot.description", read_only=True)
    framing = serializers.CharField(source="shot.framing", read_only=True)
    shot_size = serializers.CharField(source="shot.shot_size", read_only=True)
    angle = serializers.CharField(source="shot.angle", read_only=True)
    location = serializers.CharField(source="shot.location", read_only=True)
    cast = serializers.CharField(source="shot.cast", read_only=True)
    status = serializers.CharField(source="shot.status", read_only=True, help_text="The shot's status.")
    minutes = serializers.IntegerField(read_only=True, help_text="Setup plus shooting time, estimated.")
    starts_at = serializers.SerializerMethodField(help_text="Estimated start, from the call (local time).")
    ends_at = serializers.SerializerMethodField(help_text="Estimated end.")
    over = serializers.SerializerMethodField(help_text="Whether it ends after the day's wrap.")

    class Meta:
        model = ScheduledShot
        fields = ["id", "day", "shot", "position", "number", "description", "framing", "shot_size", "angle",
                  "location", "cast", "status", "minutes", "starts_at", "ends_at", "over", "done_at"]  # fmt: skip
        read_only_fields = fields

    def _entry(self, row):
        return self.context.get("entries", {}).get(row.pk)

    def get_starts_at(self, row) -> str | None:
        entry = self._entry(row)
        return entry.starts_at.isoformat() if entry else None

    def get_ends_at(self, row) -> str | None:
        entry = self._entry(row)
        return entry.ends_at.isoformat() if entry else None

    def get_over(self, row) -> bool:
        entry = self._entry(row)
        return bool(entry and entry.over)


class AddInputSerializer(serializers.Serializer):
    day = serializers.UUIDField()
    shots = serializers.ListField(child=serializers.UUIDField(), help_text="Shot ids, in the order to add them.")


class ReorderInputSerializer(serializers.Serializer):
    day = serializers.UUIDField()
    order = serializers.ListField(child=serializers.UUIDField(), help_text="Every shot id of the day, once each.")


class DayScheduleSerializer(serializers.Serializer):
    day = serializers.UUIDField()
    minutes = serializers.IntegerField(help_text="Every shot's setup and shooting time.")
    length_minutes = serializers.IntegerField(help_text="Call to wrap, in real time.")
    overrun_minutes = serializers.IntegerField()
    shots = ScheduledShotSerializer(many=True)


@extend_schema_view(
    list=extend_schema(summary="Scheduled shots you can see, in shooting order",
                       parameters=[DAY_FILTER, PROJECT_FILTER]),
    retrieve=extend_schema(summary="One scheduled shot"),
    destroy=extend_schema(summary="Take the shot off its day (producers); a scheduled shot goes back to planned",
                          responses={204: None}),
)  # fmt: skip
class ScheduledShotViewSet(ApiViewMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ScheduledShotSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        qs = ScheduledShot.objects.filter(day__in=selectors.shoot_days_visible_to(self.user)).select_related(
            "shot", "day__project__organization"
        )
        for name, field in (("day", "day_id"), ("project", "day__project_id")):
            value = self.request.query_params.get(name)
            if value:
                try:
                    qs = qs.filter(**{field: uuid.UUID(value)})
                except ValueError as exc:
                    raise ValidationError({name: [f"Enter a valid {name} id (a UUID)."]}) from exc
        return qs.order_by("day__date", "day__call_time", "day_id", "position")

    def _day(self, day_id):
        day = selectors.shoot_days_visible_to(self.user).select_related("project").filter(pk=day_id).first()
        if day is None:
            raise NotFound("No such shoot day.")
        return day

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["entries"] = getattr(self, "_entries", {})
        return context

    def _clock(self, rows) -> None:
        """Each row's estimated times, from its day's plan (one query for all the days of the rows)."""
        entries = {}
        days = {row.day_id: row.day for row in rows}
        by_day: dict = {pk: [] for pk in days}
        for row in ScheduledShot.objects.filter(day_id__in=days).select_related("shot").order_by("position"):
            by_day[row.day_id].append(row)  # every shot of those days: the clock runs over the whole day
        for pk, day in days.items():
            entries.update({e.row.pk: e for e in selectors.plan_of(day, rows=by_day[pk]).entries})
        self._entries = entries

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        self._clock(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        row = self.get_object()
        self._clock([row])
        return Response(self.get_serializer(row).data)

    def _schedule(self, day, code=status.HTTP_200_OK) -> Response:
        plan = selectors.plan_of(day)
        self._entries = {e.row.pk: e for e in plan.entries}
        body = {"day": day.pk, "minutes": plan.minutes, "length_minutes": plan.length_minutes,
                "overrun_minutes": plan.overrun_minutes, "shots": [e.row for e in plan.entries]}  # fmt: skip
        return Response(DayScheduleSerializer(body, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        summary="Put shots on a day, at the end of its order (producers)",
        description="A shot scheduled on another day moves to this one. Answers with the day's whole schedule.",
        request=AddInputSerializer,
        responses={201: DayScheduleSerializer, 400: ApiErrorSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = self._validated(AddInputSerializer)
        day = self._day(data["day"])
        schedule.schedule_add(day=day, shots=[str(s) for s in data["shots"]], by=self.user)
        return self._schedule(day, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Set a day's shooting order (producers)",
        request=ReorderInputSerializer,
        responses={200: DayScheduleSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=False, methods=["post"])
    def reorder(self, request):
        data = self._validated(ReorderInputSerializer)
        day = self._day(data["day"])
        schedule.schedule_reorder(day=day, order=[str(s) for s in data["order"]], by=self.user)
        return self._schedule(day)

    def destroy(self, request, *args, **kwargs):
        row = self.get_object()
        schedule.schedule_remove(day=row.day, shot=row.shot, by=self.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
