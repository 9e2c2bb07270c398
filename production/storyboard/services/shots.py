"""Every write of the shot list: shots added, changed, reordered, moved up or down, their status
changed, removed. Keyword-only, one transaction each, the timeline told inside it under the
storyboard stage (the team's events: the client reads the list itself, not each edit),
permission checked first; bad input is refused with every problem at once and changes nothing.

A shot's brief links (``message_keys``, ``asset_keys``) name rows of the project's current brief
by their stable keys (``storyboard.brief.brief_rows``); a key the brief does not hold is refused,
except one the shot already carries (the brief dropped it since: it stays, and the page says so)."""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from projects import timeline
from projects.models import Project, Stage, User

from .. import brief
from ..models import MAX_MINUTES, Frame, Framing, Scene, Shot
from . import TEXT_MAX_LENGTH, _refuse_writer, _text_problem, camera_check

SHOT_FIELDS = ("number", "scene", "frame", "description", "shot_size", "angle", "movement", "lens", "location",
               "cast", "setup_minutes", "shoot_minutes", "framing", "message_keys", "asset_keys")  # fmt: skip
SHORT_TEXT = {"lens": 40, "location": 300, "cast": 500}
_NUMBER = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,11}")
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: on a slate they read as 1 and 0


def _row(model, value, *, project: Project, what: str, problems: dict, name: str, lookup: str):
    if value in (None, ""):
        return None
    row_id = value.pk if isinstance(value, model) else value
    try:
        found = model.objects.filter(pk=uuid.UUID(str(row_id)), **{lookup: project}).first()
    except ValueError:
        found = None
    if found is None:
        problems[name] = what
    return found


def _keys(value, *, known: set[str], kept: set[str], what: str) -> tuple[list[str], str]:
    """A list of brief keys as stored (UUID text, each once, in the order given), or a problem."""
    if value in (None, ""):
        return [], ""
    if not isinstance(value, list | tuple):
        return [], f"Send the {what}s as a list of their keys."
    keys: list[str] = []
    for item in value:
        try:
            key = str(uuid.UUID(str(item).strip()))
        except ValueError:
            return [], f"“{str(item)[:60]}” is not the key of one of the brief's {what}s."
        if key not in keys:
            keys.append(key)
    unknown = [k for k in keys if k not in known and k not in kept]
    if unknown:
        if not known:
            return [], f"This project's brief has no {what}s to link a shot to."
        return [], (
            f"{len(unknown)} of the {what}s named {'is' if len(unknown) == 1 else 'are'} not in the project's "
            f"current brief: {', '.join(unknown)}."
        )
    return keys, ""


def shot_check(*, project: Project, fields: dict, shot: Shot | None = None) -> tuple[dict, dict[str, str]]:
    """The shot's fields as they would be stored, and every problem with them. ``scene`` is a scene
    of the project's script and ``frame`` a frame of its storyboard (ids, rows, or None); minutes
    are whole numbers from 0 to 720; the brief keys lists of the current brief's row keys."""
    clean, problems = camera_check(fields, allowed=SHOT_FIELDS)
    if "framing" in fields:
        value = fields["framing"] or ""
        if value not in Framing.values:
            problems["framing"] = f"Choose the framing: {', '.join(Framing.labels)}."
        else:
            clean["framing"] = value
    if "number" in fields:
        value = fields["number"]
        value = value.strip() if isinstance(value, str) else ("" if value is None else str(value))
        if value and not _NUMBER.fullmatch(value):
            problems["number"] = "A shot number is up to 12 letters and digits, such as 12 or 12A."
        else:
            clean["number"] = value.upper()
    for name in ("setup_minutes", "shoot_minutes"):
        if name in fields:
            value = fields[name]
            if value in (None, ""):
                clean[name] = None
                continue
            try:
                minutes = int(str(value).strip().removesuffix("min").strip())
            except ValueError:
                minutes = None
            what = "setup" if name == "setup_minutes" else "shooting"
            if minutes is None or minutes < 0 or minutes > MAX_MINUTES:
                problems[name] = f"Give the {what} time in whole minutes, from 0 to {MAX_MINUTES} (12 hours)."
            else:
                clean[name] = minutes
    for name in ("description", "lens", "location", "cast"):
        if name in fields:
            value = fields[name] or ""
            if not isinstance(value, str):
                problems[name] = f"Send the {name} as text."
                continue
            limit = SHORT_TEXT.get(name, TEXT_MAX_LENGTH)
            problem = _text_problem(value, limit=limit, what=name)
            if name in SHORT_TEXT and not problem and "\n" in value.strip():
                problem = f"The {name} is one line."
            if problem:
                problems[name] = problem
            else:
                clean[name] = value.strip()
    if "scene" in fields:
        clean["scene"] = _row(
            Scene, fields["scene"], project=project, problems=problems, name="scene",
            what="That scene is not in this project's script.", lookup="version__script__project",
        )  # fmt: skip
    if "frame" in fields:
        clean["frame"] = _row(
            Frame, fields["frame"], project=project, problems=problems, name="frame",
            what="That frame is not on this project's storyboard.", lookup="project",
        )  # fmt: skip
    if "message_keys" in fields or "asset_keys" in fields:
        messages, assets = brief.brief_rows(project)
        for name, rows, what in (("message_keys", messages, "mandatory message"), ("asset_keys", assets, "asset")):
            if name not in fields:
                continue
            kept = set(getattr(shot, name)) if shot is not None else set()
            keys, problem = _keys(fields[name], known={r.key for r in rows}, kept=kept, what=what)
            if problem:
                problems[name] = problem
            else:
                clean[name] = keys
    return clean, problems


