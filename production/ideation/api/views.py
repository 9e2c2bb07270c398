"""Ideation's API: the ideas board (the team's; a client's list is empty and any idea a 404) and
the briefs of the projects you can see. Reads start from production.ideation.selectors; writes go
through production.ideation.services."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from config.api_base import PROJECT_FILTER, ApiViewMixin, project_filter
from config.api_errors import ApiErrorSerializer
from production.ideation import selectors, services
from production.ideation.models import BriefSignoff, BriefVersion, Idea
from projects.selectors import clients_visible_to, projects_visible_to

from . import serializers

STATUS_FILTER = OpenApiParameter("status", str, description="Only ideas of this status", enum=Idea.Status.values)


@extend_schema_view(
    list=extend_schema(summary="The ideas board (the team's), most voted first", parameters=[STATUS_FILTER]),
    retrieve=extend_schema(summary="One idea"),
    create=extend_schema(
        summary="Put an idea on the board",
        request=serializers.IdeaInputSerializer,
        responses={201: serializers.IdeaSerializer, 400: ApiErrorSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit an idea (its author or a producer), or shortlist or drop it (producers)",
        request=serializers.IdeaUpdateInputSerializer,
        responses={200: serializers.IdeaSerializer, 400: ApiErrorSerializer},
    ),
)
class IdeaViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.IdeaSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        status_ = self.request.query_params.get("status", "")
        if status_ and status_ not in Idea.Status.values:
            raise ValidationError({"status": [f"Choose among {', '.join(Idea.Status.values)}."]})
        return selectors.ideas_for_board(self.user, status=status_)

    def _fresh(self, idea: Idea):
        return self.get_serializer(self.get_queryset().get(pk=idea.pk)).data

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.IdeaInputSerializer)
        organizations = selectors.board_organizations(self.user)
        if data.get("organization"):
            organization = organizations.filter(pk=data["organization"]).first()
            if organization is None:
                raise ValidationError({"organization": ["Not one of your studios."]})
        elif len(organizations) == 1:
            organization = organizations[0]
        elif not organizations:
            raise NotFound("You are on no studio's team: there is no ideas board for you.")
        else:
            raise ValidationError({"organization": ["Say which studio's board (organization)."]})
        idea = services.idea_create(
            organization=organization, by=self.user, title=data["title"], pitch=data["pitch"], format=data["format"],
            platforms=data["platforms"],
        )  # fmt: skip
        return Response(self._fresh(idea), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        idea = self.get_object()
        data = self._validated(serializers.IdeaUpdateInputSerializer, partial=True)
        idea = services.idea_update(idea=idea, by=self.user, **data)
        return Response(self._fresh(idea))

    @extend_schema(summary="Vote for the idea, or take your vote back", request=None,
                   responses={200: serializers.IdeaVoteSerializer})  # fmt: skip
    @action(detail=True, methods=["post"])
    def vote(self, request, *args, **kwargs):
        idea = self.get_object()
        voted = services.idea_vote_toggle(idea=idea, by=self.user)
        return Response({"voted": voted, "votes": idea.votes.count()})

    @extend_schema(
        methods=["get"],
        summary="The idea's comments, oldest first",
        responses={200: serializers.IdeaCommentSerializer(many=True)},
    )
    @extend_schema(
        methods=["post"],
        summary="Comment on the idea (plain text)",
        request=serializers.IdeaCommentInputSerializer,
        responses={201: serializers.IdeaCommentSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request, *args, **kwargs):
        idea = self.get_object()
        if request.method == "POST":
            data = self._validated(serializers.IdeaCommentInputSerializer)
            comment = services.idea_comment(idea=idea, by=self.user, text=data["text"])
            return Response(serializers.IdeaCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        return Response(serializers.IdeaCommentSerializer(selectors.comments_of(idea), many=True).data)

    @extend_schema(
        summary="Make the idea a project (producers)",
        description="Creates the project for `client` (in Ideation), its brief's version 1 from the idea (the pitch "
        "as its summary, the idea's platforms), marks the idea promoted with a link to the project, and records "
        "it on the project's timeline.",
        request=serializers.IdeaPromoteInputSerializer,
        responses={201: serializers.IdeaPromotedSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def promote(self, request, *args, **kwargs):
        idea = self.get_object()
        data = self._validated(serializers.IdeaPromoteInputSerializer)
        client = clients_visible_to(self.user).filter(pk=data["client"], organization=idea.organization_id).first()
        if client is None:
            raise ValidationError({"client": ["Not a client of this idea's studio."]})
        project = services.idea_promote(
            idea=idea, by=self.user, client=client, title=data.get("title"), due_date=data["due_date"]
        )
        version = project.brief.versions.order_by("-number").first()
        body = {"project": project.pk, "brief": project.brief.pk, "brief_version": version.number}
        return Response(body, status=status.HTTP_201_CREATED)


def _briefs(user):
    versions = BriefVersion.objects.prefetch_related(
        *selectors.ROWS, Prefetch("signoffs", queryset=BriefSignoff.objects.order_by("created_at"))
    )
    return selectors.briefs_visible_to(user).prefetch_related(Prefetch("versions", queryset=versions))


@extend_schema_view(
    list=extend_schema(
        summary="Briefs of the projects you can see, with their current version", parameters=[PROJECT_FILTER]
    ),
    retrieve=extend_schema(summary="One brief: its current version, the version numbers, the sign-off state"),
)
class BriefViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.BriefSerializer

    def get_queryset(self):
        return project_filter(self.request, _briefs(self.user)).order_by("created_at", "id")

    @extend_schema(
        summary="Sign off a version of the brief (the client's reviewers of the project)",
        description="`version` is the number of the version you read; it must be the current one. A sign-off "
        "names that version only: a newer version needs its own.",
        request=serializers.BriefSignOffInputSerializer,
        responses={201: serializers.BriefSignoffSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["post"], url_path="sign-off", url_name="sign-off")
    def sign_off(self, request, *args, **kwargs):
        brief = self.get_object()
        data = self._validated(serializers.BriefSignOffInputSerializer)
        version = brief.versions.filter(number=data["version"]).first()
        if version is None:
            raise ValidationError({"version": [f"This brief has no version {data['version']}."]})
        signoff = services.brief_sign_off(version=version, by=self.user, note=data["note"])
        return Response(serializers.BriefSignoffSerializer(signoff).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Versions of the briefs you can see, newest first", parameters=[PROJECT_FILTER]),
    retrieve=extend_schema(summary="One version of a brief, with its rows and sign-offs"),
    create=extend_schema(
        summary="Save a project's brief as its next version (producers and marketers)",
        description="Send the whole brief as it should read. Rows keep their `key` when you send it back with "
        "them (a key from the current version); rows without one are new. A brief that says exactly what the "
        "current version says makes no new version: the answer is the current one (200, not 201). Every "
        "problem comes back at once, a row's field as `kpis.0.target`.",
        request=serializers.BriefVersionInputSerializer,
        responses={
            201: serializers.BriefVersionSerializer,
            200: serializers.BriefVersionSerializer,
            400: ApiErrorSerializer,
        },
    ),
)
class BriefVersionViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.BriefVersionSerializer

    def get_queryset(self):
        qs = selectors.brief_versions_visible_to(self.user).order_by("brief", "-number")
        project = self.request.query_params.get("project")
        if not project:
            return qs
        try:
            return qs.filter(brief__project_id=uuid.UUID(project))
        except ValueError as exc:
            raise ValidationError({"project": ["Enter a valid project id (a UUID)."]}) from exc

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.BriefVersionInputSerializer)
        project = projects_visible_to(self.user).filter(pk=data.pop("project")).first()
        if project is None:
            raise NotFound("No such project.")
        before = services.current_version_of(project)
        version = services.brief_save(project=project, by=self.user, **data)
        made = before is None or version.pk != before.pk
        body = self.get_serializer(self.get_queryset().get(pk=version.pk)).data
        return Response(body, status=status.HTTP_201_CREATED if made else status.HTTP_200_OK)
