"""Every write to media: keyword-only, one transaction each, timeline events inside it.

Uploads (tus) stream into parts in storage; a worker assembles the parts into the asset
file, hashes and probes it, then runs the one-pass ingest ladder. The Render row is the
truth for state and progress.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import logging
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from config.db_retry import DB_CONNECTION_ERRORS, db_retrying
from config.queueing import publish_after_commit
from projects import timeline
from projects.models import Project, User
from projects.permissions import can_upload
from projects.services import title_problem

from . import engine, render_listeners, specs, storage, targets, tasks, variants
from .models import MediaAsset, QCFinding, Render, Upload, UploadPart, asset_upload_to

log = logging.getLogger(__name__)

CHECKSUM_ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "md5": hashlib.md5}


class ChecksumMismatch(ValidationError):
    """The bytes of a PATCH do not match its Upload-Checksum; nothing was kept."""


class OffsetConflict(ValidationError):
    """The client's offset is not where the upload stands."""


@dataclass(frozen=True)
class Checksum:
    algorithm: str
    digest: bytes

    @classmethod
    def parse(cls, header: str) -> Checksum:
        try:
            algorithm, encoded = header.strip().split(" ", 1)
            digest = base64.b64decode(encoded.strip(), validate=True)
        except (ValueError, binascii.Error) as exc:
            raise ValidationError("Upload-Checksum must be '<algorithm> <base64 digest>'.") from exc
        if algorithm not in CHECKSUM_ALGORITHMS:
            raise ValidationError(f"Unsupported checksum algorithm {algorithm!r}; use one of sha1, sha256, md5.")
        return cls(algorithm=algorithm, digest=digest)


# --- Assets -------------------------------------------------------------------------------------


def asset_title_check(*, title: str) -> dict[str, str]:
    """A file's title may be blank (it is then shown by its file name)."""
    if not title.strip():
        return {}
    problem = title_problem(title, thing="file")
    return {"title": problem} if problem else {}


@transaction.atomic
def asset_rename(*, asset: MediaAsset, title: str, by: User) -> MediaAsset:
    """Give an asset a title people read ("Wide, take 2"); the uploaded file's name stays as it
    was (``original_name``: the download keeps it). A blank title goes back to the file name."""
    if not can_upload(by, asset.project):
        raise PermissionDenied("Only producers and editors can rename media.")
    errors = asset_title_check(title=title)
    if errors:
        raise ValidationError(errors)
    asset = MediaAsset.objects.select_for_update().select_related("project").get(pk=asset.pk)
    old, new = asset.display_name, title.strip()
    if asset.title == new:
        return asset
    asset.title = new
    asset.save(update_fields=["title", "updated_at"])
    timeline.record(
        project=asset.project,
        kind="asset.renamed",
        summary=f"{by.display_name} renamed “{old}” to “{asset.display_name}”",
        actor=by,
        subject=asset,
        data={"from": old, "to": asset.display_name, "original_name": asset.original_name},
    )
    return asset


def asset_delete_problem(asset: MediaAsset) -> str | None:
    """Why an asset must stay, or None when nothing needs it: what it is part of may keep it
    (a cut keeps its versions: see its upload target), and a file still being processed stays."""
    owner = targets.owner_of(asset)
    reason = owner.keep_reason(asset) if owner is not None else None
    if reason:
        return reason
    renders = getattr(asset, "render_list", None)  # its playback renders, prefetched on the asset page
    if renders is not None:
        busy = any(not r.is_finished for r in renders) or (
            asset.renders.exclude(preset=specs.PLAYBACK).filter(status__in=Render.ACTIVE).exists()
        )
    else:
        busy = asset.renders.exclude(status__in=Render.FINISHED).exists()
    if busy or asset.status in (MediaAsset.Status.UPLOADING, MediaAsset.Status.PROCESSING):
        return "This file is still being processed. Cancel its render first, or wait until it is done."
    return None


