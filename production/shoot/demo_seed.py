"""The shoot's part of ``seed_demo``: on the first demo project, a location with a permit, five
crew and cast, a little equipment and budget, and one shoot day two weeks ahead with everyone
called, the demo shot list's shots scheduled on it in shooting order, and its call sheet ready to
send (not sent: a demo emails nobody); then a past day on set with the shot list's first shots,
their takes and a signed daily report."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from production.storyboard.models import Shot
from projects.demo import DemoContext

from . import schedule, services, set_services
from .models import CallSheet, ScheduledShot

DEMO_PROJECT = "Trail Runner launch film"

PEOPLE = [
    {"name": "Lena Vogt", "role": "Director", "department": "direction", "email": "lena@example.com",
     "phone": "+49 30 5550 1001", "day_rate": "900.00", "call": "06:30"},
    {"name": "Jonas Brandt", "role": "Director of photography", "department": "camera",
     "email": "jonas@example.com", "phone": "+49 30 5550 1002", "day_rate": "750.00", "call": "06:00"},
    {"name": "Aylin Kaya", "role": "Sound recordist", "department": "sound", "email": "aylin@example.com",
     "phone": "+49 30 5550 1003", "day_rate": "450.00", "call": ""},
    {"name": "Tom Richter", "role": "Gaffer", "department": "lighting", "email": "tom@example.com",
     "phone": "+49 30 5550 1004", "day_rate": "480.00", "call": "06:00"},
    {"name": "Maya Okafor", "role": "Maya (the runner)", "department": "cast", "email": "maya@example.com",
     "phone": "+49 30 5550 1005", "day_rate": "1200.00", "dietary": "Vegan", "call": "08:00"},
]  # fmt: skip


def seed(context: DemoContext) -> None:
    project = context.projects.get(DEMO_PROJECT)
    if project is None:
        return
    by = context.producer
    services.settings_update(
        project=project, by=by, budget_ceiling="18000.00", currency="EUR", time_zone="Europe/Berlin"
    )
    ridge = services.location_create(
        project=project, by=by, name="Teufelsberg ridge trail", address="Teufelsseechaussee 10, 14193 Berlin",
        contact_name="Forest office Grunewald", contact_phone="+49 30 5550 2000",
        permit_reference="FG-2026-114", permit_expires=timezone.localdate() + dt.timedelta(days=30),
        notes="Vehicles to the upper car park only; no drones before 08:00.",
    )  # fmt: skip
    people = []
    calls = []
    for spec in PEOPLE:
        spec = dict(spec)
        call = spec.pop("call")
        person = services.person_create(project=project, by=by, **spec)
        people.append(person)
        calls.append({"person": person.pk, "call_time": call})
    for item, quantity, owner, cost in (
        ("ARRI Alexa Mini LF kit", 1, "Ludwig Kamera Verleih", "650.00"),
        ("Lens set, Signature Primes", 1, "Ludwig Kamera Verleih", "420.00"),
        ("Wireless lav kit", 2, "Ours", ""),
    ):
        services.equipment_create(project=project, by=by, item=item, quantity=quantity, owner=owner, cost=cost)
    for category, description, estimate, actual in (
        ("crew", "Crew day rates, one day", "2580.00", ""),
        ("cast", "Lead runner, one day and buyout", "4200.00", "4200.00"),
        ("equipment", "Camera and lenses", "1070.00", "1150.00"),
        ("locations", "Forest permit", "300.00", "300.00"),
        ("catering", "Breakfast and lunch for eight", "380.00", ""),
    ):
        services.budget_line_create(
            project=project, by=by, category=category, description=description, estimate=estimate, actual=actual
        )
    day = services.day_create(
        project=project, by=by, date=timezone.localdate() + dt.timedelta(days=14), call_time="06:30",
        wrap_time="17:30", time_zone="Europe/Berlin", locations=[ridge.pk], calls=calls,
        weather="Sunrise 06:41, 9 °C rising to 17 °C, dry; wind 10 km/h from the west",
        hospital="DRK Kliniken Berlin Westend, Spandauer Damm 130, 14050 Berlin, +49 30 3035 0",
        notes="Golden hour on the ridge first: be on the trail head by 06:45. Layers: it is cold before sunrise.",
    )  # fmt: skip
    shots = list(Shot.objects.filter(project=project).order_by("position").values_list("pk", flat=True))
    if shots:  # the shot list's demo step ran first: its shots, in list order, are the day's schedule
        schedule.schedule_add(day=day, shots=shots, by=by)
    CallSheet.objects.get_or_create(day=day)


def seed_on_set(context: DemoContext) -> None:
    """A day a week ago on the demo project with the shot list's first four shots moved into its
    order: three done with their takes (one circled each), the fourth not shot (the rain came), and
    the daily report signed off — not emailed: a demo emails nobody. The fourth then goes back to
    the main day; the signed report still says what the day planned."""
    project = context.projects.get(DEMO_PROJECT)
    shots = list(Shot.objects.filter(project=project).order_by("position")[:4]) if project else []
    if not shots:
        return
    by = context.producer
    main_day = ScheduledShot.objects.filter(shot=shots[-1]).select_related("day").first()
    date = timezone.localdate() - dt.timedelta(days=7)
    day = services.day_create(
        project=project, by=by, date=date, call_time="06:00", wrap_time="16:00", time_zone="Europe/Berlin",
        weather="Overcast, 11 °C, light rain after 14:00", notes="Recce day with Maya: the ridge and the forest path.",
    )  # fmt: skip
    schedule.schedule_add(day=day, shots=[s.pk for s in shots], by=by)  # they move here from the main day
    takes = [  # (mark, camera timecode, notes) per shot; the last shot has none
        [("ng", "06:41:12:03", "Sun behind cloud"), ("good", "06:44:55:17", ""), ("circled", "06:49:20:08", "")],
        [("good", "08:12:04:11", ""), ("circled", "08:20:31:00", "Best pace")],
        [("ng", "09:05:10:21", "Focus buzz"), ("ng", "09:07:44:02", ""), ("circled", "09:12:00:14", "")],
    ]
    scheduled_rows = ScheduledShot.objects.filter(day=day).select_related("shot").order_by("position")
    for index, (scheduled, shot_takes) in enumerate(zip(scheduled_rows, takes, strict=False)):
        for mark, tc, notes in shot_takes:
            set_services.take_log(day=day, shot=scheduled.shot, by=by, mark=mark, camera_tc=tc, notes=notes)
        set_services.shot_done(scheduled=scheduled, by=by)
        done_at = day.at(dt.time(7 + 2 * index, 5))
        ScheduledShot.objects.filter(pk=scheduled.pk).update(done_at=done_at)
    set_services.report_update(
        day=day, by=by, actual_call="06:10", actual_wrap="16:40",
        notes="Rain from 14:00 stopped the summit shot: it moves to the main shoot day. Ten minutes late at call "
        "(the van).",
    )  # fmt: skip
    set_services.report_sign(day=day, by=by, email=False)
    if main_day is not None:  # the shot the rain stopped goes back to the main day; the signed report stays
        schedule.schedule_add(day=main_day.day, shots=[shots[-1].pk], by=by)
