"""Every write of a shoot day's schedule: shots of the shot list put into a day in shooting order
(several at once; a shot on another day moves), taken off it, reordered (the whole order, or one
place up or down). Keyword-only, one transaction each, permission checked first (producers), the
project row locked so one schedule change of a project runs at a time, the timeline told inside
it under the shoot stage; bad input is refused with the reason and changes nothing.

A shot's status follows: putting a planned shot on a day makes it scheduled (one already shot or
circled keeps its status); taking a scheduled shot off its day puts it back to planned. Positions
within a day stay 0, 1, 2… (dense and unique): rows are moved past the end first, so the unique
constraint on (day, position) never sees two rows at one place."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from production.storyboard.models import Shot
from projects import timeline
from projects.models import Project, Stage, User

from .models import ScheduledShot, ShootDay
from .services import _day_label, _refuse

MAX_ADD = 200  # shots added in one go


def _short_day(day: ShootDay) -> str:
    return f"{day.date:%a %-d %b}"


def _lock(day: ShootDay) -> ShootDay:
    Project.objects.select_for_update().filter(pk=day.project_id).first()  # one schedule change at a time
    return ShootDay.objects.select_related("project").get(pk=day.pk)


def _renumber(day_id, ordered_ids: list) -> None:
    """Give the day's rows ``ordered_ids`` (their pks) the positions 0, 1, 2…"""
    rows = ScheduledShot.objects.filter(day_id=day_id)
    top = rows.aggregate(top=Max("position"))["top"]
    if top is None:
        return
    rows.update(position=F("position") + top + 1)  # past the end first: never two rows at one place
    for index, pk in enumerate(ordered_ids):
        ScheduledShot.objects.filter(pk=pk).update(position=index)


def _close_up(day_id) -> None:
    """The day's rows renumbered 0, 1, 2… in their order (after one left)."""
    rows = ScheduledShot.objects.filter(day_id=day_id).order_by("position")
    _renumber(day_id, list(rows.values_list("pk", flat=True)))


def _ids(value, *, what: str) -> list[str]:
    if not isinstance(value, list | tuple):
        raise ValidationError({what: "Send the shots as a list of shot ids."})
    ids = []
    for item in value:
        try:
            ids.append(str(uuid.UUID(str(getattr(item, "pk", item)).strip())))
        except ValueError:
            raise ValidationError({what: f"“{str(item)[:60]}” is not a shot's id."}) from None
    if len(set(ids)) != len(ids):
        raise ValidationError({what: "The list names a shot more than once."})
    return ids


def day_order(day: ShootDay) -> list[ScheduledShot]:
    return list(ScheduledShot.objects.filter(day=day).select_related("shot").order_by("position"))


@transaction.atomic
def schedule_add(*, day: ShootDay, shots: list, by: User) -> list[ScheduledShot]:
    """Put ``shots`` (shot ids or rows of the day's project) at the end of the day's order, in the
    order given. A shot scheduled on another day moves here (it leaves that day's order); one
    already on this day is refused, as is a shot of another project or an empty list."""
    _refuse(by, day.project)
    ids = _ids(shots, what="shots")
    if not ids:
        raise ValidationError({"shots": "Choose at least one shot to put on this day."})
    if len(ids) > MAX_ADD:
        raise ValidationError({"shots": f"Add at most {MAX_ADD} shots at once."})
    day = _lock(day)
    found = {
        str(s.pk): s
        for s in Shot.objects.filter(project_id=day.project_id, pk__in=ids).select_related("scheduled__day")
    }
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {"shots": f"{len(missing)} of the shots chosen {'is' if len(missing) == 1 else 'are'} not on this "
                      "project's shot list."}
        )  # fmt: skip
    here = [found[pk].number for pk in ids if _scheduled_day_id(found[pk]) == day.pk]
    if here:
        raise ValidationError(
            {"shots": f"Shot{'s' if len(here) > 1 else ''} {', '.join(here)} "
                      f"{'are' if len(here) > 1 else 'is'} already on this day."}
        )  # fmt: skip
    top = ScheduledShot.objects.filter(day=day).aggregate(top=Max("position"))["top"]
    next_position = 0 if top is None else top + 1
    rows, moved, left = [], [], {}
    for pk in ids:
        shot = found[pk]
        row = getattr(shot, "scheduled", None) if _scheduled_day_id(shot) else None
        if row is not None:
            left.setdefault(row.day_id, row.day)
            moved.append((shot, row.day))
            row.day, row.position, row.done_at, row.done_by = day, next_position, None, None
            row.save(update_fields=["day", "position", "done_at", "done_by", "updated_at"])
        else:
            row = ScheduledShot.objects.create(day=day, shot=shot, position=next_position)
        row.shot = shot
        rows.append(row)
        next_position += 1
        if shot.status == Shot.Status.PLANNED:
            shot.status = Shot.Status.SCHEDULED
            shot.save(update_fields=["status", "updated_at"])
    for other_id in left:
        _close_up(other_id)
    moved_ids = {shot.pk for shot, _ in moved}
    new = [r for r in rows if r.shot_id not in moved_ids]
    if new:
        numbers = ", ".join(r.shot.number for r in new)
        timeline.record(
            project=day.project, kind="schedule.shots_added",
            summary=(f"{by.display_name} scheduled {_count(len(new))} on {_short_day(day)} ({numbers})")[:500],
            actor=by, subject=day, data={"shots": [str(r.shot_id) for r in new]}, stage=Stage.SHOOT,
        )  # fmt: skip
    for shot, before in moved:
        timeline.record(
            project=day.project, kind="schedule.shot_moved",
            summary=f"{by.display_name} moved shot {shot.number} to {_short_day(day)} (from {_short_day(before)})",
            actor=by, subject=day, data={"shot": str(shot.pk), "from": str(before.pk)}, stage=Stage.SHOOT,
        )  # fmt: skip
    return rows