@transaction.atomic
def asset_delete(*, asset: MediaAsset, by: User) -> None:
    """Delete an asset nothing needs (dailies, other material, an unusable upload, including an
    unusable version of a cut). The timeline keeps a record; the stored file and the renders'
    outputs are deleted once the deletion is committed."""
    if not can_upload(by, asset.project):
        raise PermissionDenied("Only producers and editors can delete media.")
    asset = (
        MediaAsset.objects.select_for_update(of=("self",))
        .select_related("project", *targets.related_paths())
        .get(pk=asset.pk)
    )
    problem = asset_delete_problem(asset)
    if problem:
        raise ValidationError(problem, code="in_use")
    name = asset.display_name
    folders = [f"assets/{asset.project_id}/{asset.pk}"]  # asset_upload_to's folder
    folders += [f"renders/{pk}" for pk in asset.renders.values_list("pk", flat=True)]
    file_name = asset.file.name if asset.file else ""
    data = {
        "asset": str(asset.pk),
        "original_name": asset.original_name,
        "status": asset.status,
        "size": asset.size,
        "sha256": asset.sha256,
    }
    owner = targets.owner_of(asset)
    detached = owner.detach(asset=asset, by=by) if owner is not None else None
    if detached is not None:
        summary, extra = detached
        data.update(extra)
    else:
        summary = f"{by.display_name} deleted {name}"
    timeline.record(
        project=asset.project,
        kind="asset.deleted",
        summary=summary,
        actor=by,
        data=data,
    )
    asset.delete()

    def remove_files() -> None:
        if file_name:
            default_storage.delete(file_name)
        for folder in folders:
            storage.delete_tree(folder)

    transaction.on_commit(remove_files)


# --- Uploads (tus) ------------------------------------------------------------------------


# Control characters (PostgreSQL refuses NUL outright), lone surrogates, and the
# bidirectional overrides that make "clip\u202evom.exe" read as "clipexe.mov".
_CONTROL_CATEGORIES = {"Cc", "Cs"}
_BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _without_control_characters(value: str) -> str:
    """``value`` as a person could read it: line breaks and tabs become spaces; NUL, other
    control characters and bidirectional overrides go. Names from a client or the disk
    come in through here."""
    return "".join(
        " " if c.isspace() and c != " " else c
        for c in value
        if c.isspace() or (c not in _BIDI_CONTROLS and unicodedata.category(c) not in _CONTROL_CATEGORIES)
    )


def _clean_filename(filename: str) -> str:
    cleaned = _without_control_characters(filename or "").strip()
    return cleaned.replace("/", "_").replace("\\", "_")[:255]


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[1].lower() if "." in filename else ""


@transaction.atomic
def upload_create(
    *,
    user: User,
    project: Project,
    filename: str,
    length: int,
    target: str = "",
    target_ref=None,
    purpose: str = "",
    metadata=None,
) -> Upload:
    """Start a resumable upload. Refuses what could never succeed, before any byte is sent."""
    if not can_upload(user, project):
        raise PermissionDenied("Only producers and editors can upload to this project.")
    filename = _clean_filename(filename)
    errors = {}
    if not filename:
        errors["filename"] = "Send the file name in the upload metadata (filename)."
    elif _extension(filename) not in settings.UPLOAD_ALLOWED_EXTENSIONS:
        allowed = ", ".join(settings.UPLOAD_ALLOWED_EXTENSIONS)
        errors["filename"] = f"Files of this kind are not accepted. Upload one of: {allowed}."
    if length < 1:
        errors["length"] = "The file is empty."
    handler = None
    if target:
        handler = targets.get(target)
        if handler is None:
            errors["target"] = f"Uploads cannot go to “{target}”."
        else:
            try:
                handler.resolve(project=project, ref=target_ref)
            except ValidationError as exc:
                errors.update(exc.message_dict if hasattr(exc, "error_dict") else {target: exc.messages})
    purpose = purpose or (handler.purpose if handler else MediaAsset.Purpose.OTHER)
    if purpose not in MediaAsset.Purpose.values:
        errors["purpose"] = f"Unknown purpose “{purpose}”."
    elif handler is None and any(t.purpose == purpose for t in targets.all_targets()):
        needs = next(t.name for t in targets.all_targets() if t.purpose == purpose)
        errors[needs] = f"Say which {needs} this belongs to ({needs})."
    if errors:
        raise ValidationError(errors)
    if length > settings.UPLOAD_MAX_SIZE:
        raise ValidationError(
            f"The file is {length / 1024**3:.1f} GiB; the limit is {settings.UPLOAD_MAX_SIZE / 1024**3:.1f} GiB.",
            code="too_large",
        )
    return Upload.objects.create(
        project=project,
        user=user,
        target=target if handler else "",
        target_ref=target_ref if handler else None,
        purpose=purpose,
        filename=filename,
        length=length,
        metadata={
            _without_control_characters(str(k)): _without_control_characters(str(v))
            for k, v in (metadata or {}).items()
        },
        expires_at=timezone.now() + dt.timedelta(hours=settings.UPLOAD_EXPIRY_HOURS),
    )


