"""Server-rendered pages of the core.

Views read through ``selectors`` (scoped by the signed-in user, so a foreign or unknown id
is a 404) and write through ``services``, whose refusals are shown on the form.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import sections, selectors, services
from .forms import (
    BoardFilterForm,
    ClientForm,
    InvitationSignupForm,
    InviteForm,
    MemberRoleForm,
    ProfileForm,
    ProjectEditForm,
    ProjectForm,
    StageChangeForm,
    TimelineFilterForm,
    add_service_errors,
)
from .models import STAFF_ROLES, Invitation, Project, Role, Stage, User
from .permissions import (
    can_change_stage,
    can_edit_project,
    can_see_internal,
    is_client_user,
    memberships_by_org,
)

TIMELINE_PAGE_SIZE = 50
ROLE_ORDER = [Role.PRODUCER, Role.EDITOR, Role.MARKETER, Role.CLIENT]
PROJECT_PAGE_EVENTS = 8


def _posted(request):
    return request.POST if request.method == "POST" else None


def _is_producer_somewhere(user) -> bool:
    return any(m.role == Role.PRODUCER for m in memberships_by_org(user).values())


def _is_staff_somewhere(user) -> bool:
    return any(m.role in STAFF_ROLES for m in memberships_by_org(user).values())


# --- Dashboard / client portal ------------------------------------------------------------


def _board_filters(request, user, *, archive: bool = False) -> tuple[BoardFilterForm, selectors.BoardFilters]:
    """The board's filters from the query string: whichever are valid apply; the others are
    explained on the form."""
    params = {k: v for k, v in request.GET.items() if k in ("q", "client", "stage", "due", "owner") and v}
    form = BoardFilterForm(
        params or None,
        clients=selectors.board_clients(user),
        owners=selectors.board_owners(user),
        archive=archive,
    )
    if not form.is_bound:
        return form, selectors.BoardFilters()
    form.is_valid()
    data = form.cleaned_data
    return form, selectors.BoardFilters(
        client=data.get("client"),
        stage=data.get("stage") or "",
        due=data.get("due") or "",
        owner=data.get("owner"),
        q=data.get("q") or "",
    )


_STAGE_LABELS = {stage.value: stage.label for stage in Stage}


@functools.lru_cache(maxsize=4096)
def _card_date(day: dt.date, language: str) -> str:
    """A due date as a card shows it ("4 Mar 2026") in ``language``, the active language.
    Formatting a date costs more than the rest of its card, and boards show the same days
    again and again, so each is formatted once."""
    return date_format(day, "j M Y")


def _project_card_maker() -> Callable[[dict], dict]:
    """A function that turns the values ``selectors.board_cards`` reads into what a project card
    (templates/projects/_project_cards.html) shows. A page holds dozens of cards, so they share
    the work: the project address is reversed once and each id filled in, each owner is named
    once however many cards carry them, and due dates come from :func:`_card_date`."""
    placeholder = str(uuid.UUID(int=0))
    address = reverse("project-detail", args=[placeholder])
    language = get_language()
    owners: dict = {}

    def card(row: dict) -> dict:
        due, owner_id = row["due_date"], row["owner_id"]
        if owner_id is not None and owner_id not in owners:
            # Never saved: built only to name the owner as every other page does.
            owner = User(
                first_name=row["owner__first_name"], last_name=row["owner__last_name"], email=row["owner__email"]
            )
            owners[owner_id] = (owner.initials, owner.display_name)
        owner_initials, owner_name = owners.get(owner_id, ("", ""))
        return {
            "url": address.replace(placeholder, str(row["pk"])),
            "title": row["title"],
            "client_name": row["client__name"],
            "organization_name": row["organization__name"],
            "due_date": due,
            "due_label": _card_date(due, language) if due else "",
            "overdue": bool(row["overdue"]),
            "status": row["status"],
            "stage_label": _STAGE_LABELS[row["stage"]],
            "owner_initials": owner_initials,
            "owner_name": owner_name,
        }

    return card


@login_required
@require_GET
def dashboard(request):
    """Producers and their team: the board of projects by stage, filtered; each column shows its
    first projects and links to the rest, so the page stays the same size however many there
    are. Clients: their portal."""
    user = request.user
    memberships = memberships_by_org(user)
    if is_client_user(user):
        projects = list(selectors.projects_visible_to(user).exclude(status=Project.Status.ARCHIVED))
        return render(request, "projects/portal.html", {"projects": projects})
    form, filters = _board_filters(request, user)
    projects = selectors.board_projects(user, filters)
    counts = selectors.board_counts(projects)
    page = columns = cards = None
    if filters.stage:
        page = Paginator(selectors.board_cards(projects), selectors.BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
        cards = list(map(_project_card_maker(), page.object_list))
    elif counts["total"]:
        columns = selectors.board_columns(projects, by_stage=counts["by_stage"])
        card = _project_card_maker()
        for column in columns:
            column["projects"] = [card(row) for row in column["projects"]]
    context = {
        "form": form,
        "filters": filters,
        "columns": columns,
        "page": page,
        "cards": cards,
        "stage_label": Stage(filters.stage).label if filters.stage else "",
        "can_create": _is_producer_somewhere(user),
        **counts,
        "has_membership": bool(memberships),
        "show_org": len(memberships) > 1,
        "panels": sections.all_sections(place="dashboard"),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "projects/dashboard.html", context, status=status)


@login_required
@require_GET
def projects_archived(request):
    """Archived projects, filtered and a page at a time."""
    user = request.user
    if is_client_user(user) or not memberships_by_org(user):
        raise Http404("No page here.")
    form, filters = _board_filters(request, user, archive=True)
    projects = selectors.board_cards(selectors.board_projects(user, filters, archived=True))
    page = Paginator(projects, selectors.BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "cards": list(map(_project_card_maker(), page.object_list)),
        "show_org": len(memberships_by_org(user)) > 1,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "projects/archived.html", context, status=status)


# --- Clients ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def clients(request):
    user = request.user
    if not _is_staff_somewhere(user):
        raise Http404("No page here.")
    organizations = selectors.organizations_managed_by(user)
    form = None
    if _is_producer_somewhere(user):
        form = ClientForm(_posted(request), organizations=organizations)
        if request.method == "POST" and form.is_valid():
            try:
                client = services.client_create(
                    organization=form.cleaned_data["organization"], name=form.cleaned_data["name"], by=user
                )
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Client “{client.name}” added. You can now create projects for them.")
                return redirect(f"{reverse('project-create')}?client={client.pk}")
    elif request.method == "POST":
        raise PermissionDenied("Only producers can add clients.")
    staff_org_ids = [org_id for org_id, m in memberships_by_org(user).items() if m.role in STAFF_ROLES]
    client_list = selectors.clients_visible_to(user).filter(organization_id__in=staff_org_ids)
    return render(
        request,
        "projects/clients.html",
        {"clients": client_list, "form": form, "show_org": len(staff_org_ids) > 1},
    )


# --- Projects ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    user = request.user
    if not _is_producer_somewhere(user):
        raise Http404("No page here.")
    client_choices = selectors.clients_visible_to(user).filter(
        organization__in=selectors.organizations_managed_by(user)
    )
    form = ProjectForm(
        _posted(request), user=user, clients=client_choices, initial={"client": request.GET.get("client")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                by=user,
                client=data["client"],
                title=data["title"],
                description=data["description"],
                due_date=data["due_date"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Project “{project.title}” created in Ideation.")
            return redirect("project-detail", project_id=project.pk)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "has_clients": client_choices.exists(), "creating": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, project_id):
    project = selectors.project_for(user=request.user, project_id=project_id)
    if not can_edit_project(request.user, project):
        raise PermissionDenied("Only producers can edit a project.")
    initial = {
        "title": project.title,
        "description": project.description,
        "due_date": project.due_date,
        "status": project.status,
    }
    form = ProjectEditForm(_posted(request), user=request.user, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.project_update(
                project=project,
                by=request.user,
                title=data["title"],
                description=data["description"],
                due_date=data["due_date"],
                status=data["status"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Project saved.")
            return redirect("project-detail", project_id=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project, "creating": False})


def _project_context(request, project: Project, *, stage_form=None, refused=None) -> dict:
    user = request.user
    may_change = can_change_stage(user, project)
    if may_change and stage_form is None:
        stage_form = StageChangeForm(project=project)
    next_stage = Stage.values[project.stage_index + 1] if project.stage_index + 1 < len(Stage.values) else None
    preview = []
    if may_change and next_stage and not refused:
        preview = selectors.stage_gates_preview(user=user, project=project, to_stage=next_stage)
    return {
        "next_stage": next_stage,
        "gate_preview": preview,
        "project": project,
        "events": list(selectors.timeline_for(user=user, project=project)[:PROJECT_PAGE_EVENTS]),
        "staff": can_see_internal(user, project),
        "can_edit": can_edit_project(user, project),
        "can_change_stage": may_change,
        "stage_form": stage_form,
        "refused": refused,
        "failed_gates": [r for r in refused or [] if not r.passed],
        "sections": sections.all_sections(),
    }


@login_required
@require_GET
def project_detail(request, project_id):
    project = selectors.project_for(user=request.user, project_id=project_id)
    return render(request, "projects/project_detail.html", _project_context(request, project))


@login_required
@require_POST
def project_stage_change(request, project_id):
    """Move a project between stages. Works as a plain POST and as an htmx request (which gets
    the stage panel back, or a redirect once the move is done)."""
    project = selectors.project_for(user=request.user, project_id=project_id)
    if not can_change_stage(request.user, project):
        raise PermissionDenied("Only producers can move a project between stages.")
    form = StageChangeForm(request.POST, project=project)
    refused = None
    if form.is_valid():
        to_stage = form.cleaned_data["to_stage"]
        try:
            change = services.project_change_stage(
                project=project,
                to_stage=to_stage,
                by=request.user,
                override_reason=form.cleaned_data["override_reason"],
            )
        except services.GateRefused as exc:
            refused = exc.results
            form.fields["override_reason"].widget.attrs["required"] = True
            if exc.override_reason_problem:
                form.add_error("override_reason", exc.override_reason_problem)
            elif request.POST.get("override"):
                form.add_error("override_reason", "Write down why you are overriding, so the team knows.")
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            label = Stage(change.to_stage).label
            if change.overridden:
                gates = ", ".join(f"“{r.title}”" for r in change.overridden)
                messages.warning(request, f"Moved to {label}, overriding {gates}. Your reason is in the timeline.")
            else:
                messages.success(request, f"Moved to {label}.")
            url = reverse("project-detail", kwargs={"project_id": project.pk})
            if request.htmx:
                response = HttpResponse(status=200)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    context = _project_context(request, project, stage_form=form, refused=refused)
    template = "projects/_stage_panel.html" if request.htmx else "projects/project_detail.html"
    return render(request, template, context)


@login_required
@require_GET
def project_timeline(request, project_id):
    user = request.user
    project = selectors.project_for(user=user, project_id=project_id)
    kinds = selectors.timeline_kinds_for(user=user, project=project)
    filter_params = {k: v for k, v in request.GET.items() if k in ("stage", "kind")}
    form = TimelineFilterForm(filter_params or None, kinds=kinds)
    status = 200
    stage = kind = None
    if form.is_bound:
        if not form.is_valid():
            status = 400
        # Apply whichever filters are valid; the invalid ones are explained on the form.
        stage = form.cleaned_data.get("stage") or None
        kind = form.cleaned_data.get("kind") or None
    events = selectors.timeline_for(user=user, project=project, stage=stage, kind=kind)
    page = Paginator(events, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "form": form,
        "page": page,
        "events": page.object_list,
        "staff": can_see_internal(user, project),
        "filtered": bool(stage or kind),
    }
    return render(request, "projects/timeline.html", context, status=status)


# --- Members and invitations --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def members(request, org_id):
    user = request.user
    organization = selectors.managed_organization_for(user=user, organization_id=org_id)
    form = InviteForm(
        _posted(request),
        clients=selectors.clients_visible_to(user).filter(organization=organization),
        projects=selectors.projects_visible_to(user)
        .filter(organization=organization)
        .order_by("client__name", "title"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.member_invite(
                organization=organization,
                email=data["email"],
                role=data["role"],
                by=user,
                client=data["client"] if data["role"] == Role.CLIENT else None,
                projects=data["projects"] if data["role"] == Role.CLIENT else (),
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}. It works for the next few days.")
            return redirect("members", org_id=organization.pk)
    return render(request, "projects/members.html", _members_context(request, organization, form=form))


def _members_context(request, organization, *, form=None, role_edit: dict | None = None) -> dict:
    """``role_edit`` is a refused role change ({"membership_id", "role", "client", "errors"}),
    shown on that member's row."""
    user = request.user
    clients = list(selectors.clients_visible_to(user).filter(organization=organization))
    if form is None:
        form = InviteForm(
            clients=selectors.clients_visible_to(user).filter(organization=organization),
            projects=selectors.projects_visible_to(user)
            .filter(organization=organization)
            .order_by("client__name", "title"),
        )
    return {
        "organization": organization,
        "members": sorted(
            selectors.members_of(user=user, organization=organization),
            key=lambda m: (ROLE_ORDER.index(m.role), m.client.name if m.client else "", m.user.email),
        ),
        "invitations": selectors.invitations_of(user=user, organization=organization).filter(
            status=Invitation.Status.PENDING
        ),
        "form": form,
        "roles": Role.choices,
        "client_choices": clients,
        "role_edit": role_edit or {},
    }


