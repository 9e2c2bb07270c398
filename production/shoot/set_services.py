"""Every write on set: a scheduled shot marked done (and undone), takes logged and changed, a daily
(through the uploader's ``DailyTarget``), and the day's production report — its figures, the
producer's sign-off that freezes what it says, reopening it with a reason, and its email.

Keyword-only, one transaction each, permission checked first: the team works on set
(``can_work_on_set``), producers sign (``can_sign_report``). A shot's status follows what happens
on set: done makes it "shot" ("circled" once one of its takes is circled), undone makes it
"scheduled" again. The timeline hears of a shot done, a take circled (not of every take, so it
stays readable), a daily uploaded and the report signed, reopened and sent, under the shoot
stage, team only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from config.queueing import publish_after_commit
from production.media.engine.timecode import smpte_clean
from production.storyboard.models import Shot
from projects import timeline
from projects.models import Stage, User

from . import tasks
from .models import Daily, DailyReport, ScheduledShot, ShootDay, Take
from .permissions import can_sign_report, can_work_on_set
from .services import Rule, _parse

NOTES_LIMIT = 2000
REASON_LIMIT = 500


def _refuse(by: User, project) -> None:
    if not can_work_on_set(by, project):
        raise PermissionDenied("Only the project's team can work on its shoot days.")


def _refuse_signer(by: User, project) -> None:
    if not can_sign_report(by, project):
        raise PermissionDenied("Only the project's producers can sign the daily report off or reopen it.")


def day_label(day: ShootDay) -> str:
    return f"{day.date:%a %-d %b}"


def _record(day: ShootDay, by: User | None, kind: str, summary: str, subject, /, **data) -> None:
    timeline.record(
        project=day.project, kind=kind, summary=summary[:500], actor=by, subject=subject, data=data, stage=Stage.SHOOT
    )


# --- Shots done ----------------------------------------------------------------------------------


def _sync_status(shot: Shot, *, done: bool) -> None:
    """The shot's status as the set leaves it: done is "shot", or "circled" once a take is
    circled; not done is "scheduled" (it is on a day) — unless nobody marked it on set and its
    status says otherwise (a shot picked up on another day keeps what its own day says)."""
    if done:
        status = Shot.Status.CIRCLED if shot.takes.filter(mark=Take.Mark.CIRCLED).exists() else Shot.Status.SHOT
    else:
        status = Shot.Status.SCHEDULED
    if shot.status != status:
        Shot.objects.filter(pk=shot.pk).update(status=status, updated_at=timezone.now())
        shot.status = status


def _locked(scheduled: ScheduledShot) -> ScheduledShot:
    return (
        ScheduledShot.objects.select_for_update(of=("self",))
        .select_related("day__project", "shot")
        .get(pk=scheduled.pk)
    )


@transaction.atomic
def shot_done(*, scheduled: ScheduledShot, by: User) -> ScheduledShot:
    """Mark a scheduled shot done (once: marking it again changes nothing)."""
    _refuse(by, scheduled.day.project)
    scheduled = _locked(scheduled)
    if scheduled.done_at is not None:
        return scheduled
    scheduled.done_at = timezone.now()
    scheduled.done_by = by
    scheduled.save(update_fields=["done_at", "done_by", "updated_at"])
    _sync_status(scheduled.shot, done=True)
    day = scheduled.day
    _record(day, by, "set.shot_done", f"{by.display_name} marked shot {scheduled.shot.number} done on {day_label(day)}",
            scheduled.shot, day=str(day.pk))  # fmt: skip
    return scheduled


@transaction.atomic
def shot_undone(*, scheduled: ScheduledShot, by: User) -> ScheduledShot:
    """Take a shot's "done" back (a mistap, or it has to go again); its takes stay."""
    _refuse(by, scheduled.day.project)
    scheduled = _locked(scheduled)
    if scheduled.done_at is None:
        return scheduled
    scheduled.done_at = None
    scheduled.done_by = None
    scheduled.save(update_fields=["done_at", "done_by", "updated_at"])
    _sync_status(scheduled.shot, done=False)
    day = scheduled.day
    _record(day, by, "set.shot_undone",
            f"{by.display_name} took back shot {scheduled.shot.number} done on {day_label(day)}",
            scheduled.shot, day=str(day.pk))  # fmt: skip
    return scheduled


# --- Takes ---------------------------------------------------------------------------------------


