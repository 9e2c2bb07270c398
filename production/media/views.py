"""Pages and htmx partials of media: the upload page, the asset
page (player, waveform, QC report, probe details), live render status, and the media files.

Reads go through ``selectors`` (so a foreign or hidden id is a 404), writes through
``services``. Media leaves the server only through ``render_file`` and ``asset_download``:
every request is checked against the user's scope, and a render serves only the files it
listed in ``Render.outputs["files"]``; no storage path is ever built from an unchecked name.
``render_file`` also takes the API's token, so the URLs the API hands out open for the
client that read them (the same check decides, whichever way the user signed in)."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST, require_safe
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from config.api_errors import AUTHENTICATE_HEADER
from projects.forms import add_service_errors, safe_next
from projects.permissions import can_see_internal, can_upload
from projects.selectors import project_for

from . import media_files, selectors, services, targets
from .engine import FfmpegNotFound, ffmpeg_info
from .forms import DAILIES, OTHER, AssetRenameForm, UploadDestinationForm
from .models import MediaAsset, Render
from .transcript_views import transcript_context

UPLOAD_CHUNK_SIZE = 8 * 1024 * 1024  # a dropped connection loses at most this much
POLL_SECONDS = 2

# EBU R128: programme loudness -23 LUFS (±1 LU is on target), true peak at most -1 dBTP.
R128_TARGET_LUFS = -23.0
R128_TOLERANCE_LU = 1.0
R128_MAX_TRUE_PEAK = -1.0


# --- Helpers ------------------------------------------------------------------------------------


def _is_settled(asset: MediaAsset) -> bool:
    """Nothing left to wait for: no render queued or running, and the file is no longer being
    assembled or probed."""
    latest = asset.latest_render
    if latest is not None and not latest.is_finished:
        return False
    return asset.status not in (MediaAsset.Status.UPLOADING, MediaAsset.Status.PROCESSING)


def _status_context(request, asset: MediaAsset, *, compact: bool, error: str = "") -> dict:
    return {
        "asset": asset,
        "render": asset.latest_render,
        "compact": compact,
        "settled": _is_settled(asset),
        "may_control": can_upload(request.user, asset.project),
        "poll_seconds": POLL_SECONDS,
        "error": error,
    }


def loudness_verdict(lufs: float | None, true_peak: float | None) -> dict:
    """The QC loudness numbers in plain words, against EBU R128 (-23 LUFS, -1 dBTP)."""
    if lufs is None:
        return {"ok": None, "loudness": "No programme loudness was measured (no audio, or too short).", "peak": ""}
    difference = lufs - R128_TARGET_LUFS
    if abs(difference) <= R128_TOLERANCE_LU:
        loudness = f"On target: {lufs:.1f} LUFS is within {R128_TOLERANCE_LU:.0f} LU of the broadcast -23 LUFS."
        loud_ok = True
    elif difference > 0:
        loudness = (
            f"{difference:.1f} LU louder than the broadcast target (-23 LUFS). A broadcaster would turn it down "
            "or reject it; web platforms aim louder (around -14 LUFS), so this may be intended."
        )
        loud_ok = False
    else:
        loudness = (
            f"{-difference:.1f} LU quieter than the broadcast target (-23 LUFS). Raise the mix level "
            "if this is for broadcast; on the web it will sound quiet."
        )
        loud_ok = False
    if true_peak is None:
        peak, peak_ok = "", True
    elif true_peak > R128_MAX_TRUE_PEAK:
        peak = (
            f"Peaks reach {true_peak:.1f} dBTP, above the -1 dBTP ceiling: they may distort once encoded. "
            "Use a true-peak limiter in the mix."
        )
        peak_ok = False
    else:
        peak, peak_ok = f"Peaks stay below the -1 dBTP ceiling ({true_peak:.1f} dBTP).", True
    return {"ok": loud_ok and peak_ok, "loudness": loudness, "peak": peak}


CONTAINERS = {
    "mov,mp4,m4a,3gp,3g2,mj2": "MP4 / QuickTime",
    "matroska,webm": "Matroska / WebM",
    "mpegts": "MPEG transport stream",
    "mxf": "MXF",
    "avi": "AVI",
    "wav": "WAV",
    "aiff": "AIFF",
    "mp3": "MP3",
    "flac": "FLAC",
    "ogg": "Ogg",
    "aac": "AAC (ADTS)",
}


def _fps_label(asset: MediaAsset) -> str:
    rate = asset.frame_rate
    if rate is None:
        return ""
    return f"{float(rate):.3f}".rstrip("0").rstrip(".")


def _ffmpeg_line() -> str:
    try:
        info = ffmpeg_info()
    except (FfmpegNotFound, OSError):
        return "ffmpeg was not found on this server."
    where = "bundled static build" if info["source"] != "system" else info["path"]
    return f"Processed with ffmpeg {info['version']} ({where})"


# --- Uploading -----------------------------------------------------------------------------------


@login_required
@require_GET
def upload(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    if not can_upload(request.user, project):
        if not can_see_internal(request.user, project):
            raise Http404("No page here.")
        raise PermissionDenied("Only producers and editors can upload to this project.")
    user = request.user
    groups = [target.choices(user=user, project=project) for target in targets.all_targets()]
    panels = [p for p in (t.upload_panel(user=user, project=project) for t in targets.all_targets()) if p]
    values = [value for _label, group in groups for value, _text in group]
    wanted = next((f"{t.name}:{request.GET[t.name]}" for t in targets.all_targets() if request.GET.get(t.name)), "")
    dailies_target = next((t.name for t in targets.all_targets() if t.purpose == DAILIES), "")
    initial = OTHER
    if wanted in values:
        initial = wanted
    elif request.GET.get("purpose") == DAILIES:
        # dailies go to a target's thing when one takes them (the shoot's days and shots)
        initial = next((v for v in values if v.startswith(f"{dailies_target}:")), OTHER) if dailies_target else DAILIES
    elif values and request.GET.get("purpose") != OTHER:
        initial = values[0]  # the first cut: most uploads are a new version
    form = UploadDestinationForm(initial={"destination": initial}, groups=groups, dailies_target=bool(dailies_target))
    extensions = list(settings.UPLOAD_ALLOWED_EXTENSIONS)
    config = {
        "endpoint": reverse("tus-uploads"),
        "project": str(project.pk),
        "chunkSize": UPLOAD_CHUNK_SIZE,
        "doneUrl": reverse("upload-done", kwargs={"upload_id": "00000000-0000-0000-0000-000000000000"}),
        "mediaUrl": reverse("project-detail", kwargs={"project_id": project.pk}) + "#media",
    }
    context = {
        "project": project,
        "form": form,
        "panels": [{"template": template, "context": context} for template, context in panels],
        "extensions": extensions,
        "accept": ",".join(f".{ext}" for ext in extensions),
        "max_size": settings.UPLOAD_MAX_SIZE,
        "expiry_hours": settings.UPLOAD_EXPIRY_HOURS,
        "config": config,
    }
    return render(request, "media/upload.html", context)


@login_required
@require_GET
def upload_done(request, upload_id):
    """Where the uploader goes when the last byte is in: the new asset's page."""
    found = selectors.uploads_of(request.user).filter(pk=upload_id).select_related("asset").first()
    if found is None:
        raise Http404("No such upload.")
    if found.asset_id is None:
        messages.info(request, f"{found.filename} is still uploading.")
        return redirect("project-upload", project_id=found.project_id)
    return redirect("asset-detail", asset_id=found.asset_id)


