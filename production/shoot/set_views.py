"""Pages on set: the tracker of a shoot day (phone first: the shots in shooting order, marking one
done, logging takes, uploading dailies) and the daily production report (page, PDF, sign-off,
reopening). htmx swaps the tracker's pieces; every form also works as a plain post.

Reads start from ``selectors.day_for`` (the team's: a client or another studio gets a 404),
writes go through ``set_services``."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from production.media.views import UPLOAD_CHUNK_SIZE
from production.storyboard.models import Shot
from projects.permissions import can_upload

from . import report as report_module
from . import selectors, set_selectors, set_services
from .models import ScheduledShot, Take
from .permissions import can_sign_report, can_work_on_set


def _day(request, shootday_id):
    day = selectors.day_for(user=request.user, day_id=shootday_id)
    if not can_work_on_set(request.user, day.project):
        raise Http404("No such shoot day.")
    return day


def _shot(day, shot_id) -> Shot:
    return get_object_or_404(Shot.objects.filter(project=day.project), pk=shot_id)


def _errors(exc: ValidationError) -> dict[str, str]:
    """A refusal's messages by field; what is about no one field under "general" (templates
    cannot read "__all__")."""
    if hasattr(exc, "error_dict"):
        errors = {name: " ".join(messages) for name, messages in exc.message_dict.items()}
    else:
        errors = {"__all__": " ".join(exc.messages)}
    if "__all__" in errors:
        errors["general"] = errors.pop("__all__")
    return errors


def _upload_choices(day, cards, pickups) -> list[tuple[str, str]]:
    choices = [(f"daily:{day.pk}", "The day (no particular shot)")]
    for card in [*cards, *pickups]:
        choices.append((f"daily:{card.shot.pk}", f"Shot {card.shot.number}"))
        choices += [(f"daily:{t.pk}", f"Shot {card.shot.number}, take {t.number}") for t in card.takes]
    return choices


def _tracker_context(request, day, *, errors_for=None, errors=None, values=None, opened=None) -> dict:
    cards, pickups = set_selectors.cards_of(day)
    report = set_services.report_of(day)
    user = request.user
    may_upload = can_upload(user, day.project)
    wanted = request.GET.get("daily", "")
    context = {
        "project": day.project,
        "day": day,
        "cards": cards,
        "pickups": pickups,
        "clock": set_selectors.clock_of(day, cards, report),
        "report": report,
        "day_dailies": set_selectors.day_dailies(day),
        "pickable": set_selectors.pickable_shots(day, cards + pickups),
        "errors_for": str(errors_for or ""),
        "opened": str(opened or ""),  # the shot just acted on stays open
        "errors": errors or {},
        "values": values or {},
        "may_upload": may_upload,
        "marks": Take.Mark.choices,
    }
    if may_upload:
        choices = _upload_choices(day, cards, pickups)
        context.update(
            upload_choices=choices,
            upload_initial=f"daily:{wanted}" if f"daily:{wanted}" in dict(choices) else "",
            upload_accept=",".join(f".{ext}" for ext in settings.UPLOAD_ALLOWED_EXTENSIONS),
            upload_config={
                "endpoint": reverse("tus-uploads"),
                "project": str(day.project.pk),
                "chunkSize": UPLOAD_CHUNK_SIZE,
                "doneUrl": reverse("upload-done", kwargs={"upload_id": "00000000-0000-0000-0000-000000000000"}),
                "stay": True,
            },
        )
    return context


def _back(day, anchor: str = ""):
    return redirect(reverse("shoot-set", kwargs={"shootday_id": day.pk}) + anchor)


def _shots_response(request, day, *, status: int = 200, **extra):
    """htmx: the list of shots again (its current shot may have moved on) and the header."""
    return render(request, "shoot/_set_shots.html", {**_tracker_context(request, day, **extra), "oob": True},
                  status=status)  # fmt: skip


@login_required
@require_GET
def tracker(request, shootday_id):
    day = _day(request, shootday_id)
    return render(request, "shoot/set.html", _tracker_context(request, day))


@login_required
@require_GET
def tracker_shots(request, shootday_id):
    """The shots and the header (htmx, after an upload or to bring the clock up to date)."""
    day = _day(request, shootday_id)
    if request.GET.get("part") == "head":
        cards, _ = set_selectors.cards_of(day)
        clock = set_selectors.clock_of(day, cards, set_services.report_of(day))
        return render(request, "shoot/_set_head.html", {"day": day, "clock": clock})
    return _shots_response(request, day)


@login_required
@require_GET
def shot_dailies(request, shootday_id, shot_id):
    """One shot's dailies (htmx polls it while one is still being processed)."""
    day = _day(request, shootday_id)
    card = set_selectors.card_of(day, _shot(day, shot_id))
    if card is None:
        raise Http404("That shot is not on this day.")
    context = {"day": day, "card": card, "may_upload": can_upload(request.user, day.project)}
    return render(request, "shoot/_set_dailies.html", context)


