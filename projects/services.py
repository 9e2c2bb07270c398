"""Every write in the core: keyword-only, one transaction each, timeline events recorded inside it."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import unicodedata
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from config.queueing import publish, publish_after_commit

from . import gates, tasks, timeline
from .models import (
    Client,
    Invitation,
    Membership,
    Organization,
    Project,
    ProjectAccess,
    Role,
    Stage,
    User,
)
from .permissions import (
    can_change_stage,
    can_create_project,
    can_edit_project,
    can_manage_members,
    can_override_gate,
    forget_memberships,
)

log = logging.getLogger(__name__)  # who changed whose role: the organization's audit trail


class GateRefused(ValidationError):
    """A stage change that failed one or more gates and was not overridden: no reason was
    given, or the reason given is not one (``override_reason_problem`` says why)."""

    def __init__(self, results: list[gates.GateResult], *, override_reason_problem: str = ""):
        self.results = results
        self.override_reason_problem = override_reason_problem
        failed = [r for r in results if not r.passed]
        message = "; ".join(f"{r.title}: {r.message}" for r in failed)
        if override_reason_problem:
            super().__init__({"override_reason": [override_reason_problem]})
            self.code = "gate_failed"
        else:
            super().__init__(f"Gate failed — {message}", code="gate_failed")


# --- Rules on what people type ------------------------------------------------------------
# Each ``…_check`` returns every problem at once ({field: message}, empty when all is well),
# so a form or the API can show them together on one submit; the services raise the same.

TITLE_MAX_LENGTH = 200
NAME_MAX_LENGTH = 150
DUE_DATE_MAX_YEARS_AHEAD = 10
OVERRIDE_REASON_MIN_CHARS = 10  # letters or digits: "a sentence", not "ok" or "..."
OVERRIDE_REASON_MAX_LENGTH = 2000
# Characters that draw nothing or reorder the text around them: control characters, line
# separators, unassigned and private code points, and the bidirectional overrides.
_INVISIBLE_CATEGORIES = {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}
_BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _has_invisible_characters(value: str) -> bool:
    return any(c in _BIDI_CONTROLS or unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in value)


def _today_for(user: User) -> dt.date:
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return timezone.now().astimezone(zone).date()


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def person_name_problem(value: str, *, label: str, required: bool = False) -> str | None:
    """What is wrong with a first or last name, or None."""
    value = value.strip()
    if not value:
        return f"Enter your {label}." if required else None
    if _has_invisible_characters(value):
        return f"Your {label} contains control or invisible characters. Type it with letters only."
    if len(value) > NAME_MAX_LENGTH:
        return f"Keep your {label} to {NAME_MAX_LENGTH} characters."
    if not any(c.isalpha() for c in value):
        return f"Your {label} needs at least one letter."
    return None


def title_problem(value: str, *, thing: str, max_length: int = TITLE_MAX_LENGTH) -> str | None:
    """What is wrong with the title of ``thing`` (a cut, a file…), or None. The same rules as a
    project's title: not blank, not too long, no control or invisible characters."""
    value = value.strip()
    if not value:
        return f"Give the {thing} a title."
    if len(value) > max_length:
        return f"Keep the title under {max_length} characters."
    if _has_invisible_characters(value):
        return "The title contains control or invisible characters. Type it with letters only."
    return None


def profile_check(*, first_name: str, last_name: str, time_zone: str | None = None) -> dict[str, str]:
    errors = {}
    for field_name, value, label in (("first_name", first_name, "first name"), ("last_name", last_name, "last name")):
        problem = person_name_problem(value, label=label)
        if problem:
            errors[field_name] = problem
    if time_zone is not None and time_zone not in zoneinfo.available_timezones():
        errors["time_zone"] = f"Unknown time zone “{time_zone}”."
    return errors


