"""Ideation's gates: storyboarding starts from a written brief (it replaces the core's "idea
written down", ``projects.idea_written``, which read the project's description), and the camera
rolls only on a brief the client signed off (one of the shoot's readiness gates)."""

from __future__ import annotations

from django.urls import reverse

from projects import gates
from projects.models import Project, Stage

from .models import BriefSignoff, BriefVersion

KEY = "ideation.brief_written"
SIGNED_OFF = "ideation.brief_signed_off"
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


def _brief_signed_off(project: Project) -> str | None:
    """The current version of the brief is signed off by the client (a sign-off of an older
    version does not count: the shoot follows what the brief says now)."""
    current = BriefVersion.objects.filter(brief__project=project).order_by("-number").first()
    if current is None:
        return "There is no brief to sign off yet: write it and have the client sign it off before the shoot."
    if BriefSignoff.objects.filter(version=current).exists():
        return None
    signed = BriefVersion.objects.filter(brief__project=project, signoffs__isnull=False).order_by("-number").first()
    before = f" (version {signed.number} was; the brief changed since)" if signed else ""
    return f"The client has not signed off version {current.number} of the brief{before}."


def _brief_page(project: Project) -> str:
    return reverse("brief", kwargs={"project_id": project.pk})


def register() -> None:
    gates.unregister(REPLACES)
    gates.register(key=KEY, entering=Stage.STORYBOARD, title="Brief written", check=_brief_written, link=_brief_link)
    gates.register(
        key=SIGNED_OFF, entering=Stage.SHOOT, title="Brief signed off", check=_brief_signed_off, link=_brief_page
    )
