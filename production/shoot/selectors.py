"""Reads of the shoot stage, scoped by the acting user. The shoot is the team's: rows of a
project are visible to the studio's producers, editors and marketers (``projects_visible_to``
narrowed to the organizations where the user is staff), never to a client; another studio's or
a client's id is a 404. What is private — a person's email, phone, day rate and notes, and the
money (budget lines, equipment costs, the ceiling) — is the producers' alone: the one rule is
``private_fields_visible`` and ``PRIVATE_PERSON_FIELDS``, used by pages, API and emails."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from production.ideation.models import BriefVersion
from production.storyboard.models import Shot
from projects.models import Project, Role
from projects.permissions import memberships_by_org
from projects.selectors import projects_visible_to, staff_organization_ids

from .models import (
    BudgetCategory,
    BudgetLine,
    CallSheet,
    CallSheetRecipient,
    DayCall,
    Equipment,
    EquipmentCheck,
    Location,
    LocationPhoto,
    Person,
    ScheduledShot,
    ShootDay,
    ShootSettings,
)
from .permissions import sees_private

PRIVATE_PERSON_FIELDS = ("email", "phone", "day_rate", "dietary", "access_notes")
PUBLIC_PERSON_FIELDS = ("id", "project", "name", "role", "department")


def _producer_org_ids(user) -> list:
    return [org_id for org_id, m in memberships_by_org(user).items() if m.role == Role.PRODUCER]


def shoot_projects_visible_to(user) -> QuerySet[Project]:
    """Projects whose shoot the user may read: their studio's (never a client's)."""
    return projects_visible_to(user).filter(organization_id__in=staff_organization_ids(user))


def shoot_project_for(*, user, project_id) -> Project:
    return get_object_or_404(shoot_projects_visible_to(user), pk=project_id)


def private_fields_visible(user, project: Project) -> bool:
    return sees_private(user, project)


def locations_visible_to(user) -> QuerySet[Location]:
    return Location.objects.filter(project__in=shoot_projects_visible_to(user))


def location_photos_visible_to(user) -> QuerySet[LocationPhoto]:
    return LocationPhoto.objects.filter(location__project__in=shoot_projects_visible_to(user))


def people_visible_to(user) -> QuerySet[Person]:
    return Person.objects.filter(project__in=shoot_projects_visible_to(user))


def equipment_visible_to(user) -> QuerySet[Equipment]:
    return Equipment.objects.filter(project__in=shoot_projects_visible_to(user))


def budget_lines_visible_to(user) -> QuerySet[BudgetLine]:
    """The money is the producers': other roles see no line."""
    return BudgetLine.objects.filter(
        project__in=shoot_projects_visible_to(user), project__organization_id__in=_producer_org_ids(user)
    )


def shoot_days_visible_to(user) -> QuerySet[ShootDay]:
    return ShootDay.objects.filter(project__in=shoot_projects_visible_to(user))


def call_sheets_visible_to(user) -> QuerySet[CallSheet]:
    return CallSheet.objects.filter(day__project__in=shoot_projects_visible_to(user))


def _one(qs, pk):
    return get_object_or_404(qs.select_related("project__organization", "project__client"), pk=pk)


def location_for(*, user, location_id) -> Location:
    return _one(locations_visible_to(user).prefetch_related("photos"), location_id)


def person_for(*, user, person_id) -> Person:
    return _one(people_visible_to(user), person_id)


def equipment_for(*, user, equipment_id) -> Equipment:
    return _one(equipment_visible_to(user), equipment_id)


def budget_line_for(*, user, line_id) -> BudgetLine:
    return _one(budget_lines_visible_to(user), line_id)


def photo_for(*, user, photo_id) -> LocationPhoto:
    return get_object_or_404(location_photos_visible_to(user).select_related("location__project"), pk=photo_id)


def settings_of(project: Project) -> ShootSettings | None:
    return ShootSettings.objects.filter(project=project).first()


@dataclass(frozen=True)
class Ceiling:
    amount: Decimal | None
    currency: str
    source: str  # "brief" (its newest version says), "shoot" (the shoot's own setting) or ""
    brief_version: int | None = None


def ceiling_of(project: Project) -> Ceiling:
    """The most the shoot may cost, and where that comes from: the creative brief's budget (its
    newest version's) when it gives one, else the shoot's own setting, else nothing."""
    brief = (
        BriefVersion.objects.filter(brief__project=project)
        .order_by("-number")
        .values("budget", "currency", "number")
        .first()
    )
    if brief and brief["budget"] is not None:
        return Ceiling(brief["budget"], brief["currency"] or "EUR", "brief", brief["number"])
    row = ShootSettings.objects.filter(project=project).values("budget_ceiling", "currency").first()
    if row and row["budget_ceiling"] is not None:
        return Ceiling(row["budget_ceiling"], row["currency"], "shoot")
    return Ceiling(None, row["currency"] if row else "EUR", "")