def project_check(*, by: User, title: str, due_date: dt.date | None, project: Project | None = None) -> dict[str, str]:
    """Every problem with a project's title and due date. ``project`` is the one being edited
    (None for a new project): a new project is due from today (in ``by``'s time zone) to
    ``DUE_DATE_MAX_YEARS_AHEAD`` years on; an edited due date may be in the past (when a late
    project was really due) but within as many years back."""
    errors = {}
    title = title.strip()
    if not title:
        errors["title"] = "Give the project a title."
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = f"Keep the title under {TITLE_MAX_LENGTH} characters."
    elif _has_invisible_characters(title):
        errors["title"] = "The title contains control or invisible characters. Type it with letters only."
    if due_date is not None and not isinstance(due_date, dt.date):
        errors["due_date"] = "Enter the due date as a date."
    elif due_date is not None and (project is None or due_date != project.due_date):
        today = _today_for(by)
        latest = _years_after(today, DUE_DATE_MAX_YEARS_AHEAD)
        earliest = today if project is None else _years_after(today, -DUE_DATE_MAX_YEARS_AHEAD)
        if due_date > latest:
            errors["due_date"] = (
                f"Choose a due date within {DUE_DATE_MAX_YEARS_AHEAD} years, by {_day(latest)} at the latest."
            )
        elif due_date < earliest:
            errors["due_date"] = (
                "A new project cannot be due in the past. Choose today or a later date."
                if project is None
                else f"Choose a due date after {_day(earliest)}."
            )
    return errors


def override_reason_problem(reason: str) -> str | None:
    """What is wrong with the written reason for overriding a gate, or None."""
    if len(reason) > OVERRIDE_REASON_MAX_LENGTH:
        return f"Keep the reason to {OVERRIDE_REASON_MAX_LENGTH} characters."
    if sum(c.isalnum() for c in reason) < OVERRIDE_REASON_MIN_CHARS:
        return (
            "Write a sentence on why you are overriding (at least "
            f"{OVERRIDE_REASON_MIN_CHARS} letters or digits), so the team knows."
        )
    return None


@dataclass
class StageChange:
    project: Project
    from_stage: str
    to_stage: str
    results: list[gates.GateResult] = field(default_factory=list)
    override_reason: str = ""

    @property
    def overridden(self) -> list[gates.GateResult]:
        return [r for r in self.results if not r.passed]


# --- Organizations and clients --------------------------------------------------------


@transaction.atomic
def organization_create(*, name: str, owner: User) -> Organization:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the organization a name."})
    base = slugify(name)[:60] or "studio"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    org = Organization.objects.create(name=name, slug=slug)
    Membership.objects.create(organization=org, user=owner, role=Role.PRODUCER)
    forget_memberships(owner)
    return org


@transaction.atomic
def client_create(*, organization: Organization, name: str, by: User) -> Client:
    if not can_manage_members(by, organization):
        raise PermissionDenied("Only producers can add clients.")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the client a name."})
    if Client.objects.filter(organization=organization, name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a client called “{name}”."})
    return Client.objects.create(organization=organization, name=name)


# --- Projects ---------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    by: User,
    client: Client,
    title: str,
    description: str = "",
    due_date: dt.date | None = None,
) -> Project:
    organization = client.organization
    if not can_create_project(by, organization):
        raise PermissionDenied("Only producers can create projects.")
    errors = project_check(by=by, title=title, due_date=due_date)
    if errors:
        raise ValidationError(errors)
    project = Project.objects.create(
        organization=organization,
        client=client,
        title=title.strip(),
        description=description.strip(),
        due_date=due_date,
        owner=by,
    )
    timeline.record(
        project=project,
        kind="project.created",
        summary=f"{by.display_name} created the project for {client.name}",
        actor=by,
        subject=project,
        client_visible=True,
    )
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    by: User,
    title: str | None = None,
    description: str | None = None,
    due_date: dt.date | type[...] | None = ...,
    status: str | None = None,
) -> Project:
    if not can_edit_project(by, project):
        raise PermissionDenied("Only producers can edit a project.")
    changes: dict[str, list] = {}
    new_title = project.title if title is None else title
    new_due = project.due_date if due_date is ... else due_date
    errors = project_check(by=by, title=new_title, due_date=new_due, project=project)
    if status is not None and status not in Project.Status.values:
        errors["status"] = f"Unknown status “{status}”."
    if errors:
        raise ValidationError(errors)
    for name, value in (
        ("title", new_title.strip()),
        ("description", project.description if description is None else description.strip()),
        ("due_date", new_due),
        ("status", project.status if status is None else status),
    ):
        old = getattr(project, name)
        if old != value:
            changes[name] = [str(old) if old is not None else None, str(value) if value is not None else None]
            setattr(project, name, value)
    if changes:
        project.save(update_fields=[*changes.keys(), "updated_at"])
        timeline.record(
            project=project,
            kind="project.updated",
            summary=f"{by.display_name} changed {', '.join(n.replace('_', ' ') for n in changes)}",
            actor=by,
            subject=project,
            data={"changes": changes},
        )
    return project


