"""Reads of the storyboard stage, scoped by the acting user. The rule is the project's: whoever
may see a project (``projects_visible_to``: its studio, and a client of its own invited
projects) reads its script, every version of it, and its storyboard with the frames' comments.
Another client's id is a 404, never a 403."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from production.media.models import MediaAsset
from production.media.selectors import assets_visible_to
from projects.models import Project
from projects.selectors import projects_visible_to, staff_organization_ids

from . import brief, fountain, hooks
from .brief import BriefAssetRow, BriefMessageRow
from .models import Frame, FrameComment, Scene, Script, ScriptVersion, Shot, hours_minutes


def scripts_visible_to(user) -> QuerySet[Script]:
    return Script.objects.filter(project__in=projects_visible_to(user)).select_related("project")


def script_versions_visible_to(user) -> QuerySet[ScriptVersion]:
    return ScriptVersion.objects.filter(script__project__in=projects_visible_to(user))


def scenes_visible_to(user) -> QuerySet[Scene]:
    return Scene.objects.filter(version__script__project__in=projects_visible_to(user))


def frames_visible_to(user) -> QuerySet[Frame]:
    return Frame.objects.filter(project__in=projects_visible_to(user))


def frame_comments_visible_to(user) -> QuerySet[FrameComment]:
    return FrameComment.objects.filter(frame__project__in=projects_visible_to(user))


def script_of(project: Project) -> Script | None:
    """The project's script (the caller got ``project`` from a selector), or None."""
    return Script.objects.filter(project=project).first()


def versions_of(script: Script | None) -> list[ScriptVersion]:
    """Newest first, without their text (the history list)."""
    if script is None:
        return []
    return list(
        script.versions.defer("source", "lead", "title_page")
        .select_related("created_by")
        .annotate(scene_count=Count("scenes"))
        .order_by("-number")
    )


def script_version_for(*, user, version_id) -> ScriptVersion:
    return get_object_or_404(
        script_versions_visible_to(user).select_related(
            "script__project__client", "script__project__organization", "created_by"
        ),
        pk=version_id,
    )


def current_version(script: Script | None) -> ScriptVersion | None:
    if script is None:
        return None
    return script.versions.select_related("created_by").order_by("-number").first()


def scenes_of(version: ScriptVersion) -> list[Scene]:
    return list(version.scenes.order_by("position"))


@dataclass(frozen=True)
class VersionDiff:
    old: ScriptVersion
    new: ScriptVersion
    lines: list[fountain.DiffLine]
    added: int
    removed: int
    scenes_added: list[str]
    scenes_removed: list[str]


def diff_of(*, old: ScriptVersion, new: ScriptVersion) -> VersionDiff:
    lines = fountain.diff_lines(old.source, new.source)
    old_keys = list(old.scenes.order_by("position").values_list("key", "heading"))
    new_keys = list(new.scenes.order_by("position").values_list("key", "heading"))
    old_set, new_set = {k for k, _ in old_keys}, {k for k, _ in new_keys}
    return VersionDiff(
        old=old,
        new=new,
        lines=lines,
        added=sum(1 for line in lines if line.kind == "added"),
        removed=sum(1 for line in lines if line.kind == "removed"),
        scenes_added=[h for k, h in new_keys if k not in old_set],
        scenes_removed=[h for k, h in old_keys if k not in new_set],
    )


# --- The storyboard ------------------------------------------------------------------------------


# What a list row needs of its scene is its number, heading and place: not the version's Fountain
# text nor the scene's elements, which select_related would otherwise read again for every row.
SCENE_HEAVY = ("scene__version__source", "scene__version__lead", "scene__version__title_page",
               "scene__elements", "scene__action", "scene__dialogue", "scene__characters")  # fmt: skip


