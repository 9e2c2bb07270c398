"""Every read a user can reach, scoped by that user. Views and viewsets start here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
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


def projects_visible_to(user) -> QuerySet[Project]:
    """Staff see their organizations' projects; a client user sees the projects of their own
    company that they were invited to."""
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    invited = Exists(ProjectAccess.objects.filter(project=OuterRef("pk"), user=user))
    return Project.objects.filter(
        Q(organization_id__in=staff_organization_ids(user)) | (Q(client_id__in=_client_ids(user)) & invited)
    ).select_related("client", "owner", "organization")


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


def memberships_for(user) -> QuerySet[Membership]:
    """The user's own memberships with their organizations and client companies (navigation)."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organization", "client").order_by("organization__name")


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
        qs = qs.filter(due_date__lt=today).exclude(stage=Stage.DONE)
    elif filters.due in ("week", "month"):
        days = 7 if filters.due == "week" else 31
        qs = qs.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days))
    elif filters.due == "none":
        qs = qs.filter(due_date__isnull=True)
    return qs.order_by(F("due_date").asc(nulls_last=True), "title", "pk")


def board_counts(projects: QuerySet[Project]) -> dict[str, int]:
    """The board's headline, counted by the database: in progress (active, not done), on hold,
    done, and overdue (late and not done)."""
    not_done = ~Q(stage=Stage.DONE)
    counts = projects.order_by().aggregate(
        total=Count("pk"),
        in_progress_count=Count("pk", filter=not_done & Q(status=Project.Status.ACTIVE)),
        on_hold_count=Count("pk", filter=not_done & Q(status=Project.Status.ON_HOLD)),
        done_count=Count("pk", filter=Q(stage=Stage.DONE)),
        overdue_count=Count("pk", filter=not_done & Q(due_date__lt=timezone.localdate())),
        **{f"stage_{stage}": Count("pk", filter=Q(stage=stage)) for stage in Stage.values},
    )
    counts["by_stage"] = {stage: counts.pop(f"stage_{stage}") for stage in Stage.values}
    return counts


def board_columns(
    projects: QuerySet[Project], *, by_stage: dict[str, int], per_column: int = BOARD_COLUMN_SIZE
) -> list[dict]:
    """Each stage with its first ``per_column`` projects (one query however many there are) and
    how many it holds (``by_stage``, from :func:`board_counts`)."""
    # Rank the bare rows (no joins), then load only the chosen ones with their relations.
    first_ids = (
        projects.select_related(None)
        .annotate(rank=Window(RowNumber(), partition_by=[F("stage")], order_by=projects.query.order_by))
        .filter(rank__lte=per_column)
        .values("pk")
    )
    ranked = projects.filter(pk__in=first_ids)
    shown: dict[str, list[Project]] = {s.value: [] for s in Stage}
    for project in ranked:
        shown[project.stage].append(project)
    return [{"stage": s, "projects": shown[s.value], "count": by_stage.get(s.value, 0)} for s in Stage]


def board_clients(user) -> QuerySet[Client]:
    """The client companies the user works for, for the client filter (no counts: a filter
    needs names, and counting every project would cost more than the board itself)."""
    return Client.objects.filter(organization_id__in=staff_organization_ids(user)).order_by("name")


def board_owners(user) -> QuerySet[User]:
    """The crew of the user's organizations, for the owner filter."""
    return (
        User.objects.filter(
            memberships__organization_id__in=staff_organization_ids(user), memberships__role__in=STAFF_ROLES
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )
