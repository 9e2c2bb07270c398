"""Every write of the shoot stage: the project's shoot settings (budget ceiling, currency, time
zone), locations and their photos, people, equipment and its per-day checklist, budget lines,
shoot days with who is called, call sheets sent and confirmed, and the calendar feeds' secret
addresses. Keyword-only, one transaction each, permission checked first (producers write), the
timeline told inside it under the shoot stage (team only: a client never sees the shoot); bad
input is refused with every problem at once and changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_time

from config.queueing import publish, publish_after_commit
from production.storyboard import images
from projects import timeline
from projects.models import TIME_ZONE_CHOICES, Project, Stage, User

from . import notify, tasks, tokens
from .models import (
    BudgetCategory,
    BudgetLine,
    CallSheet,
    CallSheetRecipient,
    DayCall,
    Department,
    Equipment,
    EquipmentCheck,
    Location,
    LocationPhoto,
    Person,
    ScheduledShot,
    ShootDay,
    ShootSettings,
    new_feed_token,
)
from .permissions import can_write

MAX_PHOTOS = 20
MAX_MONEY = Decimal("9999999999.99")
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ZONES = {tz for tz, _ in TIME_ZONE_CHOICES}


def _refuse(by: User, project: Project) -> None:
    if not can_write(by, project):
        raise PermissionDenied("Only the project's producers can change its shoot.")


# --- Checking input ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    kind: str  # text, line, email, phone, date, time, money, count, choice, zone
    label: str
    limit: int = 200
    required: bool = False
    choices: tuple = ()


def _check(fields: dict, rules: dict[str, Rule], *, creating: bool) -> tuple[dict, dict[str, str]]:
    """The fields as they would be stored, and every problem with them. On create, a required
    field left out is a problem; on update, what is left out stays as it is."""
    clean: dict = {}
    problems: dict[str, str] = {}
    unknown = set(fields) - set(rules)
    if unknown:
        problems["__all__"] = f"Unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(sorted(unknown))}."
    for name, rule in rules.items():
        if name not in fields:
            if creating and rule.required:
                problems[name] = f"Give the {rule.label}."
            continue
        value, problem = _parse(fields[name], rule)
        if problem:
            problems[name] = problem
        elif rule.required and value in (None, ""):
            problems[name] = f"Give the {rule.label}."
        else:
            clean[name] = value
    return clean, problems


def _parse(value, rule: Rule):  # one branch per kind of field
    kind, label = rule.kind, rule.label
    if value is None:
        value = ""
    if kind in ("text", "line", "email", "phone", "choice", "zone"):
        if not isinstance(value, str):
            return None, f"Send the {label} as text."
        value = value.strip()
        if _UNSTORABLE.search(value.replace("\n", "") if kind == "text" else value):
            return None, f"The {label} holds control characters that cannot be stored; type it again as plain text."
        if kind != "text" and "\n" in value:
            return None, f"The {label} is one line."
        if len(value) > rule.limit:
            return None, f"The {label} is too long ({len(value):,} characters; at most {rule.limit:,})."
        if kind == "email" and value:
            try:
                validate_email(value)
            except ValidationError:
                return None, f"“{value}” is not an email address."
            value = value.lower()
        if kind == "phone" and value and not re.fullmatch(r"[0-9+()./\- ]{3,}(\s*(ext\.?|x)\s*\d+)?", value):
            return None, f"“{value}” is not a phone number (digits, spaces, + ( ) - . /)."
        if kind == "choice" and value not in rule.choices:
            return None, f"“{value}” is not a {label}; choose one of {', '.join(rule.choices)}."
        if kind == "zone" and value not in _ZONES:
            return None, f"“{value}” is not a time zone we know (say Europe/Berlin)."
        return value, ""
    if kind == "date":
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date) or value == "":
            return value or None, ""
        try:
            parsed = parse_date(str(value).strip())
        except ValueError:
            parsed = None
        return (parsed, "") if parsed else (None, f"Give the {label} as a date (YYYY-MM-DD).")
    if kind == "time":
        if isinstance(value, dt.time) or value == "":
            return (value.replace(second=0, microsecond=0, tzinfo=None) if value else None), ""
        try:
            parsed = parse_time(str(value).strip())
        except ValueError:
            parsed = None
        if parsed is None:
            return None, f"Give the {label} as a time of day (HH:MM)."
        return parsed.replace(second=0, microsecond=0, tzinfo=None), ""
    if kind == "money":
        if value == "":
            return None, ""
        try:
            amount = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            return None, f"Give the {label} as an amount, such as 1250.00."
        if amount < 0:
            return None, f"The {label} cannot be negative."
        if amount > MAX_MONEY:
            return None, f"The {label} is too large."
        if amount != amount.quantize(Decimal("0.01")):
            return None, f"The {label} has more than two decimal places."
        return amount.quantize(Decimal("0.01")), ""
    if kind == "count":
        try:
            number = int(str(value).strip())
        except ValueError:
            return None, f"Give the {label} as a whole number."
        if number < 1 or number > 100_000:
            return None, f"The {label} is at least 1 (and at most 100,000)."
        return number, ""
    raise ValueError(kind)


def _changed(row, clean: dict) -> list[str]:
    return [name for name, value in clean.items() if getattr(row, name) != value]


def _apply(row, clean: dict) -> None:
    for name, value in clean.items():
        setattr(row, name, value)


# --- Settings ------------------------------------------------------------------------------------

SETTINGS_RULES = {
    "budget_ceiling": Rule("money", "budget ceiling"),
    "currency": Rule("line", "currency", limit=3),
    "time_zone": Rule("zone", "time zone", limit=64),
}


def settings_for(project: Project, *, by: User | None = None) -> ShootSettings:
    """The project's shoot settings, made on first use (the time zone: the maker's own)."""
    row = ShootSettings.objects.filter(project=project).first()
    if row is None:
        zone = getattr(by, "time_zone", "") if by is not None else ""
        row, _ = ShootSettings.objects.get_or_create(project=project, defaults={"time_zone": zone or "UTC"})
    return row


@transaction.atomic
def settings_update(*, project: Project, by: User, **fields) -> ShootSettings:
    _refuse(by, project)
    clean, problems = _check(fields, SETTINGS_RULES, creating=False)
    if "currency" in clean:
        clean["currency"] = clean["currency"].upper()
        if not re.fullmatch(r"[A-Z]{3}", clean["currency"]):
            problems["currency"] = "Give the currency as its three-letter code, such as EUR or USD."
    if problems:
        raise ValidationError(problems)
    row = settings_for(project, by=by)
    row = ShootSettings.objects.select_for_update().get(pk=row.pk)
    changed = _changed(row, clean)
    if not changed:
        return row
    _apply(row, clean)
    row.save()
    timeline.record(
        project=project, kind="shoot.settings_changed", summary=f"{by.display_name} changed the shoot's settings",
        actor=by, subject=row, data={"changed": sorted(changed)}, stage=Stage.SHOOT,
    )  # fmt: skip
    return row


# --- Locations -----------------------------------------------------------------------------------

LOCATION_RULES = {
    "name": Rule("line", "location's name", required=True),
    "address": Rule("text", "address", limit=1000),
    "contact_name": Rule("line", "contact's name"),
    "contact_phone": Rule("phone", "contact's phone", limit=50),
    "contact_email": Rule("email", "contact's email", limit=254),
    "permit_reference": Rule("line", "permit reference"),
    "permit_expires": Rule("date", "permit's expiry date"),
    "notes": Rule("text", "notes", limit=5000),
}


@transaction.atomic
def location_create(*, project: Project, by: User, **fields) -> Location:
    _refuse(by, project)
    clean, problems = _check(fields, LOCATION_RULES, creating=True)
    if problems:
        raise ValidationError(problems)
    location = Location.objects.create(project=project, **clean)
    timeline.record(
        project=project, kind="shoot.location_added", summary=f"{by.display_name} added the location {location.name}",
        actor=by, subject=location, stage=Stage.SHOOT,
    )  # fmt: skip
    return location


@transaction.atomic
def location_update(*, location: Location, by: User, **fields) -> Location:
    _refuse(by, location.project)
    clean, problems = _check(fields, LOCATION_RULES, creating=False)
    if problems:
        raise ValidationError(problems)
    location = Location.objects.select_for_update(of=("self",)).select_related("project").get(pk=location.pk)
    changed = _changed(location, clean)
    if not changed:
        return location
    _apply(location, clean)
    location.save()
    timeline.record(
        project=location.project, kind="shoot.location_changed",
        summary=f"{by.display_name} changed the location {location.name}",
        actor=by, subject=location, data={"changed": sorted(changed)}, stage=Stage.SHOOT,
    )  # fmt: skip
    return location


@transaction.atomic
def location_delete(*, location: Location, by: User) -> None:
    _refuse(by, location.project)
    files = [name for photo in location.photos.all() for name in (photo.image.name, photo.thumbnail.name)]
    timeline.record(
        project=location.project, kind="shoot.location_removed",
        summary=f"{by.display_name} removed the location {location.name}", actor=by, subject=location,
        stage=Stage.SHOOT,
    )  # fmt: skip
    location.delete()
    if files:
        transaction.on_commit(lambda: _delete_files(files))


@transaction.atomic
def location_photo_add(*, location: Location, by: User, data: bytes, caption: str = "") -> LocationPhoto:
    """A photo of the location: any image Pillow reads (JPEG, PNG, WebP, GIF), checked, turned
    upright and kept as a JPEG at most 1600 px, with a thumbnail; metadata (GPS…) dropped."""
    _refuse(by, location.project)
    problems = {}
    clean, caption_problems = _check({"caption": caption}, {"caption": Rule("line", "caption")}, creating=False)
    problems.update(caption_problems)
    try:
        picture = images.picture_from_upload(data)
    except ValidationError as exc:
        problems["photo"] = " ".join(exc.message_dict.get("image", exc.messages))
        picture = None
    if location.photos.count() >= MAX_PHOTOS:
        problems["photo"] = f"A location holds at most {MAX_PHOTOS} photos; remove one first."
    if problems:
        raise ValidationError(problems)
    photo = LocationPhoto(location=location, width=picture.width, height=picture.height, caption=clean["caption"])
    stem = uuid.uuid4().hex
    photo.image.save(f"{stem}.jpg", ContentFile(picture.jpeg), save=False)
    photo.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(picture.thumb), save=False)
    photo.save()
    timeline.record(
        project=location.project, kind="shoot.location_changed",
        summary=f"{by.display_name} added a photo of the location {location.name}",
        actor=by, subject=location, data={"changed": ["photos"]}, stage=Stage.SHOOT,
    )  # fmt: skip
    return photo


@transaction.atomic
def location_photo_remove(*, photo: LocationPhoto, by: User) -> None:
    location = photo.location
    _refuse(by, location.project)
    files = [photo.image.name, photo.thumbnail.name]
    photo.delete()
    timeline.record(
        project=location.project, kind="shoot.location_changed",
        summary=f"{by.display_name} removed a photo of the location {location.name}",
        actor=by, subject=location, data={"changed": ["photos"]}, stage=Stage.SHOOT,
    )  # fmt: skip
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


# --- People --------------------------------------------------------------------------------------

PERSON_RULES = {
    "name": Rule("line", "name", required=True),
    "role": Rule("line", "role"),
    "department": Rule("choice", "department", choices=tuple(Department.values)),
    "email": Rule("email", "email", limit=254),
    "phone": Rule("phone", "phone", limit=50),
    "day_rate": Rule("money", "day rate"),
    "dietary": Rule("line", "dietary needs", limit=500),
    "access_notes": Rule("line", "access notes", limit=500),
}


def _who(person: Person) -> str:
    return f"{person.name} ({person.role})" if person.role else person.name


@transaction.atomic
def person_create(*, project: Project, by: User, **fields) -> Person:
    _refuse(by, project)
    clean, problems = _check(fields, PERSON_RULES, creating=True)
    if problems:
        raise ValidationError(problems)
    person = Person.objects.create(project=project, **clean)
    timeline.record(
        project=project, kind="shoot.person_added", summary=f"{by.display_name} added {_who(person)} to the shoot",
        actor=by, subject=person, stage=Stage.SHOOT,
    )  # fmt: skip
    return person


@transaction.atomic
def person_update(*, person: Person, by: User, **fields) -> Person:
    _refuse(by, person.project)
    clean, problems = _check(fields, PERSON_RULES, creating=False)
    if problems:
        raise ValidationError(problems)
    person = Person.objects.select_for_update(of=("self",)).select_related("project").get(pk=person.pk)
    changed = _changed(person, clean)
    if not changed:
        return person
    _apply(person, clean)
    person.save()
    timeline.record(
        project=person.project, kind="shoot.person_changed", summary=f"{by.display_name} changed {_who(person)}",
        actor=by, subject=person, data={"changed": sorted(changed)}, stage=Stage.SHOOT,
    )  # fmt: skip
    return person


@transaction.atomic
def person_delete(*, person: Person, by: User) -> None:
    _refuse(by, person.project)
    timeline.record(
        project=person.project, kind="shoot.person_removed",
        summary=f"{by.display_name} removed {_who(person)} from the shoot", actor=by, subject=person,
        stage=Stage.SHOOT,
    )  # fmt: skip
    person.delete()


@transaction.atomic
def person_feed_reset(*, person: Person, by: User) -> Person:
    """A new secret address for the person's calendar; the old one answers 404 from now on."""
    _refuse(by, person.project)
    Person.objects.filter(pk=person.pk).update(feed_token=new_feed_token(), updated_at=timezone.now())
    person.refresh_from_db(fields=["feed_token", "updated_at"])
    return person


@transaction.atomic
def project_feed_reset(*, project: Project, by: User) -> ShootSettings:
    _refuse(by, project)
    row = settings_for(project, by=by)
    ShootSettings.objects.filter(pk=row.pk).update(feed_token=new_feed_token(), updated_at=timezone.now())
    row.refresh_from_db()
    return row


# --- Equipment -----------------------------------------------------------------------------------

EQUIPMENT_RULES = {
    "item": Rule("line", "item", required=True),
    "quantity": Rule("count", "quantity"),
    "owner": Rule("line", "owner or rental house"),
    "cost": Rule("money", "cost"),
}


@transaction.atomic
def equipment_create(*, project: Project, by: User, **fields) -> Equipment:
    _refuse(by, project)
    clean, problems = _check(fields, EQUIPMENT_RULES, creating=True)
    if problems:
        raise ValidationError(problems)
    return Equipment.objects.create(project=project, **clean)


@transaction.atomic
def equipment_update(*, equipment: Equipment, by: User, **fields) -> Equipment:
    _refuse(by, equipment.project)
    clean, problems = _check(fields, EQUIPMENT_RULES, creating=False)
    if problems:
        raise ValidationError(problems)
    equipment = Equipment.objects.select_for_update(of=("self",)).select_related("project").get(pk=equipment.pk)
    _apply(equipment, clean)
    equipment.save()
    return equipment