def default_number(*, project: Project, scene: Scene | None) -> str:
    """The next free number: the scene's number and a letter (12A, 12B…, no I or O), or without a
    scene the next whole number."""
    taken = set(Shot.objects.filter(project=project).values_list("number", flat=True))
    if scene is not None:
        stem = scene.number.upper()
        for n in range(len(LETTERS) * (len(LETTERS) + 1)):
            suffix = LETTERS[n] if n < len(LETTERS) else LETTERS[n // len(LETTERS) - 1] + LETTERS[n % len(LETTERS)]
            if f"{stem}{suffix}"[:12] not in taken:
                return f"{stem}{suffix}"[:12]
    n = 1
    while str(n) in taken:
        n += 1
    return str(n)


def _number_taken(project: Project, number: str, shot: Shot | None) -> bool:
    qs = Shot.objects.filter(project=project, number=number)
    return (qs.exclude(pk=shot.pk) if shot is not None else qs).exists()


def _timeline(project: Project, by: User, kind: str, summary: str, **extra) -> None:
    timeline.record(project=project, kind=kind, summary=summary, actor=by, stage=Stage.STORYBOARD, **extra)


@transaction.atomic
def shot_create(*, project: Project, by: User, **fields) -> Shot:
    """A new shot at the end of the list; its number, when none is given, the next one of its scene."""
    _refuse_writer(by, project)
    clean, problems = shot_check(project=project, fields=fields)
    if problems:
        raise ValidationError(problems)
    Project.objects.select_for_update().filter(pk=project.pk).first()  # one list change at a time
    if not clean.get("number"):
        clean["number"] = default_number(project=project, scene=clean.get("scene"))
    elif _number_taken(project, clean["number"], None):
        raise ValidationError({"number": f"Shot {clean['number']} is already on the list; give another number."})
    last = Shot.objects.filter(project=project).aggregate(last=Max("position"))["last"]
    shot = Shot.objects.create(project=project, position=0 if last is None else last + 1, created_by=by, **clean)
    _timeline(project, by, "shotlist.shot_added", f"{by.display_name} added shot {shot.number} to the shot list",
              subject=shot)  # fmt: skip
    return shot


@transaction.atomic
def shot_update(*, shot: Shot, by: User, **fields) -> Shot:
    """Change what is sent (fields left out stay as they are)."""
    _refuse_writer(by, shot.project)
    clean, problems = shot_check(project=shot.project, fields=fields, shot=shot)
    if problems:
        raise ValidationError(problems)
    Project.objects.select_for_update().filter(pk=shot.project_id).first()
    shot = Shot.objects.select_for_update(of=("self",)).select_related("project").get(pk=shot.pk)
    if "number" in clean and not clean["number"]:
        clean.pop("number")  # an emptied number keeps the one the shot has
    if "number" in clean and clean["number"] != shot.number and _number_taken(shot.project, clean["number"], shot):
        raise ValidationError({"number": f"Shot {clean['number']} is already on the list; give another number."})
    changed = sorted(name for name, value in clean.items() if getattr(shot, name) != value)
    if not changed:
        return shot
    for name in changed:
        setattr(shot, name, clean[name])
    shot.save()
    _timeline(shot.project, by, "shotlist.shot_changed", f"{by.display_name} changed shot {shot.number}",
              subject=shot, data={"changed": changed})  # fmt: skip
    return shot


@transaction.atomic
def shot_set_status(*, shot: Shot, status: str, by: User) -> Shot:
    """Planned, scheduled, shot, circled (a take is picked); any step, forward or back."""
    _refuse_writer(by, shot.project)
    if status not in Shot.Status.values:
        raise ValidationError({"status": f"Choose a status: {', '.join(Shot.Status.values)}."})
    shot = Shot.objects.select_for_update(of=("self",)).select_related("project").get(pk=shot.pk)
    if shot.status == status:
        return shot
    before = shot.get_status_display()
    shot.status = status
    shot.save(update_fields=["status", "updated_at"])
    _timeline(shot.project, by, "shotlist.status_changed",
              f"{by.display_name} marked shot {shot.number} {shot.get_status_display().lower()} (was {before.lower()})",
              subject=shot, data={"status": status})  # fmt: skip
    return shot


@transaction.atomic
def shot_delete(*, shot: Shot, by: User) -> None:
    _refuse_writer(by, shot.project)
    shot = Shot.objects.select_for_update(of=("self",)).select_related("project").get(pk=shot.pk)
    _timeline(shot.project, by, "shotlist.shot_removed",
              f"{by.display_name} removed shot {shot.number} from the shot list", subject=shot)  # fmt: skip
    shot.delete()


@transaction.atomic
def shots_reorder(*, project: Project, order: list, by: User) -> list[Shot]:
    """Put the list in ``order``: every shot id of the project, each exactly once. Anything else
    (a shot missing, twice, of another project, not an id) is refused and changes nothing."""
    _refuse_writer(by, project)
    Project.objects.select_for_update().filter(pk=project.pk).first()
    shots = {str(s.pk): s for s in Shot.objects.filter(project=project).order_by("position")}
    if not isinstance(order, list | tuple):
        raise ValidationError({"order": "Send the order as a list of shot ids."})
    wanted = [str(item).strip() for item in order]
    if len(set(wanted)) != len(wanted):
        raise ValidationError({"order": "The order names a shot more than once."})
    unknown = [item for item in wanted if item not in shots]
    if unknown:
        raise ValidationError({"order": f"The order names {len(unknown)} shot(s) that are not on this shot list."})
    if len(wanted) != len(shots):
        raise ValidationError(
            {"order": f"The order must name every shot of the list ({len(shots)}); it names {len(wanted)}."}
        )
    if wanted == list(shots):
        return list(shots.values())
    ordered = [shots[item] for item in wanted]
    offset = (max(s.position for s in ordered) if ordered else 0) + 1
    Shot.objects.filter(project=project).update(position=F("position") + offset + len(ordered))
    for index, shot in enumerate(ordered):  # past the end first: the unique constraint never sees two at one place
        Shot.objects.filter(pk=shot.pk).update(position=index)
        shot.position = index
    _timeline(project, by, "shotlist.reordered", f"{by.display_name} reordered the shot list",
              data={"shots": len(ordered)})  # fmt: skip
    return ordered


@transaction.atomic
def shot_move(*, shot: Shot, direction: str, by: User) -> Shot:
    """One place earlier ("up") or later ("down") among the shots of its scene group on the page
    (the list without script)."""
    _refuse_writer(by, shot.project)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move a shot up or down."})
    from ..selectors import shot_list_order

    ids = shot_list_order(project=shot.project)  # (scene group, shot id) in the page's order
    index = next(i for i, (_, pk) in enumerate(ids) if pk == shot.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids) and ids[other][0] == ids[index][0]:
        ids[index], ids[other] = ids[other], ids[index]
        shots_reorder(project=shot.project, order=[str(pk) for _, pk in ids], by=by)
    shot.refresh_from_db()
    return shot
