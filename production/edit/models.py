"""The edit stage's data: cuts of a project and their numbered versions (each one media asset)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from production.media.models import MediaAsset
from projects.models import BaseModel, Project


class Cut(BaseModel):
    """An edit of the project (e.g. "Director's cut", "30s social"), with numbered versions."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cuts")
    title = models.CharField(max_length=200)
    client_visible = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["project", "title"]
        constraints = [models.UniqueConstraint(fields=["project", "title"], name="cut_unique_title_per_project")]

    def __str__(self) -> str:
        return self.title


class Version(BaseModel):
    """Version N of a cut: one uploaded asset."""

    cut = models.ForeignKey(Cut, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    asset = models.OneToOneField(MediaAsset, on_delete=models.PROTECT, related_name="version")
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["cut", "-number"]
        constraints = [models.UniqueConstraint(fields=["cut", "number"], name="version_unique_number_per_cut")]

    def __str__(self) -> str:
        return f"{self.cut} v{self.number}"


class PostTask(BaseModel):
    """A piece of post-production work on a project (the edit, the mix, the grade…) on the
    project's post board: who does it, by when, where it stands, and what it waits on. The
    team's: a client never sees the board."""

    class Kind(models.TextChoices):
        EDIT = "edit", "Edit"
        SOUND = "sound", "Sound design and mix"
        GRADE = "grade", "Colour grade"
        MOTION = "motion", "Motion graphics / VFX"
        VOICEOVER = "voiceover", "Voiceover"
        REVIEW = "review", "Review round"
        EXPORT = "export", "Final export"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        TODO = "todo", "To do"
        DOING = "doing", "In progress"
        CHECK = "check", "In review"
        DONE = "done", "Done"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="post_tasks")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EDIT)
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True, max_length=5000)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="post_tasks"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TODO)
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="blocks")
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["project", "due_date", "created_at"]
        indexes = [models.Index(fields=["project", "status"]), models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title
