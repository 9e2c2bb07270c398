"""Serializers: shapes in and out of the API. No business logic.

Outgoing serializers (``…Serializer``) describe what the API returns. Incoming ones
(``…InputSerializer``) only parse and type-check; the rules (blank titles, who may do what,
gates) live in ``projects.services`` and come back through the one error format.

Every reference by id in a request is resolved through a selector scoped by the acting
user (``VisibleId``), so an id from another tenant reads exactly like an id that does not
exist: ``Invalid pk "…" - object does not exist.``
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField

from projects import selectors, services
from projects.models import Client, Invitation, Membership, Organization, Project, Role, Stage, TimelineEvent, User
from projects.permissions import memberships_by_org

# --- Building blocks ------------------------------------------------------------------------


class AllErrorsAtOnce(serializers.Serializer):
    """An input serializer whose refusal lists every problem in one answer: when some fields
    fail to parse, the services' rules (``service_checks``) still run on the ones that did,
    and their messages join the answer. When everything parses, the service itself checks."""

    def service_checks(self, attrs: dict) -> dict[str, str]:
        return {}

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict):
                raise
            errors = dict(exc.detail)
        parsed = {}
        for name, field in self.fields.items():
            if name in errors or field.read_only:
                continue
            try:
                parsed[field.source] = field.run_validation(field.get_value(data))
            except (serializers.ValidationError, SkipField):
                continue
        for name, message in self.service_checks(parsed).items():
            errors.setdefault(name, [message])
        raise serializers.ValidationError(errors)


@extend_schema_field(OpenApiTypes.UUID)
class VisibleId(serializers.PrimaryKeyRelatedField):
    """An id that must name an object the acting user can see, according to ``selector``."""

    def __init__(self, *, selector, **kwargs):
        self.selector = selector
        kwargs.setdefault("pk_field", serializers.UUIDField())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.selector(getattr(request, "user", None))


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choice set is one named schema component (``StageEnum``…), however
    many fields use it and whatever they are called (``stage``, ``from_stage``, ``entering``)."""

    def __init__(self, choices, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices, **kwargs)