@transaction.atomic
def equipment_delete(*, equipment: Equipment, by: User) -> None:
    _refuse(by, equipment.project)
    equipment.delete()


CHECK_STEPS = ("packed", "on_set", "returned")


@transaction.atomic
def equipment_check_set(*, day: ShootDay, equipment: Equipment, by: User, **steps) -> EquipmentCheck:
    """Tick or untick an item's steps on a day's checklist (packed, on set, returned)."""
    _refuse(by, day.project)
    if equipment.project_id != day.project_id:
        raise ValidationError({"equipment": "That item is not this project's."})
    unknown = set(steps) - set(CHECK_STEPS)
    if unknown or not all(isinstance(v, bool) for v in steps.values()):
        raise ValidationError({"__all__": "Tick packed, on set or returned (true or false)."})
    check, _ = EquipmentCheck.objects.select_for_update().get_or_create(day=day, equipment=equipment)
    _apply(check, steps)
    check.save()
    return check


# --- Budget --------------------------------------------------------------------------------------

BUDGET_RULES = {
    "category": Rule("choice", "category", required=True, choices=tuple(BudgetCategory.values)),
    "description": Rule("line", "description", limit=300, required=True),
    "estimate": Rule("money", "estimate", required=True),
    "actual": Rule("money", "actual cost"),
}


