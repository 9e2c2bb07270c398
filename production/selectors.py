"""Reads of production data, always scoped by the acting user."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, Prefetch, Q, QuerySet
from django.db.models.fields.json import KT
from django.shortcuts import get_object_or_404

from projects.selectors import projects_visible_to, staff_organization_ids

from .models import Cut, MediaAsset, QCFinding, Render, Upload, Version


def cuts_visible_to(user) -> QuerySet[Cut]:
    """Staff see every cut of their projects; clients only client-visible cuts."""
    return Cut.objects.filter(project__in=projects_visible_to(user)).filter(
        Q(project__organization_id__in=staff_organization_ids(user)) | Q(client_visible=True)
    )


def cut_for(*, user, cut_id) -> Cut:
    return get_object_or_404(
        cuts_visible_to(user).select_related("project__client", "project__organization"), pk=cut_id
    )


# A client sees the versions of client-visible cuts, except a file that cannot be played (the
# team replaces it; the client never needs to know it was there).
_CLIENT_VERSIONS = Q(cut__client_visible=True) & ~Q(asset__status=MediaAsset.Status.UNUSABLE)


def assets_visible_to(user) -> QuerySet[MediaAsset]:
    """Staff see every asset of their projects; clients only playable versions of client-visible cuts."""
    staff = Q(project__organization_id__in=staff_organization_ids(user))
    client = Q(version__cut__client_visible=True) & ~Q(status=MediaAsset.Status.UNUSABLE)
    return (
        MediaAsset.objects.filter(project__in=projects_visible_to(user))
        .filter(staff | client)
        .select_related("project", "uploaded_by")
    )


def _versions_visible_to(user, versions: QuerySet[Version], project_organization_id) -> QuerySet[Version]:
    if project_organization_id in staff_organization_ids(user):
        return versions
    return versions.filter(_CLIENT_VERSIONS)


def sees_file_names(user, asset: MediaAsset) -> bool:
    """Staff see the uploaded file's name and the title the team gave it; a client sees a
    cut's version by its number ("Version 3"), on pages and in the API alike."""
    return asset.project.organization_id in staff_organization_ids(user)


# The fields of an asset (and of its render) a client may read: what they need to watch a
# version. File names, hashes, codecs, loudness and QC are the studio's. Pages, the API and
# emails all ask asset_fields_for / render_fields_for; staff get every field (None).
ASSET_CLIENT_FIELDS = frozenset(
    {
        "id", "project", "purpose", "status", "display_name", "media_type", "duration", "frame_rate",
        "frame_count", "width", "height", "rotation", "start_timecode", "created_at", "latest_render",
    }
)  # fmt: skip
RENDER_CLIENT_FIELDS = frozenset({"id", "asset", "status", "progress", "eta_seconds", "finished_at", "files"})


def asset_fields_for(user, asset: MediaAsset) -> frozenset[str] | None:
    """The asset's fields ``user`` may read; None means all of them (the studio's staff)."""
    return None if sees_file_names(user, asset) else ASSET_CLIENT_FIELDS


def render_fields_for(user, render: Render) -> frozenset[str] | None:
    """The render's fields ``user`` may read; None means all of them (the studio's staff)."""
    return None if sees_file_names(user, render.asset) else RENDER_CLIENT_FIELDS


def asset_label(user, asset: MediaAsset) -> str:
    """What ``user`` calls ``asset``: its title or file name for staff, "Version N" for clients
    (who only ever see versions). Needs ``asset.version`` loaded for a client."""
    if sees_file_names(user, asset):
        return asset.display_name
    version = getattr(asset, "version", None)
    return f"Version {version.number}" if version is not None else "Media"


def asset_for(*, user, asset_id) -> MediaAsset:
    return get_object_or_404(assets_visible_to(user), pk=asset_id)


def renders_visible_to(user) -> QuerySet[Render]:
    return Render.objects.filter(asset__in=assets_visible_to(user)).select_related("asset__project")


def render_for(*, user, render_id) -> Render:
    return get_object_or_404(renders_visible_to(user), pk=render_id)


def uploads_of(user) -> QuerySet[Upload]:
    """An upload belongs to the person uploading it; nobody else can see or resume it."""
    if not getattr(user, "is_authenticated", False):
        return Upload.objects.none()
    return Upload.objects.filter(user=user, project__in=projects_visible_to(user))


