"""What the shot list reads of the project's creative brief (``production.ideation``): the current
version's mandatory messages and required repurposing assets, as plain rows keyed by the brief's
stable row keys. Everything the storyboard app knows of the brief goes through ``brief_rows``."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from projects.models import Project


@dataclass(frozen=True)
class BriefMessageRow:
    key: str  # the message's stable key (a UUID as text), the same in every brief version
    text: str
    kind: str = ""  # said, shown, or both (its label)


@dataclass(frozen=True)
class BriefAssetRow:
    key: str
    label: str  # "3 x Cutdown, 9:16, 15 s"
    aspect_ratio: str = ""  # "9:16"; none for an asset of no set shape


def brief_rows(project: Project) -> tuple[list[BriefMessageRow], list[BriefAssetRow]]:
    """The mandatory messages and required assets of ``project``'s current brief version (the
    caller got ``project`` from a selector), in the brief's order; empty while the project has no
    brief, or the ideation app is not installed. Two queries (the current version is a subquery of
    each)."""
    if not apps.is_installed("production.ideation"):
        return [], []
    from production.ideation.models import BriefAsset, BriefMessage, BriefVersion, describe_asset

    current = BriefVersion.objects.filter(brief__project=project).order_by("-number").values("pk")[:1]
    messages = BriefMessage.objects.filter(version__in=current).order_by("position")
    assets = BriefAsset.objects.filter(version__in=current).order_by("position")
    return (
        [BriefMessageRow(key=str(m.key), text=m.text, kind=m.get_kind_display()) for m in messages],
        [BriefAssetRow(key=str(a.key), label=describe_asset(a), aspect_ratio=a.aspect_ratio) for a in assets],
    )