@transaction.atomic
def budget_line_create(*, project: Project, by: User, **fields) -> BudgetLine:
    _refuse(by, project)
    clean, problems = _check(fields, BUDGET_RULES, creating=True)
    if problems:
        raise ValidationError(problems)
    return BudgetLine.objects.create(project=project, **clean)


@transaction.atomic
def budget_line_update(*, line: BudgetLine, by: User, **fields) -> BudgetLine:
    _refuse(by, line.project)
    clean, problems = _check(fields, BUDGET_RULES, creating=False)
    if problems:
        raise ValidationError(problems)
    line = BudgetLine.objects.select_for_update(of=("self",)).select_related("project").get(pk=line.pk)
    _apply(line, clean)
    line.save()
    return line


@transaction.atomic
def budget_line_delete(*, line: BudgetLine, by: User) -> None:
    _refuse(by, line.project)
    line.delete()


# --- Shoot days ----------------------------------------------------------------------------------

DAY_RULES = {
    "date": Rule("date", "date", required=True),
    "call_time": Rule("time", "call time", required=True),
    "wrap_time": Rule("time", "wrap estimate", required=True),
    "time_zone": Rule("zone", "time zone", limit=64),
    "weather": Rule("line", "weather", limit=300),
    "hospital": Rule("text", "nearest hospital", limit=1000),
    "notes": Rule("text", "notes", limit=5000),
}


