"""The gate into distribution: every required asset of the brief (each piece of it: three cutdowns
are three) has a variant whose newest spec report against its preset passes. It can pass only once
variants exist (marketing's variants fill the plan); until then it names each piece that is
missing and what it lacks, linked to the campaign's checklist. Thumbnails and stills are pictures,
not videos, and are left to the thumbnails' own check."""

from __future__ import annotations

from django.urls import reverse

from projects import gates
from projects.models import Project, Stage

from .models import Campaign
from .selectors import plan_of

KEY = "planning.assets_covered"


def missing_assets(project: Project) -> list[str]:
    campaign = Campaign.objects.filter(project=project).first()
    if campaign is None:
        return ["there is no campaign yet: start it from the brief"]
    missing = []
    for row in plan_of(campaign):
        if row.still or not row.in_brief:
            continue
        if row.preset is None:
            missing.append(f"{row.title} has no platform chosen")
        elif not row.fulfilled:
            missing.append(f"{row.title} has no {row.preset.label} variant yet")
        elif row.report is None:
            missing.append(f"{row.title}: its {row.preset.label} variant is not checked yet")
        elif not row.report.passed:
            missing.append(f"{row.title}: its {row.preset.label} variant fails the spec check")
    return missing


def _assets_covered(project: Project) -> str | None:
    missing = missing_assets(project)
    if not missing:
        return None
    return "Before distribution: " + "; ".join(missing) + "."


def _plan_link(project: Project) -> str:
    return reverse("campaign", kwargs={"project_id": project.pk}) + "#plan"


def register() -> None:
    gates.register(
        key=KEY,
        entering=Stage.DISTRIBUTION,
        title="Every required asset has a passing variant",
        check=_assets_covered,
        link=_plan_link,
    )
