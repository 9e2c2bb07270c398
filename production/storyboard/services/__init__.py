"""Every write of the storyboard stage: script versions (imported or saved Fountain text) and the
storyboard's frames (added, changed, reordered, removed, commented). Keyword-only, one
transaction each, the timeline told inside it under the storyboard stage, permission checked
first; bad input is refused with every problem at once and changes nothing.

On the timeline: a new script version is client-visible (the client reads the script); frame
changes and comments are the team's (a client sees the board itself, not each edit)."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max

from production.media.engine import timecode
from production.media.models import MediaAsset
from production.media.selectors import asset_with_renders
from production.media.stills import frame_stills
from projects import timeline
from projects.models import Project, Stage, User

from .. import fountain, images
from ..models import (
    COMMENT_MAX_LENGTH,
    Angle,
    Frame,
    FrameComment,
    Movement,
    Scene,
    Script,
    ScriptVersion,
    Shot,
    ShotSize,
)
from ..permissions import can_comment, can_write

NOTE_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 5000
MAX_DURATION = Decimal("3600")
FOUNTAIN_EXTENSIONS = (".fountain", ".spmd", ".txt")
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse_writer(by: User, project: Project) -> None:
    if not can_write(by, project):
        raise PermissionDenied("Only the project's producers and editors can change its script and storyboard.")


def _text_problem(value: str, *, limit: int, what: str) -> str:
    if len(value) > limit:
        return f"The {what} is too long ({len(value):,} characters; at most {limit:,})."
    if _UNSTORABLE.search(value):
        return f"The {what} holds control characters that cannot be stored; type it again as plain text."
    return ""


# --- The script ----------------------------------------------------------------------------------


def script_text_check(*, text: str, note: str = "") -> dict[str, str]:
    """Every problem with a new version's text and note."""
    problems = {}
    problem = fountain.text_problem(text)
    if not problem:
        try:
            fountain.parse(text)
        except fountain.FountainError as exc:
            problem = str(exc)
    if problem:
        problems["text"] = problem
    note_problem = _text_problem(note, limit=NOTE_MAX_LENGTH, what="note")
    if note_problem:
        problems["note"] = note_problem
    return problems


def fountain_file_text(*, name: str, data: bytes) -> str:
    """The text of an uploaded Fountain file; ValidationError (on ``file``) when it is not one."""
    if not name.lower().endswith(FOUNTAIN_EXTENSIONS):
        raise ValidationError({"file": "Upload a Fountain screenplay: a .fountain (or .spmd, .txt) file."})
    try:
        return fountain.decode_upload(data)
    except fountain.FountainError as exc:
        raise ValidationError({"file": str(exc)}) from exc


@transaction.atomic
def script_import(*, project: Project, name: str, data: bytes, by: User, note: str = "") -> ScriptVersion:
    """A Fountain file becomes the script's next version."""
    _refuse_writer(by, project)
    text = fountain_file_text(name=name, data=data)
    return _new_version(
        project=project, text=text, by=by, note=note, origin=ScriptVersion.Origin.IMPORTED, file_name=name[-255:]
    )


@transaction.atomic
def script_save(*, project: Project, text: str, by: User, note: str = "") -> ScriptVersion:
    """Text written or pasted in the editor becomes the script's next version."""
    _refuse_writer(by, project)
    return _new_version(project=project, text=text, by=by, note=note, origin=ScriptVersion.Origin.SAVED)


