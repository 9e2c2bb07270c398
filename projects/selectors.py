"""Every read a user can reach, scoped by that user. Views and viewsets start here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import gates
from .models import (
    STAFF_ROLES,
    Client,
    Invitation,
    Membership,
    Organization,
    Project,
    ProjectAccess,
    Role,
    Stage,
    TimelineEvent,
    User,
)
from .permissions import can_manage_members, can_see_internal, memberships_by_org


def staff_organization_ids(user) -> list:
    """Ids of the organizations where the user is crew (producer, editor, marketer)."""
    return [org_id for org_id, m in memberships_by_org(user).items() if m.role in STAFF_ROLES]


def _client_ids(user) -> list:
    return [m.client_id for m in memberships_by_org(user).values() if m.role == Role.CLIENT]


def organizations_for(user) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=list(memberships_by_org(user).keys()))


def project_visibility(user, path: str = "") -> Q:
    """The rule of ``projects_visible_to`` as a condition on the project at ``path`` (e.g.
    ``"cut__project__"``), so a query of rows under projects joins instead of nesting a subquery
    of visible projects (cheaper to build and to plan, on every page)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    visible = Q(**{f"{path}organization_id__in": staff_organization_ids(user)})
    client_ids = _client_ids(user)
    if client_ids:  # crew-only users skip the invitation check (it would match nothing anyway)
        invited = Exists(ProjectAccess.objects.filter(project=OuterRef(f"{path}pk"), user=user))
        visible |= Q(**{f"{path}client_id__in": client_ids}) & invited
    return visible


def projects_visible_to(user) -> QuerySet[Project]:
    """Staff see their organizations' projects; a client user sees the projects of their own
    company that they were invited to."""
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    return Project.objects.filter(project_visibility(user)).select_related("client", "owner", "organization")


def project_for(*, user, project_id) -> Project:
    return get_object_or_404(projects_visible_to(user), pk=project_id)


def clients_visible_to(user) -> QuerySet[Client]:
    """Staff see their organizations' clients; a client user sees only their own company."""
    if not getattr(user, "is_authenticated", False):
        return Client.objects.none()
    return (
        Client.objects.filter(Q(organization_id__in=staff_organization_ids(user)) | Q(pk__in=_client_ids(user)))
        .select_related("organization")
        .annotate(project_count=Count("projects"))
    )


def timeline_for(
    *, user, project: Project, stage: str | None = None, kind: str | None = None
) -> QuerySet[TimelineEvent]:
    """A project's events, newest first. Clients see client-visible events only."""
    qs = TimelineEvent.objects.filter(project=project).select_related("actor")
    if not can_see_internal(user, project):
        qs = qs.filter(client_visible=True)
    if stage:
        qs = qs.filter(stage=stage)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-occurred_at", "-id")


def timeline_kinds_for(*, user, project: Project) -> list[str]:
    return list(timeline_for(user=user, project=project).order_by("kind").values_list("kind", flat=True).distinct())


def members_of(*, user, organization: Organization) -> QuerySet[Membership]:
    """The members list, for people who manage members; everyone else gets nothing."""
    if not can_manage_members(user, organization):
        return Membership.objects.none()
    return Membership.objects.filter(organization=organization).select_related("user", "client")


def invitations_of(*, user, organization: Organization) -> QuerySet[Invitation]:
    if not can_manage_members(user, organization):
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(organization=organization)
        .select_related("client", "invited_by")
        .prefetch_related("projects")
    )


def invitation_by_token(token: str) -> Invitation:
    """Public: the token is the credential. Unknown tokens are a 404."""
    return get_object_or_404(Invitation.objects.select_related("organization", "client"), token=token)


def managed_organization_for(*, user, organization_id) -> Organization:
    """An organization whose members the user manages (404 otherwise)."""
    org = get_object_or_404(organizations_for(user), pk=organization_id)
    if not can_manage_members(user, org):
        raise Http404("No organization matches the given query.")
    return org


# --- Pages ------------------------------------------------------------------------------


def memberships_for(user) -> list[Membership]:
    """The user's own memberships with their organizations and client companies, by
    organization name (navigation): the ones every permission check of the request reads."""
    return list(memberships_by_org(user).values())


def organizations_managed_by(user) -> QuerySet[Organization]:
    """Organizations in which the user is a producer (may create projects, clients, invitations)."""
    ids = [org_id for org_id, m in memberships_by_org(user).items() if m.role == Role.PRODUCER]
    return Organization.objects.filter(pk__in=ids)


def stage_gates_preview(*, user, project: Project, to_stage: str) -> list[gates.GateResult]:
    """What the gates would say about moving the project to ``to_stage``; for its staff only."""
    if not can_see_internal(user, project) or to_stage not in Stage.values:
        return []
    return gates.evaluate(project, to_stage)


def invitation_account_exists(invitation: Invitation) -> bool:
    """Whether the invited address already has an account (they must sign in to accept)."""
    return User.objects.filter(email__iexact=invitation.email).exists()


# --- The board (dashboard) --------------------------------------------------------------------

BOARD_COLUMN_SIZE = 6  # cards per stage column; the rest are one "show all" away
BOARD_PAGE_SIZE = 48  # cards per page of one stage, or of the archive
# The board's order, soonest due first (projects without a date last); the board index
# (organization, stage, due_date, title, id, status) follows it within each stage.
BOARD_ORDER = (F("due_date").asc(nulls_last=True), "title", "pk")
# What a project card shows (templates/projects/_project_cards.html), read as plain values.
BOARD_CARD_VALUES = (
    "pk",
    "title",
    "due_date",
    "status",
    "stage",
    "client__name",
    "organization__name",
    "owner_id",
    "owner__first_name",
    "owner__last_name",
    "owner__email",
)
_ANY_STAGE = "\x00stage\x00"  # stands for each stage in the one compiled per-stage query