def take_check(fields: dict) -> tuple[dict, dict[str, str]]:
    """A take's mark, camera timecode and notes as they would be stored, and every problem."""
    clean: dict = {}
    problems: dict[str, str] = {}
    unknown = set(fields) - {"mark", "camera_tc", "notes"}
    if unknown:
        problems["__all__"] = f"Unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(sorted(unknown))}."
    if "mark" in fields:
        mark = fields["mark"] if isinstance(fields["mark"], str) else ""
        if mark not in Take.Mark.values:
            problems["mark"] = "Mark the take no good (ng), good or circled."
        else:
            clean["mark"] = mark
    if "camera_tc" in fields:
        text = fields["camera_tc"] if isinstance(fields["camera_tc"], str) else None
        if text is None:
            problems["camera_tc"] = "Send the camera timecode as text."
        elif not text.strip():
            clean["camera_tc"] = ""
        else:
            tc = smpte_clean(text)
            if tc is None:
                problems["camera_tc"] = (
                    f"“{text.strip()[:20]}” is not a timecode: give it as HH:MM:SS:FF, such as 14:32:10:05 "
                    "(HH:MM:SS;FF for drop-frame)."
                )
            else:
                clean["camera_tc"] = tc
    if "notes" in fields:
        notes, problem = _parse(fields["notes"], Rule("text", "notes", limit=NOTES_LIMIT))
        if problem:
            problems["notes"] = problem
        else:
            clean["notes"] = notes
    return clean, problems


def next_take_number(shot: Shot) -> int:
    """The number the next take of ``shot`` gets: takes count up per shot, across days."""
    return (Take.objects.filter(shot=shot).aggregate(last=Max("number"))["last"] or 0) + 1


def _take_label(take: Take) -> str:
    return f"shot {take.shot.number}, take {take.number}"


@transaction.atomic
def take_log(*, day: ShootDay, shot: Shot, by: User, mark: str = Take.Mark.GOOD, camera_tc: str = "",
             notes: str = "") -> Take:  # fmt: skip
    """Log the next take of ``shot`` on ``day``: its number is the shot's next (counted under a
    lock on the shot, so two people logging at once get 4 and 5, never 4 twice)."""
    _refuse(by, day.project)
    clean, problems = take_check({"mark": mark, "camera_tc": camera_tc, "notes": notes})
    if shot.project_id != day.project_id:
        problems["shot"] = "That shot belongs to another project."
    if problems:
        raise ValidationError(problems)
    shot = Shot.objects.select_for_update(of=("self",)).get(pk=shot.pk)  # one numbering at a time
    take = Take.objects.create(shot=shot, day=day, number=next_take_number(shot), logged_by=by, **clean)
    if take.mark == Take.Mark.CIRCLED:
        _circled(take, by)
    return take


def _circled(take: Take, by: User) -> None:
    day = take.day
    _record(day, by, "set.take_circled", f"{by.display_name} circled {_take_label(take)} on {day_label(day)}",
            take.shot, take=str(take.pk), number=take.number, day=str(day.pk))  # fmt: skip
    scheduled = ScheduledShot.objects.filter(shot_id=take.shot_id).first()
    if scheduled is not None and scheduled.done_at is not None:
        _sync_status(take.shot, done=True)


@transaction.atomic
def take_update(*, take: Take, by: User, **fields) -> Take:
    """Change a take's mark, timecode or notes (what is left out stays). Its number stays."""
    _refuse(by, take.day.project)
    clean, problems = take_check(fields)
    if problems:
        raise ValidationError(problems)
    take = Take.objects.select_for_update(of=("self",)).select_related("shot", "day__project").get(pk=take.pk)
    changed = [name for name, value in clean.items() if getattr(take, name) != value]
    if not changed:
        return take
    was = take.mark
    for name in changed:
        setattr(take, name, clean[name])
    take.save(update_fields=[*changed, "updated_at"])
    if "mark" in changed:
        if take.mark == Take.Mark.CIRCLED:
            _circled(take, by)
        elif was == Take.Mark.CIRCLED:
            scheduled = ScheduledShot.objects.filter(shot_id=take.shot_id).first()
            if scheduled is not None and scheduled.done_at is not None:
                _sync_status(take.shot, done=True)
    return take


# --- Dailies (the uploader's DailyTarget calls this when the last byte is in) --------------------


def daily_arrived(*, asset, day: ShootDay, shot: Shot | None, take: Take | None, by: User) -> Daily:
    daily = Daily.objects.create(asset=asset, day=day, shot=shot, take=take)
    what = (f"shot {shot.number}" + (f", take {take.number}" if take else "")) if shot else "the day"
    _record(day, by, "daily.uploaded", f"{by.display_name} uploaded a daily of {what} ({day_label(day)})",
            asset, shot=str(shot.pk) if shot else "", take=str(take.pk) if take else "")  # fmt: skip
    return daily


# --- The daily production report -----------------------------------------------------------------


def report_of(day: ShootDay) -> DailyReport:
    """The day's report, made on first use."""
    report, _ = DailyReport.objects.get_or_create(day=day)
    return report


def _locked_report(day: ShootDay) -> DailyReport:
    report = report_of(day)
    return DailyReport.objects.select_for_update(of=("self",)).select_related("day__project").get(pk=report.pk)


