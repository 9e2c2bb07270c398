"""Reads of marketing planning, scoped by the acting user. A campaign is read by whoever may see its
project (``projects_visible_to``: another company's client gets a 404); the team reads all of it,
a client only what the current version marks for them (``client_fields``, rows marked
``client_visible``), never the history, the plan or the spec reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from production.ideation.models import STILL_KINDS, BriefVersion, describe_asset
from production.storyboard.models import FRAMING_SERVES, Shot
from projects.models import Project
from projects.selectors import projects_visible_to, staff_organization_ids

from .models import Campaign, CampaignVersion, PlanItem, SpecReport
from .permissions import sees_everything
from .presets import PRESETS, Preset


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    return Campaign.objects.filter(project__in=projects_visible_to(user)).select_related("project")


def team_projects_of(user) -> QuerySet[Project]:
    """Projects whose planning internals (history, plan, spec reports) the user may read."""
    return projects_visible_to(user).filter(organization_id__in=staff_organization_ids(user))


def campaign_versions_visible_to(user) -> QuerySet[CampaignVersion]:
    return (
        CampaignVersion.objects.filter(campaign__project__in=team_projects_of(user))
        .select_related("campaign__project")
        .prefetch_related("kpis", "channels")
    )


def plan_items_visible_to(user) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(campaign__project__in=team_projects_of(user)).select_related("campaign")


def spec_reports_visible_to(user) -> QuerySet[SpecReport]:
    return SpecReport.objects.filter(project__in=team_projects_of(user)).select_related("checked_by")


def checkable_videos(user, project: Project):
    """The project's media assets with a file that a spec check can read (the team's)."""
    from production.media.models import MediaAsset
    from production.media.selectors import assets_visible_to

    return (
        assets_visible_to(user)
        .filter(project=project, project__in=team_projects_of(user))
        .exclude(file="")
        .exclude(status__in=[MediaAsset.Status.UPLOADING, MediaAsset.Status.UNUSABLE])
        .order_by("-created_at")
    )


def recent_reports(project: Project, limit: int = 5) -> list[SpecReport]:
    return list(SpecReport.objects.filter(project=project).order_by("-created_at")[:limit])


def latest_version(campaign: Campaign) -> CampaignVersion | None:
    return campaign.versions.prefetch_related("kpis", "channels").order_by("-number").first()


@dataclass
class VersionView:
    """A version as the reader may see it: the fields and rows marked for them (all for the team)."""

    version: CampaignVersion
    full: bool

    def shows(self, name: str) -> bool:
        return self.full or name in self.version.client_fields

    @property
    def kpis(self):
        return [k for k in self.version.kpis.all() if self.full or k.client_visible]

    @property
    def channels(self):
        return [c for c in self.version.channels.all() if self.full or c.client_visible]

    def fields(self) -> dict:
        v = self.version
        out = {"number": v.number, "created_at": v.created_at}
        if self.shows("objective"):
            out["objective"] = v.objective
        if self.shows("audience"):
            out["audience"] = v.audience
        if self.shows("budget"):
            out.update(budget=v.budget, currency=v.currency, paid_percent=v.paid_percent)
        if self.full:
            out.update(client_fields=v.client_fields, note=v.note, created_by_name=v.created_by_name)
        return out


def view_of(version: CampaignVersion, user) -> VersionView:
    return VersionView(version=version, full=sees_everything(user, version.campaign.project))


@dataclass
class PlanRow:
    """One line of the repurposing checklist."""

    asset_key: str
    label: str  # "3 x Cutdown, 9:16, 15 s"
    kind: str  # the brief asset's kind
    aspect_ratio: str
    number: int
    count: int
    item: PlanItem | None
    in_brief: bool = True
    report: SpecReport | None = None  # the newest report of what fulfils it, against its preset
    sources: list[Shot] = field(default_factory=list)  # shots framed for it (vertical assets)

    @property
    def preset(self) -> Preset | None:
        return PRESETS.get(self.item.preset) if self.item and self.item.preset else None

    @property
    def fulfilled(self) -> bool:
        return bool(self.item and self.item.fulfilled_id)

    @property
    def passing(self) -> bool:
        return bool(self.report and self.report.passed)

    @property
    def still(self) -> bool:
        """Thumbnails and stills are pictures, not videos: they have no variant to check."""
        return self.kind in STILL_KINDS

    @property
    def title(self) -> str:
        return f"{self.label} — #{self.number}" if self.count > 1 else self.label


def vertical_shots(project: Project) -> list[Shot]:
    """The shot list's shots framed for a vertical cut (9:16, or 16:9 protecting 9:16)."""
    framings = [f for f, serves in FRAMING_SERVES.items() if "9:16" in serves]
    return list(Shot.objects.filter(project=project, framing__in=framings).select_related("scene").order_by("position"))


