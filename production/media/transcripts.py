"""Every write to transcripts, and the worker's run of one (services, as in ``services.py``).

- ``transcript_auto`` (called where an asset's playback render first succeeds): a new asset with
  sound, of a purpose in ``TRANSCRIBE_PURPOSES``, gets its transcript queued on the render queue.
- ``transcript_request``: transcribe again on request; ``transcript_cancel``.
- ``transcript_claim`` / ``transcript_run``: the task's work (engine.transcribe, progress written
  to the row, cancel asked between segments).
- ``captions_upload``: a SubRip or WebVTT file's cues become the transcript's new revision.
- ``cue_edit``: one cue's text, by a member of the team.

Replacing cues never loses an edited transcript: the replaced cues stay (their revision), and
a transcript whose current cues were edited by hand is replaced only when the caller says so
(``replace_edited``), so a person confirms it."""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from config.db_retry import DB_CONNECTION_ERRORS, db_retrying
from config.queueing import publish_after_commit
from projects import timeline
from projects.models import User
from projects.permissions import can_see_internal

from . import storage, tasks
from .engine import MediaError, RenderCancelled, UnusableMedia
from .engine import captions as caption_files
from .engine import transcribe as engine
from .models import MediaAsset
from .transcript_models import Cue, Transcript, TranscriptRevision

log = logging.getLogger(__name__)

MAX_CUE_CHARS = caption_files.MAX_CUE_CHARS
# The status a transcript row is made with by a request or an upload, which then sets the real one
# in the same transaction (the model's default, queued, is the automatic run's).
_NEW = Transcript.Status.CANCELLED


def can_edit_transcript(user, asset: MediaAsset) -> bool:
    """The team edits a transcript (its cues, captions, a new run); clients and guests read it."""
    return bool(getattr(user, "is_authenticated", False)) and can_see_internal(user, asset.project)


def model_settings() -> engine.ModelSettings:
    return engine.ModelSettings(
        path=settings.TRANSCRIBE_MODEL_PATH,
        size=settings.TRANSCRIBE_MODEL_SIZE,
        compute_type=settings.TRANSCRIBE_COMPUTE_TYPE,
        threads=settings.TRANSCRIBE_THREADS,
        language=settings.TRANSCRIBE_LANGUAGE,
    )


def has_sound(asset: MediaAsset) -> bool:
    return bool(asset.audio_codec) or asset.media_type == MediaAsset.MediaType.AUDIO


def _edited_problem(transcript: Transcript, replace_edited: bool) -> None:
    if replace_edited or not transcript.revision:
        return
    edited = transcript.cues.filter(revision=transcript.revision, edited=True).count()
    if edited:
        raise ValidationError(
            f"{edited} cue{'s' if edited != 1 else ''} of this transcript {'were' if edited != 1 else 'was'} "
            f"edited by hand. Confirm to replace them: they are kept as revision {transcript.revision}.",
            code="edited",
        )


def _queue(transcript: Transcript) -> None:
    publish_after_commit(tasks.transcribe_asset, str(transcript.pk))


# --- Requests ------------------------------------------------------------------------------------


def transcript_auto(asset: MediaAsset) -> Transcript | None:
    """Queue the first transcript of an asset that just became playable, when it has sound and
    its purpose is transcribed (``TRANSCRIBE_AUTO``, ``TRANSCRIBE_PURPOSES``). Runs inside the
    render's transaction; an asset that already has a transcript is left alone."""
    if not settings.TRANSCRIBE_AUTO or asset.purpose not in settings.TRANSCRIBE_PURPOSES or not has_sound(asset):
        return None
    transcript, created = Transcript.objects.get_or_create(asset=asset)
    if created:
        _queue(transcript)
    return transcript if created else None


@transaction.atomic
def transcript_request(*, asset: MediaAsset, by: User, replace_edited: bool = False) -> Transcript:
    """Transcribe ``asset`` (again): the new run's cues become a new revision; a run already
    queued or running is the one returned."""
    if not can_edit_transcript(by, asset):
        raise PermissionDenied("Only the team can start a transcription.")
    if asset.status != MediaAsset.Status.READY:
        raise ValidationError("This file is not ready yet: it is transcribed once its render is done.")
    transcript, _ = Transcript.objects.get_or_create(asset=asset, defaults={"status": _NEW})
    transcript = Transcript.objects.select_for_update().get(pk=transcript.pk)
    if transcript.is_active:
        return transcript
    _edited_problem(transcript, replace_edited)
    transcript.status = Transcript.Status.QUEUED
    transcript.progress = 0
    transcript.attempts = 0  # a new run: the sweep counts its own attempts
    transcript.error = ""
    transcript.cancel_requested = False
    transcript.requested_by = by
    transcript.finished_at = None
    transcript.save()
    timeline.record(
        project=asset.project, kind="transcript.requested", actor=by, subject=transcript,
        summary=f"{by.display_name} asked for a new transcript of {asset.display_name}",
    )  # fmt: skip
    _queue(transcript)
    return transcript


