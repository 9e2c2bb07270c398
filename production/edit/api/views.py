"""The edit stage's API: cuts and their versions. Reads start from production.edit.selectors;
writes go through production.edit.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from config.api_base import PROJECT_FILTER, ApiViewMixin, project_filter
from config.api_errors import ApiErrorSerializer
from production.edit import selectors, services
from production.edit.models import PostTask
from projects.api.permissions import UploaderActionAllowed
from projects.models import User
from projects.permissions import can_see_internal, can_upload
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


class PostTaskManagerAllowed(BasePermission):
    """Post tasks are the team's to read; producers and editors change them (a 403 before the
    input is read)."""

    message = "Only producers and editors plan post-production."

    def has_object_permission(self, request, view, obj) -> bool:
        return view.action in ("list", "retrieve") or can_upload(request.user, obj.project)


@extend_schema_view(
    list=extend_schema(summary="Post-production tasks of your projects (the team's)", parameters=[PROJECT_FILTER]),
    retrieve=extend_schema(summary="One post task"),
    create=extend_schema(
        summary="Add a post task (producers and editors)",
        request=serializers.PostTaskInputSerializer,
        responses={201: serializers.PostTaskSerializer, 400: ApiErrorSerializer},
    ),
    update=extend_schema(
        summary="Change a post task (producers and editors)",
        request=serializers.PostTaskInputSerializer,
        responses={200: serializers.PostTaskSerializer, 400: ApiErrorSerializer},
    ),
    destroy=extend_schema(summary="Remove a post task (producers and editors)"),
)
class PostTaskViewSet(
    ApiViewMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):  # fmt: skip
    serializer_class = serializers.PostTaskSerializer
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    def get_permissions(self):
        return [*super().get_permissions(), PostTaskManagerAllowed()]

    def get_queryset(self):
        qs = selectors.post_tasks_visible_to(self.user).prefetch_related("depends_on").order_by("project", "due_date")
        return project_filter(self.request, qs)

    def _fields(self, data: dict, project) -> dict:
        assignee = None
        if data.get("assignee"):
            assignee = User.objects.filter(pk=data["assignee"]).first()
            if assignee is None:
                raise DjangoValidationError({"assignee": "Give the task to someone on the studio's team."})
        waits = list(PostTask.objects.filter(project=project, pk__in=data["depends_on"]))
        if len(waits) != len(set(data["depends_on"])):
            raise DjangoValidationError({"depends_on": "A task can only wait on tasks of the same project."})
        return {
            "title": data["title"], "kind": data["kind"], "assignee": assignee, "due_date": data["due_date"],
            "notes": data["notes"], "depends_on": waits,
        }  # fmt: skip

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.PostTaskInputSerializer)
        project = projects_visible_to(self.user).filter(pk=data.get("project")).first() if data.get("project") else None
        if project is None or not can_see_internal(self.user, project):
            raise NotFound("No such project.")
        if not can_upload(self.user, project):
            raise PermissionDenied("Only producers and editors plan post-production.")
        task = services.post_task_create(project=project, by=self.user, **self._fields(data, project))
        return Response(self.get_serializer(task).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        task = self.get_object()
        data = self._validated(serializers.PostTaskInputSerializer)
        task = services.post_task_update(task=task, by=self.user, **self._fields(data, task.project))
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)

    def destroy(self, request, *args, **kwargs):
        services.post_task_delete(task=self.get_object(), by=self.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Move a post task on the board (to do, in progress, in review, done)",
        request=serializers.PostTaskMoveSerializer,
        responses={200: serializers.PostTaskSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        task = self.get_object()
        if not can_upload(self.user, task.project):
            raise PermissionDenied("Only producers and editors move post tasks.")
        data = self._validated(serializers.PostTaskMoveSerializer)
        task = services.post_task_move(task=task, by=self.user, status=data["status"])
        return Response(self.get_serializer(task).data)
