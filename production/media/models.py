"""Media that every stage shares: assets and what ffprobe says of them, resumable uploads, renders and QC findings.

Media knows nothing of the stages that use it: an upload names its target (e.g. ``cut``) by
name and id, and the stage that registered that target (``production.media.targets``) acts on
the asset when it arrives."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q

from projects.models import BaseModel, Project

from . import specs
from .outputs import RenderOutputs


def asset_upload_to(instance: MediaAsset, filename: str) -> str:
    """Stored names are generated, never the user's: media/<project>/<asset>/source<.ext>."""
    suffix = ""
    if "." in filename:
        ext = filename.rsplit(".", 1)[1].lower()
        if ext.isalnum() and len(ext) <= 8:
            suffix = f".{ext}"
    return f"assets/{instance.project_id}/{instance.pk}/source{suffix}"


class MediaAsset(BaseModel):
    """A stored media file and what ffprobe says about it."""

    class Purpose(models.TextChoices):
        VERSION = "version", "Cut version"
        DAILY = "daily", "Dailies"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        UPLOADING = "uploading", "Uploading"
        PROCESSING = "processing", "Processing"
        READY = "ready", "Ready"
        FAILED = "failed", "Render failed"
        UNUSABLE = "unusable", "Unusable"

    class MediaType(models.TextChoices):
        VIDEO = "video", "Video"
        AUDIO = "audio", "Audio"
        UNKNOWN = "unknown", "Unknown"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assets")
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.OTHER)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UPLOADING)
    file = models.FileField(upload_to=asset_upload_to, max_length=500, blank=True)
    original_name = models.CharField(max_length=255)  # the uploaded file's name, kept for the download
    title = models.CharField(max_length=200, blank=True)  # what people call it; blank: the file name
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    unusable_reason = models.CharField(max_length=500, blank=True)
    # When a worker took this asset's ingest (assembly, hash, probe): a second delivery of the
    # same task leaves it alone while this lease lasts (services.ingest_claim).
    ingest_started_at = models.DateTimeField(null=True, blank=True)

    # The probe.
    media_type = models.CharField(max_length=16, choices=MediaType.choices, default=MediaType.UNKNOWN)
    format_name = models.CharField(max_length=100, blank=True)
    duration = models.FloatField(null=True, blank=True)
    frame_rate_num = models.PositiveIntegerField(null=True, blank=True)
    frame_rate_den = models.PositiveIntegerField(null=True, blank=True)
    frame_count = models.PositiveIntegerField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    rotation = models.IntegerField(default=0)
    pix_fmt = models.CharField(max_length=32, blank=True)
    bit_depth = models.PositiveSmallIntegerField(null=True, blank=True)
    video_codec = models.CharField(max_length=32, blank=True)
    audio_codec = models.CharField(max_length=32, blank=True)
    audio_channels = models.PositiveSmallIntegerField(null=True, blank=True)
    sample_rate = models.PositiveIntegerField(null=True, blank=True)
    start_timecode = models.CharField(max_length=16, blank=True)
    interlaced = models.BooleanField(default=False)
    variable_frame_rate = models.BooleanField(default=False)
    probe_data = models.JSONField(default=dict, blank=True)

    # Results of the latest successful ingest.
    loudness_lufs = models.FloatField(null=True, blank=True)
    true_peak_dbtp = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["project", "-created_at"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The title someone gave the file, else its file name."""
        return self.title or self.original_name

    @property
    def frame_rate(self) -> Fraction | None:
        if self.frame_rate_num and self.frame_rate_den:
            return Fraction(self.frame_rate_num, self.frame_rate_den)
        return None


class Upload(BaseModel):
    """A resumable (tus 1.0) upload in progress. Bytes go to ``temp_path``; the row is the
    state, so an upload survives a restart of the web server."""

    class Status(models.TextChoices):
        RECEIVING = "receiving", "Receiving"
        COMPLETE = "complete", "Complete"
        TERMINATED = "terminated", "Terminated"
        EXPIRED = "expired", "Expired"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="uploads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uploads")
    # Where the asset goes when the last byte is in: a registered target's name ("cut") and the
    # id of the thing it names; blank for plain material (dailies, music, references).
    target = models.CharField(max_length=32, blank=True)
    target_ref = models.UUIDField(null=True, blank=True)
    purpose = models.CharField(max_length=16, choices=MediaAsset.Purpose.choices, default=MediaAsset.Purpose.OTHER)
    filename = models.CharField(max_length=255)
    length = models.BigIntegerField()
    offset = models.BigIntegerField(default=0)
    metadata = models.JSONField(default=dict, blank=True)
    # The accepted bytes are its parts (``UploadPart``, ``upload.parts``), one row per PATCH.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVING)
    expires_at = models.DateTimeField()
    asset = models.OneToOneField(MediaAsset, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.offset}/{self.length})"


class UploadPart(BaseModel):
    """One accepted PATCH of an upload: its bytes ``[offset, offset + size)`` are the stored
    file ``name``. A PATCH adds a row (the upload's row only moves its offset), so accepting a
    part costs the same whether it is the first or the thousandth. Files under the upload's
    folder with no row (a PATCH that failed half-way, or lost a race) are never joined, and
    go with the folder."""

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="parts")
    offset = models.BigIntegerField()
    size = models.BigIntegerField()
    name = models.CharField(max_length=255)

    class Meta:
        ordering = ["offset"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "offset"], name="upload_part_offset_unique"),
            models.CheckConstraint(condition=Q(offset__gte=0) & Q(size__gt=0), name="upload_part_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.offset}+{self.size})"


class Render(BaseModel):
    """One rendering of an asset as its spec says (the ingest ladder, a viewer's watermarked
    copy…). The row is the truth for state and progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    asset = models.ForeignKey(MediaAsset, on_delete=models.CASCADE, related_name="renders")
    preset = models.CharField(max_length=32, default="ladder")
    # What this render makes (``specs.RenderSpec.as_data()``) and its hash: one successful
    # render per (asset, spec), and at most one queued or running, so a spec asked again is
    # served from the render that made it (services.render_request, the only way renders are
    # made). A row written by hand without a spec (the admin, a test's fixture) is not keyed.
    spec = models.JSONField(default=dict, blank=True)
    spec_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0)
    eta_seconds = models.FloatField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    log_tail = models.TextField(blank=True)
    output_dir = models.CharField(max_length=300, blank=True)
    outputs = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=100), name="render_progress_0_100"),
            models.UniqueConstraint(
                fields=["asset", "spec_hash"],
                condition=Q(status="succeeded") & ~Q(spec_hash=""),
                name="render_one_success_per_spec",
            ),
            models.UniqueConstraint(
                fields=["asset", "spec_hash"],
                condition=Q(status__in=["queued", "running"]) & ~Q(spec_hash=""),
                name="render_one_active_per_spec",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.preset} of {self.asset} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_playback(self) -> bool:
        """The asset's own playback render (the ladder): the one the team's pages play and whose
        outcome is the asset's. A viewer's watermarked copy is not."""
        return self.preset == specs.PLAYBACK

    @property
    def files(self) -> RenderOutputs:
        """What this render made, read one way (``outputs.RenderOutputs``)."""
        return RenderOutputs.of(self)


class QCFinding(BaseModel):
    """Something automatic QC noticed, at a timecode."""

    class Kind(models.TextChoices):
        LOUDNESS = "loudness", "Loudness"
        TRUE_PEAK = "true_peak", "True peak"
        BLACK = "black", "Black"
        SILENCE = "silence", "Silence"
        FREEZE = "freeze", "Frozen frames"

    class Severity(models.TextChoices):
        INFO = "info", "Info"
        WARNING = "warning", "Warning"

    asset = models.ForeignKey(MediaAsset, on_delete=models.CASCADE, related_name="qc_findings")
    render = models.ForeignKey(Render, on_delete=models.CASCADE, related_name="qc_findings")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    severity = models.CharField(max_length=16, choices=Severity.choices, default=Severity.WARNING)
    start = models.FloatField(null=True, blank=True)
    end = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    message = models.CharField(max_length=300)

    class Meta:
        ordering = ["start", "kind"]

    def __str__(self) -> str:
        return self.message


# A media asset's transcript and its cues (production/media/transcript_models.py).
from .transcript_models import Cue, Transcript, TranscriptRevision  # noqa: E402, F401