def budget_ceiling(project: Project) -> Decimal | None:
    """The most the shoot may cost, or None when nobody said: the one place it is read."""
    return ceiling_of(project).amount


def project_time_zone(project: Project) -> str:
    return ShootSettings.objects.filter(project=project).values_list("time_zone", flat=True).first() or "UTC"


# --- Lists for the pages ---------------------------------------------------------------------------


def locations_of(*, user, project: Project) -> list[Location]:
    today = timezone.localdate()
    locations = list(locations_visible_to(user).filter(project=project).prefetch_related("photos").order_by("name"))
    for location in locations:
        location.permit_flag = location.permit_state(today)
    return locations


def people_of(*, user, project: Project) -> list[Person]:
    qs = people_visible_to(user).filter(project=project).order_by("department", "name")
    if not private_fields_visible(user, project):
        qs = qs.only(*PUBLIC_PERSON_FIELDS)
    return list(qs)


def equipment_of(*, user, project: Project) -> list[Equipment]:
    return list(equipment_visible_to(user).filter(project=project).order_by("item"))


@dataclass
class CategoryTotal:
    category: str
    label: str
    estimate: Decimal = Decimal("0")
    actual: Decimal = Decimal("0")


@dataclass
class Budget:
    lines: list[BudgetLine]
    estimate: Decimal
    actual: Decimal
    ceiling: Decimal | None
    currency: str
    by_category: list[CategoryTotal] = field(default_factory=list)
    ceiling_source: str = ""  # "brief" or "shoot"
    brief_version: int | None = None

    @property
    def over_estimate_ceiling(self) -> bool:
        return self.ceiling is not None and self.estimate > self.ceiling

    @property
    def over_actual_ceiling(self) -> bool:
        return self.ceiling is not None and self.actual > self.ceiling

    @property
    def over_budget(self) -> bool:
        return self.over_estimate_ceiling or self.over_actual_ceiling

    @property
    def remaining(self) -> Decimal | None:
        if self.ceiling is None:
            return None
        return self.ceiling - max(self.estimate, self.actual)

    @property
    def lines_over(self) -> list[BudgetLine]:
        return [line for line in self.lines if line.over]


def budget_of(*, user, project: Project) -> Budget | None:
    """The budget's lines, totals (estimate and actual, in all and per category) and ceiling;
    None for a reader who may not see the money."""
    if not private_fields_visible(user, project):
        return None
    lines = list(budget_lines_visible_to(user).filter(project=project).order_by("category", "description"))
    ceiling = ceiling_of(project)
    labels = dict(BudgetCategory.choices)
    totals: dict[str, CategoryTotal] = {}
    for line in lines:
        total = totals.setdefault(line.category, CategoryTotal(line.category, labels.get(line.category, line.category)))
        total.estimate += line.estimate
        total.actual += line.actual or 0
    order = list(labels)
    return Budget(
        lines=lines,
        estimate=sum((line.estimate for line in lines), Decimal("0")),
        actual=sum((line.actual or Decimal("0") for line in lines), Decimal("0")),
        ceiling=ceiling.amount,
        currency=ceiling.currency,
        ceiling_source=ceiling.source,
        brief_version=ceiling.brief_version,
        by_category=sorted(totals.values(), key=lambda t: order.index(t.category) if t.category in order else 99),
    )


def _numbered(days: list[ShootDay], project: Project) -> list[ShootDay]:
    """Each day's number in the shoot ("Day 2 of 5"), by date and call time."""
    ids = list(
        ShootDay.objects.filter(project=project)
        .order_by("date", "call_time", "created_at")
        .values_list("pk", flat=True)
    )
    for day in days:
        day.number = ids.index(day.pk) + 1 if day.pk in ids else 0
        day.total = len(ids)
    return days


def days_of(*, user, project: Project) -> list[ShootDay]:
    days = list(
        shoot_days_visible_to(user)
        .filter(project=project)
        .select_related("call_sheet")
        .prefetch_related("locations", Prefetch("calls", queryset=DayCall.objects.select_related("person")))
        .order_by("date", "call_time", "created_at")
    )
    return _numbered(days, project)