def latest_render(asset: MediaAsset) -> Render | None:
    return asset.renders.order_by("-created_at").first()


# --- Pages: the project's media and one asset ---------------------------------------------------


def _renders_for_lists() -> QuerySet[Render]:
    """Renders newest first, without the heavy columns (the log, the file list); the poster's
    name is read out of ``outputs`` by the database."""
    return (
        Render.objects.order_by("-created_at")
        .defer("log_tail", "outputs")
        .annotate(poster_name=KT("outputs__main__poster"))
    )


def _attach_renders(asset: MediaAsset) -> MediaAsset:
    """``latest_render`` (its state and progress) and ``playable_render`` (the newest that
    succeeded: what the player shows while a retry runs) from a prefetched ``render_list``."""
    renders = getattr(asset, "render_list", [])
    asset.latest_render = renders[0] if renders else None
    asset.playable_render = next((r for r in renders if r.status == Render.Status.SUCCEEDED), None)
    return asset


@dataclass(frozen=True)
class ProjectMedia:
    cuts: list[Cut]  # each with ``version_list`` (newest first), assets with their renders attached
    other_assets: list[MediaAsset]  # dailies and other material (staff only)

    @property
    def is_empty(self) -> bool:
        return not self.cuts and not self.other_assets


def project_media(*, user, project) -> ProjectMedia:
    """The cuts with their versions, and the other assets, of a project the user can see, in a
    fixed number of queries. Clients get client-visible cuts only and no other assets."""
    renders = Prefetch("renders", queryset=_renders_for_lists(), to_attr="render_list")
    versions = _versions_visible_to(
        user,
        Version.objects.select_related("asset__uploaded_by", "created_by")
        .prefetch_related(Prefetch("asset__renders", queryset=_renders_for_lists(), to_attr="render_list"))
        .order_by("-number"),
        project.organization_id,
    )
    cuts = list(
        cuts_visible_to(user)
        .filter(project=project)
        .annotate(last_number=Max("versions__number"))
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="version_list"))
        .order_by("title")
    )
    for cut in cuts:
        for version in cut.version_list:
            _attach_renders(version.asset)
    others = list(assets_visible_to(user).filter(project=project, version__isnull=True).prefetch_related(renders))
    return ProjectMedia(cuts=cuts, other_assets=[_attach_renders(a) for a in others])


def cuts_for_upload(*, user, project) -> QuerySet[Cut]:
    """The cuts a new version can go to, with the number the next one will get."""
    return cuts_visible_to(user).filter(project=project).annotate(last_number=Max("versions__number")).order_by("title")


def asset_with_renders(*, user, asset_id) -> MediaAsset:
    """One asset for its page: project, version and cut, and its renders (newest first, the
    full row only for the one the player uses)."""
    asset = get_object_or_404(
        assets_visible_to(user)
        .select_related("project__client", "version__cut", "version__created_by")
        .prefetch_related(Prefetch("renders", queryset=_renders_for_lists(), to_attr="render_list")),
        pk=asset_id,
    )
    _attach_renders(asset)
    if asset.playable_render is not None:
        asset.playable_render = Render.objects.get(pk=asset.playable_render.pk)
    return asset


def asset_status(*, user, asset_id) -> MediaAsset:
    """Just enough for the live status panel: the asset and its latest render."""
    asset = get_object_or_404(
        assets_visible_to(user).prefetch_related(
            Prefetch("renders", queryset=_renders_for_lists(), to_attr="render_list")
        ),
        pk=asset_id,
    )
    return _attach_renders(asset)


def findings_of(render: Render | None) -> QuerySet[QCFinding]:
    """The QC findings of a render the caller already holds (so already scoped)."""
    if render is None:
        return QCFinding.objects.none()
    return QCFinding.objects.filter(render=render).order_by("start", "kind")


def versions_of_cut(*, user, cut: Cut) -> QuerySet[Version]:
    """Every version of a cut the user can see (visibility is per cut, so all or none)."""
    versions = (
        Version.objects.filter(cut__in=cuts_visible_to(user), cut=cut).select_related("asset").order_by("-number")
    )
    return _versions_visible_to(user, versions, cut.project.organization_id)
