"""The transcript under a player: its cues as rows (timecode, text), live progress while it is
made, a cue edited in place, a caption file uploaded, the cues downloaded as SRT or WebVTT.

Media shows the transcript of an asset; the page around it (the review page, a share link's)
includes ``media/_transcript.html`` with :func:`transcript_context`. Reads start from the
user's assets (a foreign id is a 404), writes go through ``transcripts``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from projects.forms import safe_next

from . import selectors, transcripts
from .engine import captions as caption_files
from .engine import timecode
from .models import MediaAsset
from .transcript_models import Cue, Transcript

POLL_SECONDS = 2


def cue_timecode(asset: MediaAsset, seconds: float) -> str:
    """Where a cue starts, as the player counts: the asset's timecode when it has a frame rate,
    else minutes and seconds."""
    if asset.frame_rate_num and asset.frame_rate_den:
        frame = int(seconds * asset.frame_rate_num / asset.frame_rate_den + 1e-6)
        return timecode.timecode_of_frame(frame, asset.frame_rate_num, asset.frame_rate_den, start=asset.start_timecode)
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


def transcript_context(
    asset: MediaAsset,
    *,
    user=None,
    back_url: str = "",
    poll_url: str = "",
    may_edit: bool | None = None,
    downloads: bool = True,
) -> dict:
    """What ``media/_transcript.html`` needs for ``asset`` (one its reader may see). ``may_edit``:
    the team's (edit cues, upload captions, transcribe again); a guest's door passes False and
    its own ``poll_url``. ``back_url``: the page the forms return to."""
    transcript = selectors.transcript_of(asset)
    cues = list(selectors.cues_of(transcript))
    for cue in cues:
        cue.timecode = cue_timecode(asset, cue.start)
    if may_edit is None:
        may_edit = user is not None and transcripts.can_edit_transcript(user, asset)
    return {
        "asset": asset,
        "transcript": transcript,
        "cues": cues,
        "may_edit": may_edit,
        # Not while a run is under way: the panel is redrawn every few seconds then.
        "cues_editable": may_edit and not (transcript is not None and transcript.is_active),
        "poll_url": poll_url
        or reverse("asset-transcript", kwargs={"asset_id": asset.pk})
        + (f"?{urlencode({'next': back_url})}" if back_url else ""),
        "back_url": back_url,
        "poll_seconds": POLL_SECONDS,
        "downloads": downloads and bool(cues),
        "has_sound": transcripts.has_sound(asset),
        "edited_count": sum(1 for c in cues if c.edited),
    }


def _asset(request, asset_id) -> MediaAsset:
    return selectors.asset_for(user=request.user, asset_id=asset_id)


def _back(request, asset: MediaAsset) -> HttpResponse:
    return redirect(_back_url(request, asset) + "#transcript")


def _back_url(request, asset: MediaAsset) -> str:
    return safe_next(request, reverse("asset-detail", kwargs={"asset_id": asset.pk}))


def _panel(request, asset: MediaAsset, *, status: int = 200, error: str = "", problems=(), confirm: str = ""):
    context = transcript_context(asset, user=request.user, back_url=_back_url(request, asset))
    context.update(error=error, problems=list(problems), confirm=confirm)
    return render(request, "media/_transcript.html", context, status=status)


@login_required
@require_GET
@never_cache
def transcript_panel(request, asset_id):
    """The transcript partial (htmx polls it while a transcription runs)."""
    return _panel(request, _asset(request, asset_id))


def _refusal(exc) -> tuple[str, list[str], bool]:
    """(message, problems by line, whether it asks to confirm replacing edited cues)."""
    if isinstance(exc, PermissionDenied):
        return str(exc), [], False
    if hasattr(exc, "error_dict"):
        problems = [m for messages_ in exc.message_dict.values() for m in messages_]
        return "The caption file was not used:", problems, False
    return " ".join(exc.messages), [], getattr(exc, "code", "") == "edited"


def _answer(request, asset, exc=None, *, done: str = ""):
    """The panel again (htmx) or back to the page, with what happened."""
    error, problems, confirm = _refusal(exc) if exc is not None else ("", [], False)
    if request.htmx:
        status = 403 if isinstance(exc, PermissionDenied) else 400 if exc is not None else 200
        return _panel(request, asset, status=status, error=error, problems=problems, confirm=error if confirm else "")
    if exc is not None:
        messages.error(request, " ".join([error, *problems]))
    elif done:
        messages.success(request, done)
    return _back(request, asset)


@login_required
@require_POST
def transcript_run(request, asset_id):
    """Transcribe again (``confirm=1`` replaces cues edited by hand; they are kept as a revision)."""
    asset = _asset(request, asset_id)
    try:
        transcripts.transcript_request(asset=asset, by=request.user, replace_edited=request.POST.get("confirm") == "1")
    except (ValidationError, PermissionDenied) as exc:
        return _answer(request, asset, exc)
    return _answer(request, asset, done="Transcription queued.")


@login_required
@require_POST
def transcript_cancel(request, asset_id):
    asset = _asset(request, asset_id)
    transcript = selectors.transcript_of(asset)
    if transcript is None:
        raise Http404("This file has no transcript.")
    try:
        transcripts.transcript_cancel(transcript=transcript, by=request.user)
    except PermissionDenied as exc:
        return _answer(request, asset, exc)
    return _answer(request, asset, done="Transcription cancelled.")


@login_required
@require_POST
def captions_upload(request, asset_id):
    """A caption file (.srt, .vtt) replaces the transcript's cues (the old ones are kept)."""
    asset = _asset(request, asset_id)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError({"file": ["Choose an .srt or .vtt file."]})
        data = upload.read(settings.CAPTION_UPLOAD_MAX_BYTES + 1)
        transcripts.captions_upload(
            asset=asset, by=request.user, filename=upload.name, data=data,
            replace_edited=request.POST.get("confirm") == "1",
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        return _answer(request, asset, exc)
    return _answer(request, asset, done="Captions uploaded: the transcript shows them now.")


def _cue_row(request, cue: Cue, *, status: int = 200, cue_error: str = "") -> HttpResponse:
    asset = cue.transcript.asset
    cue.timecode = cue_timecode(asset, cue.start)
    context = {
        "cue": cue,
        "may_edit": transcripts.can_edit_transcript(request.user, asset),
        "cue_error": cue_error,
        "back_url": _back_url(request, asset),
    }
    return render(request, "media/_cue.html", context, status=status)


@login_required
@require_POST
def cue_edit(request, cue_id):
    """Save one cue's text (plain text); htmx gets the row back."""
    cue = selectors.cue_for(user=request.user, cue_id=cue_id)
    asset = cue.transcript.asset
    try:
        cue = transcripts.cue_edit(cue=cue, by=request.user, text=request.POST.get("text", ""))
    except (ValidationError, PermissionDenied) as exc:
        error = str(exc) if isinstance(exc, PermissionDenied) else " ".join(exc.messages)
        if request.htmx:
            cue.refresh_from_db()
            return _cue_row(request, cue, status=403 if isinstance(exc, PermissionDenied) else 400, cue_error=error)
        messages.error(request, error)
        return _back(request, asset)
    if request.htmx:
        return _cue_row(request, cue)
    messages.success(request, "Cue saved.")
    return _back(request, asset)


def export_response(asset: MediaAsset, transcript: Transcript | None, fmt: str, *, name: str) -> HttpResponse:
    """The current cues as a caption file to download."""
    cues = list(selectors.cues_of(transcript))
    if not cues:
        raise Http404("This file has no transcript to download.")
    text = caption_files.write(
        [caption_files.CaptionCue(c.start_ms, c.end_ms, c.text) for c in cues], "srt" if fmt == "srt" else "vtt"
    )
    content_type = "application/x-subrip" if fmt == "srt" else "text/vtt"
    response = HttpResponse(text.encode(), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{slugify(name) or 'transcript'}.{fmt}")
    return response


@login_required
@require_GET
@never_cache
def transcript_export(request, asset_id, fmt):
    asset = _asset(request, asset_id)
    name = selectors.asset_label(request.user, asset)
    return export_response(asset, selectors.transcript_of(asset), fmt, name=name)