def upload_receive(
    *, upload: Upload, offset: int, stream, content_length: int | None, checksum: Checksum | None = None
) -> Upload:
    """Stream one PATCH body into a new part in storage, then accept it in a short
    transaction. A dropped connection keeps the bytes that arrived (unless a checksum was
    sent, which they can no longer match)."""
    if upload.status != Upload.Status.RECEIVING:
        raise ValidationError("This upload is no longer receiving data.", code="gone")
    if offset != upload.offset:
        raise OffsetConflict(f"The upload is at byte {upload.offset}, not {offset}.", code="offset")
    remaining = upload.length - upload.offset
    if content_length is not None and content_length > remaining:
        raise ValidationError(f"Only {remaining} more bytes are expected.", code="too_large")
    hasher = CHECKSUM_ALGORITHMS[checksum.algorithm]() if checksum else None
    reader = storage.StreamReader(
        stream, content_length if content_length is not None else remaining, [hasher] if hasher else []
    )
    name = f"uploads/{upload.pk}/{offset:016d}-{timezone.now().strftime('%H%M%S%f')}.part"
    storage.save_exact(name, reader)
    size = reader.received
    if checksum and (reader.interrupted or hasher.digest() != checksum.digest):
        storage.default_storage.delete(name)
        raise ChecksumMismatch("The data does not match its Upload-Checksum; send this part again.", code="checksum")
    if size == 0:
        storage.default_storage.delete(name)
        return upload
    return _upload_accept_part(upload_id=upload.pk, offset=offset, size=size, name=name)


@transaction.atomic
def _upload_accept_part(*, upload_id, offset: int, size: int, name: str) -> Upload:
    upload = Upload.objects.select_for_update().get(pk=upload_id)
    if upload.offset != offset or upload.status != Upload.Status.RECEIVING:  # another PATCH won the race
        storage.default_storage.delete(name)  # now: raising rolls back, and on_commit with it
        raise OffsetConflict(f"The upload is at byte {upload.offset}, not {offset}.", code="offset")
    UploadPart.objects.create(upload=upload, offset=offset, size=size, name=name)
    upload.offset = offset + size
    upload.expires_at = timezone.now() + dt.timedelta(hours=settings.UPLOAD_EXPIRY_HOURS)
    upload.save(update_fields=["offset", "expires_at", "updated_at"])
    if upload.offset == upload.length:
        _upload_complete(upload)
    return upload


def _upload_complete(upload: Upload) -> MediaAsset:
    """The last byte is in: make the asset (and what its target makes of it), queue assembly."""
    asset = _asset_arrived(
        project=upload.project,
        target=upload.target,
        target_ref=upload.target_ref,
        purpose=upload.purpose,
        filename=upload.filename,
        size=upload.length,
        by=upload.user,
    )
    upload.status = Upload.Status.COMPLETE
    upload.asset = asset
    upload.save(update_fields=["status", "asset", "updated_at"])
    publish_after_commit(tasks.ingest_assemble, str(asset.pk))
    return asset


def _asset_arrived(
    *, project: Project, target: str, target_ref, purpose: str, filename: str, size: int, by: User
) -> MediaAsset:
    """A new asset, with the timeline event saying so: its target's (a cut's "version 3
    uploaded"), or media's own for plain material."""
    asset = MediaAsset.objects.create(
        project=project,
        purpose=purpose,
        status=MediaAsset.Status.PROCESSING,
        original_name=filename,
        size=size,
        uploaded_by=by,
    )
    handler = targets.get(target) if target else None
    if handler is not None:
        handler.arrived(asset=asset, ref=target_ref, by=by)
    else:
        timeline.record(
            project=project,
            kind="asset.uploaded",
            summary=f"{by.display_name} uploaded {filename}",
            actor=by,
            subject=asset,
            data={"filename": filename, "size": size, "purpose": purpose},
        )
    return asset


@transaction.atomic
def asset_import(*, project: Project, path: Path, by: User, target: str = "", target_ref=None) -> MediaAsset:
    """Bring a file already on this machine in (demo data, command-line imports): stored,
    hashed, then probed and rendered by a worker, like an upload."""
    if not can_upload(by, project):
        raise PermissionDenied("Only producers and editors can add media.")
    handler = targets.get(target) if target else None
    if target and handler is None:
        raise ValidationError({"target": f"Uploads cannot go to “{target}”."})
    if handler is not None:
        handler.resolve(project=project, ref=target_ref)
    path = Path(path)
    purpose = handler.purpose if handler else MediaAsset.Purpose.OTHER
    asset = _asset_arrived(
        project=project, target=target, target_ref=target_ref, purpose=purpose,
        filename=_clean_filename(path.name), size=path.stat().st_size, by=by,
    )  # fmt: skip
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        reader = storage.StreamReader(fh, path.stat().st_size, [digest])
        name = storage.save_exact(asset_upload_to(asset, path.name), reader)
    asset.file.name = name
    asset.sha256 = digest.hexdigest()
    asset.save(update_fields=["file", "sha256", "updated_at"])
    publish_after_commit(tasks.ingest_assemble, str(asset.pk))
    return asset