def report_check(fields: dict) -> tuple[dict, dict[str, str]]:
    clean: dict = {}
    problems: dict[str, str] = {}
    unknown = set(fields) - {"actual_call", "actual_wrap", "notes"}
    if unknown:
        problems["__all__"] = f"Unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(sorted(unknown))}."
    for name, rule in (
        ("actual_call", Rule("time", "actual call")),
        ("actual_wrap", Rule("time", "actual wrap")),
        ("notes", Rule("text", "notes", limit=5000)),
    ):
        if name in fields:
            value, problem = _parse(fields[name], rule)
            if problem:
                problems[name] = problem
            else:
                clean[name] = value
    if clean.get("actual_call") and clean.get("actual_wrap") and clean["actual_call"] == clean["actual_wrap"]:
        problems["actual_wrap"] = "The wrap is the same as the call: give when the day actually ended."
    return clean, problems


@transaction.atomic
def report_update(*, day: ShootDay, by: User, **fields) -> DailyReport:
    """The actual call and wrap (local times of the day; a wrap before the call is after
    midnight) and the notes. A signed report is not changed: a producer reopens it first."""
    _refuse(by, day.project)
    clean, problems = report_check(fields)
    if problems:
        raise ValidationError(problems)
    report = _locked_report(day)
    if report.signed:
        raise ValidationError({"__all__": "This report is signed off: a producer reopens it before it changes."})
    changed = [name for name, value in clean.items() if getattr(report, name) != value]
    for name in changed:
        setattr(report, name, clean[name])
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
    return report


@transaction.atomic
def report_sign(*, day: ShootDay, by: User, email: bool = True) -> DailyReport:
    """Sign the report off: what it says now (planned vs shot, takes, dailies, the actual times and
    notes) is frozen into ``summary``, so later changes on set do not change what was signed, and
    it is emailed to the producers and everyone called with an email (``email=False``: the demo
    data, which emails nobody)."""
    from .set_selectors import report_summary

    _refuse_signer(by, day.project)
    report = _locked_report(day)
    if report.signed:
        who = report.signed_by.display_name if report.signed_by else "a producer"
        raise ValidationError({"__all__": f"Already signed off by {who}."})
    problems = {}
    if report.actual_call is None:
        problems["actual_call"] = "Give the actual call before signing off."
    if report.actual_wrap is None:
        problems["actual_wrap"] = "Give the actual wrap before signing off."
    if problems:
        raise ValidationError(problems)
    report.signed_at = timezone.now()
    report.signed_by = by
    report.sent_at = None
    report.summary = report_summary(day, report, signed_by=by)
    report.save(update_fields=["signed_at", "signed_by", "sent_at", "summary", "updated_at"])
    totals = report.summary["totals"]
    _record(day, by, "report.signed",
            f"{by.display_name} signed off the daily report of {day_label(day)}: {totals['shots_done']} of "
            f"{totals['shots_planned']} shots, {totals['takes']} takes", report)  # fmt: skip
    if email:
        publish_after_commit(tasks.send_daily_report, str(report.pk))
    return report


@transaction.atomic
def report_reopen(*, day: ShootDay, by: User, reason: str) -> DailyReport:
    """Reopen a signed report to correct it, saying why; it is signed (and sent) again after."""
    _refuse_signer(by, day.project)
    reason, problem = _parse(reason, Rule("line", "reason", limit=REASON_LIMIT))
    if problem or not reason:
        raise ValidationError({"reason": problem or "Say why the signed report is reopened."})
    report = _locked_report(day)
    if not report.signed:
        raise ValidationError({"__all__": "This report is not signed off, so there is nothing to reopen."})
    report.signed_at = None
    report.signed_by = None
    report.summary = {}
    report.sent_at = None
    report.reopened_at = timezone.now()
    report.reopened_by = by
    report.reopen_reason = reason
    report.save()
    _record(day, by, "report.reopened", f"{by.display_name} reopened the daily report of {day_label(day)}: {reason}",
            report, reason=reason)  # fmt: skip
    return report


def report_email(*, report_id) -> bool:
    """Email the signed report (in a worker) to the project's producers and everyone called that
    day with an email, the PDF attached; ``sent_at`` records it. False when there is nothing to
    send: gone, not signed (reopened since), or already sent (the task was delivered twice)."""
    from . import report as report_module

    report = DailyReport.objects.select_related("day__project__organization", "signed_by").filter(pk=report_id).first()
    if report is None or not report.signed or report.sent_at is not None:
        return False
    recipients = report_module.recipients(report.day)
    if recipients:
        report_module.send(report, recipients)
    with transaction.atomic():
        sent = DailyReport.objects.filter(pk=report.pk, sent_at__isnull=True, signed_at=report.signed_at).update(
            sent_at=timezone.now()
        )
        if sent:
            _record(report.day, None,
                    "report.sent", f"The daily report of {day_label(report.day)} was emailed to "
                    f"{len(recipients)} {'person' if len(recipients) == 1 else 'people'}", report,
                    recipients=len(recipients))  # fmt: skip
    return bool(sent)
