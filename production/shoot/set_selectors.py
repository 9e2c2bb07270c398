"""Reads on set: a day's shots in shooting order with their takes and dailies (the tracker's cards),
the clock of the day (shots done, time to the estimated wrap, behind or ahead), and the daily
production report's figures — live, or as frozen at sign-off. Callers have the day from
``selectors.day_for`` (so already scoped to the team: a client or another studio gets a 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from production.media.selectors import attach_renders, renders_for_lists
from production.storyboard.models import Framing, Shot

from .models import Daily, DailyReport, ScheduledShot, ShootDay, Take

ON_TIME_MINUTES = 5  # within this many minutes of the estimate the day is "on schedule"


@dataclass
class Card:
    """One shot on the tracker: scheduled on this day (``scheduled``) or picked up from another."""

    shot: Shot
    scheduled: ScheduledShot | None
    takes: list[Take] = field(default_factory=list)
    dailies: list[Daily] = field(default_factory=list)
    current: bool = False
    from_day: ShootDay | None = None  # a picked-up shot's own day (None: on no day)

    @property
    def done(self) -> bool:
        return self.scheduled is not None and self.scheduled.done_at is not None

    @property
    def minutes(self) -> int:
        return (self.shot.setup_minutes or 0) + (self.shot.shoot_minutes or 0)

    @property
    def next_number(self) -> int:
        return max((t.number for t in self.takes), default=0) + 1

    @property
    def circled(self) -> list[Take]:
        return [t for t in self.takes if t.mark == Take.Mark.CIRCLED]

    @property
    def vertical(self) -> bool:
        return self.shot.framing in (Framing.VERTICAL, Framing.PROTECT)

    @property
    def processing(self) -> bool:
        return any(d.asset.status in ("uploading", "processing") for d in self.dailies)


def _dailies_qs():
    return Daily.objects.select_related("asset", "take").prefetch_related(
        Prefetch("asset__renders", queryset=renders_for_lists(), to_attr="render_list")
    )


def _with_renders(dailies: list[Daily]) -> list[Daily]:
    for daily in dailies:
        attach_renders(daily.asset)
    return dailies


def cards_of(day: ShootDay) -> tuple[list[Card], list[Card]]:
    """The day's shots in shooting order (the first not done is the current one), and the shots
    of other days picked up on this one (a take logged here), each with every take of the shot
    (numbers count across days) and its dailies. A fixed number of queries."""
    scheduled = list(ScheduledShot.objects.filter(day=day).select_related("shot", "done_by").order_by("position"))
    picked = list(
        Shot.objects.filter(takes__day=day)
        .exclude(scheduled__day=day)
        .select_related("scheduled__day")
        .distinct()
        .order_by("position")
    )
    shots = [s.shot for s in scheduled] + picked
    takes: dict = {}
    for take in Take.objects.filter(shot__in=shots).select_related("day").order_by("number"):
        takes.setdefault(take.shot_id, []).append(take)
    dailies: dict = {}
    for daily in _with_renders(list(_dailies_qs().filter(shot__in=shots).order_by("created_at"))):
        dailies.setdefault(daily.shot_id, []).append(daily)
    cards = [Card(s.shot, s, takes.get(s.shot_id, []), dailies.get(s.shot_id, [])) for s in scheduled]
    current = next((c for c in cards if not c.done), None)
    if current is not None:
        current.current = True
    pickups = []
    for shot in picked:
        other = getattr(shot, "scheduled", None)  # None when the shot is on no day
        pickups.append(Card(shot, None, takes.get(shot.pk, []), dailies.get(shot.pk, []),
                            from_day=other.day if other else None))  # fmt: skip
    return cards, pickups


def card_of(day: ShootDay, shot: Shot) -> Card:
    cards, pickups = cards_of(day)
    return next((c for c in cards + pickups if c.shot.pk == shot.pk), None)


def day_dailies(day: ShootDay) -> list[Daily]:
    """Dailies of the day that are of no shot."""
    return _with_renders(list(_dailies_qs().filter(day=day, shot__isnull=True).order_by("created_at")))


def pickable_shots(day: ShootDay, cards: list[Card]) -> list[Shot]:
    """Shots of the project not on this day's list, which a take can be logged for (a pickup)."""
    on_day = {c.shot.pk for c in cards}
    return [s for s in Shot.objects.filter(project=day.project).order_by("position") if s.pk not in on_day]


