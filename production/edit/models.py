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
