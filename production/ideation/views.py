"""Pages of ideation: the ideas board (the team's; a client gets a 404) and a project's brief
(whoever may see the project; writing it is for producers and marketers, signing it off for the
client's reviewers). Reads go through ``selectors``, writes through ``services``."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects.forms import add_service_errors, apply_row_errors, safe_next
from projects.permissions import can_see_internal
from projects.selectors import clients_visible_to, project_for

from . import diff, selectors, services
from .forms import (
    ROW_TITLES,
    IdeaCommentForm,
    IdeaFilterForm,
    IdeaForm,
    IdeaStatusForm,
    PromoteForm,
    brief_forms,
    kept_rows,
)
from .models import Idea
from .permissions import can_decide_idea, can_edit_idea, can_sign_off_brief, can_write_brief


def _posted(request):
    return request.POST if request.method == "POST" else None


def _flash_refusal(request, exc: ValidationError | PermissionDenied) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


def _board_or_404(user):
    organizations = selectors.board_organizations(user)
    if not organizations:
        raise Http404("No page here.")
    return organizations


# --- The ideas board --------------------------------------------------------------------------


@login_required
@require_GET
def idea_board(request):
    user = request.user
    organizations = list(_board_or_404(user))
    form = IdeaFilterForm(request.GET or None)
    status = ""
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"]
    ideas = list(selectors.ideas_for_board(user, status=status))
    counts = selectors.status_counts(user)
    tabs = [("", "All", sum(counts.values()))] + [(s.value, s.label, counts.get(s.value, 0)) for s in Idea.Status]
    context = {
        "ideas": ideas,
        "form": form,
        "status": status,
        "status_label": Idea.Status(status).label if status else "",
        "tabs": tabs,
        "show_org": len(organizations) > 1,
    }
    return render(request, "ideation/board.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def idea_create(request):
    user = request.user
    organizations = _board_or_404(user)
    form = IdeaForm(_posted(request), organizations=organizations, initial={"organization": organizations.first()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = services.idea_create(
                organization=data["organization"], by=user, title=data["title"], pitch=data["pitch"],
                format=data["format"], platforms=data["platforms"],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"“{idea.title}” is on the board. The team can vote and comment now.")
            return redirect("idea-detail", idea_id=idea.pk)
    return render(request, "ideation/idea_form.html", {"form": form, "creating": True}, status=_status(form))


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_required
@require_GET
def idea_detail(request, idea_id):
    user = request.user
    idea = selectors.idea_for(user=user, idea_id=idea_id)
    context = {
        "idea": idea,
        "comments": list(selectors.comments_of(idea)),
        "comment_form": IdeaCommentForm(),
        "can_edit": can_edit_idea(user, idea) and idea.status != Idea.Status.PROMOTED,
        "can_decide": can_decide_idea(user, idea) and idea.status != Idea.Status.PROMOTED,
        "statuses": [s for s in Idea.Status if s not in (Idea.Status.PROMOTED, idea.status)],
    }
    return render(request, "ideation/idea_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def idea_edit(request, idea_id):
    user = request.user
    idea = selectors.idea_for(user=user, idea_id=idea_id)
    if not can_edit_idea(user, idea):
        raise PermissionDenied("Only its author or a producer can edit an idea.")
    if idea.status == Idea.Status.PROMOTED:
        messages.info(request, "This idea became a project; it is kept as it was when it was promoted.")
        return redirect("idea-detail", idea_id=idea.pk)
    initial = {"title": idea.title, "pitch": idea.pitch, "format": idea.format, "platforms": idea.platforms}
    form = IdeaForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.idea_update(
                idea=idea, by=user, title=data["title"], pitch=data["pitch"], format=data["format"],
                platforms=data["platforms"],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Idea saved.")
            return redirect("idea-detail", idea_id=idea.pk)
    context = {"form": form, "idea": idea, "creating": False}
    return render(request, "ideation/idea_form.html", context, status=_status(form))


@login_required
@require_POST
def idea_vote(request, idea_id):
    idea = selectors.idea_for(user=request.user, idea_id=idea_id)
    try:
        voted = services.idea_vote_toggle(idea=idea, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        _flash_refusal(request, exc)
    else:
        messages.success(request, f"You voted for “{idea.title}”." if voted else f"Vote for “{idea.title}” taken back.")
    return redirect(safe_next(request, reverse("idea-detail", kwargs={"idea_id": idea.pk})))


@login_required
@require_POST
def idea_status(request, idea_id):
    idea = selectors.idea_for(user=request.user, idea_id=idea_id)
    form = IdeaStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose new, shortlisted or dropped.")
    else:
        try:
            services.idea_update(idea=idea, by=request.user, status=form.cleaned_data["status"])
        except (ValidationError, PermissionDenied) as exc:
            _flash_refusal(request, exc)
        else:
            messages.success(
                request, f"“{idea.title}” is now {Idea.Status(form.cleaned_data['status']).label.lower()}."
            )
    return redirect(safe_next(request, reverse("idea-detail", kwargs={"idea_id": idea.pk})))


@login_required
@require_POST
def idea_comment(request, idea_id):
    idea = selectors.idea_for(user=request.user, idea_id=idea_id)
    form = IdeaCommentForm(request.POST)
    if form.is_valid():
        try:
            services.idea_comment(idea=idea, by=request.user, text=form.cleaned_data["text"])
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            return redirect(reverse("idea-detail", kwargs={"idea_id": idea.pk}) + "#comments")
    context = {
        "idea": idea,
        "comments": list(selectors.comments_of(idea)),
        "comment_form": form,
        "can_edit": can_edit_idea(request.user, idea) and idea.status != Idea.Status.PROMOTED,
        "can_decide": can_decide_idea(request.user, idea) and idea.status != Idea.Status.PROMOTED,
        "statuses": [s for s in Idea.Status if s not in (Idea.Status.PROMOTED, idea.status)],
    }
    return render(request, "ideation/idea_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def idea_promote(request, idea_id):
    user = request.user
    idea = selectors.idea_for(user=user, idea_id=idea_id)
    if not can_decide_idea(user, idea):
        raise PermissionDenied("Only producers promote ideas to projects.")
    if idea.status == Idea.Status.PROMOTED:
        messages.info(request, "This idea is already a project.")
        return redirect("idea-detail", idea_id=idea.pk)
    clients = clients_visible_to(user).filter(organization=idea.organization).order_by("name")
    form = PromoteForm(_posted(request), clients=clients, initial={"title": idea.title})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.idea_promote(
                idea=idea, by=user, client=data["client"], title=data["title"], due_date=data["due_date"]
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"“{project.title}” is a project now; the idea is the brief's first draft.")
            return redirect("brief", project_id=project.pk)
    context = {"form": form, "idea": idea, "has_clients": clients.exists()}
    return render(request, "ideation/idea_promote.html", context, status=_status(form))


# --- The brief --------------------------------------------------------------------------------


def _brief_context(request, project, page) -> dict:
    user = request.user
    current = page.current
    return {
        "project": project,
        "page": page,
        "version": current,
        "staff": can_see_internal(user, project),
        "can_write": can_write_brief(user, project),
        "can_sign_off": current is not None and can_sign_off_brief(user, project),
        "signed_by_me": current is not None and any(s.by_id == user.pk for s in current.signoffs.all()),
        "row_titles": ROW_TITLES,
    }


@login_required
@require_GET
def brief_detail(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    page = selectors.brief_page(project=project)
    return render(request, "ideation/brief.html", _brief_context(request, project, page))


@login_required
@require_GET
def brief_section(request, project_id):
    """The project page's brief box (loaded with htmx)."""
    project = project_for(user=request.user, project_id=project_id)
    page = selectors.brief_page(project=project)
    return render(request, "ideation/_brief_summary.html", _brief_context(request, project, page))