def _ids(values, what: str) -> tuple[list[uuid.UUID], str]:
    if values is None:
        return [], ""
    if not isinstance(values, list | tuple):
        return [], f"Send the {what} as a list."
    ids = []
    for value in values:
        try:
            ids.append(value.pk if hasattr(value, "pk") else uuid.UUID(str(value)))
        except ValueError:
            return [], f"“{value}” is not one of this project's {what}."
    if len(set(ids)) != len(ids):
        return [], f"The {what} name one twice."
    return ids, ""


def _calls_check(project: Project, calls) -> tuple[list[dict], str]:
    """``calls``: a list of {"person": id, "call_time": "HH:MM" or "" (the day's), "note": ""}."""
    if not isinstance(calls, list | tuple):
        return [], "Send the people called as a list."
    clean, seen = [], set()
    people = {p.pk: p for p in Person.objects.filter(project=project)}
    for call in calls:
        if not isinstance(call, dict):
            return [], "Each call names a person (and may give a call time and a note)."
        person_ids, problem = _ids([call.get("person")], "people")
        if problem or not person_ids or person_ids[0] not in people:
            return [], "Someone called is not one of this project's people."
        pid = person_ids[0]
        if pid in seen:
            return [], f"{people[pid].name} is called twice; give one call time each."
        seen.add(pid)
        time, problem = _parse(call.get("call_time") or "", Rule("time", f"call time of {people[pid].name}"))
        if problem:
            return [], problem
        note, problem = _parse(call.get("note") or "", Rule("line", "note", limit=300))
        if problem:
            return [], problem
        clean.append({"person": people[pid], "call_time": time, "note": note})
    return clean, ""


def day_check(*, project: Project, fields: dict, creating: bool) -> tuple[dict, dict[str, str]]:
    """Every problem with a shoot day's fields, its locations (ids of the project's) and its
    calls; the fields as they would be stored."""
    fields = dict(fields)
    locations = fields.pop("locations", None)
    calls = fields.pop("calls", None)
    clean, problems = _check(fields, DAY_RULES, creating=creating)
    if locations is not None:
        ids, problem = _ids(locations, "locations")
        found = list(Location.objects.filter(project=project, pk__in=ids)) if not problem else []
        if problem or len(found) != len(ids):
            problems["locations"] = problem or "A location chosen is not one of this project's."
        else:
            clean["locations"] = found
    if calls is not None:
        clean_calls, problem = _calls_check(project, calls)
        if problem:
            problems["calls"] = problem
        else:
            clean["calls"] = clean_calls
    if clean.get("call_time") and clean.get("wrap_time") and clean["call_time"] == clean["wrap_time"]:
        problems["wrap_time"] = "The wrap is the same as the call: give when the day is expected to end."
    return clean, problems


def _day_label(day: ShootDay) -> str:
    return f"{day.date:%a %-d %b %Y}"


def _save_relations(day: ShootDay, clean: dict) -> list[str]:
    changed = []
    if "locations" in clean:
        before = set(day.locations.values_list("pk", flat=True))
        if before != {loc.pk for loc in clean["locations"]}:
            day.locations.set(clean["locations"])
            changed.append("locations")
    if "calls" in clean:
        existing = {c.person_id: c for c in DayCall.objects.filter(day=day)}
        wanted = {c["person"].pk: c for c in clean["calls"]}
        gone = [pk for pk in existing if pk not in wanted]
        if gone:
            DayCall.objects.filter(day=day, person_id__in=gone).delete()
            changed.append("calls")
        for pk, call in wanted.items():
            row = existing.get(pk)
            if row is None:
                DayCall.objects.create(day=day, person=call["person"], call_time=call["call_time"], note=call["note"])
                changed.append("calls")
            elif (row.call_time, row.note) != (call["call_time"], call["note"]):
                row.call_time, row.note = call["call_time"], call["note"]
                row.save(update_fields=["call_time", "note", "updated_at"])
                changed.append("calls")
    return changed