@login_required
@require_POST
def shot_done(request, scheduledshot_id):
    scheduled = get_object_or_404(
        ScheduledShot.objects.filter(day__in=selectors.shoot_days_visible_to(request.user)).select_related(
            "day__project", "shot"
        ),
        pk=scheduledshot_id,
    )
    day = _day(request, scheduled.day_id)
    if request.POST.get("done") == "0":
        set_services.shot_undone(scheduled=scheduled, by=request.user)
        note = f"Shot {scheduled.shot.number} is not done any more."
    else:
        set_services.shot_done(scheduled=scheduled, by=request.user)
        note = f"Shot {scheduled.shot.number} done."
    if request.htmx:
        return _shots_response(request, day)
    messages.success(request, note)
    return _back(day, f"#shot-{scheduled.shot_id}")


def _log(request, day, shot, *, errors_key: str):
    fields = {name: request.POST.get(name, "") for name in ("camera_tc", "notes")}
    try:
        take = set_services.take_log(day=day, shot=shot, by=request.user, mark=request.POST.get("mark", ""), **fields)
    except ValidationError as exc:
        extra = {"errors_for": errors_key, "errors": _errors(exc), "values": fields}
        if request.htmx:
            return _shots_response(request, day, **extra)
        return render(request, "shoot/set.html", _tracker_context(request, day, **extra), status=400)
    if request.htmx:
        return _shots_response(request, day, opened=shot.pk)
    messages.success(request, f"Shot {shot.number}, take {take.number}: {take.get_mark_display().lower()}.")
    return _back(day, f"#shot-{shot.pk}")


@login_required
@require_POST
def take_log(request, shootday_id, shot_id):
    """Log the next take of a shot: the mark is the button pressed; timecode and notes optional."""
    day = _day(request, shootday_id)
    shot = _shot(day, shot_id)
    return _log(request, day, shot, errors_key=str(shot.pk))


@login_required
@require_POST
def take_pickup(request, shootday_id):
    """A take of a shot scheduled on another day (or on none), shot on this one."""
    day = _day(request, shootday_id)
    shot = Shot.objects.filter(project=day.project, pk=_uuid_or_none(request.POST.get("shot"))).first()
    if shot is None:
        extra = {"errors_for": "pickup", "errors": {"general": "Choose a shot of this project's shot list."}}
        if request.htmx:
            return _shots_response(request, day, **extra)
        return render(request, "shoot/set.html", _tracker_context(request, day, **extra), status=400)
    return _log(request, day, shot, errors_key="pickup")


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@login_required
@require_POST
def take_update(request, take_id):
    take = get_object_or_404(
        Take.objects.filter(day__in=selectors.shoot_days_visible_to(request.user)).select_related("shot", "day"),
        pk=take_id,
    )
    day = _day(request, take.day_id)
    fields = {name: request.POST[name] for name in ("mark", "camera_tc", "notes") if name in request.POST}
    try:
        set_services.take_update(take=take, by=request.user, **fields)
    except ValidationError as exc:
        extra = {"errors_for": take.shot_id, "errors": _errors(exc)}
        if request.htmx:
            return _shots_response(request, day, **extra)
        return render(request, "shoot/set.html", _tracker_context(request, day, **extra), status=400)
    if request.htmx:
        return _shots_response(request, day, opened=take.shot_id)
    return _back(day, f"#shot-{take.shot_id}")


# --- The daily production report -----------------------------------------------------------------


def _report_context(request, day, *, errors=None, values=None) -> dict:
    report = set_services.report_of(day)
    context = report_module.report_context(day, report)
    context.update(
        may_edit=not report.signed,
        may_sign=can_sign_report(request.user, day.project),
        errors=errors or {},
        values=values
        or {
            "actual_call": report.actual_call.strftime("%H:%M") if report.actual_call else "",
            "actual_wrap": report.actual_wrap.strftime("%H:%M") if report.actual_wrap else "",
            "notes": report.notes,
        },
    )
    return context


@login_required
@require_http_methods(["GET", "POST"])
def report(request, shootday_id):
    """The report's page; its form saves the actual call and wrap and the notes."""
    day = _day(request, shootday_id)
    if request.method == "POST":
        fields = {name: request.POST.get(name, "") for name in ("actual_call", "actual_wrap", "notes")}
        try:
            set_services.report_update(day=day, by=request.user, **fields)
        except ValidationError as exc:
            context = _report_context(request, day, errors=_errors(exc), values=fields)
            return render(request, "shoot/report.html", context, status=400)
        messages.success(request, "Report saved.")
        return redirect("shoot-report", shootday_id=day.pk)
    return render(request, "shoot/report.html", _report_context(request, day))


@login_required
@require_GET
def report_pdf(request, shootday_id):
    day = _day(request, shootday_id)
    report = set_services.report_of(day)
    response = HttpResponse(report_module.report_pdf(day, report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_module.file_name(day)}"'
    return response


@login_required
@require_POST
def report_sign(request, shootday_id):
    day = _day(request, shootday_id)
    try:
        set_services.report_sign(day=day, by=request.user)
    except ValidationError as exc:
        return render(request, "shoot/report.html", _report_context(request, day, errors=_errors(exc)), status=400)
    messages.success(request, "Signed off. The report is being emailed to the producers and everyone called.")
    return redirect("shoot-report", shootday_id=day.pk)


@login_required
@require_POST
def report_reopen(request, shootday_id):
    day = _day(request, shootday_id)
    try:
        set_services.report_reopen(day=day, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        return render(request, "shoot/report.html", _report_context(request, day, errors=_errors(exc)), status=400)
    messages.success(request, "Reopened. Correct it and sign it off again.")
    return redirect("shoot-report", shootday_id=day.pk)
