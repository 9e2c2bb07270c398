"""A media asset's transcript: what is said in it and when (a fact of the asset, like its loudness).

The cues people read are the transcript's current revision (``Transcript.revision``). A new
transcription or an uploaded caption file makes a new revision; the cues of earlier ones are
kept (``Cue.revision``), so an edited transcript is never lost by replacing it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from projects.models import BaseModel


class Transcript(BaseModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Transcribing"
        READY = "ready", "Ready"
        EMPTY = "empty", "Nothing to transcribe"  # no audio stream, silence, no speech: ``error`` says which
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    asset = models.OneToOneField("media.MediaAsset", on_delete=models.CASCADE, related_name="transcript")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    language = models.CharField(max_length=16, blank=True)
    model_name = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=500, blank=True)  # why it failed, or why there is nothing (EMPTY)
    progress = models.FloatField(default=0)
    revision = models.PositiveIntegerField(default=0)  # the current revision's number; 0: none yet
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="transcript_progress_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Transcript of {self.asset} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class TranscriptRevision(BaseModel):
    """Where a revision's cues came from: a transcription, or a caption file someone uploaded."""

    class Source(models.TextChoices):
        SPEECH = "speech", "Transcribed"
        UPLOAD = "upload", "Caption file"

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    source = models.CharField(max_length=16, choices=Source.choices)
    filename = models.CharField(max_length=255, blank=True)
    model_name = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=16, blank=True)
    cue_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "number"], name="transcript_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} ({self.get_source_display()})"


class Cue(BaseModel):
    """One line of the transcript: its time in the asset (ms from the start of the file), its
    text (plain text, never HTML), and the words as recognised with their times (``words``:
    ``[{"start", "end", "text", "p"}]`` in seconds; empty for a caption file's cues)."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="cues")
    revision = models.PositiveIntegerField()
    index = models.PositiveIntegerField()
    start_ms = models.PositiveIntegerField()
    end_ms = models.PositiveIntegerField()
    text = models.TextField()
    words = models.JSONField(default=list, blank=True)
    edited = models.BooleanField(default=False)
    original_text = models.TextField(blank=True)  # what it said before its first edit
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["revision", "index"]
        indexes = [models.Index(fields=["transcript", "revision", "start_ms"])]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "revision", "index"], name="cue_index_unique"),
            models.CheckConstraint(condition=Q(end_ms__gt=F("start_ms")), name="cue_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start_ms / 1000:.2f}s {self.text[:40]}"

    @property
    def start(self) -> float:
        return self.start_ms / 1000

    @property
    def end(self) -> float:
        return self.end_ms / 1000