@dataclass(frozen=True)
class BoardFilters:
    client: Client | None = None
    stage: str = ""
    due: str = ""  # "overdue" | "week" | "month" | "none"
    owner: User | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        return bool(self.client or self.stage or self.due or self.owner or self.q)


def _late(today: dt.date) -> Q:
    """Overdue, as the board counts, filters and marks it: due before today and not done."""
    return Q(due_date__lt=today) & ~Q(stage=Stage.DONE)


def board_projects(user, filters: BoardFilters, *, archived: bool = False) -> QuerySet[Project]:
    """The projects the board (or the archive) shows the user, filtered; soonest due first."""
    qs = projects_visible_to(user)
    qs = qs.filter(status=Project.Status.ARCHIVED) if archived else qs.exclude(status=Project.Status.ARCHIVED)
    if filters.client:
        qs = qs.filter(client=filters.client)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.owner:
        qs = qs.filter(owner=filters.owner)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(client__name__icontains=filters.q))
    today = timezone.localdate()
    if filters.due == "overdue":
        qs = qs.filter(_late(today))
    elif filters.due in ("week", "month"):
        days = 7 if filters.due == "week" else 31
        qs = qs.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days))
    elif filters.due == "none":
        qs = qs.filter(due_date__isnull=True)
    return qs.order_by(*BOARD_ORDER)


def board_counts(projects: QuerySet[Project]) -> dict[str, int]:
    """The board's headline, counted by the database: in progress (active, not done), on hold,
    done, and overdue (late and not done), and how many each stage holds.

    One row per stage (read from the board index alone), summed here: a dozen counts over every
    project would cost the ORM and the database several times more."""
    stages = (
        projects.order_by()
        .values("stage")
        .annotate(
            n=Count("pk"),
            active=Count("pk", filter=Q(status=Project.Status.ACTIVE)),
            on_hold=Count("pk", filter=Q(status=Project.Status.ON_HOLD)),
            late=Count("pk", filter=_late(timezone.localdate())),
        )
    )
    counts = {"total": 0, "in_progress_count": 0, "on_hold_count": 0, "done_count": 0, "overdue_count": 0}
    by_stage = dict.fromkeys(Stage.values, 0)
    for row in stages:
        by_stage[row["stage"]] = row["n"]
        counts["total"] += row["n"]
        counts["overdue_count"] += row["late"]
        if row["stage"] == Stage.DONE:
            counts["done_count"] += row["n"]
        else:
            counts["in_progress_count"] += row["active"]
            counts["on_hold_count"] += row["on_hold"]
    counts["by_stage"] = by_stage
    return counts


def board_cards(projects: QuerySet[Project]) -> QuerySet[dict]:
    """What the cards of ``projects`` show, as plain values (``BOARD_CARD_VALUES`` and whether
    each is overdue): one query, no model instances, for lists of dozens."""
    late = ExpressionWrapper(_late(timezone.localdate()), output_field=BooleanField())
    return projects.values(*BOARD_CARD_VALUES, overdue=late)


def board_columns(
    projects: QuerySet[Project], *, by_stage: dict[str, int], per_column: int = BOARD_COLUMN_SIZE
) -> list[dict]:
    """Each stage with the cards (:func:`board_cards`) of its first ``per_column`` projects, in
    one query however many there are, and how many it holds (``by_stage``, from
    :func:`board_counts`)."""
    shown: dict[str, list[dict]] = {s.value: [] for s in Stage}
    try:
        first_ids = _first_of_each_stage(projects, per_column)
    except EmptyResultSet:  # the user can see no project at all
        first_ids = None
    if first_ids is not None:
        for card in board_cards(Project.objects.filter(pk__in=first_ids).order_by(*BOARD_ORDER)):
            shown[card["stage"]].append(card)
    return [{"stage": s, "projects": shown[s.value], "count": by_stage.get(s.value, 0)} for s in Stage]


def _first_of_each_stage(projects: QuerySet[Project], per_column: int) -> RawSQL:
    """The ids of each stage's first ``per_column`` projects, as one subquery: per stage, the
    board's query ordered and limited, joined by UNION ALL. Through the board index each part
    reads only the rows it returns, where ranking with a window function reads and sorts every
    project. The part is compiled once, with a stand-in for the stage, and run for each stage."""
    part = projects.select_related(None).filter(stage=_ANY_STAGE).values("pk")[:per_column]
    sql, params = part.query.sql_with_params()
    parts, all_params = [], []
    for n, stage in enumerate(Stage.values):
        parts.append(f"SELECT * FROM ({sql}) AS stage_{n}")  # noqa: S608 - SQL the ORM compiled, values as params
        all_params += [stage if param == _ANY_STAGE else param for param in params]
    return RawSQL(" UNION ALL ".join(parts), all_params)  # noqa: S611 - the same, every value a param


def board_clients(user) -> QuerySet[Client]:
    """The client companies the user works for, for the client filter (no counts: a filter
    needs names, and counting every project would cost more than the board itself)."""
    return Client.objects.filter(organization_id__in=staff_organization_ids(user)).only("name").order_by("name")


def board_owners(user) -> QuerySet[User]:
    """The crew of the user's organizations, for the owner filter."""
    return (
        User.objects.filter(
            memberships__organization_id__in=staff_organization_ids(user), memberships__role__in=STAFF_ROLES
        )
        .only("first_name", "last_name", "email")  # a name is all a filter option shows
        .distinct()
        .order_by("first_name", "last_name", "email")
    )
