"""Every write of ideation: keyword-only, one transaction each, permission checked first, the
timeline's events recorded inside it. The rules on input are the ``…_check`` functions, which
return every problem at once ({field: message}; a row's field is ``"kpis.0.target"``), so the
forms and the API show them together."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
import zoneinfo
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from projects import services as project_services
from projects import timeline, versioning
from projects.models import Client, Organization, Project, Stage, User

from . import notify
from .models import (
    PERCENT_METRICS,
    ROW_TEXT_MAX_LENGTH,
    STILL_KINDS,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AspectRatio,
    Brief,
    BriefAsset,
    BriefKpi,
    BriefMessage,
    BriefPlatform,
    BriefSignoff,
    BriefVersion,
    Currency,
    Idea,
    IdeaComment,
    IdeaVote,
    Metric,
    Objective,
    Platform,
)
from .permissions import can_decide_idea, can_edit_idea, can_sign_off_brief, can_use_board, can_write_brief

MAX_ROWS = 30  # of each kind in one brief
MAX_BUDGET = Decimal("999999999999.99")
MAX_TARGET = Decimal("99999999999999.99")
MAX_RUNTIME = 4 * 3600  # seconds
MAX_ASSET_COUNT = 100
DEADLINE_MAX_YEARS_AHEAD = 10

_INVISIBLE_CATEGORIES = {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}
_BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _invisible(value: str, *, lines: bool = False) -> bool:
    """Characters that draw nothing or reorder the text around them (line breaks and tabs are
    fine in text of several ``lines``)."""
    allowed = {"\n", "\r", "\t"} if lines else set()
    return any(
        c not in allowed and (c in _BIDI_CONTROLS or unicodedata.category(c) in _INVISIBLE_CATEGORIES) for c in value
    )


def _text_problem(value, *, what: str, max_length: int, required: bool = False, lines: bool = False) -> str | None:
    if not isinstance(value, str):
        return f"Write the {what} as text."
    value = value.strip()
    if not value:
        return f"Write the {what}." if required else None
    if len(value) > max_length:
        return f"Keep the {what} to {max_length} characters."
    if _invisible(value, lines=lines):
        return f"The {what} contains control or invisible characters. Type it with letters only."
    return None


# --- The ideas board --------------------------------------------------------------------------


def idea_check(*, title, pitch="", format="", platforms=()) -> dict[str, str]:
    errors = {}
    for name, value, what, limit, required, lines in (
        ("title", title, "idea's title", TITLE_MAX_LENGTH, True, False),
        ("pitch", pitch, "pitch", TEXT_MAX_LENGTH, False, True),
        ("format", format, "format", 120, False, False),
    ):
        problem = _text_problem(value, what=what, max_length=limit, required=required, lines=lines)
        if problem:
            errors[name] = problem
    unknown = [p for p in platforms if p not in Platform.values]
    if unknown:
        errors["platforms"] = f"Unknown platform “{unknown[0]}”. Choose from the list."
    return errors


def _platform_list(platforms: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(platforms))  # each once, in the order given


@transaction.atomic
def idea_create(
    *,
    organization: Organization,
    by: User,
    title: str,
    pitch: str = "",
    format: str = "",
    platforms=(),
) -> Idea:
    if not can_use_board(by, organization):
        raise PermissionDenied("Only the team can put ideas on the board.")
    platforms = list(platforms)
    errors = idea_check(title=title, pitch=pitch, format=format, platforms=platforms)
    if errors:
        raise ValidationError(errors)
    return Idea.objects.create(
        organization=organization,
        title=title.strip(),
        pitch=pitch.strip(),
        format=format.strip(),
        platforms=_platform_list(platforms),
        author=by,
    )


@transaction.atomic
def idea_update(
    *,
    idea: Idea,
    by: User,
    title: str | None = None,
    pitch: str | None = None,
    format: str | None = None,
    platforms=None,
    status: str | None = None,
) -> Idea:
    """Edit an idea (its author or a producer) or move it on the board (producers: shortlist,
    drop, back to new). Promoting is ``idea_promote``; a promoted idea is kept as it was."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    editing = any(v is not None for v in (title, pitch, format, platforms))
    if editing and not can_edit_idea(by, idea):
        raise PermissionDenied("Only its author or a producer can edit an idea.")
    if status is not None and status != idea.status and not can_decide_idea(by, idea):
        raise PermissionDenied("Only producers shortlist or drop ideas.")
    if idea.status == Idea.Status.PROMOTED:
        raise ValidationError("This idea became a project; it is kept as it was when it was promoted.")
    new = {
        "title": idea.title if title is None else title,
        "pitch": idea.pitch if pitch is None else pitch,
        "format": idea.format if format is None else format,
        "platforms": idea.platforms if platforms is None else list(platforms),
    }
    errors = idea_check(**new)
    if status is not None and status not in (Idea.Status.NEW, Idea.Status.SHORTLISTED, Idea.Status.DROPPED):
        errors["status"] = (
            "Promote the idea to a project to mark it promoted."
            if status == Idea.Status.PROMOTED
            else f"Unknown status “{status}”."
        )
    if errors:
        raise ValidationError(errors)
    idea.title, idea.pitch, idea.format = new["title"].strip(), new["pitch"].strip(), new["format"].strip()
    idea.platforms = _platform_list(new["platforms"])
    if status is not None:
        idea.status = status
    idea.save()
    return idea