class NamedChoiceFieldSchema(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = {
            "type": "string",
            "enum": list(field.choices),
            "description": build_choice_description_list(field.choices.items()),
        }
        component = ResolvedComponent(
            name=field.enum_name, type=ResolvedComponent.SCHEMA, object=field.enum_name, schema=schema
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


def StageField(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(Stage.choices, enum_name="StageEnum", **kwargs)


def RoleField(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(Role.choices, enum_name="RoleEnum", **kwargs)


class PersonSerializer(serializers.ModelSerializer):
    """Someone named on an object (owner, actor, inviter)."""

    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "display_name"]
        read_only_fields = fields


class ClientRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Client
        fields = ["id", "name"]
        read_only_fields = fields


# --- Organizations and clients ---------------------------------------------------------------


class OrganizationSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField(help_text="The acting user's role in this organization.")

    class Meta:
        model = Organization
        fields = ["id", "name", "slug", "role"]
        read_only_fields = fields

    @extend_schema_field(RoleField())
    def get_role(self, org: Organization) -> str:
        membership = memberships_by_org(self.context["request"].user).get(org.pk)
        return membership.role if membership else ""


class ClientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Client
        fields = ["id", "organization", "name", "created_at"]
        read_only_fields = fields


class ClientInputSerializer(serializers.Serializer):
    organization = VisibleId(selector=selectors.organizations_for, help_text="One of your organizations.")
    name = serializers.CharField(max_length=200, allow_blank=True)


# --- Projects --------------------------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    client = ClientRefSerializer(read_only=True)
    owner = PersonSerializer(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    stage = StageField(read_only=True)
    status = NamedChoiceField(Project.Status.choices, enum_name="ProjectStatusEnum", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "organization",
            "client",
            "title",
            "description",
            "owner",
            "due_date",
            "status",
            "stage",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProjectCreateInputSerializer(AllErrorsAtOnce):
    client = VisibleId(selector=selectors.clients_visible_to, help_text="The client company the project is for.")
    title = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    due_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=f"From today (in your time zone) to {services.DUE_DATE_MAX_YEARS_AHEAD} years ahead.",
    )

    def service_checks(self, attrs: dict) -> dict[str, str]:
        return services.project_check(
            by=self.context["request"].user, title=attrs.get("title", ""), due_date=attrs.get("due_date")
        )


class ProjectUpdateInputSerializer(serializers.Serializer):
    """Every field is optional; only the ones sent are changed. ``due_date: null`` clears it."""

    title = serializers.CharField(max_length=200, allow_blank=True, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    status = NamedChoiceField(Project.Status.choices, enum_name="ProjectStatusEnum", required=False)


class GateResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    entering = StageField()
    passed = serializers.BooleanField()
    message = serializers.CharField(allow_blank=True)
    link = serializers.CharField(allow_blank=True, help_text="Where to put right what a failed gate misses (a path)")


class StageChangeInputSerializer(serializers.Serializer):
    stage = StageField()
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=services.OVERRIDE_REASON_MAX_LENGTH,
        help_text=(
            "Why failed gates are overridden (producers only): a sentence, at least "
            f"{services.OVERRIDE_REASON_MIN_CHARS} letters or digits. Recorded on the timeline; never shown to clients."
        ),
    )


class StageChangeSerializer(serializers.Serializer):
    project = ProjectSerializer()
    from_stage = StageField()
    to_stage = StageField()
    gates = GateResultSerializer(many=True, source="results")
    override_reason = serializers.CharField(allow_blank=True)


# --- Timeline --------------------------------------------------------------------------------


class TimelineEventSerializer(serializers.ModelSerializer):
    """One event. What clients get is decided here, by one rule:

    a client sees only client-visible events (the selector filters them), and of those only
    when, where, who and the one-line summary. ``data`` (working detail such as a gate
    override reason or changed fields) and ``subject_type`` / ``subject_id`` (internal
    references) are ``null`` for anyone who cannot see a project's internals
    (``projects.permissions.can_see_internal``). The view puts that answer in the context as
    ``show_internal``; when it is missing, nothing internal is shown.
    """

    actor = PersonSerializer(read_only=True, allow_null=True)
    stage = StageField(read_only=True)
    subject_type = serializers.CharField(read_only=True, allow_null=True)
    subject_id = serializers.CharField(read_only=True, allow_null=True)
    data = serializers.JSONField(read_only=True, allow_null=True, help_text="Staff only; null for clients.")

    class Meta:
        model = TimelineEvent
        fields = [
            "id",
            "occurred_at",
            "stage",
            "kind",
            "summary",
            "actor",
            "client_visible",
            "subject_type",
            "subject_id",
            "data",
        ]
        read_only_fields = fields

    INTERNAL_FIELDS = ("subject_type", "subject_id", "data")

    def to_representation(self, instance):
        out = super().to_representation(instance)
        if not self.context.get("show_internal", False):
            for name in self.INTERNAL_FIELDS:
                out[name] = None
        return out


# --- Members and invitations ------------------------------------------------------------------


class MemberUserSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "display_name"]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):
    user = MemberUserSerializer(read_only=True)
    client = ClientRefSerializer(read_only=True, allow_null=True)
    role = RoleField(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "user", "role", "client", "created_at"]
        read_only_fields = fields


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation as producers see it. The token is a credential and is never returned:
    it travels only in the invitation email."""

    client = ClientRefSerializer(read_only=True, allow_null=True)
    invited_by = PersonSerializer(read_only=True, allow_null=True)
    projects = serializers.PrimaryKeyRelatedField(many=True, read_only=True, pk_field=serializers.UUIDField())
    role = RoleField(read_only=True)
    status = NamedChoiceField(Invitation.Status.choices, enum_name="InvitationStatusEnum", read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "organization",
            "email",
            "role",
            "client",
            "projects",
            "status",
            "invited_by",
            "expires_at",
            "sent_at",
            "accepted_at",
            "created_at",
        ]
        read_only_fields = fields


class InvitationInputSerializer(serializers.Serializer):
    organization = VisibleId(selector=selectors.organizations_for, help_text="One of your organizations.")
    email = serializers.EmailField()
    role = RoleField()
    client = VisibleId(
        selector=selectors.clients_visible_to,
        required=False,
        allow_null=True,
        default=None,
        help_text="Required for the client role: the client company the person belongs to.",
    )
    projects = VisibleId(
        selector=selectors.projects_visible_to,
        many=True,
        required=False,
        default=list,
        help_text="Projects to give a client access to once they accept.",
    )


class MembershipRoleInputSerializer(serializers.Serializer):
    role = RoleField()
    client = VisibleId(
        selector=selectors.clients_visible_to,
        required=False,
        allow_null=True,
        default=None,
        help_text="For the client role: their client company (a client keeps theirs when left out). "
        "Null for team roles.",
    )


# --- The acting user -------------------------------------------------------------------------


class MyMembershipSerializer(serializers.ModelSerializer):
    role = RoleField(read_only=True)

    class Meta:
        model = Membership
        fields = ["organization", "role", "client"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    time_zone = serializers.CharField(read_only=True, help_text="Times are shown in this zone.")
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "display_name", "time_zone", "memberships"]
        read_only_fields = fields

    @extend_schema_field(MyMembershipSerializer(many=True))
    def get_memberships(self, user: User) -> list:
        return MyMembershipSerializer(list(memberships_by_org(user).values()), many=True).data


class MeInputSerializer(AllErrorsAtOnce):
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    time_zone = serializers.CharField(
        max_length=64, required=False, help_text="An IANA time zone name, e.g. Europe/Paris."
    )

    def service_checks(self, attrs: dict) -> dict[str, str]:
        return services.profile_check(
            first_name=attrs.get("first_name", ""),
            last_name=attrs.get("last_name", ""),
            time_zone=attrs.get("time_zone"),
        )


# --- Tokens ----------------------------------------------------------------------------------


class TokenInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text='Send as "Authorization: Token <token>".')