@transaction.atomic
def upload_terminate(*, upload: Upload, user: User) -> None:
    if upload.user_id != user.pk:
        raise PermissionDenied("Only the person uploading can cancel this upload.")
    if upload.status == Upload.Status.COMPLETE:
        raise ValidationError("This upload is complete; delete the asset instead.", code="complete")
    upload.status = Upload.Status.TERMINATED
    upload.save(update_fields=["status", "updated_at"])
    upload.parts.all().delete()
    prefix = f"uploads/{upload.pk}"
    transaction.on_commit(lambda: storage.delete_tree(prefix))


def uploads_expire(*, now: dt.datetime | None = None) -> int:
    """Unfinished uploads past their expiry: mark expired and delete their parts."""
    now = now or timezone.now()
    expired = list(
        Upload.objects.filter(status=Upload.Status.RECEIVING, expires_at__lte=now).values_list("pk", flat=True)
    )
    count = 0
    for pk in expired:
        with transaction.atomic():
            taken = Upload.objects.filter(pk=pk, status=Upload.Status.RECEIVING).update(
                status=Upload.Status.EXPIRED, updated_at=now
            )
            if taken:
                UploadPart.objects.filter(upload_id=pk).delete()
        if taken:  # not one that its last PATCH completed meanwhile: a worker joins those parts
            storage.delete_tree(f"uploads/{pk}")
            count += 1
    return count


# --- Assembly and probe (in a worker) -------------------------------------------------------


def _ingest_lease() -> dt.timedelta:
    """How long an ingest task may hold its asset: past its hard time limit it is surely dead."""
    return dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


def ingest_claim(*, asset_id, now: dt.datetime | None = None) -> MediaAsset | None:
    """Take an asset's ingest for this task. None when there is nothing to do: the asset is
    gone, no longer processing, already has its render, or another delivery of the same task
    holds it (the sweep may have queued it again while the first was still waiting)."""
    now = now or timezone.now()
    taken = (
        MediaAsset.objects.filter(pk=asset_id, status=MediaAsset.Status.PROCESSING, renders__isnull=True)
        .filter(Q(ingest_started_at__isnull=True) | Q(ingest_started_at__lt=now - _ingest_lease()))
        .update(ingest_started_at=now)
    )
    return MediaAsset.objects.filter(pk=asset_id).first() if taken else None


def asset_assemble(*, asset: MediaAsset) -> MediaAsset:
    """Join the upload's parts into the asset file (hashing as it goes), then probe it.
    Idempotent: an asset that already has its file is only probed again."""
    upload = Upload.objects.filter(asset=asset).first()
    if not asset.file and upload is not None:
        names = list(upload.parts.order_by("offset").values_list("name", flat=True))
        reader = storage.ConcatReader(names)
        target = asset_upload_to(asset, upload.filename)
        try:
            storage.save_exact(target, reader)
        finally:
            reader.close()
        if reader.size != upload.length:
            return _asset_unusable(asset, f"The upload is incomplete: {reader.size} of {upload.length} bytes arrived.")
        with transaction.atomic():
            MediaAsset.objects.filter(pk=asset.pk).update(
                file=target, sha256=reader.sha256.hexdigest(), size=reader.size
            )
        asset.refresh_from_db()
        storage.delete_tree(f"uploads/{upload.pk}")
    return asset_probe(asset=asset)


def asset_probe(*, asset: MediaAsset) -> MediaAsset:
    if not asset.file:
        return _asset_unusable(asset, "The file never arrived.")
    with storage.local_path(asset.file.name) as path:
        result = engine.probe(path)
    if not result.usable:
        return _asset_unusable(asset, result.unusable_reason)
    with transaction.atomic():
        asset = MediaAsset.objects.select_for_update().get(pk=asset.pk)
        _store_probe(asset, result)
        asset.save()
        render_request(asset=asset, spec=specs.ladder(), by=asset.uploaded_by)  # once, however often probed
    return asset


def _store_probe(asset: MediaAsset, result) -> None:
    asset.media_type = result.media_type
    asset.format_name = result.format_name or ""
    asset.duration = result.duration
    if result.frame_rate:
        asset.frame_rate_num, asset.frame_rate_den = result.frame_rate
    asset.frame_count = result.frame_count
    asset.width, asset.height = result.width, result.height
    asset.rotation = result.rotation or 0
    asset.pix_fmt = result.pix_fmt or ""
    asset.bit_depth = result.bit_depth
    asset.video_codec = result.video_codec or ""
    asset.audio_codec = result.audio_codec or ""
    asset.audio_channels = result.audio_channels
    asset.sample_rate = result.sample_rate
    asset.start_timecode = result.start_timecode or ""
    asset.interlaced = bool(result.interlaced)
    asset.variable_frame_rate = bool(result.variable_frame_rate)
    asset.probe_data = result.raw or {}


