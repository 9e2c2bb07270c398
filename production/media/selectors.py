"""Reads of media, always scoped by the acting user; and which fields each kind of viewer may read."""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.fields.json import KT
from django.shortcuts import get_object_or_404

from projects.selectors import project_visibility, projects_visible_to, staff_organization_ids

from . import specs, targets
from .models import MediaAsset, QCFinding, Render, Upload
from .transcript_models import Cue, Transcript


def assets_visible_to(user) -> QuerySet[MediaAsset]:
    """Staff see every asset of their projects; clients only what an upload target shows them
    (the playable versions of client-visible cuts)."""
    staff = Q(project__organization_id__in=staff_organization_ids(user))
    client = targets.client_assets()
    return (
        MediaAsset.objects.filter(project_visibility(user, "project__"))
        .filter(staff | client)
        .select_related("project", "uploaded_by")
    )


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


def may_download_original(user, asset: MediaAsset) -> bool:
    """The uploaded file itself is the studio's: its staff may download it; clients watch the
    renders. (Share links will say per link whether a guest may download.) Pages, the API and
    the download view ask here."""
    return bool(asset.file) and sees_file_names(user, asset)


def asset_fields_for(user, asset: MediaAsset) -> frozenset[str] | None:
    """The asset's fields ``user`` may read; None means all of them (the studio's staff)."""
    return None if sees_file_names(user, asset) else ASSET_CLIENT_FIELDS


def render_fields_for(user, render: Render) -> frozenset[str] | None:
    """The render's fields ``user`` may read; None means all of them (the studio's staff)."""
    return None if sees_file_names(user, render.asset) else RENDER_CLIENT_FIELDS


def asset_label(user, asset: MediaAsset) -> str:
    """What ``user`` calls ``asset``: its title or file name for staff; for clients what its
    target calls it ("Version N"). Load ``targets.related_paths()`` for a list of them."""
    if sees_file_names(user, asset):
        return asset.display_name
    owner = targets.owner_of(asset)
    return (owner.client_label(asset) if owner is not None else None) or "Media"


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


def playback_renders() -> QuerySet[Render]:
    """The renders that are an asset's own playback (its ladder): what the team's pages play,
    what "the asset's render" means on pages and in the API (its progress, status, QC). A
    viewer's watermarked copy (``specs.watermark``) is made from the asset but is never one of
    these, so it can never become what the team sees."""
    return Render.objects.filter(preset=specs.PLAYBACK)


def latest_render(asset: MediaAsset) -> Render | None:
    return playback_renders().filter(asset=asset).order_by("-created_at").first()


# --- Pages: the project's media and one asset ---------------------------------------------------


def renders_for_lists() -> QuerySet[Render]:
    """Playback renders newest first, without the heavy columns (the log, the file list); the
    poster's name is read out of ``outputs`` by the database."""
    return (
        playback_renders()
        .order_by("-created_at")
        .defer("log_tail", "outputs")
        .annotate(poster_name=KT("outputs__main__poster"))
    )


def attach_renders(asset: MediaAsset) -> MediaAsset:
    """``latest_render`` (its state and progress) and ``playable_render`` (the newest that
    succeeded: what the player shows while a retry runs) from a prefetched ``render_list`` of
    playback renders (``renders_for_lists``)."""
    renders = getattr(asset, "render_list", [])
    asset.latest_render = renders[0] if renders else None
    asset.playable_render = next((r for r in renders if r.status == Render.Status.SUCCEEDED), None)
    return asset


def playable_render_of(asset: MediaAsset) -> Render | None:
    """The asset's newest playback ladder that succeeded (full row), for a door that has already
    decided the asset may be watched (a share link)."""
    return playback_renders().filter(asset=asset, status=Render.Status.SUCCEEDED).order_by("-created_at").first()


def asset_with_renders(*, user, asset_id) -> MediaAsset:
    """One asset for its page: project, what it is part of (its target's related rows), and its
    renders (newest first, the full row only for the one the player uses)."""
    asset = get_object_or_404(
        assets_visible_to(user).select_related("project__client", *targets.related_paths()), pk=asset_id
    )
    return with_renders(asset)


def with_renders(asset: MediaAsset) -> MediaAsset:
    """``asset`` (one its reader may see) with its renders attached (``attach_renders``) and the
    full row of the one the player uses: two queries."""
    prefetch_related_objects([asset], Prefetch("renders", queryset=renders_for_lists(), to_attr="render_list"))
    attach_renders(asset)
    if asset.playable_render is not None:
        asset.playable_render = Render.objects.get(pk=asset.playable_render.pk)
    return asset


def asset_status(*, user, asset_id) -> MediaAsset:
    """Just enough for the live status panel: the asset and its latest render."""
    asset = get_object_or_404(
        assets_visible_to(user).prefetch_related(
            Prefetch("renders", queryset=renders_for_lists(), to_attr="render_list")
        ),
        pk=asset_id,
    )
    return attach_renders(asset)


def findings_of(render: Render | None) -> QuerySet[QCFinding]:
    """The QC findings of a render the caller already holds (so already scoped)."""
    if render is None:
        return QCFinding.objects.none()
    return QCFinding.objects.filter(render=render).order_by("start", "kind")


# --- Transcripts (production/media/transcripts.py writes them) -------------------------------------


def transcripts_visible_to(user) -> QuerySet[Transcript]:
    """The transcripts of the assets ``user`` may see (a client: the versions they may watch)."""
    return Transcript.objects.filter(asset__in=assets_visible_to(user)).select_related("asset__project")


def transcript_for(*, user, transcript_id) -> Transcript:
    return get_object_or_404(transcripts_visible_to(user), pk=transcript_id)


def transcript_of(asset: MediaAsset) -> Transcript | None:
    """The transcript of an asset its reader may already see, or None."""
    return Transcript.objects.filter(asset=asset).first()


def current_cues() -> QuerySet[Cue]:
    """Cues of their transcript's current revision (earlier revisions' cues are kept, not shown)."""
    return Cue.objects.filter(revision=F("transcript__revision"))


def cues_of(transcript: Transcript | None) -> QuerySet[Cue]:
    if transcript is None:
        return Cue.objects.none()
    return current_cues().filter(transcript=transcript).select_related("edited_by").order_by("start_ms", "index")


def cue_for(*, user, cue_id) -> Cue:
    """One cue of a transcript ``user`` may see (its current revision's or an earlier one's)."""
    return get_object_or_404(
        Cue.objects.filter(transcript__asset__in=assets_visible_to(user)).select_related("transcript__asset__project"),
        pk=cue_id,
    )


def cues_matching(*, assets, query: str, limit: int = 50) -> QuerySet[Cue]:
    """Current cues of ``assets`` (ids or a queryset, already scoped by the caller) whose text
    holds ``query`` (case-insensitive), in order of asset and time."""
    return (
        current_cues()
        .filter(transcript__asset__in=list(assets) if not isinstance(assets, QuerySet) else assets)
        .filter(text__icontains=query)
        .select_related("transcript")
        .order_by("transcript__asset_id", "start_ms")[:limit]
    )
