"""The shoot's upload target: dailies. An upload names what it is a daily of by one id — a take
(its shot and day follow), a shot (its day: the day of its latest take, else the day it is
scheduled on) or a shoot day (a daily of no shot) — as tus metadata ``daily=<id>``; when the last
byte is in, the ``Daily`` row links the asset to them and the timeline says so. Dailies are the
team's: a client never sees one (``client_assets`` is None)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.urls import reverse

from production.media.models import MediaAsset
from production.media.targets import AssetOwner, Sibling, UploadTarget
from production.storyboard.models import Shot

from . import selectors, set_services
from .models import Daily, ScheduledShot, ShootDay, Take


def _uuid(ref):
    try:
        return uuid.UUID(str(ref))
    except ValueError:
        return None


def _where(project_filter: dict, ref) -> tuple[ShootDay, Shot | None, Take | None] | None:
    """What ``ref`` names among the rows ``project_filter`` allows, or None."""
    pk = _uuid(ref)
    if pk is None:
        return None
    take = Take.objects.select_related("shot", "day__project").filter(pk=pk, **{
        f"day__{k}": v for k, v in project_filter.items()}).first()  # fmt: skip
    if take is not None:
        return take.day, take.shot, take
    shot = Shot.objects.filter(pk=pk, **project_filter).first()
    if shot is not None:
        latest = Take.objects.filter(shot=shot).select_related("day__project").order_by("-number").first()
        if latest is not None:
            return latest.day, shot, None
        scheduled = ScheduledShot.objects.filter(shot=shot).select_related("day__project").first()
        if scheduled is None:
            raise ValidationError({"daily": f"Shot {shot.number} is on no shoot day yet: schedule it first."})
        return scheduled.day, shot, None
    day = ShootDay.objects.filter(pk=pk, **project_filter).select_related("project").first()
    if day is not None:
        return day, None, None
    return None


def daily_title(daily: Daily) -> str:
    """ "Shot 4, take 3 — Tue 12 May" (or "Tue 12 May" for a daily of the day)."""
    when = f"{daily.day.date:%a %-d %b}"
    if daily.shot is None:
        return f"Dailies — {when}"
    take = f", take {daily.take.number}" if daily.take else ""
    return f"Shot {daily.shot.number}{take} — {when}"


class DailyTarget(UploadTarget):
    name = "daily"
    purpose = MediaAsset.Purpose.DAILY
    related = ("daily__day", "daily__shot", "daily__take")

    def resolve(self, *, project, ref):
        found = _where({"project": project}, ref)
        if found is None:
            raise ValidationError({"daily": "Say which take, shot or shoot day of this project the daily is of."})
        return found

    def project_of(self, *, user, ref):
        projects = selectors.shoot_projects_visible_to(user)
        try:
            found = _where({"project__in": projects}, ref)
        except ValidationError:  # a shot on no day: the upload is refused with the reason
            return Shot.objects.select_related("project").get(pk=_uuid(ref)).project
        return found[0].project if found else None

    def upload_panel(self, *, user, project):
        if not selectors.shoot_projects_visible_to(user).filter(pk=project.pk).exists():
            return None
        return "shoot/_upload_panel.html", {"project": project, "days": selectors.days_of(user=user, project=project)}

    def choices(self, *, user, project):
        days = selectors.days_of(user=user, project=project)
        if not days:
            return "", []
        scheduled = ScheduledShot.objects.filter(day__in=days).select_related("shot").order_by("position")
        by_day: dict = {}
        for row in scheduled:
            by_day.setdefault(row.day_id, []).append(row.shot)
        options = []
        for day in days:
            label = f"Day {day.number} · {day.date:%a %-d %b}"
            options.append((f"daily:{day.pk}", f"{label} — no particular shot"))
            options += [(f"daily:{shot.pk}", f"{label} — shot {shot.number}") for shot in by_day.get(day.pk, [])]
        return "Dailies of a shoot day", options

    def arrived(self, *, asset, ref, by) -> None:
        day, shot, take = _where({"project": asset.project}, ref)
        set_services.daily_arrived(asset=asset, day=day, shot=shot, take=take, by=by)

    def owns(self, asset) -> bool:
        return getattr(asset, "daily", None) is not None

    def client_assets(self):
        return None  # dailies are the team's

    def owner(self, *, user, asset):
        daily = getattr(asset, "daily", None)
        if daily is None:
            return None
        siblings = []
        if daily.shot_id:
            others = Daily.objects.filter(shot_id=daily.shot_id).select_related("asset", "take", "day", "shot")
            siblings = [
                Sibling(asset_id=d.asset_id, number=i, name=f"{daily_title(d)} · {d.asset.display_name}",
                        status=d.asset.status, status_label=d.asset.get_status_display(), current=d.pk == daily.pk)
                for i, d in enumerate(others.order_by("created_at"), start=1)
            ]  # fmt: skip
        ref = daily.shot_id or daily.day_id  # the upload page offers days and shots
        return AssetOwner(
            title=daily_title(daily),
            number=None,
            noun="daily",
            plural="dailies of this shot",
            upload_query=f"?daily={ref}",
            siblings=siblings,
            links=[
                ("On-set tracker", reverse("shoot-set", kwargs={"shootday_id": daily.day_id})),
                ("Daily report", reverse("shoot-report", kwargs={"shootday_id": daily.day_id})),
            ],
        )