@transaction.atomic
def day_create(*, project: Project, by: User, **fields) -> ShootDay:
    """Schedule a shoot day. ``locations``: ids of the project's locations; ``calls``: who is
    called (see ``_calls_check``); the time zone is the project's shoot time zone unless given."""
    _refuse(by, project)
    clean, problems = day_check(project=project, fields=fields, creating=True)
    if problems:
        raise ValidationError(problems)
    relations = {k: clean.pop(k) for k in ("locations", "calls") if k in clean}
    clean.setdefault("time_zone", settings_for(project, by=by).time_zone)
    clean["time_zone"] = clean["time_zone"] or settings_for(project, by=by).time_zone
    day = ShootDay.objects.create(project=project, **clean)
    _save_relations(day, relations)
    timeline.record(
        project=project, kind="shootday.scheduled",
        summary=f"{by.display_name} scheduled a shoot day on {_day_label(day)} (call {day.call_time:%H:%M})",
        actor=by, subject=day, data={"date": day.date.isoformat(), "calls": len(relations.get("calls", []))},
        stage=Stage.SHOOT,
    )  # fmt: skip
    return day


@transaction.atomic
def day_update(*, day: ShootDay, by: User, **fields) -> ShootDay:
    _refuse(by, day.project)
    clean, problems = day_check(project=day.project, fields=fields, creating=False)
    day = ShootDay.objects.select_for_update(of=("self",)).select_related("project").get(pk=day.pk)
    call_time, wrap_time = clean.get("call_time", day.call_time), clean.get("wrap_time", day.wrap_time)
    if "wrap_time" not in problems and call_time == wrap_time:
        problems["wrap_time"] = "The wrap is the same as the call: give when the day is expected to end."
    if problems:
        raise ValidationError(problems)
    if clean.get("time_zone") == "":
        clean.pop("time_zone")
    relations = {k: clean.pop(k) for k in ("locations", "calls") if k in clean}
    changed = _changed(day, clean)
    _apply(day, clean)
    if changed:
        day.save()
    changed += _save_relations(day, relations)
    if changed:
        timeline.record(
            project=day.project, kind="shootday.changed",
            summary=f"{by.display_name} changed the shoot day on {_day_label(day)}",
            actor=by, subject=day, data={"changed": sorted(set(changed))}, stage=Stage.SHOOT,
        )  # fmt: skip
    return day


@transaction.atomic
def day_delete(*, day: ShootDay, by: User) -> None:
    _refuse(by, day.project)
    timeline.record(
        project=day.project, kind="shootday.removed",
        summary=f"{by.display_name} removed the shoot day on {_day_label(day)}", actor=by, subject=day,
        stage=Stage.SHOOT,
    )  # fmt: skip
    day.delete()


# --- Call sheets ---------------------------------------------------------------------------------


def sheet_content(day: ShootDay) -> dict:
    """What a call sheet says, as data: sending it again after any of this changed is a revision.
    The day's shots are in it when it has any (a day without shots hashes as it did before there
    was a schedule, so sheets sent then are not taken for changed)."""
    shots = [  # the schedule: shooting order and what the sheet prints of each shot
        [
            str(r.shot_id),
            r.shot.number,
            r.shot.description,
            r.shot.framing,
            r.shot.shot_size,
            r.shot.angle,
            r.shot.location,
            r.shot.cast,
            r.minutes,
        ]
        for r in ScheduledShot.objects.filter(day=day).select_related("shot").order_by("position")
    ]
    calls = DayCall.objects.filter(day=day).select_related("person").order_by("person__name", "person_id")
    content = {
        "date": day.date.isoformat(),
        "call": day.call_time.isoformat(),
        "wrap": day.wrap_time.isoformat(),
        "zone": day.time_zone,
        "weather": day.weather,
        "hospital": day.hospital,
        "notes": day.notes,
        "locations": [
            [loc.name, loc.address, loc.contact_name, loc.contact_phone] for loc in day.locations.order_by("name", "pk")
        ],
        "calls": [
            [str(c.person_id), c.person.name, c.person.role, (c.call_time or day.call_time).isoformat(), c.note]
            for c in calls
        ],
    }
    if shots:
        content["shots"] = shots
    return content


