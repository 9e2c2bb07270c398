"""Review data: comments at a frame (or over a range of frames) of a cut's version, threaded,
with a drawing, an edit history, and internal (team only) or client-visible."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from production.edit.models import Cut, Version
from projects.models import BaseModel

COMMENT_MAX_LENGTH = 5000


class Comment(BaseModel):
    """A comment on a version. A thread's first comment carries the frame (and the end frame of
    a range) as frame numbers of the version, and the drawing; replies carry only text."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="comments")
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )  # None: this comment starts a thread
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=200)  # kept as it was when they wrote it
    guest = models.ForeignKey(
        "ShareGuest", null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )  # written through a share link by this guest (author is None)
    frame = models.PositiveIntegerField(null=True, blank=True)
    end_frame = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(max_length=COMMENT_MAX_LENGTH)
    internal = models.BooleanField(default=False)  # team only: never reaches a client or a guest
    drawing = models.JSONField(default=list, blank=True)  # shapes in 0 to 1 coordinates (review.drawing)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)  # the text goes; the history keeps it

    class Meta:
        ordering = ["frame", "created_at"]
        indexes = [models.Index(fields=["version", "frame", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False) | Q(frame__isnull=False), name="comment_thread_has_a_frame"
            ),
            models.CheckConstraint(
                condition=Q(end_frame__isnull=True) | Q(end_frame__gt=F("frame")), name="comment_range_ends_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} at frame {self.frame}: {self.text[:40]}"

    @property
    def is_thread(self) -> bool:
        return self.thread_id is None

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class CommentRevision(BaseModel):
    """What a comment said before an edit or a deletion (its edit history)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField()
    drawing = models.JSONField(default=list, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["comment", "created_at"]

    def __str__(self) -> str:
        return f"Revision of {self.comment_id} at {self.created_at:%Y-%m-%d %H:%M}"


class ReviewPolicy(BaseModel):
    """How a project's versions are approved: who decides, in how many rounds, and which cut is
    the master (its approval opens marketing planning). A project without one reviews with the
    defaults: producers decide for the team, every client reviewer of the project for the client,
    in one round, and a project's only cut is its master."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="review_policy")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # decides for the team; None: any producer of the studio
    approvers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")  # client side
    two_rounds = models.BooleanField(default=False)  # the team approves first, then the client
    master_cut = models.ForeignKey("edit.Cut", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"Review policy of {self.project}"


class Approval(BaseModel):
    """One decision on a version: approved, approved with changes, or changes requested — by
    whom, when, in which round, and the sha256 of exactly the file they decided on. Decisions
    are never changed or deleted; a later one supersedes an earlier one."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        APPROVED_WITH_CHANGES = "approved_with_changes", "Approved with changes"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    class Round(models.TextChoices):
        INTERNAL = "internal", "Team"
        CLIENT = "client", "Client"

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="approvals")
    decision = models.CharField(max_length=24, choices=Decision.choices)
    round = models.CharField(max_length=16, choices=Round.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=200)  # kept as it was when they decided
    by_email = models.EmailField(blank=True)
    guest = models.ForeignKey("ShareGuest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(max_length=2000, blank=True)
    sha256 = models.CharField(max_length=64)  # of the version's file when they decided
    internal = models.BooleanField(default=False)  # the team's round of two: its note is the team's

    class Meta:
        ordering = ["version", "created_at"]
        indexes = [models.Index(fields=["version", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.by_name}: {self.version}"

    @property
    def css(self) -> str:
        return self.decision.replace("_", "-")

    @property
    def approves(self) -> bool:
        return self.decision != self.Decision.CHANGES_REQUESTED


class ShareLink(BaseModel):
    """A link that lets people without an account review a cut: every version (opening on the
    latest) or only the chosen ones; optionally behind a password, until a date; with what
    they may do (comment, download, approve) and whether their name is burned into the picture."""

    cut = models.ForeignKey(Cut, on_delete=models.CASCADE, related_name="share_links")
    versions = models.ManyToManyField(Version, blank=True, related_name="+")  # none: the whole cut
    token = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(max_length=200, blank=True)  # who or what it is for, for the team
    password_hash = models.CharField(max_length=200, blank=True)  # Django's hasher; "" = no password
    expires_at = models.DateTimeField(null=True, blank=True)
    can_comment = models.BooleanField(default=True)
    can_download = models.BooleanField(default=False)
    can_approve = models.BooleanField(default=False)
    watermark = models.BooleanField(default=False)  # each viewer's name and email burned into the picture
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["cut", "-created_at"]

    def __str__(self) -> str:
        return self.name or f"Link to {self.cut}"

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        return "expired" if self.is_expired else "active"


class ShareGuest(BaseModel):
    """Someone who opened a share link and said who they are: their comments and decisions carry
    this name and email."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(max_length=200)
    email = models.EmailField()

    class Meta:
        ordering = ["link", "name"]
        constraints = [models.UniqueConstraint(fields=["link", "email"], name="share_guest_once_per_link")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class ShareVisit(BaseModel):
    """One opening of a share link (the link's access log)."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="visits")
    guest = models.ForeignKey(ShareGuest, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits")
    version = models.ForeignKey(Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["link", "-created_at"]
        indexes = [models.Index(fields=["link", "created_at"])]

    def __str__(self) -> str:
        return f"{self.guest or 'Someone'} opened {self.link} at {self.created_at:%Y-%m-%d %H:%M}"


class MessageMark(BaseModel):
    """Where in a version one of the brief's mandatory messages is said or shown: a frame, marked
    by a reviewer on the review page (one mark per message and version; marking again moves it).
    ``message_key`` is the brief row's key (``ideation.BriefMessage.key``), the same in every
    version of the brief."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="message_marks")
    message_key = models.UUIDField()
    frame = models.PositiveIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    guest = models.ForeignKey("ShareGuest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["version", "frame"]
        constraints = [models.UniqueConstraint(fields=["version", "message_key"], name="message_mark_once")]

    def __str__(self) -> str:
        return f"{self.message_key} at frame {self.frame} of {self.version}"