def _new_version(
    *, project: Project, text: str, by: User, note: str, origin: str, file_name: str = ""
) -> ScriptVersion:
    if not isinstance(text, str):
        raise ValidationError({"text": "Send the script as text."})
    text = fountain.normalize(text) if text.strip() else text
    problems = script_text_check(text=text, note=note)
    if problems:
        raise ValidationError(problems)
    parsed = fountain.parse(text)
    script, _ = Script.objects.get_or_create(project=project)
    script = Script.objects.select_for_update().get(pk=script.pk)  # one new version at a time
    last = script.versions.order_by("-number").first()
    if last is not None and last.source == text:
        raise ValidationError(
            {"text": f"Nothing changed: this is the text of version {last.number}, so no new version was made."}
        )
    version = ScriptVersion.objects.create(
        script=script,
        number=(last.number if last else 0) + 1,
        source=text,
        origin=origin,
        file_name=file_name,
        note=note.strip(),
        title_page=parsed.title_page,
        lead=parsed.lead,
        lines=parsed.lines,
        created_by=by,
    )
    seen: dict[str, int] = {}
    scenes = []
    for scene in parsed.scenes:
        seen[scene.key] = seen.get(scene.key, 0) + 1
        scenes.append(
            Scene(
                version=version,
                position=scene.position,
                number=scene.number[:20],
                heading=scene.heading[:300],
                setting=scene.setting,
                location=scene.location[:300],
                time_of_day=scene.time_of_day[:100],
                action=scene.action,
                dialogue=scene.dialogue,
                characters=scene.characters,
                elements=scene.elements,
                lines=scene.lines,
                key=f"{scene.key[:300]}#{seen[scene.key]}",
            )
        )
    Scene.objects.bulk_create(scenes)
    if parsed.title != script.title:
        script.title = parsed.title[:200]
        script.save(update_fields=["title", "updated_at"])
    relinked, shots_relinked = _relink(project=project, version=version)
    imported = origin == ScriptVersion.Origin.IMPORTED
    timeline.record(
        project=project,
        kind="script.imported" if imported else "script.saved",
        summary=(
            f"{by.display_name} {'imported' if imported else 'saved'} script version {version.number} "
            f"({len(scenes)} scene{'s' if len(scenes) != 1 else ''}, {version.page_label} pages)"
        ),
        actor=by,
        subject=version,
        data={
            "number": version.number,
            "scenes": len(scenes),
            "frames_relinked": relinked,
            "shots_relinked": shots_relinked,
        },
        stage=Stage.STORYBOARD,
        client_visible=True,
    )
    return version


def _relink(*, project: Project, version: ScriptVersion) -> tuple[int, int]:
    """The board's frames and the shot list's shots that belong to a scene of an earlier version
    move to the same scene of ``version`` (same heading, same occurrence): one read and one
    update per moved scene, whatever the number of rows. A row whose scene is gone keeps it.
    Returns how many frames and shots moved."""
    by_key = {key: pk for key, pk in version.scenes.values_list("key", "pk")}
    moved = []
    for model in (Frame, Shot):
        rows = model.objects.filter(project=project, scene__isnull=False).exclude(scene__version=version)
        targets: dict = {}
        for row_id, key in rows.values_list("pk", "scene__key"):
            if key in by_key:
                targets.setdefault(by_key[key], []).append(row_id)
        for scene_id, ids in targets.items():
            model.objects.filter(pk__in=ids).update(scene_id=scene_id)
        moved.append(sum(len(ids) for ids in targets.values()))
    return moved[0], moved[1]


# --- Frames --------------------------------------------------------------------------------------


def camera_check(fields: dict, *, allowed: tuple[str, ...]) -> tuple[dict, dict[str, str]]:
    """What frames and shots check alike: no field outside ``allowed``, and the shot size, angle
    and movement (each optional) among their choices. The cleaned values and the problems, for
    the caller to add its own to."""
    clean: dict = {}
    problems: dict[str, str] = {}
    unknown = set(fields) - set(allowed)
    if unknown:
        problems["__all__"] = f"Unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(sorted(unknown))}."
    for name, choices, what in (
        ("shot_size", ShotSize, "shot size"),
        ("angle", Angle, "angle"),
        ("movement", Movement, "camera movement"),
    ):
        if name in fields:
            value = fields[name] or ""
            if value and value not in choices.values:
                problems[name] = f"“{value}” is not a {what}; choose one of {', '.join(choices.values)}."
            else:
                clean[name] = value
    return clean, problems


FRAME_FIELDS = ("scene", "shot_size", "angle", "movement", "duration", "dialogue", "notes")