@dataclass
class Clock:
    now: dt.datetime  # in the day's zone
    done: int
    total: int
    minutes_done: int
    minutes_planned: int
    state: str  # "before" (before the call), "running", "after" (past the estimated wrap), "other" (not today)
    behind: int = 0  # minutes behind the estimate (negative: ahead)
    left: int = 0  # minutes to the estimated wrap
    to_call: int = 0

    @property
    def behind_label(self) -> str:
        return _hm(self.behind)

    @property
    def left_label(self) -> str:
        return _hm(self.left)

    @property
    def to_call_label(self) -> str:
        return _hm(self.to_call)

    @property
    def pace(self) -> str:
        if self.state != "running":
            return ""
        if self.behind > ON_TIME_MINUTES:
            return "behind"
        if self.behind < -ON_TIME_MINUTES:
            return "ahead"
        return "on"


def _hm(minutes: int) -> str:
    minutes = abs(int(minutes))
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def clock_of(
    day: ShootDay, cards: list[Card], report: DailyReport | None = None, now: dt.datetime | None = None
) -> Clock:
    """Where the day stands: shots done of the total; before the call, the time to it; during the
    day, the time left to the estimated wrap and whether the unit is behind — the time since the
    call (the actual call once the report has one) against the estimated minutes of the shots done."""
    now = (now or timezone.now()).astimezone(day.zone)
    done = [c for c in cards if c.done]
    clock = Clock(now=now, done=len(done), total=len(cards), minutes_done=sum(c.minutes for c in done),
                  minutes_planned=sum(c.minutes for c in cards), state="running")  # fmt: skip
    start = day.at(report.actual_call) if report and report.actual_call else day.starts_at
    end = day.ends_at
    if now.date() not in (day.date, end.date()):
        clock.state = "other"
    elif now < start:
        clock.state = "before"
        clock.to_call = int((start - now).total_seconds() // 60)
    elif now >= end:
        clock.state = "after"
        clock.left = -int((now - end).total_seconds() // 60)
    else:
        elapsed = int((now - start).total_seconds() // 60)
        clock.behind = elapsed - clock.minutes_done
        clock.left = int((end - now).total_seconds() // 60)
    return clock


# --- The daily production report -----------------------------------------------------------------


def _local(day: ShootDay, moment: dt.datetime | None) -> str:
    return moment.astimezone(day.zone).strftime("%H:%M") if moment else ""


def _row(day: ShootDay, card: Card) -> dict:
    today = [t for t in card.takes if t.day_id == day.pk]
    dailies = [d for d in card.dailies if d.day_id == day.pk]
    return {
        "shot": str(card.shot.pk),
        "number": card.shot.number,
        "description": card.shot.description,
        "framing": card.shot.get_framing_display(),
        "vertical": card.vertical,
        "minutes": card.minutes,
        "done": card.done,
        "done_at": _local(day, card.scheduled.done_at) if card.done else "",
        "takes": len(today),
        "good": sum(1 for t in today if t.mark == Take.Mark.GOOD),
        "circled": [t.number for t in today if t.mark == Take.Mark.CIRCLED],
        "dailies": len(dailies),
        "from_day": f"{card.from_day.date:%a %-d %b}" if card.from_day else "",
    }


def report_summary(day: ShootDay, report: DailyReport, *, signed_by=None) -> dict:
    """What the report says, as data (the same shape live and frozen at sign-off)."""
    cards, pickups = cards_of(day)
    planned = [_row(day, c) for c in cards]
    picked = [_row(day, c) for c in pickups]
    return {
        "planned": planned,
        "picked_up": picked,
        "totals": {
            "shots_planned": len(planned),
            "shots_done": sum(1 for r in planned if r["done"]),
            "picked_up": len(picked),
            "takes": Take.objects.filter(day=day).count(),
            "circled": Take.objects.filter(day=day, mark=Take.Mark.CIRCLED).count(),
            "dailies": Daily.objects.filter(day=day).count(),
            "minutes_planned": sum(r["minutes"] for r in planned),
            "minutes_done": sum(r["minutes"] for r in planned if r["done"]),
        },
        "actual_call": report.actual_call.strftime("%H:%M") if report.actual_call else "",
        "actual_wrap": report.actual_wrap.strftime("%H:%M") if report.actual_wrap else "",
        "notes": report.notes,
        "signed_by": signed_by.display_name if signed_by else "",
    }


def report_view(day: ShootDay, report: DailyReport) -> dict:
    """The report as shown: the frozen summary once signed, else what the day's rows say now."""
    if report.signed and report.summary:
        return report.summary
    return report_summary(day, report)