@transaction.atomic
def idea_vote_toggle(*, idea: Idea, by: User) -> bool:
    """Vote for the idea, or take the vote back if there is one. True when the vote now stands."""
    if not can_use_board(by, idea.organization):
        raise PermissionDenied("Only the team votes on ideas.")
    deleted, _ = IdeaVote.objects.filter(idea=idea, user=by).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            IdeaVote.objects.create(idea=idea, user=by)
    except IntegrityError:  # a second click raced the first: the vote stands once
        pass
    return True


@transaction.atomic
def idea_comment(*, idea: Idea, by: User, text: str) -> IdeaComment:
    if not can_use_board(by, idea.organization):
        raise PermissionDenied("Only the team comments on ideas.")
    problem = _text_problem(text, what="comment", max_length=TEXT_MAX_LENGTH, required=True, lines=True)
    if problem:
        raise ValidationError({"text": problem})
    return IdeaComment.objects.create(idea=idea, author=by, author_name=by.display_name, text=text.strip())


@transaction.atomic
def idea_promote(
    *, idea: Idea, by: User, client: Client, title: str | None = None, due_date: dt.date | None = None
) -> Project:
    """Make the idea a project for ``client``: the project (in Ideation), its brief's first draft
    from the idea (the pitch as its summary, the idea's platforms), the idea marked promoted with
    a link to the project, and the project's timeline saying where it came from."""
    idea = Idea.objects.select_for_update().select_related("organization").get(pk=idea.pk)
    if not can_decide_idea(by, idea):
        raise PermissionDenied("Only producers promote ideas to projects.")
    if idea.status == Idea.Status.PROMOTED:
        made = f" “{idea.project.title}”" if idea.project else ""
        raise ValidationError(f"This idea was made a project already{made}.")
    if client.organization_id != idea.organization_id:
        raise ValidationError({"client": "That client belongs to another organization."})
    project = project_services.project_create(
        by=by, client=client, title=idea.title if title is None else title, description=idea.pitch, due_date=due_date
    )
    version = brief_save(
        project=project,
        by=by,
        summary=idea.pitch,
        platforms=[{"platform": p} for p in idea.platforms if p in Platform.values],
        note=f"First draft, from the idea “{idea.title}”.",
    )
    idea.status, idea.project, idea.promoted_at = Idea.Status.PROMOTED, project, timezone.now()
    idea.save(update_fields=["status", "project", "promoted_at", "updated_at"])
    timeline.record(
        project=project,
        kind="idea.promoted",
        summary=f"{by.display_name} made the idea “{idea.title}” a project; its pitch is the brief's first draft",
        actor=by,
        subject=idea,
        stage=Stage.IDEATION,
        data={"idea": str(idea.pk), "brief_version": version.number},
    )
    return project


# --- The brief --------------------------------------------------------------------------------

ROW_KINDS = ("kpis", "platforms", "messages", "assets")
ROW_MODELS = {"kpis": BriefKpi, "platforms": BriefPlatform, "messages": BriefMessage, "assets": BriefAsset}
ROW_NAMES = {"kpis": "KPI", "platforms": "platform", "messages": "message", "assets": "required asset"}


def _today_for(user: User) -> dt.date:
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return timezone.now().astimezone(zone).date()


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = str(value)
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return Decimal("NaN")
    return number