@transaction.atomic
def transcript_cancel(*, transcript: Transcript, by: User) -> Transcript:
    """A queued run stops at once; a running one at its next segment."""
    if not can_edit_transcript(by, transcript.asset):
        raise PermissionDenied("Only the team can cancel a transcription.")
    transcript = Transcript.objects.select_for_update().get(pk=transcript.pk)
    if transcript.status == Transcript.Status.QUEUED:
        _finish(transcript, Transcript.Status.CANCELLED, error="Cancelled before it started.")
    elif transcript.status == Transcript.Status.RUNNING:
        transcript.cancel_requested = True
        transcript.save(update_fields=["cancel_requested", "updated_at"])
    return transcript


def _finish(transcript: Transcript, status: str, *, error: str = "") -> None:
    transcript.status = status
    transcript.error = error[:500]
    transcript.finished_at = timezone.now()
    if status in (Transcript.Status.READY, Transcript.Status.EMPTY):
        transcript.progress = 100
    transcript.save()


# --- The worker's run ------------------------------------------------------------------------


def transcript_claim(*, transcript_id) -> Transcript | None:
    """Mark a queued transcript running (one attempt more); None when there is nothing to do."""
    with transaction.atomic():
        transcript = (
            Transcript.objects.select_for_update(of=("self",))
            .select_related("asset__project")
            .filter(pk=transcript_id)
            .first()
        )
        if transcript is None or transcript.status != Transcript.Status.QUEUED:
            return None
        if transcript.cancel_requested:
            _finish(transcript, Transcript.Status.CANCELLED, error="Cancelled before it started.")
            return None
        transcript.status = Transcript.Status.RUNNING
        transcript.attempts += 1
        transcript.started_at = timezone.now()
        transcript.progress = 0
        transcript.save(update_fields=["status", "attempts", "started_at", "progress", "updated_at"])
    return transcript


def transcript_run(*, transcript: Transcript) -> Transcript:
    """Transcribe the claimed transcript's asset and store the cues as its new revision."""
    asset = transcript.asset

    def on_progress(percent: float) -> None:
        try:
            db_retrying(
                lambda: Transcript.objects.filter(pk=transcript.pk, status=Transcript.Status.RUNNING).update(
                    progress=round(max(0.0, min(99.0, percent)), 1), updated_at=timezone.now()
                ),
                waits=(0,),
            )
        except DB_CONNECTION_ERRORS as exc:
            log.warning("Transcript %s: progress not saved (%s).", transcript.pk, exc)

    def should_cancel() -> bool:
        row = Transcript.objects.filter(pk=transcript.pk).values("cancel_requested", "status").first()
        return row is None or row["cancel_requested"] or row["status"] != Transcript.Status.RUNNING

    try:
        if not asset.file:
            raise UnusableMedia("The file never arrived.")
        with storage.local_path(asset.file.name) as src:
            result = engine.transcribe(
                src,
                model=model_settings(),
                on_progress=on_progress,
                should_cancel=should_cancel,
                time_limit=settings.TRANSCRIBE_TIME_LIMIT,
            )
    except RenderCancelled:
        return db_retrying(lambda: _run_cancelled(transcript.pk))
    except MediaError as exc:
        error = str(exc)
        return db_retrying(lambda: _run_failed(transcript.pk, error))
    except Exception as exc:
        error = f"The transcription stopped on an unexpected error ({type(exc).__name__}: {exc})."
        db_retrying(lambda: _run_failed(transcript.pk, error))
        raise
    return db_retrying(lambda: _run_succeeded(transcript.pk, result))


@transaction.atomic
def _run_cancelled(transcript_id) -> Transcript:
    transcript = Transcript.objects.select_for_update().get(pk=transcript_id)
    if transcript.status == Transcript.Status.RUNNING:
        _finish(transcript, Transcript.Status.CANCELLED, error="Cancelled.")
    return transcript


