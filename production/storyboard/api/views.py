"""The storyboard stage's API: scripts with their versions and scenes (and the Fountain text of a
version), and the storyboard's frames (with reordering and comments). Reads start from
production.storyboard.selectors (a foreign id is a 404); writes go through its services."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from config.api_base import PROJECT_FILTER, ApiViewMixin, project_filter
from config.api_errors import ApiErrorSerializer
from production.storyboard import selectors, services
from production.storyboard.services import shots as shot_services
from projects.selectors import projects_visible_to

from . import serializers

SCRIPT_FILTER = OpenApiParameter("script", str, description="Only this script's versions (uuid)")


def _uuid_param(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise ValidationError({name: [f"Enter a valid {name} id (a UUID)."]}) from exc


def _project(user, project_id):
    project = projects_visible_to(user).filter(pk=project_id).first() if project_id else None
    if project is None:
        raise NotFound("No such project.")
    return project


@extend_schema_view(
    list=extend_schema(summary="Scripts you can see (one per project)", parameters=[PROJECT_FILTER]),
    retrieve=extend_schema(summary="One script with its current version"),
    create=extend_schema(
        summary="Save Fountain text as the next version of a project's script (producers and editors)",
        description="The script is made with its first version. Text identical to the current version is "
        "refused (nothing changed). The version's scenes are read from the text.",
        request=serializers.ScriptInputSerializer,
        responses={201: serializers.ScriptVersionDetailSerializer, 400: ApiErrorSerializer},
    ),
)
class ScriptViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ScriptSerializer

    def get_queryset(self):
        return project_filter(self.request, selectors.scripts_visible_to(self.user).order_by("project__title"))

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.ScriptInputSerializer)
        project = _project(self.user, data["project"])
        version = services.script_save(project=project, text=data["text"], by=self.user, note=data["note"])
        return Response(serializers.ScriptVersionDetailSerializer(version).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Script versions you can see, newest first", parameters=[SCRIPT_FILTER, PROJECT_FILTER]),
    retrieve=extend_schema(summary="One version with its scenes", responses=serializers.ScriptVersionDetailSerializer),
)
class ScriptVersionViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ScriptVersionSerializer

    def get_serializer_class(self):
        return (
            serializers.ScriptVersionDetailSerializer if self.action == "retrieve" else super().get_serializer_class()
        )

    def get_queryset(self):
        qs = selectors.script_versions_visible_to(self.user).select_related("created_by").order_by("script", "-number")
        script = self.request.query_params.get("script")
        if script:
            qs = qs.filter(script_id=_uuid_param(script, "script"))
        project = self.request.query_params.get("project")
        if project:
            qs = qs.filter(script__project_id=_uuid_param(project, "project"))
        if self.action == "retrieve":
            qs = qs.prefetch_related("scenes")
        return qs

    @extend_schema(
        summary="The version's Fountain text, exactly as it was imported or saved",
        responses={(200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, description="Fountain")},
    )
    @action(detail=True, methods=["get"])
    def fountain(self, request, pk=None):
        version = self.get_object()
        response = HttpResponse(version.source.encode("utf-8"), content_type="text/plain; charset=utf-8")
        stem = slugify(version.script.title or version.script.project.title)[:60].strip("-") or "script"
        response["Content-Disposition"] = f'attachment; filename="{stem}-v{version.number}.fountain"'
        return response


VERSION_FILTER = OpenApiParameter("version", str, description="Only this script version's scenes (uuid)")
CURRENT_FILTER = OpenApiParameter(
    "project", str, description="Only the scenes of this project's current script version (uuid)"
)


@extend_schema_view(
    list=extend_schema(summary="Scenes you can see, in script order", parameters=[VERSION_FILTER, CURRENT_FILTER]),
    retrieve=extend_schema(summary="One scene"),
)
class SceneViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """The scenes storyboard frames (and later shots) point at."""

    serializer_class = serializers.SceneSerializer

    def get_queryset(self):
        qs = selectors.scenes_visible_to(self.user).order_by("version", "position")
        version = self.request.query_params.get("version")
        if version:
            qs = qs.filter(version_id=_uuid_param(version, "version"))
        project = self.request.query_params.get("project")
        if project:
            current = (
                selectors.script_versions_visible_to(self.user)
                .filter(script__project_id=_uuid_param(project, "project"))
                .order_by("-number")
                .values("pk")[:1]
            )
            qs = qs.filter(version_id__in=current)
        return qs


@extend_schema_view(
    list=extend_schema(summary="Storyboard frames you can see, in board order", parameters=[PROJECT_FILTER]),
    retrieve=extend_schema(summary="One frame"),
    create=extend_schema(
        summary="Add a frame at the end of a project's storyboard (producers and editors)",
        request={
            "multipart/form-data": serializers.FrameInputSerializer,
            "application/json": serializers.FrameInputSerializer,
        },
        responses={201: serializers.FrameSerializer, 400: ApiErrorSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a frame (producers and editors): send only what changes",
        request={
            "multipart/form-data": serializers.FrameInputSerializer,
            "application/json": serializers.FrameInputSerializer,
        },
        responses={200: serializers.FrameSerializer, 400: ApiErrorSerializer},
    ),
    destroy=extend_schema(summary="Remove a frame (producers and editors)", responses={204: None}),
)
class FrameViewSet(ApiViewMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.FrameSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        qs = selectors.frames_visible_to(self.user).order_by("project", "position")
        return project_filter(self.request, qs)

    def get_object(self):
        frame = super().get_object()
        return selectors.frame_for(user=self.user, frame_id=frame.pk)

    def list(self, request, *args, **kwargs):
        """A frame's ``number`` is its place on its board: given for a list of one project's board
        (``?project=``), else ``position + 1``."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        if request.query_params.get("project"):
            first = (self.paginator.page.number - 1) * self.paginator.get_page_size(request) + 1
            for number, frame in enumerate(page, start=first):
                frame.board_number = number
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _picture_args(self, data: dict, project) -> dict:
        args = {}
        if data.get("image") is not None:
            upload = data["image"]
            args["image"] = (upload.name, upload.read())
        if data.get("still_of"):
            asset = selectors.reference_videos(user=self.user, project=project).filter(pk=data["still_of"]).first()
            if asset is None:
                raise ValidationError({"still_of": ["That video is not one of this project's."]})
            args["still_of"] = asset
        if data.get("still_timecode"):
            args["still_timecode"] = data["still_timecode"]
        return args

    @staticmethod
    def _fields(data: dict) -> dict:
        return {name: data[name] for name in services.FRAME_FIELDS if name in data}

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.FrameInputSerializer)
        project = _project(self.user, data.get("project"))
        frame = services.frame_create(
            project=project, by=self.user, **self._fields(data), **self._picture_args(data, project)
        )
        return Response(self.get_serializer(frame).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        frame = self.get_object()
        data = self._validated(serializers.FrameInputSerializer, partial=True)
        data.pop("project", None)
        frame = services.frame_update(
            frame=frame,
            by=self.user,
            remove_image=data.get("remove_image", False),
            **self._fields(data),
            **self._picture_args(data, frame.project),
        )
        return Response(self.get_serializer(frame).data)

    def destroy(self, request, *args, **kwargs):
        services.frame_delete(frame=self.get_object(), by=self.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Put a project's storyboard in a new order (producers and editors)",
        description="`order` lists every frame id of the project's storyboard exactly once; a list with a "
        "frame missing, twice, or of another project is refused and nothing changes.",
        request=serializers.ReorderInputSerializer,
        responses={200: serializers.FrameSerializer(many=True), 400: ApiErrorSerializer},
    )
    @action(detail=False, methods=["post"])
    def reorder(self, request):
        data = self._validated(serializers.ReorderInputSerializer)
        project = _project(self.user, data["project"])
        frames = services.frames_reorder(project=project, order=data["order"], by=self.user)
        return Response(self.get_serializer(frames, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="A frame's comments, oldest first",
        responses=serializers.FrameCommentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Comment on a frame (plain text; the team and the client read it)",
        request=serializers.CommentInputSerializer,
        responses={201: serializers.FrameCommentSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, pk=None):
        frame = self.get_object()
        if request.method == "POST":
            data = self._validated(serializers.CommentInputSerializer)
            comment = services.frame_comment_post(frame=frame, by=self.user, text=data["text"])
            return Response(serializers.FrameCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        comments = selectors.frame_comments_visible_to(self.user).filter(frame=frame).order_by("created_at")
        return Response(serializers.FrameCommentSerializer(comments, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Shots you can see, in list order", parameters=[PROJECT_FILTER]),
    retrieve=extend_schema(summary="One shot"),
    create=extend_schema(
        summary="Add a shot at the end of a project's shot list (producers and editors)",
        description="Without a `number`, the shot gets its scene's next (12A, 12B…) or the next whole number.",
        request=serializers.ShotInputSerializer,
        responses={201: serializers.ShotSerializer, 400: ApiErrorSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a shot (producers and editors): send only what changes",
        request=serializers.ShotInputSerializer,
        responses={200: serializers.ShotSerializer, 400: ApiErrorSerializer},
    ),
    destroy=extend_schema(summary="Remove a shot (producers and editors)", responses={204: None}),
)
class ShotViewSet(ApiViewMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ShotSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return project_filter(self.request, selectors.shots_visible_to(self.user).order_by("project", "position"))

    def get_object(self):
        shot = super().get_object()
        return selectors.shot_for(user=self.user, shot_id=shot.pk)

    @staticmethod
    def _fields(data: dict) -> dict:
        return {name: data[name] for name in shot_services.SHOT_FIELDS if name in data}

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.ShotInputSerializer)
        project = _project(self.user, data.get("project"))
        shot = shot_services.shot_create(project=project, by=self.user, **self._fields(data))
        return Response(self.get_serializer(shot).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        shot = self.get_object()
        data = self._validated(serializers.ShotInputSerializer, partial=True)
        shot = shot_services.shot_update(shot=shot, by=self.user, **self._fields(data))
        return Response(self.get_serializer(shot).data)

    def destroy(self, request, *args, **kwargs):
        shot_services.shot_delete(shot=self.get_object(), by=self.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Put a project's shot list in a new order (producers and editors)",
        description="`order` lists every shot id of the project exactly once; a list with a shot missing, "
        "twice, or of another project is refused and nothing changes.",
        request=serializers.ShotReorderInputSerializer,
        responses={200: serializers.ShotSerializer(many=True), 400: ApiErrorSerializer},
    )
    @action(detail=False, methods=["post"])
    def reorder(self, request):
        data = self._validated(serializers.ShotReorderInputSerializer)
        project = _project(self.user, data["project"])
        shots = shot_services.shots_reorder(project=project, order=data["order"], by=self.user)
        return Response(self.get_serializer(shots, many=True).data)

    @extend_schema(
        summary="Set a shot's status: planned, scheduled, shot, circled (producers and editors)",
        request=serializers.ShotStatusInputSerializer,
        responses={200: serializers.ShotSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        shot = self.get_object()
        data = self._validated(serializers.ShotStatusInputSerializer)
        shot = shot_services.shot_set_status(shot=shot, status=data["status"], by=self.user)
        return Response(self.get_serializer(shot).data)
