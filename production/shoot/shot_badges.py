"""The shoot's badge on the shot list (``production.storyboard.hooks``): the shoot day each shot
is scheduled on, for the team only (the shoot is theirs; a client reading the list sees none)."""

from __future__ import annotations

from django.urls import reverse

from production.storyboard.hooks import StageBadge

from .models import ScheduledShot, ShootDay
from .permissions import can_read


def annotate(shots: list, *, user, project) -> None:
    if not can_read(user, project):
        return
    rows = list(ScheduledShot.objects.filter(shot__in=[s.pk for s in shots]).select_related("day"))
    if not rows:
        return
    ids = ShootDay.objects.filter(project=project).order_by("date", "call_time", "created_at")
    numbers = {pk: n for n, pk in enumerate(ids.values_list("pk", flat=True), start=1)}
    by_shot = {row.shot_id: row for row in rows}
    for shot in shots:
        row = by_shot.get(shot.pk)
        if row is None:
            continue
        day = row.day
        shot.stage_badges.append(
            StageBadge(
                label=f"Day {numbers.get(day.pk, '?')} · {day.date:%a %-d %b}",
                url=reverse("shoot-day", kwargs={"shootday_id": day.pk}) + f"#sched-{shot.pk}",
                title=f"Scheduled on shoot day {numbers.get(day.pk, '?')}, {day.date:%A %-d %B %Y}, "
                f"{row.position + 1}{_ordinal(row.position + 1)} in the shooting order",
            )
        )


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