def board_of(*, user, project: Project) -> list[Frame]:
    """The project's frames in order, each numbered (``board_number``) and with its scene and
    comments, in a fixed number of queries."""
    frames = list(
        frames_visible_to(user)
        .filter(project=project)
        .select_related("scene__version", "source_asset")
        .defer(*SCENE_HEAVY)
        .prefetch_related(Prefetch("comments", queryset=FrameComment.objects.order_by("created_at")))
        .order_by("position")
    )
    for index, frame in enumerate(frames, start=1):
        frame.board_number = index
    return frames


def frame_for(*, user, frame_id) -> Frame:
    frame = get_object_or_404(
        frames_visible_to(user).select_related(
            "project__client", "project__organization", "scene__version", "source_asset"
        ),
        pk=frame_id,
    )
    frame.board_number = Frame.objects.filter(project_id=frame.project_id, position__lt=frame.position).count() + 1
    return frame


def scene_choices(*, project: Project) -> list[Scene]:
    """The scenes a frame can belong to: the current script version's."""
    version = current_version(script_of(project))
    return scenes_of(version) if version is not None else []


def reference_videos(*, user, project: Project) -> QuerySet[MediaAsset]:
    """Videos of the project a still can be taken from (the team's: clients pick no pictures)."""
    if project.organization_id not in staff_organization_ids(user):
        return MediaAsset.objects.none()
    return (
        assets_visible_to(user)
        .filter(project=project, media_type=MediaAsset.MediaType.VIDEO, status=MediaAsset.Status.READY)
        .order_by("-created_at")
    )


# --- The shot list -------------------------------------------------------------------------------


def shots_visible_to(user) -> QuerySet[Shot]:
    return Shot.objects.filter(project__in=projects_visible_to(user))


def _group_key(scene_id, version_id, version_number, scene_position, current_version_id) -> tuple:
    """Where a shot's scene stands on the page: the current script's scenes in script order, then
    scenes cut from it (newest version first), then shots without a scene."""
    if scene_id is None:
        return (2, 0, 0)
    if version_id == current_version_id:
        return (0, 0, scene_position)
    return (1, -version_number, scene_position)


def _current_version_id(project: Project):
    return (
        ScriptVersion.objects.filter(script__project=project).order_by("-number").values_list("pk", flat=True).first()
    )


def shot_list_order(*, project: Project) -> list[tuple[tuple, object]]:
    """(scene group, shot id) of every shot of ``project`` in the page's order: grouped by scene,
    the list's order within a group. Two queries."""
    current = _current_version_id(project)
    rows = (
        Shot.objects.filter(project=project)
        .order_by("position")
        .values_list("pk", "scene_id", "scene__version_id", "scene__version__number", "scene__position")
    )
    keyed = [
        (_group_key(scene, version, number, position, current), pk) for pk, scene, version, number, position in rows
    ]
    keyed.sort(key=lambda item: item[0])  # stable: the list's order within each group
    return keyed


@dataclass
class SceneGroup:
    scene: Scene | None
    current: bool  # the scene is in the current script version
    shots: list[Shot]

    @property
    def setup_minutes(self) -> int:
        return sum(s.setup_minutes or 0 for s in self.shots)

    @property
    def shoot_minutes(self) -> int:
        return sum(s.shoot_minutes or 0 for s in self.shots)

    @property
    def total_label(self) -> str:
        return hours_minutes(self.setup_minutes + self.shoot_minutes)

    @property
    def setup_label(self) -> str:
        return hours_minutes(self.setup_minutes)

    @property
    def shoot_label(self) -> str:
        return hours_minutes(self.shoot_minutes)


@dataclass
class MessageCoverage:
    message: BriefMessageRow
    shots: list[Shot]  # the shots that cover it, in the page's order


@dataclass
class AssetCoverage:
    asset: BriefAssetRow
    shots: list[Shot]  # the shots linked to it
    framed: list[Shot]  # those of them framed for its aspect ratio

    @property
    def problem(self) -> str:
        if not self.shots:
            return "no shot serves it"
        if not self.framed:
            return f"no shot framed {self.asset.aspect_ratio}"
        return ""


