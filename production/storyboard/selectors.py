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

from . import fountain
from .models import Frame, FrameComment, Scene, Script, ScriptVersion


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


def board_of(*, user, project: Project) -> list[Frame]:
    """The project's frames in order, each numbered (``board_number``) and with its scene and
    comments, in a fixed number of queries."""
    frames = list(
        frames_visible_to(user)
        .filter(project=project)
        .select_related("scene__version", "source_asset")
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
