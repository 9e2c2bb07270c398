"""The shoot's calendar feeds (iCalendar, RFC 5545, written with the ``icalendar`` library): the
project's — every shoot day from its call to its wrap estimate — and a person's — the days they
are called, from their own call time. Each event's times carry the day's time zone as a TZID and
the calendar holds the matching VTIMEZONE (from zoneinfo), so a calendar shows the right local
time on either side of a daylight-saving change. Nothing private is in them: names, roles and
call times, places, the day's notes and its shots in shooting order."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.utils import timezone

from projects.models import Project

from .models import DayCall, Person, ShootDay
from .selectors import plan_of

PRODID = "-//Reelflow//Shoot calendar//EN"


def _calendar(name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _where(day: ShootDay) -> str:
    return "; ".join(
        f"{loc.name}, {' '.join(loc.address.split())}" if loc.address else loc.name for loc in day.locations.all()
    )


def _numbers(project: Project) -> dict:
    ids = (
        ShootDay.objects.filter(project=project)
        .order_by("date", "call_time", "created_at")
        .values_list("pk", flat=True)
    )
    return {pk: n for n, pk in enumerate(ids, start=1)}


def _event(*, uid: str, summary: str, start: dt.datetime, end: dt.datetime, day: ShootDay, description: str):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("last-modified", day.updated_at.astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    where = _where(day)
    if where:
        event.add("location", where)
    event.add("description", description)
    return event


def _day_description(day: ShootDay) -> str:
    lines = [f"Call {day.call_time:%H:%M}, wrap about {day.wrap_time:%H:%M} ({day.time_zone})."]
    if day.weather:
        lines.append(f"Weather: {day.weather}")
    if day.hospital:
        lines.append(f"Nearest hospital: {' '.join(day.hospital.split())}")
    if day.notes:
        lines.append(day.notes)
    lines += _shot_lines(day)
    return "\n".join(lines)


def _shot_lines(day: ShootDay) -> list[str]:
    """The day's shots in shooting order with their estimated start (``scheduled__shot`` prefetched)."""
    plan = plan_of(day, rows=sorted(day.scheduled.all(), key=lambda r: r.position))
    if not plan.entries:
        return []
    lines = [f"Shots ({len(plan.entries)}, {plan.total_label} of {plan.length_label}"
             + (f", {plan.overrun_label}" if plan.over else "") + "):"]  # fmt: skip
    for entry in plan.entries:
        what = " ".join(entry.shot.description.split())[:80]
        lines.append(f"{entry.starts_at:%H:%M} shot {entry.shot.number}" + (f": {what}" if what else ""))
    return lines


def _host() -> str:
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "reelflow"


def project_feed(project: Project) -> bytes:
    cal = _calendar(f"{project.title} · shoot")
    numbers = _numbers(project)
    days = (
        ShootDay.objects.filter(project=project)
        .prefetch_related("locations", "scheduled__shot")
        .order_by("date", "call_time")
    )
    for day in days:
        cal.add_component(
            _event(
                uid=f"shootday-{day.pk}@{_host()}",
                summary=f"{project.title}: shoot day {numbers[day.pk]}",
                start=day.starts_at,
                end=day.ends_at,
                day=day,
                description=_day_description(day),
            )
        )
    cal.add_missing_timezones()
    return cal.to_ical()


def person_feed(person: Person) -> bytes:
    project = person.project
    cal = _calendar(f"{person.name} · {project.title}")
    numbers = _numbers(project)
    calls = (
        DayCall.objects.filter(person=person)
        .select_related("day")
        .prefetch_related("day__locations", "day__scheduled__shot")
        .order_by("day__date", "day__call_time")
    )
    for call in calls:
        day = call.day
        role = f" ({person.role})" if person.role else ""
        description = f"Your call: {call.effective_call_time:%H:%M}{role}." + (f" {call.note}" if call.note else "")
        cal.add_component(
            _event(
                uid=f"call-{call.pk}@{_host()}",
                summary=f"Call: {project.title}, shoot day {numbers[day.pk]}",
                start=call.starts_at,
                end=max(day.ends_at, call.starts_at + dt.timedelta(minutes=30)),
                day=day,
                description=description + "\n" + _day_description(day),
            )
        )
    cal.add_missing_timezones()
    return cal.to_ical()