@dataclass
class ShotList:
    groups: list[SceneGroup]
    shots: list[Shot]  # in the page's order
    messages: list[MessageCoverage]
    assets: list[AssetCoverage]

    @property
    def setup_minutes(self) -> int:
        return sum(g.setup_minutes for g in self.groups)

    @property
    def shoot_minutes(self) -> int:
        return sum(g.shoot_minutes for g in self.groups)

    @property
    def total_label(self) -> str:
        return hours_minutes(self.setup_minutes + self.shoot_minutes)

    @property
    def setup_label(self) -> str:
        return hours_minutes(self.setup_minutes)

    @property
    def shoot_label(self) -> str:
        return hours_minutes(self.shoot_minutes)

    @property
    def uncovered(self) -> int:
        return sum(1 for m in self.messages if not m.shots) + sum(1 for a in self.assets if a.problem)


def coverage(
    shots: list[Shot], messages: list[BriefMessageRow], assets: list[BriefAssetRow]
) -> tuple[list[MessageCoverage], list[AssetCoverage]]:
    """Each mandatory message with the shots that cover it; each required asset with the shots
    linked to it and those of them whose framing gives its aspect ratio (a 9:16 cutdown needs
    shots framed 9:16, or 16:9 protecting 9:16)."""
    by_message = [MessageCoverage(m, [s for s in shots if m.key in s.message_keys]) for m in messages]
    by_asset = []
    for asset in assets:
        linked = [s for s in shots if asset.key in s.asset_keys]
        by_asset.append(AssetCoverage(asset, linked, [s for s in linked if s.serves_ratio(asset.aspect_ratio)]))
    return by_message, by_asset


def shot_list_of(*, user, project: Project) -> ShotList:
    """The project's shot list as its page shows it, in a fixed number of queries: shots with
    their scene and storyboard frame, grouped by scene, and the brief's coverage. Each shot gets
    the brief's rows it names (``linked_messages``, ``linked_assets``) and ``stale_links``: how
    many of its links the current brief no longer holds."""
    current = _current_version_id(project)
    shots = list(
        shots_visible_to(user).filter(project=project).select_related("scene__version", "frame").order_by("position")
    )
    shots.sort(
        key=lambda s: _group_key(
            s.scene_id,
            s.scene.version_id if s.scene else None,
            s.scene.version.number if s.scene else None,
            s.scene.position if s.scene else None,
            current,
        )
    )
    groups: list[SceneGroup] = []
    for shot in shots:
        if not groups or groups[-1].scene != shot.scene:
            current_scene = shot.scene is not None and shot.scene.version_id == current
            groups.append(SceneGroup(scene=shot.scene, current=current_scene, shots=[]))
        groups[-1].shots.append(shot)
    messages, assets = brief.brief_rows(project)
    message_of, asset_of = {m.key: m for m in messages}, {a.key: a for a in assets}
    for shot in shots:
        shot.linked_messages = [message_of[k] for k in shot.message_keys if k in message_of]
        shot.linked_assets = [asset_of[k] for k in shot.asset_keys if k in asset_of]
        shot.stale_links = len(shot.message_keys) + len(shot.asset_keys) - len(shot.linked_messages)
        shot.stale_links -= len(shot.linked_assets)
    hooks.annotate_shots(shots, user=user, project=project)  # later stages' badges (the shoot day)
    by_message, by_asset = coverage(shots, messages, assets)
    return ShotList(groups=groups, shots=shots, messages=by_message, assets=by_asset)


def shot_for(*, user, shot_id) -> Shot:
    return get_object_or_404(
        shots_visible_to(user).select_related("project__client", "project__organization", "scene__version", "frame"),
        pk=shot_id,
    )


def frame_choices(*, project: Project) -> list[Frame]:
    """The frames a shot can be drawn from, numbered as on the board."""
    frames = list(
        Frame.objects.filter(project=project)
        .select_related("scene")
        .only("pk", "position", "shot_size", "scene__number", "scene__heading")
        .order_by("position")
    )
    for index, frame in enumerate(frames, start=1):
        frame.board_number = index
    return frames
