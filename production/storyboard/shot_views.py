"""Pages of the shot list: the project's list grouped by scene (with the brief's coverage at the
top), a shot's page to edit it, adding, reordering by dragging (the whole order as JSON) or with
up/down buttons, status buttons, removing.

Whoever may see the project reads its shot list (the client of their own project too: it is the
plan the client signs the shoot off against); producers and editors change it. Reads go through
``selectors`` (a foreign id is a 404), writes through ``services.shots``."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects.forms import add_service_errors
from projects.permissions import can_see_internal
from projects.selectors import project_for

from . import brief, selectors
from .forms import ShotForm
from .models import Shot
from .permissions import can_write
from .services import shots as services

NOT_YOURS = "Only the project's producers and editors can change its shot list."


def _shot_form(project, data=None, *, initial=None, shot=None) -> ShotForm:
    scenes = selectors.scene_choices(project=project)
    current_version_id = scenes[0].version_id if scenes else None
    if shot is not None and shot.scene is not None and shot.scene not in scenes:
        scenes = [*scenes, shot.scene]  # a scene cut from the script since stays a choice
    message_rows, asset_rows = brief.brief_rows(project)
    return ShotForm(
        data,
        initial=initial,
        scenes=scenes,
        current_version_id=current_version_id,
        frames=selectors.frame_choices(project=project),
        messages=message_rows,
        assets=asset_rows,
        shot=shot,
    )


def _list_context(request, project, *, form=None) -> dict:
    may_write = can_write(request.user, project)
    shot_list = selectors.shot_list_of(user=request.user, project=project)
    return {
        "project": project,
        "staff": can_see_internal(request.user, project),
        "may_write": may_write,
        "shot_list": shot_list,
        "statuses": Shot.Status,
        "form": (form or _shot_form(project)) if may_write else None,
        "has_script": selectors.script_of(project) is not None,
    }


@login_required
@require_GET
def shot_list(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    return render(request, "storyboard/shots.html", _list_context(request, project))


@login_required
@require_POST
def shot_create(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    if not can_write(request.user, project):
        raise PermissionDenied(NOT_YOURS)
    form = _shot_form(project, request.POST)
    if form.is_valid():
        try:
            shot = services.shot_create(project=project, by=request.user, **form.service_fields())
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Shot {shot.number} added.")
            return redirect(reverse("shots", kwargs={"project_id": project.pk}) + f"#shot-{shot.pk}")
    return render(request, "storyboard/shots.html", _list_context(request, project, form=form), status=400)


@login_required
@require_POST
def shots_reorder(request, project_id):
    """The list's new order: ``{"order": [shot ids…]}`` as JSON (the drag script), or ``order``
    repeated in a form. Every shot exactly once, or nothing changes (400 with the reason)."""
    project = project_for(user=request.user, project_id=project_id)
    if not can_write(request.user, project):
        raise PermissionDenied(NOT_YOURS)
    wants_json = request.content_type == "application/json"
    if wants_json:
        try:
            order = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            order = None
        order = order.get("order") if isinstance(order, dict) else None
    else:
        order = request.POST.getlist("order")
    try:
        shots = services.shots_reorder(project=project, order=order, by=request.user)
    except ValidationError as exc:
        errors = exc.message_dict.get("order", exc.messages)
        if wants_json:
            return JsonResponse({"errors": {"order": errors}}, status=400)
        for error in errors:
            messages.error(request, error)
        return redirect("shots", project_id=project.pk)
    if wants_json:
        return JsonResponse({"order": [str(s.pk) for s in shots]})
    messages.success(request, "Shot list reordered.")
    return redirect("shots", project_id=project.pk)


def _shot_context(request, shot, *, form=None) -> dict:
    project = shot.project
    may_write = can_write(request.user, project)
    initial = {
        "number": shot.number,
        "scene": str(shot.scene_id or ""),
        "frame": str(shot.frame_id or ""),
        "description": shot.description,
        "shot_size": shot.shot_size,
        "angle": shot.angle,
        "movement": shot.movement,
        "lens": shot.lens,
        "framing": shot.framing,
        "location": shot.location,
        "cast": shot.cast,
        "setup_minutes": "" if shot.setup_minutes is None else shot.setup_minutes,
        "shoot_minutes": "" if shot.shoot_minutes is None else shot.shoot_minutes,
        "message_keys": shot.message_keys,
        "asset_keys": shot.asset_keys,
    }
    message_rows, asset_rows = brief.brief_rows(project)
    return {
        "project": project,
        "shot": shot,
        "staff": can_see_internal(request.user, project),
        "may_write": may_write,
        "form": (form or _shot_form(project, initial=initial, shot=shot)) if may_write else None,
        "linked_messages": [m for m in message_rows if m.key in shot.message_keys],
        "linked_assets": [a for a in asset_rows if a.key in shot.asset_keys],
    }


@login_required
@require_http_methods(["GET", "POST"])
def shot_detail(request, shot_id):
    shot = selectors.shot_for(user=request.user, shot_id=shot_id)
    if request.method == "GET":
        return render(request, "storyboard/shot.html", _shot_context(request, shot))
    if not can_write(request.user, shot.project):
        raise PermissionDenied(NOT_YOURS)
    form = _shot_form(shot.project, request.POST, shot=shot)
    if form.is_valid():
        try:
            shot = services.shot_update(shot=shot, by=request.user, **form.service_fields())
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Shot {shot.number} saved.")
            return redirect(reverse("shots", kwargs={"project_id": shot.project_id}) + f"#shot-{shot.pk}")
    return render(request, "storyboard/shot.html", _shot_context(request, shot, form=form), status=400)


@login_required
@require_POST
def shot_move(request, shot_id):
    shot = selectors.shot_for(user=request.user, shot_id=shot_id)
    try:
        shot = services.shot_move(shot=shot, direction=request.POST.get("direction", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("shots", kwargs={"project_id": shot.project_id}) + f"#shot-{shot.pk}")


@login_required
@require_POST
def shot_status(request, shot_id):
    shot = selectors.shot_for(user=request.user, shot_id=shot_id)
    try:
        shot = services.shot_set_status(shot=shot, status=request.POST.get("status", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Shot {shot.number}: {shot.get_status_display().lower()}.")
    return redirect(reverse("shots", kwargs={"project_id": shot.project_id}) + f"#shot-{shot.pk}")


@login_required
@require_POST
def shot_delete(request, shot_id):
    shot = selectors.shot_for(user=request.user, shot_id=shot_id)
    number = shot.number
    services.shot_delete(shot=shot, by=request.user)
    messages.success(request, f"Shot {number} removed.")
    return redirect("shots", project_id=shot.project_id)