def day_for(*, user, day_id) -> ShootDay:
    day = get_object_or_404(
        shoot_days_visible_to(user)
        .select_related("project__organization", "project__client", "call_sheet")
        .prefetch_related(
            Prefetch("locations", queryset=Location.objects.order_by("name")),
            Prefetch("calls", queryset=DayCall.objects.select_related("person").order_by("call_time", "person__name")),
        ),
        pk=day_id,
    )
    return _numbered([day], day.project)[0]


def calls_of(day: ShootDay) -> list[DayCall]:
    """The day's calls in call-time order (a call without its own time is at the day's)."""
    calls = list(day.calls.all())
    for call in calls:
        call.day = day
    return sorted(calls, key=lambda c: (c.effective_call_time, c.person.department != "direction", c.person.name))


def equipment_checklist(*, user, day: ShootDay) -> list[tuple[Equipment, EquipmentCheck | None]]:
    checks = {c.equipment_id: c for c in EquipmentCheck.objects.filter(day=day)}
    return [(item, checks.get(item.pk)) for item in equipment_of(user=user, project=day.project)]


@dataclass
class RecipientRow:
    person: Person
    copy: CallSheetRecipient | None  # their copy of the current revision
    status: str
    status_label: str


def sheet_status(sheet: CallSheet | None, calls: list[DayCall]) -> list[RecipientRow]:
    """Who was sent the current revision and how far they got; a person called since it was
    sent shows as not sent."""
    copies = {}
    if sheet is not None and sheet.revision:
        copies = {r.person_id: r for r in CallSheetRecipient.objects.filter(sheet=sheet, revision=sheet.revision)}
    rows = []
    for call in calls:
        copy = copies.get(call.person_id)
        if copy is not None:
            rows.append(RecipientRow(call.person, copy, copy.status, copy.status_label))
        elif not call.person.email:
            rows.append(RecipientRow(call.person, None, "no_email", "No email address"))
        else:
            rows.append(RecipientRow(call.person, None, "not_sent", "Not sent"))
    return rows


def upcoming_days(*, project: Project, today: dt.date | None = None) -> list[ShootDay]:
    today = today or timezone.localdate()
    return list(ShootDay.objects.filter(project=project, date__gte=today).order_by("date", "call_time")[:3])


def day_for_system(day_id) -> ShootDay:
    """A day as ``day_for`` loads it, for work that acts for nobody (the call sheet email)."""
    day = (
        ShootDay.objects.select_related("project__organization", "project__client", "project__owner")
        .prefetch_related(
            Prefetch("locations", queryset=Location.objects.order_by("name")),
            Prefetch("calls", queryset=DayCall.objects.select_related("person").order_by("call_time", "person__name")),
        )
        .get(pk=day_id)
    )
    return _numbered([day], day.project)[0]


# --- A day's schedule: the shots in shooting order, with the running clock --------------------------


def duration_label(minutes: int) -> str:
    """``80`` → ``1 h 20 min``; ``45`` → ``45 min``; ``120`` → ``2 h``."""
    hours, minutes = divmod(max(int(minutes), 0), 60)
    if hours and minutes:
        return f"{hours} h {minutes:02d} min"
    return f"{hours} h" if hours else f"{minutes} min"


@dataclass
class PlanEntry:
    row: ScheduledShot
    shot: Shot
    number: int  # 1, 2, 3… in shooting order
    minutes: int
    starts_at: dt.datetime  # local, in the day's zone
    ends_at: dt.datetime
    over: bool  # ends after the wrap
    next_day: bool  # ends on a later date than the day's
    first_over: bool = False  # the first shot past the wrap: the page draws the wrap above it

    @property
    def start_label(self) -> str:
        """The local wall-clock time (templates' time filters would show it in the reader's zone)."""
        return f"{self.starts_at:%H:%M}"

    @property
    def end_label(self) -> str:
        return f"{self.ends_at:%H:%M}"

    @property
    def minutes_label(self) -> str:
        return duration_label(self.minutes)

    @property
    def estimated(self) -> bool:
        return self.shot.setup_minutes is not None or self.shot.shoot_minutes is not None


