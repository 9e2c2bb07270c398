"""The day page's schedule: the day's shots in shooting order with the running clock, the picker
that puts shots of the shot list on the day, reordering (the whole order as JSON from the drag
script, or one place up or down with the buttons), taking a shot off. The shoot is the team's
(a client gets a 404 from ``selectors.day_for``); producers change it."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import schedule, selectors
from .models import ScheduledShot, ShootDay
from .permissions import can_write


def schedule_context(request, day: ShootDay) -> dict:
    """What the day page's schedule card needs."""
    may_write = can_write(request.user, day.project)
    return {
        "plan": selectors.plan_of(day),
        "picker": selectors.schedule_picker(day) if may_write else [],
    }


def _day(request, shootday_id) -> ShootDay:
    day = selectors.day_for(user=request.user, day_id=shootday_id)
    if not can_write(request.user, day.project):
        raise PermissionDenied("Only the project's producers can change its shoot.")
    return day


def _back(day: ShootDay):
    return redirect(reverse("shoot-day", kwargs={"shootday_id": day.pk}) + "#schedule")


def _scheduled(day: ShootDay, shot_id) -> ScheduledShot:
    row = ScheduledShot.objects.filter(day=day, shot_id=shot_id).select_related("shot").first()
    if row is None:
        raise Http404("That shot is not on this day.")
    return row


@login_required
@require_POST
def schedule_add(request, shootday_id):
    """The picker's ticked shots (``shot`` repeated), at the end of the day's order."""
    day = _day(request, shootday_id)
    try:
        rows = schedule.schedule_add(day=day, shots=request.POST.getlist("shot"), by=request.user)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        numbers = ", ".join(r.shot.number for r in rows)
        messages.success(request, f"{len(rows)} shot{'s' if len(rows) != 1 else ''} added to this day ({numbers}).")
    return _back(day)


@login_required
@require_POST
def schedule_reorder(request, shootday_id):
    """The day's new order: ``{"order": [shot ids…]}`` as JSON (the drag script: the answer holds
    the schedule card redrawn, its clock run again), or ``order`` repeated in a form."""
    day = _day(request, shootday_id)
    wants_json = request.content_type == "application/json"
    if wants_json:
        try:
            body = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            body = None
        order = body.get("order") if isinstance(body, dict) else None
    else:
        order = request.POST.getlist("order")
    try:
        rows = schedule.schedule_reorder(day=day, order=order, by=request.user)
    except ValidationError as exc:
        errors = exc.message_dict.get("order", exc.messages)
        if wants_json:
            return JsonResponse({"errors": {"order": errors}}, status=400)
        for error in errors:
            messages.error(request, error)
        return _back(day)
    if wants_json:
        day = selectors.day_for(user=request.user, day_id=day.pk)
        html = render_to_string(
            "shoot/_schedule.html",
            {"day": day, "project": day.project, "may_write": True, **schedule_context(request, day)},
            request=request,
        )
        return JsonResponse({"order": [str(r.shot_id) for r in rows], "html": html})
    messages.success(request, "Shooting order saved.")
    return _back(day)


@login_required
@require_POST
def schedule_move(request, shootday_id, shot_id):
    day = _day(request, shootday_id)
    row = _scheduled(day, shot_id)
    try:
        schedule.schedule_move(day=day, shot=row.shot, direction=request.POST.get("direction", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(day)


@login_required
@require_POST
def schedule_remove(request, shootday_id, shot_id):
    day = _day(request, shootday_id)
    row = _scheduled(day, shot_id)
    schedule.schedule_remove(day=day, shot=row.shot, by=request.user)
    messages.success(request, f"Shot {row.shot.number} taken off this day.")
    return _back(day)
