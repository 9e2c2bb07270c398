"""The shoot stage's data: a project's logistics (locations with their permits and photos, the
people called — crew and cast —, equipment, the budget and its ceiling), its shoot days (who is
called when, where), the call sheet of each day with who it was sent to, who opened it and who
confirmed, and the secret addresses of the calendar feeds.

Times of a shoot day are local wall-clock times on the day's date in the day's time zone (a call
is "07:00 in Berlin", whatever the rules of daylight saving say later); ``calendar.py`` turns
them into instants."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from projects.models import TIME_ZONE_CHOICES, BaseModel, Project

PERMIT_WARNING_DAYS = 14  # a permit that expires this soon is flagged
LONG_DAY_HOURS = 12  # a day longer than this is flagged


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class ShootSettings(BaseModel):
    """The project's shoot-wide settings: the budget's ceiling (until the brief holds the budget),
    its currency, the time zone new shoot days start in, and the project calendar's secret address."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="shoot_settings")
    budget_ceiling = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="UTC")
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)

    class Meta:
        verbose_name_plural = "shoot settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_ceiling__isnull=True) | Q(budget_ceiling__gte=0),
                name="shootsettings_ceiling_positive",
            )
        ]

    def __str__(self) -> str:
        return f"Shoot settings of {self.project}"


class Location(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="shoot_locations")
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    contact_email = models.EmailField(blank=True)
    permit_reference = models.CharField(max_length=200, blank=True)
    permit_expires = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["project", "name"]

    def __str__(self) -> str:
        return self.name

    def permit_state(self, today: dt.date) -> str:
        """ "" (no expiry known), "ok", "soon" (within PERMIT_WARNING_DAYS) or "expired"."""
        if self.permit_expires is None:
            return ""
        if self.permit_expires < today:
            return "expired"
        if self.permit_expires <= today + dt.timedelta(days=PERMIT_WARNING_DAYS):
            return "soon"
        return "ok"

    @property
    def map_url(self) -> str:
        from urllib.parse import quote

        where = " ".join(self.address.split()) or self.name
        return f"https://www.openstreetmap.org/search?query={quote(where)}"


def location_photo_upload_to(photo: LocationPhoto, filename: str) -> str:
    return f"shoot/{photo.location.project_id}/locations/{photo.location_id}/{filename}"


class LocationPhoto(BaseModel):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=location_photo_upload_to, max_length=300)
    thumbnail = models.FileField(upload_to=location_photo_upload_to, max_length=300)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    caption = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["location", "created_at"]

    def __str__(self) -> str:
        return self.caption or f"Photo of {self.location}"


class Department(models.TextChoices):
    DIRECTION = "direction", "Direction"
    PRODUCTION = "production", "Production"
    CAMERA = "camera", "Camera"
    LIGHTING = "lighting", "Lighting and grip"
    SOUND = "sound", "Sound"
    ART = "art", "Art"
    WARDROBE = "wardrobe", "Wardrobe"
    MAKEUP = "makeup", "Hair and make-up"
    CAST = "cast", "Cast"
    OTHER = "other", "Other"


