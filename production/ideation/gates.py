"""Ideation's gate: storyboarding starts from a written brief. It replaces the core's "idea
written down" (``projects.idea_written``), which read the project's description."""

from __future__ import annotations

from django.urls import reverse

from projects import gates
from projects.models import Project, Stage

from .models import BriefVersion

KEY = "ideation.brief_written"
REPLACES = "projects.idea_written"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def missing_from_brief(project: Project) -> list[str]:
    """What the current version of the brief still lacks before storyboarding, in words."""
    version = (
        BriefVersion.objects.filter(brief__project=project)
        .order_by("-number")
        .values("objective", "audience", "pk")
        .first()
    )
    if version is None:
        return ["a marketing objective", "a target audience", "at least one KPI"]
    missing = []
    if not version["objective"]:
        missing.append("a marketing objective")
    if not version["audience"].strip():
        missing.append("a target audience")
    if not BriefVersion.objects.filter(pk=version["pk"], kpis__isnull=False).exists():
        missing.append("at least one KPI")
    return missing


def _brief_written(project: Project) -> str | None:
    missing = missing_from_brief(project)
    if not missing:
        return None
    has_brief = BriefVersion.objects.filter(brief__project=project).exists()
    if not has_brief:
        return f"There is no brief yet. Write one with {_and(missing)} before storyboarding."
    return f"The brief still needs {_and(missing)} before storyboarding."


def _brief_link(project: Project) -> str:
    return reverse("brief-edit", kwargs={"project_id": project.pk})


def register() -> None:
    gates.unregister(REPLACES)
    gates.register(key=KEY, entering=Stage.STORYBOARD, title="Brief written", check=_brief_written, link=_brief_link)