def frame_check(*, project: Project, fields: dict) -> tuple[dict, dict[str, str]]:
    """The frame's fields as they would be stored, and every problem with them. ``scene`` is a
    scene id (or a Scene, or None) of the project's script; ``duration`` seconds (text or number)."""
    clean, problems = camera_check(fields, allowed=FRAME_FIELDS)
    if "duration" in fields:
        value = fields["duration"]
        if value in (None, ""):
            clean["duration"] = None
        else:
            try:
                seconds = Decimal(str(value).strip().removesuffix("s").strip())
            except InvalidOperation:
                seconds = None
            if seconds is None or not seconds.is_finite():
                problems["duration"] = "Give the duration in seconds, such as 2.5."
            elif seconds <= 0 or seconds > MAX_DURATION:
                problems["duration"] = "A frame lasts more than 0 and at most 3600 seconds."
            else:
                clean["duration"] = seconds.quantize(Decimal("0.1"))
    for name, what in (("dialogue", "dialogue"), ("notes", "notes")):
        if name in fields:
            value = fields[name] or ""
            if not isinstance(value, str):
                problems[name] = f"Send the {what} as text."
                continue
            problem = _text_problem(value, limit=TEXT_MAX_LENGTH, what=what)
            if problem:
                problems[name] = problem
            else:
                clean[name] = value.strip()
    if "scene" in fields:
        scene = fields["scene"]
        if scene in (None, ""):
            clean["scene"] = None
        else:
            scene_id = scene.pk if isinstance(scene, Scene) else scene
            try:
                found = Scene.objects.filter(pk=uuid.UUID(str(scene_id)), version__script__project=project).first()
            except ValueError:
                found = None
            if found is None:
                problems["scene"] = "That scene is not in this project's script."
            else:
                clean["scene"] = found
    return clean, problems


def _summary(frame: Frame) -> str:
    return f"frame {frame.number}" + (f" ({frame.shot_size})" if frame.shot_size else "")


def _board_number(frame: Frame) -> int:
    return Frame.objects.filter(project_id=frame.project_id, position__lt=frame.position).count() + 1


@transaction.atomic
def frame_create(
    *,
    project: Project,
    by: User,
    image: tuple[str, bytes] | None = None,
    still_of: MediaAsset | None = None,
    still_timecode: str = "",
    **fields,
) -> Frame:
    """A new frame at the end of the board, with a picture from an uploaded image (``image``:
    name and bytes) or a still of a reference video at a timecode, or none yet."""
    _refuse_writer(by, project)
    clean, problems = frame_check(project=project, fields=fields)
    picture, picture_problems = _picture(project=project, by=by, image=image, still_of=still_of, tc=still_timecode)
    problems.update(picture_problems)
    if problems:
        raise ValidationError(problems)
    Project.objects.select_for_update().filter(pk=project.pk).first()  # one board change at a time
    last = Frame.objects.filter(project=project).aggregate(last=Max("position"))["last"]
    frame = Frame(project=project, position=0 if last is None else last + 1, created_by=by, **clean)
    _set_picture(frame, picture, still_of)
    frame.save()
    frame.board_number = _board_number(frame)
    timeline.record(
        project=project,
        kind="storyboard.frame_added",
        summary=f"{by.display_name} added {_summary(frame)} to the storyboard",
        actor=by,
        subject=frame,
        stage=Stage.STORYBOARD,
    )
    return frame