@transaction.atomic
def _run_failed(transcript_id, error: str) -> Transcript:
    transcript = (
        Transcript.objects.select_for_update(of=("self",)).select_related("asset__project").get(pk=transcript_id)
    )
    if transcript.status != Transcript.Status.RUNNING:
        return transcript
    _finish(transcript, Transcript.Status.FAILED, error=error)
    timeline.record(
        project=transcript.asset.project, kind="transcript.failed", subject=transcript,
        summary=f"The transcript of {transcript.asset.display_name} failed: {error}"[:500],
    )  # fmt: skip
    return transcript


def _new_revision(transcript: Transcript, *, source: str, cues: list[dict], by=None, **fields) -> TranscriptRevision:
    number = transcript.revision + 1
    revision = TranscriptRevision.objects.create(
        transcript=transcript, number=number, source=source, cue_count=len(cues), created_by=by, **fields
    )
    Cue.objects.bulk_create(Cue(transcript=transcript, revision=number, index=i, **c) for i, c in enumerate(cues))
    transcript.revision = number
    return revision


@transaction.atomic
def _run_succeeded(transcript_id, result: engine.TranscriptResult) -> Transcript:
    transcript = (
        Transcript.objects.select_for_update(of=("self",)).select_related("asset__project").get(pk=transcript_id)
    )
    if transcript.status != Transcript.Status.RUNNING:
        return transcript
    cues = [
        {
            "start_ms": round(c.start * 1000),
            "end_ms": max(round(c.end * 1000), round(c.start * 1000) + 1),
            "text": c.text,
            "words": [w.as_data() for w in c.words],
        }
        for c in result.cues
    ]
    transcript.language = result.language
    transcript.model_name = result.model_name
    if cues or transcript.revision:  # an empty run after earlier cues is a revision too (they are kept)
        _new_revision(
            transcript, source=TranscriptRevision.Source.SPEECH, cues=cues, by=transcript.requested_by,
            model_name=result.model_name, language=result.language,
        )  # fmt: skip
    asset = transcript.asset
    if result.skipped:
        _finish(transcript, Transcript.Status.EMPTY, error=result.skipped)
        summary = f"No transcript of {asset.display_name}: {result.skipped}"
    else:
        _finish(transcript, Transcript.Status.READY)
        summary = f"{asset.display_name} was transcribed: {len(cues)} cue{'s' if len(cues) != 1 else ''}"
    timeline.record(
        project=asset.project, kind="transcript.ready", subject=transcript, summary=summary,
        data={"cues": len(cues), "language": result.language, "model": result.model_name,
              "seconds": round(result.elapsed, 2)},
    )  # fmt: skip
    return transcript


def transcripts_requeue_lost(*, now=None) -> dict[str, int]:
    """Queue again a transcript whose task never reached a worker (still queued after
    ``RENDER_REQUEUE_AFTER``), and take back one whose worker died (running past its time
    limit): queued again up to ``RENDER_MAX_ATTEMPTS`` attempts, then failed with the reason. A
    second delivery is harmless (``transcript_claim`` takes a queued row once)."""
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0}
    waiting = Transcript.objects.filter(
        status=Transcript.Status.QUEUED, updated_at__lt=now - dt.timedelta(seconds=settings.RENDER_REQUEUE_AFTER)
    )
    for pk in waiting.values_list("pk", flat=True):
        with transaction.atomic():
            if waiting.filter(pk=pk).update(updated_at=now):
                publish_after_commit(tasks.transcribe_asset, str(pk))
                counts["requeued"] += 1
    stale = now - dt.timedelta(seconds=settings.TRANSCRIBE_TIME_LIMIT + 120)
    for pk in Transcript.objects.filter(status=Transcript.Status.RUNNING, started_at__lt=stale).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            transcript = Transcript.objects.select_for_update().get(pk=pk)
            if transcript.status != Transcript.Status.RUNNING:
                continue
            if transcript.attempts >= settings.RENDER_MAX_ATTEMPTS:
                _finish(
                    transcript, Transcript.Status.FAILED,
                    error=f"The worker stopped {transcript.attempts} times; giving up. Transcribe again to retry.",
                )  # fmt: skip
                counts["failed"] += 1
            else:
                transcript.status = Transcript.Status.QUEUED
                transcript.progress = 0
                transcript.save(update_fields=["status", "progress", "updated_at"])
                publish_after_commit(tasks.transcribe_asset, str(pk))
                counts["requeued"] += 1
    return counts


# --- Caption files ------------------------------------------------------------------------------