@login_required
@require_GET
def brief_version(request, project_id, number):
    project = project_for(user=request.user, project_id=project_id)
    page = selectors.brief_page(project=project)
    version = selectors.version_of(project=project, number=number)
    context = {**_brief_context(request, project, page), "version": version, "old": version != page.current}
    context["can_sign_off"] = False  # only the current version is signed off, on the brief's page
    return render(request, "ideation/brief.html", context)


@login_required
@require_GET
def brief_compare(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    page = selectors.brief_page(project=project)
    numbers = [v.number for v in page.history]
    if len(numbers) < 2:
        raise Http404("There is only one version: nothing to compare.")
    try:
        a = int(request.GET.get("a", numbers[1]))
        b = int(request.GET.get("b", numbers[0]))
    except ValueError:
        a, b = numbers[1], numbers[0]
    if a not in numbers or b not in numbers or a == b:
        messages.error(request, "Choose two different versions of this brief.")
        a, b = numbers[1], numbers[0]
    older, newer = sorted((a, b))
    changes = diff.compare(
        selectors.version_of(project=project, number=older), selectors.version_of(project=project, number=newer)
    )
    context = {**_brief_context(request, project, page), "diff": changes, "numbers": numbers}
    return render(request, "ideation/brief_compare.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def brief_edit(request, project_id):
    user = request.user
    project = project_for(user=user, project_id=project_id)
    if not can_write_brief(user, project):
        raise PermissionDenied("Only producers and marketers write the brief.")
    current = services.current_version_of(project)
    posted = _posted(request)
    if posted is not None and posted.get("based_on") not in (None, "", str(current.number if current else 0)):
        # Someone saved a version while this one was being edited: the service refuses the save and
        # says so; the form keeps what was typed and is now based on the newer version, so saving
        # again is a deliberate choice.
        stale, posted = posted.get("based_on"), posted.copy()
        posted["based_on"] = str(current.number if current else 0)
    else:
        stale = None
    form, formsets = brief_forms(posted, version=current)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            rows, kept_forms = {}, {}
            for kind, formset in formsets.items():
                rows[kind], kept_forms[kind] = kept_rows(formset)
            data = dict(form.cleaned_data)
            if stale is not None:
                data["based_on"] = int(stale) if stale.isdigit() else -1
            try:
                version = services.brief_save(project=project, by=user, **data, **rows)
            except PermissionDenied as exc:
                add_service_errors(form, exc)
            except ValidationError as exc:
                apply_row_errors(form, formsets, kept_forms, exc)
            else:
                if current is not None and version.pk == current.pk:
                    messages.info(request, f"Nothing changed: the brief is still version {version.number}.")
                else:
                    messages.success(request, f"Brief saved as version {version.number}.")
                return redirect("brief", project_id=project.pk)
    context = {
        "project": project,
        "form": form,
        "formsets": [(kind, formsets[kind], *ROW_TITLES[kind]) for kind in formsets],
        "current": current,
    }
    return render(request, "ideation/brief_edit.html", context, status=status)


@login_required
@require_POST
def brief_sign_off(request, project_id):
    user = request.user
    project = project_for(user=user, project_id=project_id)
    page = selectors.brief_page(project=project)
    if page.brief is None:
        raise Http404("There is no brief to sign off.")
    try:
        version_id = uuid.UUID(request.POST.get("version", ""))
    except ValueError as exc:
        raise Http404("No such version of the brief.") from exc
    version = get_object_or_404(page.brief.versions, pk=version_id)
    try:
        services.brief_sign_off(version=version, by=user, note=request.POST.get("note", ""))
    except (ValidationError, PermissionDenied) as exc:
        _flash_refusal(request, exc)
    else:
        messages.success(request, f"You signed off version {version.number} of the brief. The team is told.")
    return redirect("brief", project_id=project.pk)