def _scheduled_day_id(shot: Shot):
    try:
        return shot.scheduled.day_id
    except ScheduledShot.DoesNotExist:
        return None


def _count(n: int) -> str:
    return f"{n} shot" if n == 1 else f"{n} shots"


@transaction.atomic
def schedule_remove(*, day: ShootDay, shot: Shot, by: User) -> None:
    """Take ``shot`` off the day; a scheduled shot goes back to planned (one shot or circled keeps
    its status). The rest of the day closes up."""
    _refuse(by, day.project)
    day = _lock(day)
    row = ScheduledShot.objects.filter(day=day, shot_id=shot.pk).select_related("shot").first()
    if row is None:
        raise ValidationError({"shot": f"Shot {shot.number} is not on {_day_label(day)}."})
    row.delete()
    _close_up(day.pk)
    shot = row.shot
    if shot.status == Shot.Status.SCHEDULED:
        shot.status = Shot.Status.PLANNED
        shot.save(update_fields=["status", "updated_at"])
    timeline.record(
        project=day.project, kind="schedule.shot_removed",
        summary=f"{by.display_name} took shot {shot.number} off {_short_day(day)}",
        actor=by, subject=day, data={"shot": str(shot.pk)}, stage=Stage.SHOOT,
    )  # fmt: skip


@transaction.atomic
def schedule_reorder(*, day: ShootDay, order, by: User) -> list[ScheduledShot]:
    """Put the day's shots in ``order``: every shot id on the day, each exactly once. Anything else
    (a shot missing, twice, not on this day, not an id) is refused and changes nothing."""
    _refuse(by, day.project)
    day = _lock(day)
    rows = {str(r.shot_id): r for r in day_order(day)}
    wanted = _ids(order, what="order")
    unknown = [pk for pk in wanted if pk not in rows]
    if unknown:
        raise ValidationError({"order": f"The order names {len(unknown)} shot(s) that are not on this day."})
    if len(wanted) != len(rows):
        raise ValidationError(
            {"order": f"The order must name every shot of the day ({len(rows)}); it names {len(wanted)}."}
        )
    if wanted == list(rows):
        return list(rows.values())
    ordered = [rows[pk] for pk in wanted]
    _renumber(day.pk, [r.pk for r in ordered])
    for index, row in enumerate(ordered):
        row.position = index
    timeline.record(
        project=day.project, kind="schedule.reordered",
        summary=f"{by.display_name} changed the shooting order of {_short_day(day)}",
        actor=by, subject=day, data={"shots": len(ordered)}, stage=Stage.SHOOT,
    )  # fmt: skip
    return ordered


@transaction.atomic
def schedule_move(*, day: ShootDay, shot: Shot, direction: str, by: User) -> list[ScheduledShot]:
    """One place earlier ("up") or later ("down") in the day's order (the page's buttons)."""
    _refuse(by, day.project)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move a shot up or down."})
    ids = [str(r.shot_id) for r in day_order(day)]
    if str(shot.pk) not in ids:
        raise ValidationError({"shot": f"Shot {shot.number} is not on {_day_label(day)}."})
    index = ids.index(str(shot.pk))
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ids):
        return day_order(day)
    ids[index], ids[other] = ids[other], ids[index]
    return schedule_reorder(day=day, order=ids, by=by)