def sheet_hash(day: ShootDay) -> str:
    """What the day's call sheet says now, hashed: a sent sheet whose hash differs is out of date."""
    return hashlib.sha256(json.dumps(sheet_content(day), sort_keys=True).encode()).hexdigest()


def confirm_expiry(day: ShootDay) -> dt.datetime:
    """A confirm link works until the shoot day is over: the later of its wrap and its midnight."""
    midnight = dt.datetime.combine(day.date + dt.timedelta(days=1), dt.time(0), tzinfo=zoneinfo.ZoneInfo(day.time_zone))
    return max(day.ends_at, midnight)


@dataclass(frozen=True)
class Sending:
    sheet: CallSheet
    revised: bool
    sent_to: list[CallSheetRecipient]
    skipped: list[Person]  # called, but with no email address


@transaction.atomic
def call_sheet_send(*, day: ShootDay, by: User) -> Sending:
    """Email the day's call sheet to everyone called (each their own confirm link, the PDF
    attached). Sent before with other content: a new revision, marked revised, to everyone again
    (their earlier links stop working: the revision they confirmed is not today's). Sent before
    with the same content: only to the people who have not got it yet (called since, or given an
    email since); when that is nobody, nothing is sent and the reason is given."""
    _refuse(by, day.project)
    day = ShootDay.objects.select_for_update(of=("self",)).select_related("project").get(pk=day.pk)
    calls = list(DayCall.objects.filter(day=day).select_related("person"))
    if not calls:
        raise ValidationError({"__all__": "Nobody is called on this day yet: call the crew and cast first."})
    reachable = [c.person for c in calls if c.person.email]
    skipped = [c.person for c in calls if not c.person.email]
    if not reachable:
        raise ValidationError({"__all__": "Nobody called has an email address: add their emails first."})
    sheet, _ = CallSheet.objects.get_or_create(day=day)
    sheet = CallSheet.objects.select_for_update(of=("self",)).get(pk=sheet.pk)
    content_hash = sheet_hash(day)
    revised = False
    if sheet.revision and sheet.content_hash == content_hash:
        have = set(
            CallSheetRecipient.objects.filter(sheet=sheet, revision=sheet.revision).values_list("person_id", flat=True)
        )
        targets = [p for p in reachable if p.pk not in have]
        if not targets:
            raise ValidationError(
                {"__all__": f"Nothing changed since this call sheet was sent ({_revision_label(sheet)}), "
                            "and everyone called with an email has it."}
            )  # fmt: skip
    else:
        revised = sheet.revision > 0
        sheet.revision += 1
        sheet.content_hash = content_hash
        targets = reachable
    sheet.sent_at = timezone.now()
    sheet.sent_by = by
    sheet.save()
    expires = confirm_expiry(day)
    copies = [
        CallSheetRecipient.objects.create(
            sheet=sheet, person=person, revision=sheet.revision, email=person.email, expires_at=expires
        )
        for person in targets
    ]
    names = ", ".join(p.name for p in targets)
    timeline.record(
        project=day.project,
        kind="callsheet.revised" if revised else "callsheet.sent",
        summary=(
            f"{by.display_name} sent the {'revised ' if revised else ''}call sheet for {_day_label(day)} "
            f"to {len(copies)} {'person' if len(copies) == 1 else 'people'} ({names})"
        )[:500],
        actor=by, subject=sheet, data={"revision": sheet.revision, "sent_to": len(copies)}, stage=Stage.SHOOT,
    )  # fmt: skip
    for copy in copies:
        publish_after_commit(tasks.send_call_sheet, str(copy.pk))
    return Sending(sheet=sheet, revised=revised, sent_to=copies, skipped=skipped)


def _revision_label(sheet: CallSheet) -> str:
    return "revision 1" if sheet.revision == 1 else f"revision {sheet.revision}"