@transaction.atomic
def _asset_unusable(asset: MediaAsset, reason: str) -> MediaAsset:
    asset = MediaAsset.objects.select_for_update().get(pk=asset.pk)
    asset.status = MediaAsset.Status.UNUSABLE
    asset.unusable_reason = reason[:500]
    asset.save(update_fields=["status", "unusable_reason", "updated_at"])
    for target in targets.all_targets():  # e.g. clients never see a version that cannot be played
        target.unusable(asset)
    timeline.record(
        project=asset.project,
        kind="asset.unusable",
        summary=f"{asset.original_name} cannot be used: {reason}",
        subject=asset,
        data={"reason": reason},
    )
    return asset


# --- Renders ---------------------------------------------------------------------------------


def render_request(*, asset: MediaAsset, spec: specs.RenderSpec, by: User | None) -> Render:
    """The render of ``asset`` that makes ``spec``: the one that already made it, else the one
    making it now, else a new one queued. The same spec is never rendered twice (the database
    holds one success and one queued-or-running render per (asset, spec hash))."""
    digest = spec.digest
    found = (
        Render.objects.filter(asset=asset, spec_hash=digest, status__in=(Render.Status.SUCCEEDED, *Render.ACTIVE))
        .order_by("-created_at")
        .first()
    )
    if found is not None:
        return found
    try:
        with transaction.atomic():  # a savepoint: a request racing this one may have queued it first
            render = Render.objects.create(
                asset=asset, preset=spec.preset, spec=spec.as_data(), spec_hash=digest, requested_by=by
            )
    except IntegrityError:
        return Render.objects.get(asset=asset, spec_hash=digest, status__in=Render.ACTIVE)
    publish_after_commit(tasks.render_ladder, str(render.pk))
    return render


@transaction.atomic
def render_retry(*, render: Render, by: User) -> Render:
    """Render a failed or cancelled render's spec again. A render that succeeded is current:
    its spec is not rendered twice."""
    if not can_upload(by, render.asset.project):
        raise PermissionDenied("Only producers and editors can start renders.")
    if not render.is_finished:
        raise ValidationError("This render is still running.")
    if render.status == Render.Status.SUCCEEDED:
        raise ValidationError("This render finished and its files are current: there is nothing to render again.")
    if render.asset.status == MediaAsset.Status.UNUSABLE:
        raise ValidationError(f"This file cannot be rendered: {render.asset.unusable_reason}")
    again = render_request(asset=render.asset, spec=specs.of_render(render.spec or {}), by=by)
    if again.status != Render.Status.SUCCEEDED and again.is_playback:
        MediaAsset.objects.filter(pk=render.asset_id).update(status=MediaAsset.Status.PROCESSING)
    return again


@transaction.atomic
def render_cancel(*, render: Render, by: User) -> Render:
    """Queued renders stop at once; a running one is killed by its worker within a second or two."""
    if not can_upload(by, render.asset.project):
        raise PermissionDenied("Only producers and editors can cancel renders.")
    render = Render.objects.select_for_update().get(pk=render.pk)
    if render.is_finished:
        return render
    if render.status == Render.Status.QUEUED:
        _render_finish(render, Render.Status.CANCELLED, error="Cancelled before it started.")
    else:
        render.cancel_requested = True
        render.save(update_fields=["cancel_requested", "updated_at"])
    return render


def _render_finish(render: Render, status: str, *, error: str = "") -> None:
    render.status = status
    render.finished_at = timezone.now()
    render.error = error[:500]
    render.eta_seconds = None
    render.save(update_fields=["status", "finished_at", "error", "eta_seconds", "updated_at"])
    if not render.is_playback:
        # A viewer's copy (a watermark), a platform variant: its outcome is the row's, shown to
        # whoever asked. The asset's status stays its playback render's, and the project's
        # timeline is not told of every guest's copy; a stage that asked for renders of its own
        # hears of them (``render_listeners``) and records what it means.
        render_listeners.finished(render)
        return
    if status != Render.Status.SUCCEEDED:
        earlier_success = render.asset.renders.filter(preset=specs.PLAYBACK, status=Render.Status.SUCCEEDED).exists()
        MediaAsset.objects.filter(pk=render.asset_id, status=MediaAsset.Status.PROCESSING).update(
            status=MediaAsset.Status.READY if earlier_success else MediaAsset.Status.FAILED
        )
    label = {"succeeded": "finished", "failed": "failed", "cancelled": "was cancelled"}[status]
    timeline.record(
        project=render.asset.project,
        kind=f"render.{status}",
        summary=f"Render of {render.asset.original_name} {label}" + (f": {error}" if error else ""),
        subject=render,
        data={"asset": str(render.asset_id), "attempts": render.attempts},
    )