# --- An asset --------------------------------------------------------------------------------------


@login_required
@require_GET
def asset_detail(request, asset_id):
    return _asset_page(request, asset_id)


def player_config(
    asset: MediaAsset, playable: Render | None, *, findings=(), comments=(), file_url=None, proxy: bool = True
) -> dict | None:
    """What the player modules need (``static/js/player``), or None when nothing plays yet:
    the checked URLs of the render's outputs, the frame rate and start timecode, the frame's
    shape, and the markers for the seek bar (QC findings, review comments). ``file_url`` builds
    the outputs' URLs for another door (a share link's); ``proxy=False`` leaves the MP4 out."""
    if playable is None:
        return None
    files = playable.files
    urls = files.urls(file_url)
    if not proxy:
        urls.pop("proxy", None)
    return {
        "kind": asset.media_type,
        "hls": urls.get("hls_master", ""),
        "proxy": urls.get("proxy", ""),
        "poster": urls.get("poster", ""),
        "thumbnails": urls.get("thumbnails_vtt", ""),
        "waveform": urls.get("waveform", ""),
        "fpsNum": asset.frame_rate_num,
        "fpsDen": asset.frame_rate_den,
        "startTimecode": asset.start_timecode,
        "duration": asset.duration,
        "frameCount": asset.frame_count,
        "ratio": files.frame_ratio,
        "findings": [{"kind": f.kind, "label": f.get_kind_display(), "start": f.start, "end": f.end} for f in findings],
        "comments": list(comments),
    }