@transaction.atomic
def frame_update(
    *,
    frame: Frame,
    by: User,
    image: tuple[str, bytes] | None = None,
    still_of: MediaAsset | None = None,
    still_timecode: str = "",
    remove_image: bool = False,
    **fields,
) -> Frame:
    """Change what is sent (fields left out stay as they are); a new picture replaces the old one."""
    _refuse_writer(by, frame.project)
    clean, problems = frame_check(project=frame.project, fields=fields)
    picture, picture_problems = _picture(
        project=frame.project, by=by, image=image, still_of=still_of, tc=still_timecode
    )
    problems.update(picture_problems)
    if problems:
        raise ValidationError(problems)
    frame = Frame.objects.select_for_update().select_related("project").get(pk=frame.pk)
    old_files = [f.name for f in (frame.image, frame.thumbnail) if f]
    changed = [name for name, value in clean.items() if getattr(frame, name) != value]
    for name, value in clean.items():
        setattr(frame, name, value)
    if picture is not None:
        _set_picture(frame, picture, still_of)
        changed.append("image")
    elif remove_image and frame.image:
        frame.image = frame.thumbnail = ""
        frame.image_width = frame.image_height = frame.source_frame = None
        frame.image_source = Frame.Source.NONE
        frame.source_asset = None
        changed.append("image")
    if not changed:
        return frame
    frame.save()
    gone = [name for name in old_files if name not in (frame.image.name, frame.thumbnail.name)]
    if gone:
        transaction.on_commit(lambda: _delete_files(gone))
    frame.board_number = _board_number(frame)
    timeline.record(
        project=frame.project,
        kind="storyboard.frame_changed",
        summary=f"{by.display_name} changed {_summary(frame)} of the storyboard",
        actor=by,
        subject=frame,
        data={"changed": sorted(set(changed))},
        stage=Stage.STORYBOARD,
    )
    return frame


def _picture(*, project: Project, by: User, image, still_of, tc: str) -> tuple[images.Picture | None, dict]:
    if image is not None and still_of is not None:
        return None, {"image": "Choose an image to upload or a still of a video, not both."}
    if image is not None:
        try:
            return images.picture_from_upload(image[1]), {}
        except ValidationError as exc:
            return None, {k: " ".join(v) for k, v in exc.message_dict.items()}
    if still_of is not None:
        return _still(project=project, by=by, asset=still_of, tc=tc)
    if tc:
        return None, {"still_of": "Choose the video to take the still from."}
    return None, {}


def _still(*, project: Project, by: User, asset: MediaAsset, tc: str) -> tuple[images.Picture | None, dict]:
    """A still of ``asset`` at timecode ``tc`` (HH:MM:SS:FF in its own timecode, or seconds)."""
    if asset.project_id != project.pk or asset.media_type != MediaAsset.MediaType.VIDEO:
        return None, {"still_of": "That video is not one of this project's."}
    if asset.status != MediaAsset.Status.READY or not asset.frame_rate_num or not asset.frame_rate_den:
        return None, {"still_of": "That video is still being processed; take a still once it plays."}
    num, den = asset.frame_rate_num, asset.frame_rate_den
    tc = (tc or "").strip()
    frame_no: int | None
    if not tc:
        frame_no = 0
    elif re.fullmatch(r"\d+(\.\d+)?", tc):
        frame_no = timecode.frame_at(float(tc), num, den)
    else:
        frame_no = timecode.frame_of_timecode(tc, num, den, start=asset.start_timecode)
    if frame_no is None:
        return None, {"still_timecode": "Give a timecode such as 00:00:04:12, or seconds such as 4.5."}
    if frame_no < 0 or (asset.frame_count and frame_no >= asset.frame_count):
        return None, {"still_timecode": f"That timecode is outside the video (it has {asset.frame_count} frames)."}
    asset = asset_with_renders(user=by, asset_id=asset.pk)
    width = min(1280, asset.width or 1280) // 2 * 2
    stills = frame_stills(asset=asset, render=asset.playable_render, frames=[frame_no], width=width)
    still = stills.get(frame_no)
    if still is None:
        return None, {"still_timecode": "No still could be taken at that timecode; try another one."}
    return images.picture_from_jpeg(still.jpeg, source_frame=frame_no), {}


def _set_picture(frame: Frame, picture: images.Picture | None, still_of: MediaAsset | None) -> None:
    if picture is None:
        return
    stem = uuid.uuid4().hex  # a new name for each picture, so its address changes with it
    frame.image.save(f"{stem}.jpg", ContentFile(picture.jpeg), save=False)
    frame.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(picture.thumb), save=False)
    frame.image_width, frame.image_height = picture.width, picture.height
    if still_of is not None:
        frame.image_source = Frame.Source.VIDEO
        frame.source_asset = still_of
        frame.source_frame = picture.source_frame
    else:
        frame.image_source = Frame.Source.UPLOAD
        frame.source_asset = None
        frame.source_frame = None


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