def render_claim(*, render_id) -> Render | None:
    """Mark a queued render running (one attempt more). None if there is nothing to do."""
    with transaction.atomic():
        render = Render.objects.select_for_update().select_related("asset").filter(pk=render_id).first()
        if render is None or render.is_finished or render.status == Render.Status.RUNNING:
            return None
        if render.cancel_requested:
            _render_finish(render, Render.Status.CANCELLED, error="Cancelled before it started.")
            return None
        now = timezone.now()
        render.status = Render.Status.RUNNING
        render.attempts += 1
        render.started_at = render.heartbeat_at = now
        render.progress = 0
        render.save(update_fields=["status", "attempts", "started_at", "heartbeat_at", "progress", "updated_at"])
    return render


def render_run(*, render: Render) -> Render:
    """Make a claimed render (what its spec's preset makes: ``_MAKERS``), keeping the row's
    progress current. An attempt that dies on anything but ffmpeg's own outcomes hands its
    render back at once."""
    try:
        return _render_attempt(render)
    except Exception as exc:
        _render_hand_back(render_id=render.pk, attempt=render.attempts, error=exc)
        raise


def _make_ladder(src: Path, out_dir: Path, spec: specs.RenderSpec, **run) -> engine.IngestResult:
    return engine.ingest(src, out_dir, **run)


def _make_watermark(src: Path, out_dir: Path, spec: specs.RenderSpec, **run) -> engine.WatermarkResult:
    text = specs.watermark_text(spec.params.get("text", ""))
    return engine.watermark(src, out_dir, text=text, font=settings.WATERMARK_FONT or None, **run)


def _make_variant(src: Path, out_dir: Path, spec: specs.RenderSpec, **run) -> engine.VariantResult:
    """A platform variant: its logo and end card image are read from storage for the run."""
    try:
        plan = specs.variant_plan(spec)
    except variants.VariantParamsError as exc:  # a spec written under other rules
        raise engine.VariantRefused(str(exc)) from exc
    with contextlib.ExitStack() as files:
        local = {name: str(files.enter_context(storage.local_path(name))) for name in variants.stored_files(plan)}
        plan = variants.with_files(plan, local)
        return engine.variant(src, out_dir, plan, font=settings.WATERMARK_FONT or None, **run)


# What each preset's render runs: the engine call that makes its outputs from the asset's file.
# Every preset goes through the same attempt (claim, progress and heartbeat, cancel, time limit,
# storage, hand-back); only the playback preset's result becomes the asset's (QC, status).
_MAKERS = {specs.LADDER: _make_ladder, specs.WATERMARK: _make_watermark, specs.VARIANT: _make_variant}


def _render_attempt(render: Render) -> Render:
    spec = specs.of_render(render.spec or {})
    make = _MAKERS[spec.preset]
    work = Path(tempfile.mkdtemp(prefix=f"render-{render.pk}-"))

    def on_progress(progress: engine.Progress) -> None:
        _render_touch(
            render.pk,
            progress=max(0.0, min(100.0, progress.percent or 0.0)),
            eta_seconds=progress.eta_seconds,
            heartbeat_at=timezone.now(),
        )

    def should_cancel() -> bool:
        return _render_taken_away(render.pk)

    prefix = f"renders/{render.pk}"
    try:
        with storage.local_path(render.asset.file.name) as src:
            result = make(
                src,
                work / "out",
                spec,
                on_progress=on_progress,
                should_cancel=should_cancel,
                time_limit=settings.RENDER_TIME_LIMIT,
                log_path=work / "ffmpeg.log",
                encoder=engine.EncoderSettings(preset=settings.RENDER_X264_PRESET),
                progress_interval=settings.RENDER_PROGRESS_INTERVAL,
            )
        storage.delete_tree(prefix)  # a re-run replaces its outputs, never adds to them
        storage.save_tree(work / "out", prefix)
    except engine.RenderCancelled:
        return db_retrying(lambda: _render_stopped(render.pk))
    except engine.UnusableMedia as exc:
        reason = str(exc)
        if render.is_playback:  # a file its own ladder cannot use; a viewer's copy only fails
            db_retrying(lambda: _asset_unusable(render.asset, reason))
        return db_retrying(lambda: _render_end(render.pk, Render.Status.FAILED, error=reason))
    except (engine.FfmpegFailed, engine.RenderTimeout, engine.FontNotFound, engine.VariantRefused) as exc:
        error, log_tail = str(exc), getattr(exc, "log_tail", "")
        return db_retrying(lambda: _render_end(render.pk, Render.Status.FAILED, error=error, log_tail=log_tail))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return db_retrying(lambda: _render_succeeded(render_id=render.pk, result=result, prefix=prefix))