@transaction.atomic
def project_change_stage(*, project: Project, to_stage: str, by: User, override_reason: str = "") -> StageChange:
    """Move a project to ``to_stage``. Forward moves must pass the gates of every stage they
    enter; a producer may override failed gates with a written reason, which is recorded."""
    if not can_change_stage(by, project):
        raise PermissionDenied("Only producers can move a project between stages.")
    if to_stage not in Stage.values:
        raise ValidationError({"stage": f"Unknown stage “{to_stage}”."})
    caller_project, project = project, Project.objects.select_for_update().get(pk=project.pk)
    if to_stage == project.stage:
        raise ValidationError({"stage": f"The project is already in {project.get_stage_display()}."})
    results = gates.evaluate(project, to_stage)
    failed = [r for r in results if not r.passed]
    override_reason = override_reason.strip()
    if failed:
        if not override_reason:
            raise GateRefused(results)
        if not can_override_gate(by, project):
            raise PermissionDenied("Only producers can override a gate.")
        problem = override_reason_problem(override_reason)
        if problem:
            raise GateRefused(results, override_reason_problem=problem)
    else:
        override_reason = ""
    change = StageChange(
        project=project, from_stage=project.stage, to_stage=to_stage, results=results, override_reason=override_reason
    )
    project.stage = to_stage
    project.save(update_fields=["stage", "updated_at"])
    caller_project.stage = to_stage  # the caller's object is current too
    from_label, to_label = Stage(change.from_stage).label, Stage(to_stage).label
    summary = f"{by.display_name} moved the project from {from_label} to {to_label}"
    if failed:
        summary += f", overriding {', '.join(r.title for r in failed)}"
    timeline.record(
        project=project,
        kind="project.stage_changed",
        summary=summary,
        actor=by,
        subject=project,
        stage=to_stage,
        data={
            "from": change.from_stage,
            "to": to_stage,
            "gates": [r.as_dict() for r in results],
            "override_reason": override_reason,
        },
        client_visible=True,
    )
    return change


# --- Members and invitations -----------------------------------------------------------


def _invitation_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.INVITATION_TTL_DAYS)


@transaction.atomic
def member_invite(
    *,
    organization: Organization,
    email: str,
    role: str,
    by: User,
    client: Client | None = None,
    projects: Iterable[Project] = (),
) -> Invitation:
    if not can_manage_members(by, organization):
        raise PermissionDenied("Only producers can invite members.")
    email = (email or "").strip().lower()
    projects = list(projects)
    errors: dict[str, str] = {}
    if not email or "@" not in email:
        errors["email"] = "Enter the email address to send the invitation to."
    if role not in Role.values:
        errors["role"] = f"Choose a role: {', '.join(Role.values)}."
    if role == Role.CLIENT:
        if client is None:
            errors["client"] = "Choose the client company this person belongs to."
        elif client.organization_id != organization.pk:
            errors["client"] = "That client belongs to another organization."
        elif any(p.client_id != client.pk for p in projects):
            errors["projects"] = "A client can only be invited to their own company's projects."
    elif client is not None:
        errors["client"] = "Only client members belong to a client company."
    if any(p.organization_id != organization.pk for p in projects):
        errors["projects"] = "Those projects belong to another organization."
    if email and Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        errors["email"] = f"{email} is already a member."
    if errors:
        raise ValidationError(errors)
    Invitation.objects.filter(organization=organization, email=email, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED
    )
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        client=client if role == Role.CLIENT else None,
        token=secrets.token_urlsafe(32),
        invited_by=by,
        expires_at=_invitation_expiry(),
    )
    invitation.projects.set(projects)
    for project in projects:
        timeline.record(
            project=project,
            kind="member.invited",
            summary=f"{by.display_name} invited {email} as {Role(role).label.lower()}",
            actor=by,
            subject=invitation,
            data={"email": email, "role": role},
        )
    publish_after_commit(tasks.send_invitation_email, str(invitation.pk))
    return invitation