def plan_of(campaign: Campaign) -> list[PlanRow]:
    """The checklist: each piece of each required asset of the brief's current version (then rows
    of assets the brief no longer has), with its preset, what fulfils it and whether that passes,
    and, next to a 9:16 asset, the shots framed for it. A fixed number of queries."""
    brief = (
        BriefVersion.objects.filter(brief__project_id=campaign.project_id)
        .prefetch_related("assets")
        .order_by("-number")
        .first()
    )
    items = {(i.asset_key, i.number): i for i in campaign.plan_items.all()}
    shots = vertical_shots(campaign.project)
    rows: list[PlanRow] = []
    seen = set()
    for asset in brief.assets.all() if brief else []:
        linked = [s for s in shots if str(asset.key) in (s.asset_keys or [])]
        others = [s for s in shots if s not in linked]
        for n in range(1, asset.count + 1):
            seen.add((asset.key, n))
            rows.append(
                PlanRow(
                    asset_key=str(asset.key), label=describe_asset(asset), kind=asset.kind,
                    aspect_ratio=asset.aspect_ratio, number=n, count=asset.count, item=items.get((asset.key, n)),
                    sources=(linked + others) if asset.aspect_ratio == "9:16" else [],
                )
            )  # fmt: skip
    for (key, n), item in items.items():
        if (key, n) not in seen:
            rows.append(PlanRow(asset_key=str(key), label="An asset no longer in the brief", kind="", aspect_ratio="",
                                number=n, count=1, item=item, in_brief=False))  # fmt: skip
    _attach_reports(rows)
    return rows


def _attach_reports(rows: list[PlanRow]) -> None:
    wanted = [r for r in rows if r.item and r.item.fulfilled_id and r.item.preset]
    if not wanted:
        return
    reports = SpecReport.objects.filter(subject_id__in=[r.item.fulfilled_id for r in wanted]).order_by("-created_at")
    newest: dict = {}
    for report in reports:
        newest.setdefault((report.subject_type_id, report.subject_id, report.preset), report)
    for row in wanted:
        row.report = newest.get((row.item.fulfilled_type_id, row.item.fulfilled_id, row.item.preset))


def reports_of(subject) -> QuerySet[SpecReport]:
    return SpecReport.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).order_by("-created_at")


@dataclass
class CampaignPage:
    project: Project
    campaign: Campaign | None
    current: CampaignVersion | None
    view: VersionView | None
    history: list[CampaignVersion] = field(default_factory=list)
    plan: list[PlanRow] = field(default_factory=list)
    brief_number: int | None = None  # the brief's current version (to say when the campaign started from an older one)


def campaign_page(*, project: Project, user, with_plan: bool = True) -> CampaignPage:
    """The campaign of ``project`` (read through ``projects.selectors``) as ``user`` may see it."""
    campaign = Campaign.objects.filter(project=project).first()
    brief_number = (
        BriefVersion.objects.filter(brief__project=project).order_by("-number").values_list("number", flat=True).first()
    )
    if campaign is None:
        return CampaignPage(project=project, campaign=None, current=None, view=None, brief_number=brief_number)
    current = latest_version(campaign)
    full = sees_everything(user, project)
    history = []
    if full:
        history = list(
            campaign.versions.order_by("-number").only("id", "number", "note", "created_at", "created_by_name",
                                                        "campaign_id")
        )  # fmt: skip
    return CampaignPage(
        project=project,
        campaign=campaign,
        current=current,
        view=VersionView(version=current, full=full) if current else None,
        history=history,
        plan=plan_of(campaign) if full and with_plan else [],
        brief_number=brief_number,
    )


def version_of(*, project: Project, number: int) -> CampaignVersion:
    return get_object_or_404(
        CampaignVersion.objects.filter(campaign__project=project).prefetch_related("kpis", "channels"), number=number
    )
