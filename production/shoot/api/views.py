"""The shoot stage's API: locations, people (crew and cast), equipment, budget lines and shoot days
with who is called, and each day's call sheet (its status, and sending it). Reads start from
production.shoot.selectors (a client's or another studio's id is a 404; a person's contact
details, rate and notes and the money are the producers'); writes go through its services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from config.api_base import PROJECT_FILTER, ApiViewMixin, project_filter
from config.api_errors import ApiErrorSerializer
from production.shoot import selectors, services
from production.shoot.models import CallSheet

from . import serializers
from .set_views import ReportActions


def _project(user, project_id):
    project = selectors.shoot_projects_visible_to(user).filter(pk=project_id).first() if project_id else None
    if project is None:
        raise NotFound("No such project.")
    return project


def _crud_schema(what: str, output, input_):
    return extend_schema_view(
        list=extend_schema(summary=f"{what} you can see", parameters=[PROJECT_FILTER]),
        retrieve=extend_schema(summary=f"One of the {what.lower()}"),
        create=extend_schema(summary=f"Add to a project's {what.lower()} (producers)", request=input_,
                             responses={201: output, 400: ApiErrorSerializer}),
        partial_update=extend_schema(summary="Change it (producers): send only what changes", request=input_,
                                     responses={200: output, 400: ApiErrorSerializer}),
        destroy=extend_schema(summary="Remove it (producers)", responses={204: None}),
    )  # fmt: skip


class _ShootViewSet(ApiViewMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Create, read, PATCH, delete: the input serializer parses, the services decide."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    input_serializer = None
    create_service = update_service = delete_service = None
    row_name = ""

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return project_filter(self.request, self.base_queryset().select_related("project__organization"))

    def create(self, request, *args, **kwargs):
        data = dict(self._validated(self.input_serializer))
        project = _project(self.user, data.pop("project", None))
        row = type(self).create_service(project=project, by=self.user, **self._fields(data))
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        row = self.get_object()
        data = dict(self._validated(self.input_serializer, partial=True))
        data.pop("project", None)
        row = type(self).update_service(**{self.row_name: row}, by=self.user, **self._fields(data))
        return Response(self.get_serializer(row).data)

    def destroy(self, request, *args, **kwargs):
        type(self).delete_service(**{self.row_name: self.get_object()}, by=self.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @staticmethod
    def _fields(data: dict) -> dict:
        return {k: ("" if v is None else v) for k, v in data.items()}


@_crud_schema("Shoot locations", serializers.LocationSerializer, serializers.LocationInputSerializer)
class LocationViewSet(_ShootViewSet):
    serializer_class = serializers.LocationSerializer
    input_serializer = serializers.LocationInputSerializer
    create_service, update_service, delete_service = (
        services.location_create, services.location_update, services.location_delete,
    )  # fmt: skip
    row_name = "location"

    def base_queryset(self):
        return selectors.locations_visible_to(self.user).prefetch_related("photos").order_by("project", "name")


@_crud_schema("Crew and cast", serializers.PersonSerializer, serializers.PersonInputSerializer)
class PersonViewSet(_ShootViewSet):
    """A person's email, phone, day rate and notes are in the body for producers only."""

    serializer_class = serializers.PersonSerializer
    input_serializer = serializers.PersonInputSerializer
    create_service, update_service, delete_service = (
        services.person_create, services.person_update, services.person_delete,
    )  # fmt: skip
    row_name = "person"

    def base_queryset(self):
        return selectors.people_visible_to(self.user).order_by("project", "name")


@_crud_schema("Shoot equipment", serializers.EquipmentSerializer, serializers.EquipmentInputSerializer)
class EquipmentViewSet(_ShootViewSet):
    serializer_class = serializers.EquipmentSerializer
    input_serializer = serializers.EquipmentInputSerializer
    create_service, update_service, delete_service = (
        services.equipment_create, services.equipment_update, services.equipment_delete,
    )  # fmt: skip
    row_name = "equipment"

    def base_queryset(self):
        return selectors.equipment_visible_to(self.user).order_by("project", "item")