def _asset_page(request, asset_id, *, rename_form: AssetRenameForm | None = None, error: str = "", status: int = 200):
    """The asset page; a refused rename or delete is shown on it (``rename_form``, ``error``)."""
    user = request.user
    asset = selectors.asset_with_renders(user=user, asset_id=asset_id)
    project = asset.project
    staff = can_see_internal(user, project)
    may_upload = can_upload(user, project)
    playable = asset.playable_render
    findings = list(selectors.findings_of(playable)) if staff else []
    target = targets.owner_of(asset)
    owner = target.owner(user=user, asset=asset) if target is not None else None
    files = playable.files if playable else None
    player = player_config(asset, playable, findings=findings)
    context = {
        "asset": asset,
        "project": project,
        "owner": owner,
        "may_download": selectors.may_download_original(user, asset),
        "staff": staff,
        "may_upload": may_upload,
        "playable": playable,
        "player": player,
        "renditions": [r.label for r in files.renditions] if files else [],
        "fps_label": _fps_label(asset),
        "container": CONTAINERS.get(asset.format_name, asset.format_name),
        "findings": findings,
        "verdict": loudness_verdict(asset.loudness_lufs, asset.true_peak_dbtp),
        "status": _status_context(request, asset, compact=False),
        "ffmpeg": _ffmpeg_line() if staff else "",
        "kind_notes": {"black": "Black picture", "silence": "Silence", "freeze": "Frozen picture"},
        "rename_form": (rename_form or AssetRenameForm(initial={"title": asset.title})) if may_upload else None,
        "may_delete": may_upload and services.asset_delete_problem(asset) is None,
        "action_error": error,
    }
    if player is not None:  # what is said in it, under the player (transcript_views)
        context.update(transcript_context(asset, user=user, back_url=reverse("asset-detail", args=[asset.pk])))
    return render(request, "media/asset_detail.html", context, status=status)