@transaction.atomic
def frame_delete(*, frame: Frame, by: User) -> None:
    _refuse_writer(by, frame.project)
    frame = Frame.objects.select_for_update().select_related("project").get(pk=frame.pk)
    number = _board_number(frame)
    files = [f.name for f in (frame.image, frame.thumbnail) if f]
    timeline.record(
        project=frame.project,
        kind="storyboard.frame_removed",
        summary=f"{by.display_name} removed frame {number} from the storyboard",
        actor=by,
        subject=frame,
        stage=Stage.STORYBOARD,
    )
    frame.delete()
    if files:
        transaction.on_commit(lambda: _delete_files(files))


@transaction.atomic
def frames_reorder(*, project: Project, order: list, by: User) -> list[Frame]:
    """Put the board in ``order``: every frame id of the project, each exactly once. Anything
    else (a frame missing, twice, of another project, not an id) is refused and changes nothing."""
    _refuse_writer(by, project)
    Project.objects.select_for_update().filter(pk=project.pk).first()
    frames = {str(f.pk): f for f in Frame.objects.filter(project=project).order_by("position")}
    if not isinstance(order, list | tuple):
        raise ValidationError({"order": "Send the order as a list of frame ids."})
    wanted = [str(item).strip() for item in order]
    if len(set(wanted)) != len(wanted):
        raise ValidationError({"order": "The order names a frame more than once."})
    unknown = [item for item in wanted if item not in frames]
    if unknown:
        raise ValidationError({"order": f"The order names {len(unknown)} frame(s) that are not on this storyboard."})
    if len(wanted) != len(frames):
        raise ValidationError(
            {"order": f"The order must name every frame of the storyboard ({len(frames)}); it names {len(wanted)}."}
        )
    if wanted == list(frames):
        return list(frames.values())
    _apply_order(project, [frames[item] for item in wanted])
    timeline.record(
        project=project,
        kind="storyboard.reordered",
        summary=f"{by.display_name} reordered the storyboard",
        actor=by,
        data={"frames": len(wanted)},
        stage=Stage.STORYBOARD,
    )
    return [frames[item] for item in wanted]


def _apply_order(project: Project, frames: list[Frame]) -> None:
    """New positions 0, 1, 2…: first every frame is moved past the end (one statement), so no two
    frames ever hold a position at once under the unique constraint."""
    offset = (Frame.objects.filter(project=project).aggregate(last=Max("position"))["last"] or 0) + 1
    Frame.objects.filter(project=project).update(position=F("position") + offset + len(frames))
    for index, frame in enumerate(frames):
        Frame.objects.filter(pk=frame.pk).update(position=index)
        frame.position = index
        frame.board_number = index + 1


@transaction.atomic
def frame_move(*, frame: Frame, direction: str, by: User) -> Frame:
    """One place earlier ("up") or later ("down"): the no-script way to reorder."""
    _refuse_writer(by, frame.project)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move a frame up or down."})
    ids = [
        str(pk) for pk in Frame.objects.filter(project=frame.project).order_by("position").values_list("pk", flat=True)
    ]
    index = ids.index(str(frame.pk))
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
        frames_reorder(project=frame.project, order=ids, by=by)
    frame.refresh_from_db()
    frame.board_number = _board_number(frame)
    return frame


@transaction.atomic
def frame_comment_post(*, frame: Frame, by: User, text: str) -> FrameComment:
    if not can_comment(by, frame.project):
        raise PermissionDenied("You cannot comment on this storyboard.")
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text:
        raise ValidationError({"text": "Write a comment first."})
    problem = _text_problem(text, limit=COMMENT_MAX_LENGTH, what="comment")
    if problem:
        raise ValidationError({"text": problem})
    comment = FrameComment.objects.create(frame=frame, author=by, author_name=by.display_name, text=text)
    timeline.record(
        project=frame.project,
        kind="storyboard.commented",
        summary=f"{by.display_name} commented on frame {_board_number(frame)} of the storyboard",
        actor=by,
        subject=comment,
        stage=Stage.STORYBOARD,
    )
    return comment
