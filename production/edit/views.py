"""Pages of the edit stage: a project's cuts and media (a page of its own, and the section the
project page loads with htmx), and the changes to a cut (start, share or hide, rename).

Reads go through ``selectors`` (a foreign or hidden id is a 404), writes through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from production.media.views import POLL_SECONDS
from projects.forms import add_service_errors, form_errors, safe_next
from projects.permissions import can_see_internal, can_upload
from projects.selectors import project_for

from . import selectors, services
from .forms import CutForm, CutRenameForm, CutShareForm

# --- The project's cuts and media ---------------------------------------------------------------


def _media_context(request, project, *, cut_form: CutForm | None = None, cut_edit: dict | None = None) -> dict:
    """``cut_edit`` is a refused change to one cut ({"cut_id", "title", "errors"}), shown on it."""
    user = request.user
    may_upload = can_upload(user, project)
    return {
        "project": project,
        "media": selectors.project_media(user=user, project=project),
        "staff": can_see_internal(user, project),
        "may_upload": may_upload,
        "cut_form": (cut_form or CutForm()) if may_upload else None,
        "cut_edit": cut_edit or {},
        "poll_seconds": POLL_SECONDS,
    }


def _media_url(project) -> str:
    return reverse("project-detail", kwargs={"project_id": project.pk}) + "#media"


@login_required
@require_GET
def project_media(request, project_id):
    """The cuts and media of a project as a page of its own (the project page loads the same
    section with htmx)."""
    project = project_for(user=request.user, project_id=project_id)
    return render(request, "edit/project_media.html", _media_context(request, project))


@login_required
@require_GET
def project_media_section(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    return render(request, "edit/_media_section.html", _media_context(request, project))


@login_required
@require_POST
def cut_create(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    if not can_upload(request.user, project):
        raise PermissionDenied("Only producers and editors can add cuts.")
    form = CutForm(request.POST)
    if form.is_valid():
        try:
            cut = services.cut_create(
                project=project,
                title=form.cleaned_data["title"],
                client_visible=form.cleaned_data["client_visible"],
                by=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Cut “{cut.title}” started. Upload its first version.")
            return redirect(f"{reverse('project-upload', kwargs={'project_id': project.pk})}?cut={cut.pk}")
    context = _media_context(request, project, cut_form=form)
    return render(request, "edit/project_media.html", context, status=400)


@login_required
@require_POST
def cut_visibility(request, cut_id):
    """Share a cut with the client or make it team only (producers and editors)."""
    cut = selectors.cut_for(user=request.user, cut_id=cut_id)
    if not can_upload(request.user, cut.project):
        raise PermissionDenied("Only producers and editors can share a cut with the client.")
    form = CutShareForm(request.POST)
    if form.is_valid():
        try:
            cut = services.cut_set_client_visible(cut=cut, visible=form.cleaned_data["client_visible"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if cut.client_visible:
                messages.success(request, f"“{cut.title}” is shared: {cut.project.client.name} can watch its versions.")
            else:
                messages.success(request, f"“{cut.title}” is team only now: the client no longer sees it.")
            return redirect(safe_next(request, _media_url(cut.project)))
    cut_edit = {"cut_id": cut.pk, "title": cut.title, "errors": form_errors(form)}
    return render(
        request, "edit/project_media.html", _media_context(request, cut.project, cut_edit=cut_edit), status=400
    )


@login_required
@require_POST
def cut_rename(request, cut_id):
    cut = selectors.cut_for(user=request.user, cut_id=cut_id)
    if not can_upload(request.user, cut.project):
        raise PermissionDenied("Only producers and editors can rename a cut.")
    form = CutRenameForm(request.POST)
    if form.is_valid():
        old = cut.title
        try:
            cut = services.cut_rename(cut=cut, title=form.cleaned_data["title"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if cut.title != old:
                messages.success(request, f"Cut renamed to “{cut.title}”.")
            return redirect(safe_next(request, _media_url(cut.project)))
    cut_edit = {"cut_id": cut.pk, "title": request.POST.get("title", ""), "errors": form_errors(form), "rename": True}
    return render(
        request, "edit/project_media.html", _media_context(request, cut.project, cut_edit=cut_edit), status=400
    )