def _whole(value) -> int | str | None:
    """An int, None for nothing, or "bad"."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return "bad"


def _key(value) -> uuid.UUID | str | None:
    if value in (None, ""):
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return "bad"


def _check_kpi(row: dict, errors: dict, at: str, today: dt.date) -> dict:
    metric = row.get("metric") or ""
    if metric not in Metric.values:
        errors[f"{at}.metric"] = "Choose the metric from the list."
    target = _decimal(row.get("target"))
    if target is None:
        errors[f"{at}.target"] = "Give the KPI a numeric target."
    elif not target.is_finite() or target <= 0:
        errors[f"{at}.target"] = "The target is a number above zero."
    elif target > MAX_TARGET or target != target.quantize(Decimal("0.01")):
        errors[f"{at}.target"] = "Write the target with at most two decimals, under a hundred trillion."
    elif metric in PERCENT_METRICS and target > 100:
        errors[f"{at}.target"] = "A rate is a percentage: at most 100."
    due = row.get("due")
    if due is not None and not isinstance(due, dt.date):
        errors[f"{at}.due"] = "Enter the date as a date."
        due = None
    elif due is not None and due > _years_after(today, DEADLINE_MAX_YEARS_AHEAD):
        errors[f"{at}.due"] = f"Choose a date within {DEADLINE_MAX_YEARS_AHEAD} years."
    return {"metric": metric, "target": target, "due": due}


def _check_platform(row: dict, errors: dict, at: str, today: dt.date) -> dict:
    platform = row.get("platform") or ""
    if platform not in Platform.values:
        errors[f"{at}.platform"] = "Choose the platform from the list."
    runtime = _whole(row.get("ideal_runtime"))
    if runtime == "bad" or (runtime is not None and not 1 <= runtime <= MAX_RUNTIME):
        errors[f"{at}.ideal_runtime"] = f"The ideal runtime is a whole number of seconds, 1 to {MAX_RUNTIME}."
        runtime = None
    ratios = row.get("aspect_ratios") or []
    if isinstance(ratios, str) or not all(isinstance(r, str) and r in AspectRatio.values for r in ratios):
        errors[f"{at}.aspect_ratios"] = f"Aspect ratios are among {', '.join(AspectRatio.values)}."
        ratios = []
    notes = row.get("notes") or ""
    problem = _text_problem(notes, what="note", max_length=ROW_TEXT_MAX_LENGTH)
    if problem:
        errors[f"{at}.notes"] = problem
    ordered = [r for r in AspectRatio.values if r in ratios]
    return {"platform": platform, "ideal_runtime": runtime, "aspect_ratios": ordered, "notes": str(notes).strip()}


def _check_message(row: dict, errors: dict, at: str, today: dt.date) -> dict:
    text = row.get("text") or ""
    problem = _text_problem(text, what="message", max_length=ROW_TEXT_MAX_LENGTH, required=True)
    if problem:
        errors[f"{at}.text"] = problem
    kind = row.get("kind") or BriefMessage.Kind.BOTH
    if kind not in BriefMessage.Kind.values:
        errors[f"{at}.kind"] = "Say whether it must be said, shown, or both."
    return {"text": str(text).strip(), "kind": kind}


def _check_asset(row: dict, errors: dict, at: str, today: dt.date) -> dict:
    kind = row.get("kind") or ""
    if kind not in BriefAsset.Kind.values:
        errors[f"{at}.kind"] = "Choose what kind of asset from the list."
    count = _whole(row.get("count"))
    if count is None:
        count = 1
    if count == "bad" or not 1 <= count <= MAX_ASSET_COUNT:
        errors[f"{at}.count"] = f"How many: a whole number, 1 to {MAX_ASSET_COUNT}."
        count = 1
    ratio = row.get("aspect_ratio") or ""
    if ratio not in AspectRatio.values and ratio != "":
        errors[f"{at}.aspect_ratio"] = f"Choose an aspect ratio among {', '.join(AspectRatio.values)}."
    duration = _whole(row.get("duration"))
    if duration == "bad" or (duration is not None and not 1 <= duration <= MAX_RUNTIME):
        errors[f"{at}.duration"] = f"The duration is a whole number of seconds, 1 to {MAX_RUNTIME}."
        duration = None
    elif duration is not None and kind in STILL_KINDS:
        errors[f"{at}.duration"] = f"A {BriefAsset.Kind(kind).label.lower()} is a still image: it has no duration."
    notes = row.get("notes") or ""
    problem = _text_problem(notes, what="note", max_length=ROW_TEXT_MAX_LENGTH)
    if problem:
        errors[f"{at}.notes"] = problem
    return {
        "kind": kind,
        "count": count,
        "aspect_ratio": ratio,
        "duration": duration,
        "notes": str(notes).strip(),
    }


_ROW_CHECKS = {"kpis": _check_kpi, "platforms": _check_platform, "messages": _check_message, "assets": _check_asset}


def current_version_of(project: Project) -> BriefVersion | None:
    return (
        BriefVersion.objects.filter(brief__project=project)
        .prefetch_related("kpis", "platforms", "messages", "assets")
        .order_by("-number")
        .first()
    )


def brief_check(
    *,
    project: Project,
    by: User,
    summary="",
    objective="",
    audience="",
    budget=None,
    currency="",
    deadline=None,
    note="",
    kpis=(),
    platforms=(),
    messages=(),
    assets=(),
    current: BriefVersion | None = ...,
) -> tuple[dict[str, str], dict]:
    """Every problem with a brief as given, and the brief as it would be saved (cleaned)."""
    errors: dict[str, str] = {}
    if current is ...:
        current = current_version_of(project)
    today = _today_for(by)
    for name, value, what in (("summary", summary, "summary"), ("audience", audience, "target audience")):
        problem = _text_problem(value, what=what, max_length=TEXT_MAX_LENGTH, lines=True)
        if problem:
            errors[name] = problem
    problem = _text_problem(note, what="note on what changed", max_length=ROW_TEXT_MAX_LENGTH)
    if problem:
        errors["note"] = problem
    objective = objective or ""
    if objective not in Objective.values and objective != "":
        errors["objective"] = f"Choose the objective: {', '.join(o.label.lower() for o in Objective)}."
    amount = _decimal(budget)
    currency = currency or ""
    if amount is not None:
        if not amount.is_finite() or amount < 0:
            errors["budget"] = "The budget is an amount of zero or more."
        elif amount > MAX_BUDGET or amount != amount.quantize(Decimal("0.01")):
            errors["budget"] = "Write the budget with at most two decimals, under a trillion."
        if not currency:
            errors["currency"] = "Say which currency the budget is in."
    if currency and currency not in Currency.values:
        errors["currency"] = f"Choose the currency: {', '.join(Currency.values)}."
    if deadline is not None and not isinstance(deadline, dt.date):
        errors["deadline"] = "Enter the deadline as a date."
    elif deadline is not None and deadline != (current.deadline if current else None):
        if deadline < today:
            errors["deadline"] = "A new deadline cannot be in the past. Choose today or a later date."
        elif deadline > _years_after(today, DEADLINE_MAX_YEARS_AHEAD):
            errors["deadline"] = f"Choose a deadline within {DEADLINE_MAX_YEARS_AHEAD} years."
    clean: dict = {
        "summary": str(summary or "").strip(),
        "objective": objective,
        "audience": str(audience or "").strip(),
        "budget": amount if amount is not None and amount.is_finite() else None,
        "currency": currency if amount is not None else "",
        "deadline": deadline if isinstance(deadline, dt.date) else None,
        "note": str(note or "").strip(),
    }
    for kind, rows in (("kpis", kpis), ("platforms", platforms), ("messages", messages), ("assets", assets)):
        rows = list(rows)
        if len(rows) > MAX_ROWS:
            errors[kind] = f"A brief holds at most {MAX_ROWS} of these rows."
            rows = rows[:MAX_ROWS]
        known = {r.key for r in getattr(current, kind).all()} if current else set()
        seen: set = set()
        cleaned = []
        for n, row in enumerate(rows):
            at = f"{kind}.{n}"
            if not isinstance(row, dict):
                errors[at] = f"Each {ROW_NAMES[kind]} is an object of fields."
                continue
            key = _key(row.get("key"))
            if key == "bad" or (key is not None and key not in known):
                errors[f"{at}.key"] = (
                    f"This {ROW_NAMES[kind]} is not in the current version of the brief: leave its key out to add it."
                )
                key = None
            elif key is not None and key in seen:
                errors[f"{at}.key"] = f"This {ROW_NAMES[kind]} is given twice."
            seen.add(key)
            item = _ROW_CHECKS[kind](row, errors, at, today)
            item["key"] = key
            cleaned.append(item)
        if kind == "platforms":
            chosen: set = set()
            for n, item in enumerate(cleaned):
                if item["platform"] in chosen:
                    errors.setdefault(f"platforms.{n}.platform", "This platform is listed twice: one row each.")
                chosen.add(item["platform"])
        clean[kind] = cleaned
    return errors, clean


def content_of(version: BriefVersion | None) -> dict | None:
    """What a version says, in the shape ``brief_save`` takes (rows with their keys), so it can
    be compared with ``brief_check``'s cleaned brief (the note on what changed left out: a new
    note alone is not a new version) and given back to ``brief_save`` with a few changes."""
    if version is None:
        return None
    return {
        "summary": version.summary,
        "objective": version.objective,
        "audience": version.audience,
        "budget": version.budget,
        "currency": version.currency,
        "deadline": version.deadline,
        "kpis": [{"key": r.key, "metric": r.metric, "target": r.target, "due": r.due} for r in version.kpis.all()],
        "platforms": [
            {
                "key": r.key,
                "platform": r.platform,
                "ideal_runtime": r.ideal_runtime,
                "aspect_ratios": r.aspect_ratios,
                "notes": r.notes,
            }
            for r in version.platforms.all()
        ],
        "messages": [{"key": r.key, "text": r.text, "kind": r.kind} for r in version.messages.all()],
        "assets": [
            {
                "key": r.key,
                "kind": r.kind,
                "count": r.count,
                "aspect_ratio": r.aspect_ratio,
                "duration": r.duration,
                "notes": r.notes,
            }
            for r in version.assets.all()
        ],
    }


def _comparable(content: dict) -> dict:
    """New rows have no key yet: compare them by what they say."""
    out = {k: v for k, v in content.items() if k != "note"}
    for kind in ROW_KINDS:
        out[kind] = [{k: v for k, v in row.items() if k != "key" or v is not None} for row in content[kind]]
    return out


@transaction.atomic
def brief_save(*, project: Project, by: User, based_on: int | None = None, **fields) -> BriefVersion:
    """Save the project's brief as its next version (``fields``: see ``brief_check``). A brief
    that says exactly what the current version says is not saved again: the current version is
    returned. Rows given with the ``key`` of a row of the current version keep that key; rows
    without one are new and get theirs. ``based_on``: the number of the version the writer
    started from (0: none); when someone saved another since, nothing is saved and the refusal
    says so, so nobody's version is silently overwritten."""
    if not can_write_brief(by, project):
        raise PermissionDenied("Only producers and marketers write the brief.")
    try:
        with transaction.atomic():
            brief, _ = Brief.objects.get_or_create(project=project)
    except IntegrityError:  # made at the same moment by another save
        brief = Brief.objects.get(project=project)
    brief = Brief.objects.select_for_update().get(pk=brief.pk)  # one numbering at a time
    current = current_version_of(project)
    versioning.refuse_stale_save(
        based_on=based_on,
        current_number=current.number if current else 0,
        current_by=current.created_by_name if current else "",
    )
    errors, clean = brief_check(project=project, by=by, current=current, **fields)
    if errors:
        raise ValidationError(errors)
    before = content_of(current)
    if before is not None and _comparable(before) == _comparable(clean):
        return current
    version = BriefVersion.objects.create(
        brief=brief,
        number=(current.number + 1) if current else 1,
        created_by=by,
        created_by_name=by.display_name,
        **{k: clean[k] for k in ("summary", "objective", "audience", "budget", "currency", "deadline", "note")},
    )
    for kind in ROW_KINDS:
        model = ROW_MODELS[kind]
        # A kept row keeps its key; a new one gets the model's fresh one.
        rows = [{k: v for k, v in row.items() if k != "key" or v is not None} for row in clean[kind]]
        model.objects.bulk_create([model(version=version, position=n, **row) for n, row in enumerate(rows)])
    note = f": {version.note}" if version.note else ""
    timeline.record(
        project=project,
        kind="brief.saved",
        summary=f"{by.display_name} saved the brief as version {version.number}{note}",
        actor=by,
        subject=version,
        data={"version": version.number},
        client_visible=True,
    )
    return version