@login_required
@require_POST
def membership_role(request, org_id, membership_id):
    """Give a member another role (producers only; the members page's "Change role")."""
    organization = selectors.managed_organization_for(user=request.user, organization_id=org_id)
    membership = get_object_or_404(selectors.members_of(user=request.user, organization=organization), pk=membership_id)
    form = MemberRoleForm(
        request.POST, clients=selectors.clients_visible_to(request.user).filter(organization=organization)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.membership_change_role(
                membership=membership, role=data["role"], client=data["client"], by=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            company = f" for {changed.client.name}" if changed.client else ""
            messages.success(
                request, f"{changed.user.display_name} is now {changed.get_role_display().lower()}{company}."
            )
            return redirect("members", org_id=organization.pk)
    role_edit = {
        "membership_id": membership.pk,
        "role": request.POST.get("role", ""),
        "client": request.POST.get("client", ""),
        "errors": [str(m) for messages_ in form.errors.values() for m in messages_],
    }
    context = _members_context(request, organization, role_edit=role_edit)
    return render(request, "projects/members.html", context, status=400)


@login_required
@require_POST
def invitation_revoke(request, org_id, invitation_id):
    organization = selectors.managed_organization_for(user=request.user, organization_id=org_id)
    invitation = get_object_or_404(
        selectors.invitations_of(user=request.user, organization=organization), pk=invitation_id
    )
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"Invitation for {invitation.email} withdrawn. The link no longer works.")
    return redirect("members", org_id=organization.pk)


@login_required
@require_POST
def membership_remove(request, org_id, membership_id):
    organization = selectors.managed_organization_for(user=request.user, organization_id=org_id)
    membership = get_object_or_404(selectors.members_of(user=request.user, organization=organization), pk=membership_id)
    name = membership.user.display_name
    try:
        services.membership_remove(membership=membership, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"{name} was removed from {organization.name}.")
    return redirect("members", org_id=organization.pk)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The link from the invitation email. Public: the token is the credential."""
    invitation = selectors.invitation_by_token(token)
    user = request.user if request.user.is_authenticated else None
    problem = None
    if invitation.status == Invitation.Status.ACCEPTED:
        problem = "used"
    elif not invitation.is_usable:
        problem = "expired"
    elif user is not None and user.email.lower() != invitation.email.lower():
        problem = "wrong_user"
    context = {"invitation": invitation, "problem": problem}
    if problem:
        status = 403 if problem == "wrong_user" else 410
        return render(request, "projects/invitation_accept.html", context, status=status)

    if user is not None:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except ValidationError as exc:
                context["errors"] = exc.messages
            else:
                messages.success(request, f"Welcome to {invitation.organization.name}.")
                return redirect("dashboard")
        return render(request, "projects/invitation_accept.html", context)

    if selectors.invitation_account_exists(invitation):
        context["problem"] = "sign_in"
        return render(request, "projects/invitation_accept.html", context)

    form = InvitationSignupForm(_posted(request), invitation=invitation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.invitation_accept(
                invitation=invitation,
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                time_zone=data["time_zone"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.organization.name}, {membership.user.display_name}.")
            return redirect("dashboard")
    context["form"] = form
    return render(request, "projects/invitation_accept.html", context)


# --- Profile ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name, "time_zone": user.time_zone}
    form = ProfileForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update_profile(
                user=user, first_name=data["first_name"], last_name=data["last_name"], time_zone=data["time_zone"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Profile saved. Times are shown in {user.time_zone}.")
            return redirect("profile")
    return render(request, "projects/profile.html", {"form": form})