def _render_touch(render_id, **fields) -> None:
    """Write a running render's progress and heartbeat. Best effort: a lost database connection
    is reopened and the write tried once more; failing again it is skipped, and the render goes
    on (the next write, a second or two later, tries again)."""
    try:
        db_retrying(
            lambda: Render.objects.filter(pk=render_id, status=Render.Status.RUNNING).update(**fields), waits=(0,)
        )
    except DB_CONNECTION_ERRORS as exc:
        log.warning("Render %s: progress not saved (%s); the render goes on.", render_id, exc)


def _render_taken_away(render_id) -> bool:
    """True when this attempt should stop: cancelled, deleted, or no longer its to run. A
    database that cannot be asked right now stops nothing."""
    try:
        row = db_retrying(
            lambda: Render.objects.filter(pk=render_id).values("cancel_requested", "status").first(), waits=(0,)
        )
    except DB_CONNECTION_ERRORS as exc:
        log.warning("Render %s: could not check for a cancel (%s); the render goes on.", render_id, exc)
        return False
    return row is None or row["cancel_requested"] or row["status"] != Render.Status.RUNNING


def _render_hand_back(*, render_id, attempt: int, error: Exception) -> None:
    """This attempt died on an unexpected error (a lost database connection, a storage fault):
    give the render back now rather than leave it "running" until the reaper's heartbeat
    timeout. Queued again for another attempt, or failed once the attempts are spent."""
    reason = f"{type(error).__name__}: {error}"[:300]
    log.warning(
        "Render %s: attempt %s stopped on an unexpected error (%s); handing it back.", render_id, attempt, reason
    )

    @transaction.atomic
    def hand_back() -> None:
        render = Render.objects.select_for_update().select_related("asset__project").filter(pk=render_id).first()
        if render is None or render.status != Render.Status.RUNNING or render.attempts != attempt:
            return  # finished, or already another attempt's (the reaper requeued it)
        if render.cancel_requested:
            _render_finish(render, Render.Status.CANCELLED, error="Cancelled.")
        elif render.attempts >= settings.RENDER_MAX_ATTEMPTS:
            _render_finish(
                render,
                Render.Status.FAILED,
                error=f"The render stopped on an unexpected error {render.attempts} times ({reason}); "
                "giving up. Retry to try again.",
            )
        else:
            render.status = Render.Status.QUEUED
            render.progress = 0
            render.eta_seconds = None
            render.save(update_fields=["status", "progress", "eta_seconds", "updated_at"])
            publish_after_commit(tasks.render_ladder, str(render.pk))

    try:
        db_retrying(hand_back)
    except DB_CONNECTION_ERRORS:
        log.exception("Render %s: could not hand it back; the reaper will requeue it.", render_id)


@transaction.atomic
def _render_stopped(render_id) -> Render:
    """This attempt's ffmpeg was stopped. A person asked for it: the render is cancelled. Otherwise
    the render was taken from this attempt (the reaper requeued it): the row belongs to the next
    attempt now, and nothing is recorded here."""
    render = Render.objects.select_for_update().select_related("asset__project").get(pk=render_id)
    if render.cancel_requested and render.status == Render.Status.RUNNING:
        _render_finish(render, Render.Status.CANCELLED, error="Cancelled.")
    return render


@transaction.atomic
def _render_end(render_id, status: str, *, error: str = "", log_tail: str = "") -> Render:
    render = Render.objects.select_for_update().select_related("asset__project").get(pk=render_id)
    if render.is_finished:  # written already (a retried write whose first commit went through)
        return render
    if log_tail:
        render.log_tail = log_tail
        render.save(update_fields=["log_tail"])
    _render_finish(render, status, error=error)
    return render


@transaction.atomic
def _render_succeeded(*, render_id, result, prefix: str) -> Render:
    render = Render.objects.select_for_update().select_related("asset").get(pk=render_id)
    if render.is_finished:  # written already (a retried write whose first commit went through)
        return render
    render.output_dir = prefix
    render.outputs = render_outputs(result)
    render.log_tail = result.log_tail
    render.progress = 100
    render.save(update_fields=["output_dir", "outputs", "log_tail", "progress", "updated_at"])
    first_time = _playback_succeeded(render, result) if render.is_playback else False
    _render_finish(render, Render.Status.SUCCEEDED)
    if first_time:  # e.g. a cut's new version is up for review
        for target in targets.all_targets():
            target.ready(render.asset)
    return render