class Person(BaseModel):
    """Someone who may be called: crew or cast. Their email, phone, day rate and notes are the
    producers' (``selectors.PRIVATE_PERSON_FIELDS``)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="shoot_people")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)  # "Director of photography", "Maya (lead)"
    department = models.CharField(max_length=20, choices=Department.choices, default=Department.OTHER)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    day_rate = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    dietary = models.CharField(max_length=500, blank=True)
    access_notes = models.CharField(max_length=500, blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)

    class Meta:
        ordering = ["project", "name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(condition=Q(day_rate__isnull=True) | Q(day_rate__gte=0), name="person_rate_positive")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name

    @property
    def is_cast(self) -> bool:
        return self.department == Department.CAST


class Equipment(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="shoot_equipment")
    item = models.CharField(max_length=200)
    quantity = models.PositiveIntegerField(default=1)
    owner = models.CharField(max_length=200, blank=True)  # "ours", or the rental house
    cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["project", "item"]
        verbose_name_plural = "equipment"
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="equipment_quantity_positive"),
            models.CheckConstraint(condition=Q(cost__isnull=True) | Q(cost__gte=0), name="equipment_cost_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.item}" if self.quantity != 1 else self.item


class BudgetCategory(models.TextChoices):
    CREW = "crew", "Crew"
    CAST = "cast", "Cast"
    EQUIPMENT = "equipment", "Equipment"
    LOCATIONS = "locations", "Locations and permits"
    TRAVEL = "travel", "Travel and transport"
    CATERING = "catering", "Catering"
    POST = "post", "Post-production"
    OTHER = "other", "Other"


class BudgetLine(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="shoot_budget_lines")
    category = models.CharField(max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(max_length=300)
    estimate = models.DecimalField(max_digits=12, decimal_places=2)
    actual = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["project", "category", "description"]
        constraints = [
            models.CheckConstraint(condition=Q(estimate__gte=0), name="budgetline_estimate_positive"),
            models.CheckConstraint(
                condition=Q(actual__isnull=True) | Q(actual__gte=0), name="budgetline_actual_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def over(self) -> bool:
        return self.actual is not None and self.actual > self.estimate

    @property
    def variance(self) -> Decimal | None:
        return None if self.actual is None else self.actual - self.estimate


class ShootDay(BaseModel):
    """One day of the shoot: when the unit is called and expects to wrap (local times on
    ``date`` in ``time_zone``; a wrap before the call is on the next day), where, who is called
    (``calls``), and what everyone should know. Shots of the shot list will be scheduled into a
    day in shooting order (a later ``ScheduledShot`` hangs off this row)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="shoot_days")
    date = models.DateField()
    call_time = models.TimeField()
    wrap_time = models.TimeField()  # the estimate
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="UTC")
    locations = models.ManyToManyField(Location, blank=True, related_name="days")
    weather = models.CharField(max_length=300, blank=True)
    hospital = models.TextField(blank=True)  # the nearest hospital: name, address, phone
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["project", "date", "call_time"]

    def __str__(self) -> str:
        return f"{self.project} · {self.date:%a %d %b %Y}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def at(self, time: dt.time) -> dt.datetime:
        """The instant of local ``time`` on this day (fold=0: the first of an ambiguous hour)."""
        return dt.datetime.combine(self.date, time, tzinfo=self.zone)

    @property
    def starts_at(self) -> dt.datetime:
        return self.at(self.call_time)

    @property
    def ends_at(self) -> dt.datetime:
        end_date = self.date + dt.timedelta(days=1) if self.wrap_time <= self.call_time else self.date
        return dt.datetime.combine(end_date, self.wrap_time, tzinfo=self.zone)

    @property
    def length(self) -> dt.timedelta:
        """Real time from call to wrap (a daylight-saving change that night counts)."""
        return self.ends_at.astimezone(dt.UTC) - self.starts_at.astimezone(dt.UTC)

    @property
    def length_label(self) -> str:
        minutes = int(self.length.total_seconds() // 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"

    @property
    def is_long(self) -> bool:
        return self.length > dt.timedelta(hours=LONG_DAY_HOURS)


class DayCall(BaseModel):
    """A person called on a shoot day, at their own call time (else the day's)."""

    day = models.ForeignKey(ShootDay, on_delete=models.CASCADE, related_name="calls")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="calls")
    call_time = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["day", "call_time", "person__name"]
        constraints = [models.UniqueConstraint(fields=["day", "person"], name="daycall_once_per_day")]

    def __str__(self) -> str:
        return f"{self.person.name} on {self.day}"

    @property
    def effective_call_time(self) -> dt.time:
        return self.call_time or self.day.call_time

    @property
    def starts_at(self) -> dt.datetime:
        return self.day.at(self.effective_call_time)


class EquipmentCheck(BaseModel):
    """Where an item of equipment is on a shoot day: packed, on set, returned (a row once ticked)."""

    day = models.ForeignKey(ShootDay, on_delete=models.CASCADE, related_name="equipment_checks")
    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="checks")
    packed = models.BooleanField(default=False)
    on_set = models.BooleanField(default=False)
    returned = models.BooleanField(default=False)

    class Meta:
        ordering = ["day", "equipment__item"]
        constraints = [models.UniqueConstraint(fields=["day", "equipment"], name="equipmentcheck_once_per_day")]

    def __str__(self) -> str:
        return f"{self.equipment} on {self.day}"


class CallSheet(BaseModel):
    """The call sheet of a shoot day. ``revision`` counts the sendings with different content: 0
    never sent, 1 sent, 2 and more revised. ``content_hash`` is what the last sending said."""

    day = models.OneToOneField(ShootDay, on_delete=models.CASCADE, related_name="call_sheet")
    revision = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"Call sheet of {self.day}" + (f" (revision {self.revision})" if self.revision > 1 else "")

    @property
    def is_revised(self) -> bool:
        return self.revision > 1


