"""The shot list's readiness gate into the shoot: every mandatory message of the brief is covered
by a shot, and every required repurposing asset has shots framed for it — so the vertical
cutdowns and the messages the marketing depends on are planned before the camera rolls."""

from __future__ import annotations

from django.urls import reverse

from projects import gates
from projects.models import Project, Stage

from . import brief
from .models import Shot
from .selectors import coverage

KEY = "storyboard.brief_covered"


def missing_for_brief(project: Project) -> list[str]:
    """What the shot list does not cover of the current brief, one line per message or asset."""
    messages, assets = brief.brief_rows(project)
    if not messages and not assets:
        return []
    shots = list(Shot.objects.filter(project=project).only("id", "framing", "message_keys", "asset_keys"))
    by_message, by_asset = coverage(shots, messages, assets)
    missing = [f"no shot covers the message “{m.message.text}”" for m in by_message if not m.shots]
    missing += [f"“{a.asset.label}”: {a.problem}" for a in by_asset if a.problem]
    return missing


def _brief_covered(project: Project) -> str | None:
    missing = missing_for_brief(project)
    if not missing:
        return None
    return "The shot list does not cover the brief yet: " + "; ".join(missing) + "."


def _shot_list(project: Project) -> str:
    return reverse("shots", kwargs={"project_id": project.pk})


def register() -> None:
    gates.register(
        key=KEY, entering=Stage.SHOOT, title="Shot list covers the brief", check=_brief_covered, link=_shot_list
    )