@login_required
@require_POST
def asset_rename(request, asset_id):
    asset = selectors.asset_for(user=request.user, asset_id=asset_id)
    if not can_upload(request.user, asset.project):
        raise PermissionDenied("Only producers and editors can rename media.")
    form = AssetRenameForm(request.POST)
    if form.is_valid():
        try:
            asset = services.asset_rename(asset=asset, title=form.cleaned_data["title"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved. The team now sees “{asset.display_name}”.")
            return redirect("asset-detail", asset_id=asset.pk)
    return _asset_page(request, asset.pk, rename_form=form, status=400)


@login_required
@require_POST
def asset_delete(request, asset_id):
    """Delete a file nothing needs (see ``services.asset_delete_problem``)."""
    asset = selectors.asset_for(user=request.user, asset_id=asset_id)
    if not can_upload(request.user, asset.project):
        raise PermissionDenied("Only producers and editors can delete media.")
    project, name = asset.project, asset.display_name
    try:
        services.asset_delete(asset=asset, by=request.user)
    except ValidationError as exc:
        return _asset_page(request, asset.pk, error=" ".join(exc.messages), status=400)
    messages.success(request, f"“{name}” was deleted. The project's timeline keeps a record of it.")
    return redirect(reverse("project-detail", kwargs={"project_id": project.pk}) + "#media")


@login_required
@require_GET
def asset_status(request, asset_id):
    """The live render status (htmx polls it every few seconds while something is running).
    When a poll finds everything settled, the page reloads to show the result (the player)."""
    asset = selectors.asset_status(user=request.user, asset_id=asset_id)
    compact = request.GET.get("compact") == "1"
    if request.htmx and request.GET.get("poll") and _is_settled(asset):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "media/_render_status.html", _status_context(request, asset, compact=compact))


@login_required
@require_safe
def asset_download(request, asset_id):
    """The original file, for the studio's staff only (clients watch the renders)."""
    asset = selectors.asset_for(user=request.user, asset_id=asset_id)
    if not selectors.may_download_original(request.user, asset):
        raise Http404("No such file.")
    response = media_files.serve(request, asset.file.name, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, asset.original_name)
    return response


# --- Renders ---------------------------------------------------------------------------------------


def _after_render_action(request, render_obj: Render, *, error: str = ""):
    if request.htmx:
        asset = selectors.asset_status(user=request.user, asset_id=render_obj.asset_id)
        if _is_settled(asset) and not error:  # e.g. a queued render cancelled: show the page as it now is
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        compact = request.POST.get("compact") == "1"
        return render(
            request, "media/_render_status.html", _status_context(request, asset, compact=compact, error=error)
        )
    if error:
        messages.error(request, error)
    return redirect(safe_next(request, reverse("asset-detail", kwargs={"asset_id": render_obj.asset_id})))


@login_required
@require_POST
def render_cancel(request, render_id):
    render_obj = selectors.render_for(user=request.user, render_id=render_id)
    if not can_upload(request.user, render_obj.asset.project):
        raise PermissionDenied("Only producers and editors can cancel renders.")
    services.render_cancel(render=render_obj, by=request.user)
    if not request.htmx:
        messages.info(request, "Render cancelled.")
    return _after_render_action(request, render_obj)


@login_required
@require_POST
def render_retry(request, render_id):
    render_obj = selectors.render_for(user=request.user, render_id=render_id)
    if not can_upload(request.user, render_obj.asset.project):
        raise PermissionDenied("Only producers and editors can start renders.")
    try:
        services.render_retry(render=render_obj, by=request.user)
    except ValidationError as exc:
        return _after_render_action(request, render_obj, error=" ".join(exc.messages))
    if not request.htmx:
        messages.success(request, "Render queued again.")
    return _after_render_action(request, render_obj)


def _signed_in_or_token(view):
    """A page view that API clients may call too: a session as for every page (signed out:
    the login page), or the API's own credentials (``Authorization: Token …``), so the
    output URLs the API hands out open with the header that fetched them. A bad token is a
    401, never a fall back to the login page. What the user may see is then the view's own
    check, the same for both."""
    paged = login_required(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated and get_authorization_header(request):
            try:
                found = TokenAuthentication().authenticate(request)
            except AuthenticationFailed as exc:
                response = HttpResponse(str(exc.detail), status=401, content_type="text/plain; charset=utf-8")
                response["WWW-Authenticate"] = AUTHENTICATE_HEADER
                return response
            if found is not None:
                request.user = found[0]
        return paged(request, *args, **kwargs)

    return wrapped


@_signed_in_or_token
@require_safe
def render_file(request, render_id, name):
    """A file a render made (playlist, segment, poster, sprite, VTT, waveform), for someone who
    may see its asset. Only names the render listed are served; anything else is a 404."""
    render_obj = selectors.render_for(user=request.user, render_id=render_id)
    try:
        stored = render_obj.files.storage_name(name)
    except LookupError:
        raise Http404("No such file.") from None
    return media_files.serve(request, stored)
