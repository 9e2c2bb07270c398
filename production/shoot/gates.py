"""The shoot's own readiness gate into the shoot stage: every shoot day is scheduled with its call
sheet sent, and sent as the day now stands (a day changed after its sheet went out needs the
revision sent), so nobody turns up on the strength of an old sheet."""

from __future__ import annotations

from django.urls import reverse

from projects import gates
from projects.models import Project, Stage

from . import services
from .models import CallSheet, ShootDay

KEY = "shoot.call_sheets_sent"


def _label(day: ShootDay) -> str:
    return f"{day.date:%a} {day.date.day} {day.date:%b}"


def missing_call_sheets(project: Project) -> list[str]:
    """Each shoot day whose call sheet is not out, or out of date, in words; one line when no day
    is scheduled at all."""
    days = list(ShootDay.objects.filter(project=project).order_by("date", "call_time"))
    if not days:
        return ["no shoot day is scheduled"]
    sheets = {s.day_id: s for s in CallSheet.objects.filter(day__in=days)}
    missing = []
    for day in days:
        sheet = sheets.get(day.pk)
        if sheet is None or sheet.sent_at is None:
            missing.append(f"the call sheet of {_label(day)} is not sent")
        elif sheet.content_hash != services.sheet_hash(day):
            missing.append(f"{_label(day)} changed after its call sheet went out: send the revision")
    return missing


def _call_sheets_sent(project: Project) -> str | None:
    missing = missing_call_sheets(project)
    if not missing:
        return None
    return "Before the shoot: " + "; ".join(missing) + "."


def _shoot_page(project: Project) -> str:
    return reverse("shoot", kwargs={"project_id": project.pk})


def register() -> None:
    gates.register(key=KEY, entering=Stage.SHOOT, title="Call sheets sent", check=_call_sheets_sent, link=_shoot_page)