@transaction.atomic
def brief_sign_off(*, version: BriefVersion, by: User, note: str = "") -> BriefSignoff:
    """A client reviewer of the project signs off ``version``, which must be the brief's current
    one: a sign-off names that version only, and a newer version needs its own. Signing off a
    version twice is harmless (the first stands)."""
    brief = Brief.objects.select_for_update().select_related("project").get(pk=version.brief_id)
    project = brief.project
    if not can_sign_off_brief(by, project):
        raise PermissionDenied("Only the client's reviewers of this project sign off its brief.")
    current = brief.versions.order_by("-number").first()
    if current.pk != version.pk:
        raise ValidationError(
            {"version": f"Version {version.number} is not the current brief: read version {current.number} "
             "and sign that off."}
        )  # fmt: skip
    problem = _text_problem(note, what="note", max_length=ROW_TEXT_MAX_LENGTH)
    if problem:
        raise ValidationError({"note": problem})
    existing = BriefSignoff.objects.filter(version=version, by=by).first()
    if existing:
        return existing
    signoff = BriefSignoff.objects.create(
        version=version, by=by, by_name=by.display_name, by_email=by.email, note=note.strip()
    )
    timeline.record(
        project=project,
        kind="brief.signed_off",
        summary=f"{by.display_name} signed off version {version.number} of the brief",
        actor=by,
        subject=signoff,
        data={"version": version.number},
        client_visible=True,
    )
    notify.brief_signed_off(signoff=signoff, project=project)
    return signoff
