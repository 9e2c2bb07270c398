"""Viewsets: read through selectors, write through services, nothing else.

Every queryset starts from a selector scoped by ``request.user``, so an id from another
tenant is a 404 exactly like an id that does not exist. Lookups use the ``uuid`` path
converter, so a malformed id never reaches a view (it is the API's catch-all 404).
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from config.api_base import ApiViewMixin
from config.api_errors import ApiAutoSchema, ApiErrorSerializer
from projects import selectors, services
from projects.models import Invitation, Membership, Organization, Project, TimelineEvent
from projects.permissions import can_see_internal, producer_organizations

from . import filters, serializers
from .permissions import IsOrganizationMember, IsProducer, ProjectActionAllowed

# --- Organizations and clients ----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Your organizations", description="The organizations you are a member of."),
    retrieve=extend_schema(summary="One of your organizations"),
)
class OrganizationViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.OrganizationSerializer
    filter_backends = [filters.StableOrderingFilter]
    ordering_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet[Organization]:
        return selectors.organizations_for(self.user)


@extend_schema_view(
    list=extend_schema(
        summary="Client companies",
        description="Staff see their organizations' clients; a client user sees only their own company.",
    ),
    retrieve=extend_schema(summary="One client company"),
    create=extend_schema(
        summary="Add a client company (producers)",
        request=serializers.ClientInputSerializer,
        responses={201: serializers.ClientSerializer},
    ),
)
class ClientViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ClientSerializer
    filterset_class = filters.ClientFilter
    filter_backends = [DjangoFilterBackend, filters.StableOrderingFilter]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def get_permissions(self):
        if self.action == "create":
            return [IsOrganizationMember(), IsProducer()]
        return super().get_permissions()

    def get_queryset(self):
        return selectors.clients_visible_to(self.user)

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.ClientInputSerializer)
        client = services.client_create(organization=data["organization"], name=data["name"], by=self.user)
        return Response(self.get_serializer(client).data, status=status.HTTP_201_CREATED)


# --- Projects ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Projects you can see",
        description="Staff see their organizations' projects; a client user sees the projects of their "
        "company they were invited to.",
    ),
    retrieve=extend_schema(summary="One project"),
    create=extend_schema(
        summary="Create a project (producers)",
        description="Records a `project.created` event on the project's timeline.",
        request=serializers.ProjectCreateInputSerializer,
        responses={201: serializers.ProjectSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a project (producers)",
        description="Send only the fields to change. The stage is changed with the `stage` action.",
        request=serializers.ProjectUpdateInputSerializer,
        responses={200: serializers.ProjectSerializer},
    ),
)
class ProjectViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter
    filter_backends = [DjangoFilterBackend, filters.StableOrderingFilter]
    ordering_fields = ["title", "due_date", "created_at", "updated_at"]
    ordering = ["due_date", "title", "id"]

    def get_permissions(self):
        if self.action == "create":
            return [IsOrganizationMember(), IsProducer()]
        return [*super().get_permissions(), ProjectActionAllowed()]

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.projects_visible_to(self.user)

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.ProjectCreateInputSerializer)
        project = services.project_create(
            by=self.user,
            client=data["client"],
            title=data["title"],
            description=data["description"],
            due_date=data["due_date"],
        )
        project = selectors.project_for(user=self.user, project_id=project.pk)
        return Response(self.get_serializer(project).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        data = self._validated(serializers.ProjectUpdateInputSerializer, partial=True)
        services.project_update(project=project, by=self.user, **data)
        project = selectors.project_for(user=self.user, project_id=project.pk)
        return Response(self.get_serializer(project).data)

    @extend_schema(
        summary="Move the project to another stage (producers)",
        description=(
            "Forward moves must pass the gates of every stage they enter. When a gate fails the "
            "answer is a 400 with code `gate_failed` and a `gates` list saying which gate failed and "
            "why; send `override_reason` to override it (recorded on the timeline)."
        ),
        request=serializers.StageChangeInputSerializer,
        responses={200: serializers.StageChangeSerializer, 400: ApiErrorSerializer},
    )
    @action(detail=True, methods=["post"], url_path="stage", url_name="stage")
    def change_stage(self, request, *args, **kwargs):
        project = self.get_object()
        data = self._validated(serializers.StageChangeInputSerializer)
        change = services.project_change_stage(
            project=project, to_stage=data["stage"], by=self.user, override_reason=data["override_reason"]
        )
        change.project = selectors.project_for(user=self.user, project_id=project.pk)
        return Response(serializers.StageChangeSerializer(change, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(
        summary="A project's timeline, newest first",
        description=(
            "Clients get only client-visible events, and for those `data`, `subject_type` and "
            "`subject_id` are null (working detail such as override reasons is staff-only)."
        ),
    )
)
class TimelineViewSet(ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.TimelineEventSerializer
    filterset_class = filters.TimelineFilter
    filter_backends = [DjangoFilterBackend]

    def get_project(self) -> Project:
        if not hasattr(self, "_project"):
            self._project = selectors.project_for(user=self.user, project_id=self.kwargs["project_id"])
        return self._project

    def get_queryset(self) -> QuerySet[TimelineEvent]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user, no project
            return TimelineEvent.objects.none()
        return selectors.timeline_for(user=self.user, project=self.get_project())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["show_internal"] = can_see_internal(self.user, self.get_project())
        return context


# --- Members and invitations (producers) --------------------------------------------------------


def _across_managed_organizations(user, selector) -> QuerySet:
    """One queryset over every organization the user manages, built from the per-organization
    selector (which returns nothing for an organization the user does not manage)."""
    querysets = [selector(user=user, organization=org) for org in producer_organizations(user)]
    return reduce(or_, querysets) if querysets else selector(user=user, organization=None)


@extend_schema_view(
    list=extend_schema(summary="Members of the organizations you manage (producers)"),
    retrieve=extend_schema(summary="One membership (producers)"),
    partial_update=extend_schema(
        summary="Change a member's role (producers)",
        description="A client member needs a client company (they keep theirs when `client` is left out); "
        "team roles have none. The organization's last producer keeps the role.",
        request=serializers.MembershipRoleInputSerializer,
        responses={200: serializers.MembershipSerializer, 400: ApiErrorSerializer},
    ),
)
class MembershipViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsOrganizationMember, IsProducer]
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter

    def get_queryset(self) -> QuerySet[Membership]:
        return _across_managed_organizations(self.user, selectors.members_of).order_by(
            "organization__name", "user__email", "id"
        )

    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        data = self._validated(serializers.MembershipRoleInputSerializer)
        services.membership_change_role(membership=membership, role=data["role"], client=data["client"], by=self.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=membership.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Invitations of the organizations you manage (producers)"),
    retrieve=extend_schema(summary="One invitation (producers)"),
    create=extend_schema(
        summary="Invite someone (producers)",
        description="Sends the invitation email. A pending invitation to the same address is withdrawn.",
        request=serializers.InvitationInputSerializer,
        responses={201: serializers.InvitationSerializer},
    ),
)
class InvitationViewSet(ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsOrganizationMember, IsProducer]
    serializer_class = serializers.InvitationSerializer
    filterset_class = filters.InvitationFilter

    def get_queryset(self) -> QuerySet[Invitation]:
        return _across_managed_organizations(self.user, selectors.invitations_of).order_by("-created_at", "id")

    def create(self, request, *args, **kwargs):
        data = self._validated(serializers.InvitationInputSerializer)
        invitation = services.member_invite(
            organization=data["organization"],
            email=data["email"],
            role=data["role"],
            by=self.user,
            client=data["client"],
            projects=data["projects"],
        )
        invitation = self.get_queryset().get(pk=invitation.pk)
        return Response(self.get_serializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Withdraw a pending invitation (producers)",
        request=None,
        responses={200: serializers.InvitationSerializer},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        invitation = services.invitation_revoke(invitation=self.get_object(), by=self.user)
        return Response(self.get_serializer(invitation).data)


# --- The acting user and tokens -------------------------------------------------------------------


class MeView(ApiViewMixin, GenericAPIView):
    serializer_class = serializers.MeSerializer
    pagination_class = None

    @extend_schema(summary="You", description="The signed-in user, with time zone and memberships.")
    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.user).data)

    @extend_schema(
        summary="Update your profile",
        description="Send only the fields to change.",
        request=serializers.MeInputSerializer,
        responses={200: serializers.MeSerializer},
    )
    def patch(self, request, *args, **kwargs):
        user = self.user
        data = {"first_name": user.first_name, "last_name": user.last_name, "time_zone": user.time_zone}
        data.update(self._validated(serializers.MeInputSerializer))
        services.user_update_profile(user=user, **data)
        return Response(self.get_serializer(user).data)


class TokenView(ObtainAuthToken):
    """Exchange an email and password for an API token (for scripts)."""

    serializer_class = serializers.TokenInputSerializer
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]  # guessing passwords gets slow
    throttle_scope = "token"
    schema = ApiAutoSchema()

    @extend_schema(
        summary="Get an API token",
        description="Send `Authorization: Token <token>` with later requests. Wrong credentials give a 401.",
        request=serializers.TokenInputSerializer,
        responses={
            200: serializers.TokenSerializer,
            400: ApiErrorSerializer,
            401: OpenApiResponse(ApiErrorSerializer, description="Wrong email or password, or an inactive account."),
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = authenticate(request=request, email=data["email"].lower(), password=data["password"])
        if user is None or not user.is_active:
            raise AuthenticationFailed("Unable to log in with the email and password given.")
        token, _ = Token.objects.get_or_create(user=user)  # as DRF's obtain_auth_token does
        return Response({"token": token.key})