def invitation_send(*, invitation_id) -> bool:
    """Email the invitation's link (in a worker). False when there is nothing to send: gone,
    already sent (the task was delivered twice) or no longer usable. SMTP errors propagate so
    the task can try again later."""
    invitation = Invitation.objects.select_related("organization", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.sent_at is not None or not invitation.is_usable:
        return False
    url = settings.SITE_URL.rstrip("/") + reverse("invitation-accept", args=[invitation.token])
    send_mail(
        subject=f"You are invited to {invitation.organization.name} on Reelflow",
        message=render_to_string("projects/email/invitation.txt", {"invitation": invitation, "url": url}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )
    invitation_mark_sent(invitation=invitation)
    return True


@transaction.atomic
def invitation_mark_sent(*, invitation: Invitation) -> Invitation:
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at", "updated_at"])
    return invitation


def invitations_requeue_unsent(*, now: dt.datetime | None = None) -> int:
    """Invitations whose email task never reached a worker (the broker was down when they were
    made): queue them again. The task sends each at most once (it checks ``sent_at``)."""
    now = now or timezone.now()
    waiting = Invitation.objects.filter(
        status=Invitation.Status.PENDING,
        sent_at__isnull=True,
        expires_at__gt=now,
        created_at__lte=now - dt.timedelta(seconds=settings.INVITATION_REQUEUE_AFTER),
    ).values_list("pk", flat=True)
    return sum(publish(tasks.send_invitation_email, str(pk)) for pk in waiting)


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    password: str = "",
    first_name: str = "",
    last_name: str = "",
    time_zone: str = "UTC",
) -> Membership:
    """Join the organization. A signed-in user joins as themselves; otherwise an account is
    made for the invited address with the given password."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == Invitation.Status.ACCEPTED:
        raise ValidationError("This invitation has already been used. Sign in instead.")
    if not invitation.is_usable:
        raise ValidationError("This invitation has expired or was withdrawn. Ask for a new one.")
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError("An account with this email exists: sign in first, then open the link again.")
        errors = profile_check(first_name=first_name, last_name=last_name, time_zone=time_zone)
        if errors:
            raise ValidationError(errors)
        candidate = User(email=invitation.email, first_name=first_name.strip(), last_name=last_name.strip())
        validate_password(password, candidate)
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            time_zone=time_zone,
        )
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(f"This invitation is for {invitation.email}; you are signed in as {user.email}.")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                organization=invitation.organization, user=user, role=invitation.role, client=invitation.client
            )
    except IntegrityError as exc:
        raise ValidationError("You are already a member of this organization.") from exc
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "accepted_at", "accepted_by", "updated_at"])
    for project in invitation.projects.all():
        if invitation.role == Role.CLIENT:
            ProjectAccess.objects.get_or_create(
                project=project, user=user, defaults={"granted_by": invitation.invited_by}
            )
        timeline.record(
            project=project,
            kind="member.joined",
            summary=f"{user.display_name} joined as {Role(invitation.role).label.lower()}",
            actor=user,
            subject=membership,
            data={"role": invitation.role},
            client_visible=invitation.role == Role.CLIENT,
        )
    forget_memberships(user)
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    if not can_manage_members(by, invitation.organization):
        raise PermissionDenied("Only producers can withdraw invitations.")
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(f"This invitation is {invitation.get_status_display().lower()}, not pending.")
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status", "updated_at"])
    return invitation


@transaction.atomic
def invitations_expire(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return Invitation.objects.filter(status=Invitation.Status.PENDING, expires_at__lte=now).update(
        status=Invitation.Status.EXPIRED, updated_at=now
    )


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    organization = membership.organization
    if not can_manage_members(by, organization):
        raise PermissionDenied("Only producers can remove members.")
    if membership.role == Role.PRODUCER and (
        Membership.objects.filter(organization=organization, role=Role.PRODUCER).count() == 1
    ):
        raise ValidationError("An organization needs at least one producer.")
    ProjectAccess.objects.filter(user=membership.user, project__organization=organization).delete()
    membership.delete()
    forget_memberships(membership.user)


def membership_role_check(*, membership: Membership, role: str, client: Client | None) -> dict[str, str]:
    """Every problem with giving ``membership`` the role ``role`` (and, for a client, the client
    company ``client``): a client member belongs to one of the organization's client companies,
    staff to none, and the organization keeps at least one producer."""
    organization_id = membership.organization_id
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = f"Choose a role: {', '.join(str(label).lower() for label in Role.labels)}."
        return errors
    if role == Role.CLIENT:
        if client is None:
            errors["client"] = "Choose the client company this person belongs to."
        elif client.organization_id != organization_id:
            errors["client"] = "That client belongs to another organization."
    elif client is not None:
        errors["client"] = "Only client members belong to a client company. Leave it empty for a team role."
    if (
        membership.role == Role.PRODUCER
        and role != Role.PRODUCER
        and not Membership.objects.filter(organization_id=organization_id, role=Role.PRODUCER)
        .exclude(pk=membership.pk)
        .exists()
    ):
        errors["role"] = (
            f"{membership.user.display_name} is the organization's last producer. "
            "Make someone else a producer first: an organization needs at least one."
        )
    return errors


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by: User, client: Client | None = None) -> Membership:
    """Give a member another role (producers only). A member who becomes a client keeps the
    client company given, or the one they already had; project access they no longer fit
    (another company's projects, or any when they join the team) is withdrawn."""
    organization = membership.organization
    if not can_manage_members(by, organization):
        raise PermissionDenied("Only producers can change members' roles.")
    membership = (
        Membership.objects.select_for_update(of=("self",)).select_related("user", "client").get(pk=membership.pk)
    )
    if role == Role.CLIENT and client is None and membership.role == Role.CLIENT:
        client = membership.client  # a client's company stays unless another is chosen
    errors = membership_role_check(membership=membership, role=role, client=client)
    if errors:
        raise ValidationError(errors)
    new_client = client if role == Role.CLIENT else None
    if membership.role == role and membership.client_id == (new_client.pk if new_client else None):
        return membership
    old_role, old_client = membership.role, membership.client
    accesses = ProjectAccess.objects.filter(user=membership.user, project__organization=organization)
    projects = [a.project for a in accesses.select_related("project")]
    withdrawn = accesses.exclude(project__client=new_client) if new_client else accesses
    withdrawn.delete()
    membership.role, membership.client = role, new_client
    membership.save(update_fields=["role", "client", "updated_at"])
    forget_memberships(membership.user)

    def label(r: str, c: Client | None) -> str:
        return f"{Role(r).label.lower()} ({c.name})" if c else Role(r).label.lower()

    summary = (
        f"{by.display_name} changed {membership.user.display_name}'s role from "
        f"{label(old_role, old_client)} to {label(role, new_client)}"
    )
    for project in projects:
        timeline.record(
            project=project,
            kind="member.role_changed",
            summary=summary,
            actor=by,
            subject=membership,
            data={
                "from": old_role,
                "to": role,
                "from_client": str(old_client.pk) if old_client else None,
                "to_client": str(new_client.pk) if new_client else None,
            },
        )
    log.info(
        "member role changed: %s in %s from %s to %s by %s",
        membership.user.email, organization.slug, label(old_role, old_client), label(role, new_client), by.email,
    )  # fmt: skip
    return membership


@transaction.atomic
def user_update_profile(*, user: User, first_name: str, last_name: str, time_zone: str) -> User:
    errors = profile_check(first_name=first_name, last_name=last_name, time_zone=time_zone)
    if errors:
        raise ValidationError(errors)
    user.first_name, user.last_name, user.time_zone = first_name.strip(), last_name.strip(), time_zone
    user.save(update_fields=["first_name", "last_name", "time_zone"])
    return user