def _playback_succeeded(render: Render, result: engine.IngestResult) -> bool:
    """The asset's own render finished: its QC findings and loudness are the asset's, and the
    asset is ready. True when it plays for the first time."""
    asset = render.asset
    QCFinding.objects.filter(render=render).delete()  # a re-run replaces, never duplicates
    QCFinding.objects.bulk_create(
        QCFinding(
            asset=asset,
            render=render,
            kind=f.kind,
            severity=QCFinding.Severity.WARNING,
            start=f.start,
            end=f.end,
            value=f.value,
            message=f.message[:300],
        )
        for f in result.findings
    )
    loudness = result.loudness
    asset.loudness_lufs = loudness.integrated_lufs if loudness else None
    asset.true_peak_dbtp = loudness.true_peak_dbtp if loudness else None
    first_time = asset.status != MediaAsset.Status.READY
    asset.status = MediaAsset.Status.READY
    asset.save(update_fields=["loudness_lufs", "true_peak_dbtp", "status", "updated_at"])
    return first_time


def render_outputs(result: engine.IngestResult | engine.WatermarkResult | engine.VariantResult) -> dict:
    """What a render made, as stored on its row: the files (the only ones ever served), the
    main outputs by kind, and the renditions."""
    return {
        "files": {o.path: o.kind for o in result.outputs},
        "main": {o.kind: o.path for o in result.outputs if o.kind not in ("hls_playlist", "hls_segment")},
        "renditions": [
            {"name": r.name, "playlist": r.playlist, "width": r.width, "height": r.height, "bitrate": r.bitrate}
            for r in result.renditions
        ],
        "elapsed": round(result.elapsed, 2),
        **({"facts": result.facts} if isinstance(result, engine.VariantResult) else {}),
    }


def renders_reap(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Renders stuck in ``running`` (their worker died): requeue them a bounded number of
    times, then fail them with a message."""
    now = now or timezone.now()
    stale_before = now - dt.timedelta(seconds=settings.RENDER_TIME_LIMIT + 120)
    silent_before = now - dt.timedelta(seconds=settings.RENDER_HEARTBEAT_TIMEOUT)
    counts = {"requeued": 0, "failed": 0}
    stuck = Render.objects.filter(status=Render.Status.RUNNING).filter(
        Q(started_at__lt=stale_before) | Q(heartbeat_at__lt=silent_before) | Q(heartbeat_at__isnull=True)
    )
    for render_id in stuck.values_list("pk", flat=True):
        with transaction.atomic():
            render = Render.objects.select_for_update().select_related("asset").get(pk=render_id)
            if render.status != Render.Status.RUNNING:
                continue
            if render.attempts >= settings.RENDER_MAX_ATTEMPTS:
                _render_finish(
                    render,
                    Render.Status.FAILED,
                    error=f"The worker stopped responding {render.attempts} times; giving up. Retry to try again.",
                )
                counts["failed"] += 1
            else:
                render.status = Render.Status.QUEUED
                render.progress = 0
                render.eta_seconds = None
                render.save(update_fields=["status", "progress", "eta_seconds", "updated_at"])
                publish_after_commit(tasks.render_ladder, str(render.pk))
                counts["requeued"] += 1
    return counts


def work_requeue_lost(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Queue again the work whose task never reached a worker (the broker was down when the
    change committed, or lost the message). The rows say what is owed: an asset still
    processing with no render and no live ingest, a render still queued long after it was
    queued. Each item queued is touched, so the next sweep waits a full period before queueing
    it again; a second delivery is harmless (ingest_claim, render_claim)."""
    now = now or timezone.now()
    counts = {"ingests": 0, "renders": 0}
    ingest_before = now - dt.timedelta(seconds=settings.INGEST_REQUEUE_AFTER)
    lost_assets = MediaAsset.objects.filter(
        Q(ingest_started_at__isnull=True) | Q(ingest_started_at__lt=now - _ingest_lease()),
        status=MediaAsset.Status.PROCESSING,
        renders__isnull=True,
        updated_at__lt=ingest_before,
    )
    for asset_id in lost_assets.values_list("pk", flat=True):
        with transaction.atomic():
            if lost_assets.filter(pk=asset_id).update(updated_at=now):
                publish_after_commit(tasks.ingest_assemble, str(asset_id))
                counts["ingests"] += 1
    render_before = now - dt.timedelta(seconds=settings.RENDER_REQUEUE_AFTER)
    lost_renders = Render.objects.filter(status=Render.Status.QUEUED, updated_at__lt=render_before)
    for render_id in lost_renders.values_list("pk", flat=True):
        with transaction.atomic():
            if lost_renders.filter(pk=render_id).update(updated_at=now):
                publish_after_commit(tasks.render_ladder, str(render_id))
                counts["renders"] += 1
    if counts["ingests"] or counts["renders"]:
        log.warning("Queued again work no worker had picked up: %(ingests)d ingests, %(renders)d renders.", counts)
    return counts