class CallSheetRecipient(BaseModel):
    """One person's copy of one revision of a call sheet: emailed (``sent_at``), opened (their
    confirm link's page visited), confirmed. The confirm link carries this row's id signed for that one purpose
    (``tokens.py``): it confirms this person for this revision of this sheet, once, until
    ``expires_at``; nothing secret is stored."""

    sheet = models.ForeignKey(CallSheet, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="call_sheet_copies")
    revision = models.PositiveIntegerField()
    email = models.EmailField()
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sheet", "-revision", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "person", "revision"], name="callsheetrecipient_once_per_revision")
        ]

    def __str__(self) -> str:
        return f"{self.person.name}: {self.sheet} (revision {self.revision}, {self.status})"

    @property
    def status(self) -> str:
        if self.confirmed_at:
            return "confirmed"
        if self.opened_at:
            return "opened"
        if self.sent_at:
            return "sent"
        return "queued"

    @property
    def status_label(self) -> str:
        return {"confirmed": "Confirmed", "opened": "Opened", "sent": "Sent", "queued": "Sending"}[self.status]


# --- The day's shots, on set, and the daily production report ----------------------------------


class ScheduledShot(BaseModel):
    """A shot of the shot list placed in a day's shooting order. A shot is scheduled on one day
    at a time (moving it is rescheduling); ``done_at`` is when it was marked done on set."""

    day = models.ForeignKey(ShootDay, on_delete=models.CASCADE, related_name="scheduled")
    shot = models.OneToOneField("storyboard.Shot", on_delete=models.CASCADE, related_name="scheduled")
    position = models.PositiveIntegerField()  # the shooting order within the day
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["day", "position"]
        constraints = [
            models.UniqueConstraint(fields=["day", "position"], name="scheduled_shot_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.shot} on {self.day}"

    @property
    def minutes(self) -> int:
        """The shot's estimated time on the day: its setup plus its shooting time."""
        return (self.shot.setup_minutes or 0) + (self.shot.shoot_minutes or 0)


class Take(BaseModel):
    """One take of a shot, logged on set: its number on the slate, whether it was good and whether
    it is the circled (picked) one, the camera's timecode at its start, and the script
    supervisor's notes. Numbers count up per shot across days (a pickup day goes on from 4)."""

    class Mark(models.TextChoices):
        NO_GOOD = "ng", "No good"
        GOOD = "good", "Good"
        CIRCLED = "circled", "Circled"

    shot = models.ForeignKey("storyboard.Shot", on_delete=models.CASCADE, related_name="takes")
    day = models.ForeignKey(ShootDay, on_delete=models.CASCADE, related_name="takes")
    number = models.PositiveSmallIntegerField()
    mark = models.CharField(max_length=8, choices=Mark.choices, default=Mark.GOOD)
    camera_tc = models.CharField(max_length=11, blank=True)  # SMPTE "HH:MM:SS:FF" (";" drop-frame)
    notes = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["shot", "number"]
        constraints = [
            models.UniqueConstraint(fields=["shot", "number"], name="take_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.shot}, take {self.number}"


class Daily(BaseModel):
    """A dailies file uploaded on the shoot (through the uploader, it renders with the ladder),
    linked to the shot it is of and the day it was shot on; ``take`` when the file is one take."""

    asset = models.OneToOneField("media.MediaAsset", on_delete=models.CASCADE, related_name="daily")
    day = models.ForeignKey(ShootDay, on_delete=models.CASCADE, related_name="dailies")
    shot = models.ForeignKey(
        "storyboard.Shot", null=True, blank=True, on_delete=models.SET_NULL, related_name="dailies"
    )
    take = models.ForeignKey(Take, null=True, blank=True, on_delete=models.SET_NULL, related_name="dailies")

    class Meta:
        ordering = ["day", "created_at"]

    def __str__(self) -> str:
        return f"Daily {self.asset_id} of {self.day}"


class DailyReport(BaseModel):
    """The daily production report of a day, written at wrap: the actual call and wrap (local
    times of the day), notes (delays, incidents, what moves to another day), and the producer's
    sign-off. Planned vs shot and the takes are read from the day's rows when it is shown, and
    frozen into ``summary`` at sign-off so the signed report says what was signed."""

    day = models.OneToOneField(ShootDay, on_delete=models.CASCADE, related_name="report")
    actual_call = models.TimeField(null=True, blank=True)
    actual_wrap = models.TimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    summary = models.JSONField(default=dict, blank=True)  # planned / shot / takes at sign-off
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # The last time a producer reopened the signed report, and why (the timeline keeps each one).
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_reason = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"Daily report of {self.day}"

    @property
    def signed(self) -> bool:
        return self.signed_at is not None