@dataclass
class DayPlan:
    day: ShootDay
    entries: list[PlanEntry]
    minutes: int  # every shot's setup and shooting time
    length_minutes: int  # call to wrap, in real time

    @property
    def overrun_minutes(self) -> int:
        return max(self.minutes - self.length_minutes, 0)

    @property
    def over(self) -> bool:
        return self.overrun_minutes > 0

    @property
    def total_label(self) -> str:
        return duration_label(self.minutes)

    @property
    def length_label(self) -> str:
        return duration_label(self.length_minutes)

    @property
    def overrun_label(self) -> str:
        return f"+{duration_label(self.overrun_minutes)} over" if self.over else ""

    @property
    def spare_label(self) -> str:
        return duration_label(self.length_minutes - self.minutes) if not self.over else ""

    @property
    def ends_at(self) -> dt.datetime:
        return self.entries[-1].ends_at if self.entries else self.day.starts_at

    @property
    def ends_label(self) -> str:
        return f"{self.ends_at:%H:%M}"

    @property
    def unestimated(self) -> int:
        return sum(1 for e in self.entries if not e.estimated)

    @property
    def over_count(self) -> int:
        return sum(1 for e in self.entries if e.over)

    @property
    def fill_percent(self) -> int:
        """How much of the day the shots fill, for the bar (at most 100)."""
        if self.length_minutes <= 0:
            return 100
        return min(round(self.minutes * 100 / self.length_minutes), 100)


def plan_of(day: ShootDay, rows: list[ScheduledShot] | None = None) -> DayPlan:
    """The day's shots in shooting order with each one's estimated start and end: the clock runs
    from the call, in real time (a daylight-saving change that night counts, as in the day's
    ``length``), and a shot that ends after the wrap is over."""
    if rows is None:
        rows = list(ScheduledShot.objects.filter(day=day).select_related("shot__scene").order_by("position"))
    zone = day.zone
    clock = day.starts_at.astimezone(dt.UTC)
    wrap = day.ends_at.astimezone(dt.UTC)
    entries: list[PlanEntry] = []
    for number, row in enumerate(rows, start=1):
        minutes = row.minutes
        end = clock + dt.timedelta(minutes=minutes)
        local_end = end.astimezone(zone)
        entries.append(
            PlanEntry(row=row, shot=row.shot, number=number, minutes=minutes, starts_at=clock.astimezone(zone),
                      ends_at=local_end, over=end > wrap, next_day=local_end.date() > day.date,
                      first_over=end > wrap and not (entries and entries[-1].over))
        )  # fmt: skip
        clock = end
    return DayPlan(
        day=day,
        entries=entries,
        minutes=sum(e.minutes for e in entries),
        length_minutes=int(day.length.total_seconds() // 60),
    )


def schedule_picker(day: ShootDay) -> list[Shot]:
    """The project's shots not on this day, in shot list order; each says the day it is on now
    (``other_day``, numbered as on the shoot page), if any."""
    shots = list(
        Shot.objects.filter(project_id=day.project_id)
        .exclude(scheduled__day=day)
        .select_related("scene", "scheduled__day")
        .order_by("position")
    )
    numbers = {}
    if any(_day_of(s) for s in shots):
        ids = ShootDay.objects.filter(project_id=day.project_id).order_by("date", "call_time", "created_at")
        numbers = {pk: n for n, pk in enumerate(ids.values_list("pk", flat=True), start=1)}
    for shot in shots:
        other = _day_of(shot)
        shot.other_day = other
        shot.est_minutes = (
            None if shot.setup_minutes is None and shot.shoot_minutes is None
            else (shot.setup_minutes or 0) + (shot.shoot_minutes or 0)
        )  # fmt: skip
        if other is not None:
            other.number = numbers.get(other.pk, 0)
    return shots


def _day_of(shot: Shot) -> ShootDay | None:
    try:
        return shot.scheduled.day
    except ScheduledShot.DoesNotExist:
        return None


def attach_schedule_totals(days: list[ShootDay]) -> list[ShootDay]:
    """Each day's ``shot_count`` and ``plan_minutes`` (setup and shooting of its shots), with
    ``plan_over`` when they run past the day's length; one query for all the days."""
    totals = {
        row["day_id"]: row
        for row in ScheduledShot.objects.filter(day__in=[d.pk for d in days])
        .values("day_id")
        .annotate(
            count=Count("pk"),
            minutes=Sum(Coalesce("shot__setup_minutes", 0) + Coalesce("shot__shoot_minutes", 0)),
        )
    }
    for day in days:
        row = totals.get(day.pk, {})
        day.shot_count = row.get("count", 0)
        day.plan_minutes = row.get("minutes") or 0
        day.plan_label = duration_label(day.plan_minutes)
        day.plan_over = day.plan_minutes > day.length.total_seconds() // 60
        day.plan_overrun_label = (
            f"+{duration_label(day.plan_minutes - int(day.length.total_seconds() // 60))} over" if day.plan_over else ""
        )
    return days