def call_sheet_email(*, recipient_id) -> bool:
    """Email one person their copy (in a worker): the sheet as text and HTML with their call
    time and confirm link, the PDF attached. False when there is nothing to send (gone, already
    sent — the task was delivered twice —, or superseded by a newer revision)."""
    from . import mail

    copy = (
        CallSheetRecipient.objects.select_related("sheet__day__project__organization", "person", "sheet__sent_by")
        .filter(pk=recipient_id)
        .first()
    )
    if copy is None or copy.sent_at is not None or copy.revision != copy.sheet.revision:
        return False
    mail.send_copy(copy)
    CallSheetRecipient.objects.filter(pk=copy.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


def call_sheets_requeue_unsent(*, now: dt.datetime | None = None) -> int:
    """Copies of the current revision still unsent ``CALL_SHEET_REQUEUE_AFTER`` seconds after they
    were made (their task never reached a worker), and still useful (the day is not over): queued
    again. The task sends a copy at most once (it checks ``sent_at``)."""
    now = now or timezone.now()
    waiting = CallSheetRecipient.objects.filter(
        sent_at__isnull=True,
        revision=F("sheet__revision"),
        expires_at__gt=now,
        created_at__lte=now - dt.timedelta(seconds=settings.CALL_SHEET_REQUEUE_AFTER),
    ).values_list("pk", flat=True)
    return sum(publish(tasks.send_call_sheet, str(pk)) for pk in waiting)


@dataclass(frozen=True)
class LinkCheck:
    """What a confirm link is: ``ok`` (usable), else why it changes nothing."""

    state: str  # ok, wrong, other_sheet, superseded, used, expired
    copy: CallSheetRecipient | None = None

    @property
    def message(self) -> str:
        return {
            "ok": "",
            "wrong": "This confirmation link is not valid. Check that you opened the whole link from the email.",
            "other_sheet": "This confirmation link is for another call sheet, so it cannot confirm this one.",
            "superseded": "This call sheet has been revised since this email. Open the newest call sheet email and "
            "confirm from its link.",
            "used": "You have already confirmed this call. Nothing changed.",
            "expired": "This confirmation link has expired: the shoot day is over. Nothing changed.",
        }[self.state]


def confirm_link_check(*, sheet_id, token: str, now: dt.datetime | None = None) -> LinkCheck:
    now = now or timezone.now()
    recipient_id = tokens.recipient_id_of(token)
    copy = (
        CallSheetRecipient.objects.select_related("sheet__day__project", "person").filter(pk=recipient_id).first()
        if recipient_id
        else None
    )
    if copy is None:
        return LinkCheck("wrong")
    if str(copy.sheet_id) != str(sheet_id):
        return LinkCheck("other_sheet")
    if copy.confirmed_at is not None:
        return LinkCheck("used", copy)
    if copy.revision != copy.sheet.revision:
        return LinkCheck("superseded", copy)
    if now >= copy.expires_at:
        return LinkCheck("expired", copy)
    return LinkCheck("ok", copy)


@transaction.atomic
def call_sheet_opened(*, copy: CallSheetRecipient) -> None:
    """The person opened their link (its page): kept once, the first time."""
    CallSheetRecipient.objects.filter(pk=copy.pk, opened_at__isnull=True).update(opened_at=timezone.now())


@transaction.atomic
def call_sheet_confirm(*, sheet_id, token: str) -> LinkCheck:
    """Confirm the call of the person the token names, once. Any other state changes nothing."""
    check = confirm_link_check(sheet_id=sheet_id, token=token)
    if check.state != "ok":
        return check
    copy = CallSheetRecipient.objects.select_for_update(of=("self",)).get(pk=check.copy.pk)
    if copy.confirmed_at is not None:  # confirmed by a second click in the meantime
        return LinkCheck("used", check.copy)
    now = timezone.now()
    copy.confirmed_at = now
    copy.opened_at = copy.opened_at or now
    copy.save(update_fields=["confirmed_at", "opened_at", "updated_at"])
    day = check.copy.sheet.day
    person = check.copy.person
    timeline.record(
        project=day.project, kind="callsheet.confirmed",
        summary=f"{person.name} confirmed the call for {_day_label(day)}", subject=copy.sheet,
        data={"person": str(person.pk), "revision": copy.revision}, stage=Stage.SHOOT,
    )  # fmt: skip
    copy.sheet, copy.person = check.copy.sheet, person
    notify.call_confirmed(copy=copy, day=day, label=_day_label(day))
    return LinkCheck("ok", copy)