@transaction.atomic
def captions_upload(
    *, asset: MediaAsset, by: User, filename: str, data: bytes, replace_edited: bool = False
) -> Transcript:
    """A SubRip (.srt) or WebVTT (.vtt) file's cues become the transcript's new revision (the
    cues it replaces are kept). A file with problems changes nothing: ValidationError with every
    problem by line."""
    if not can_edit_transcript(by, asset):
        raise PermissionDenied("Only the team can upload captions.")
    if len(data) > settings.CAPTION_UPLOAD_MAX_BYTES:
        raise ValidationError(
            {"file": f"The file is larger than {settings.CAPTION_UPLOAD_MAX_BYTES // 1024} KiB: is it a caption file?"}
        )
    try:
        parsed = caption_files.parse(data, caption_files.format_of(filename, data))
    except caption_files.CaptionFileError as exc:
        raise ValidationError({"file": exc.problems}, code="captions") from exc
    transcript, _ = Transcript.objects.get_or_create(asset=asset, defaults={"status": _NEW})
    transcript = Transcript.objects.select_for_update().get(pk=transcript.pk)
    if transcript.is_active:
        raise ValidationError("A transcription is running: cancel it or wait until it is done.", code="busy")
    _edited_problem(transcript, replace_edited)
    name = _clean_name(filename)
    cues = [{"start_ms": c.start_ms, "end_ms": c.end_ms, "text": c.text, "words": []} for c in parsed]
    _new_revision(transcript, source=TranscriptRevision.Source.UPLOAD, cues=cues, by=by, filename=name,
                  language=transcript.language)  # fmt: skip
    transcript.cancel_requested = False
    _finish(transcript, Transcript.Status.READY)
    timeline.record(
        project=asset.project, kind="transcript.captions", actor=by, subject=transcript,
        summary=f"{by.display_name} replaced the transcript of {asset.display_name} with {name} "
        f"({len(cues)} cue{'s' if len(cues) != 1 else ''})",
        data={"filename": name, "cues": len(cues), "revision": transcript.revision},
    )  # fmt: skip
    return transcript


def _clean_name(filename: str) -> str:
    name = "".join(c for c in (filename or "") if unicodedata.category(c) not in {"Cc", "Cs"})
    return name.replace("/", "_").replace("\\", "_").strip()[:255] or "captions"


# --- Cues -----------------------------------------------------------------------------------------


def cue_text_check(*, text: str) -> dict[str, str]:
    """A cue's text: plain text, not empty, at most MAX_CUE_CHARS characters."""
    cleaned = cue_text(text)
    if not cleaned:
        return {"text": "A cue needs some text."}
    if len(cleaned) > MAX_CUE_CHARS:
        return {"text": f"A cue holds at most {MAX_CUE_CHARS} characters."}
    return {}


def cue_text(text: str) -> str:
    """Unicode NFC, control characters out (a line break stays), each line stripped."""
    text = unicodedata.normalize("NFC", str(text or "")).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c) not in {"Cc", "Cs"})
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


@transaction.atomic
def cue_edit(*, cue: Cue, by: User, text: str) -> Cue:
    """Change one cue's text (what it said first is kept in ``original_text``)."""
    transcript = cue.transcript
    if not can_edit_transcript(by, transcript.asset):
        raise PermissionDenied("Only the team can edit the transcript.")
    errors = cue_text_check(text=text)
    if errors:
        raise ValidationError(errors)
    cue = Cue.objects.select_for_update(of=("self",)).select_related("transcript__asset__project").get(pk=cue.pk)
    if cue.revision != cue.transcript.revision:
        raise ValidationError("This cue belongs to an earlier revision of the transcript; reload the page.")
    if cue.transcript.is_active:  # its cues replace these when it is done: an edit now would be lost from view
        raise ValidationError("A transcription is running; edit the cues when it is done.")
    new = cue_text(text)
    if new == cue.text:
        return cue
    if not cue.edited:
        cue.original_text = cue.text
    old = cue.text
    cue.text = new
    cue.edited = True
    cue.edited_by = by
    cue.edited_at = timezone.now()
    cue.save(update_fields=["text", "edited", "original_text", "edited_by", "edited_at", "updated_at"])
    asset = cue.transcript.asset
    timeline.record(
        project=asset.project, kind="transcript.cue_edited", actor=by, subject=cue.transcript,
        summary=f"{by.display_name} corrected the transcript of {asset.display_name} at {cue.start:.1f} s",
        data={"cue": str(cue.pk), "from": old[:200], "to": new[:200]},
    )  # fmt: skip
    return cue