@_crud_schema("Budget lines (producers)", serializers.BudgetLineSerializer, serializers.BudgetLineInputSerializer)
class BudgetLineViewSet(_ShootViewSet):
    serializer_class = serializers.BudgetLineSerializer
    input_serializer = serializers.BudgetLineInputSerializer
    create_service, update_service, delete_service = (
        services.budget_line_create, services.budget_line_update, services.budget_line_delete,
    )  # fmt: skip
    row_name = "line"

    def base_queryset(self):
        return selectors.budget_lines_visible_to(self.user).order_by("project", "category", "description")

    @extend_schema(
        summary="A project's budget totals against its ceiling (producers)",
        parameters=[PROJECT_FILTER],
        responses={200: serializers.BudgetSummarySerializer},
    )
    @action(detail=False, methods=["get"])
    def summary(self, request):
        project = _project(self.user, request.query_params.get("project"))
        budget = selectors.budget_of(user=self.user, project=project)
        if budget is None:
            raise NotFound("No such project.")
        return Response(
            serializers.BudgetSummarySerializer(
                {"estimate": budget.estimate, "actual": budget.actual, "ceiling": budget.ceiling,
                 "currency": budget.currency, "over_budget": budget.over_budget}
            ).data
        )  # fmt: skip


@_crud_schema("Shoot days", serializers.ShootDaySerializer, serializers.ShootDayInputSerializer)
class ShootDayViewSet(ReportActions, _ShootViewSet):
    serializer_class = serializers.ShootDaySerializer
    input_serializer = serializers.ShootDayInputSerializer
    create_service, update_service, delete_service = services.day_create, services.day_update, services.day_delete
    row_name = "day"

    def base_queryset(self):
        return (
            selectors.shoot_days_visible_to(self.user)
            .prefetch_related("locations", "calls__person")
            .order_by("project", "date", "call_time")
        )

    @staticmethod
    def _fields(data: dict) -> dict:
        fields = {k: ("" if v is None else v) for k, v in data.items()}
        if "calls" in fields:
            fields["calls"] = [dict(c) for c in fields["calls"]]
        return fields

    def _status(self, day) -> dict:
        sheet = CallSheet.objects.filter(day=day).first()
        calls = selectors.calls_of(selectors.day_for(user=self.user, day_id=day.pk))
        producer = selectors.private_fields_visible(self.user, day.project)
        rows = selectors.sheet_status(sheet, calls) if producer else []
        return {
            "revision": sheet.revision if sheet else 0,
            "sent_at": sheet.sent_at if sheet else None,
            "revised": bool(sheet and sheet.is_revised),
            "recipients": [r.copy for r in rows if r.copy is not None],
            "not_sent": [r.person.name for r in rows if r.copy is None],
        }

    @extend_schema(
        summary="The day's call sheet: its revision, and who has it, opened it and confirmed (producers)",
        responses={200: serializers.CallSheetStatusSerializer},
    )
    @action(detail=True, methods=["get"], url_path="call-sheet")
    def call_sheet(self, request, pk=None):
        return Response(serializers.CallSheetStatusSerializer(self._status(self.get_object())).data)

    @extend_schema(
        summary="Email the call sheet to everyone called (producers)",
        description="Each person gets their own confirm link and the PDF. Changed since the last sending: a "
        "revised sheet, to everyone again. Unchanged: only to those who have not got it; nobody left is a 400.",
        request=None,
        responses={200: serializers.CallSheetStatusSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["post"], url_path="call-sheet/send")
    def send_call_sheet(self, request, pk=None):
        day = self.get_object()
        services.call_sheet_send(day=day, by=self.user)
        return Response(serializers.CallSheetStatusSerializer(self._status(day)).data)
