"""The edit stage's gates, registered with the pipeline at start-up."""

from __future__ import annotations

from production.media.models import MediaAsset
from projects import gates
from projects.models import Project, Stage

from .models import Version


def _cut_rendered(project: Project) -> str | None:
    if not Version.objects.filter(cut__project=project, asset__status=MediaAsset.Status.READY).exists():
        return "Upload a version of a cut and let it finish rendering before planning its distribution."
    return None


def register() -> None:
    gates.register(
        key="edit.cut_rendered", entering=Stage.PLANNING, title="A cut version is ready", check=_cut_rendered
    )
