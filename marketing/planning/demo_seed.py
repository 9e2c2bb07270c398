"""Planning's part of ``seed_demo``: the launch film's campaign, started from its brief by the
marketer, then a second version with a paid share, a TikTok channel and a per-channel KPI."""

from __future__ import annotations

from decimal import Decimal

from projects.demo import DemoContext
from projects.models import Membership, Role

from . import services
from .models import CampaignChannel

DEMO_PROJECT = "Trail Runner launch film"


def seed(context: DemoContext) -> None:
    project = context.projects.get(DEMO_PROJECT)
    if project is None or services._brief_version(project) is None:
        return
    marketer = (
        Membership.objects.filter(organization=context.organization, role=Role.MARKETER).select_related("user").first()
    )
    by = marketer.user if marketer else context.producer
    first = services.campaign_create(project=project, by=by)
    content = services.content_of(first)
    content["paid_percent"] = 60
    content["client_fields"] = ["objective", "audience", "budget"]
    content["channels"].append({"preset": "tiktok", "mode": CampaignChannel.Mode.PAID, "notes": "Spark ads"})
    for row in content["channels"]:
        if row["preset"] == "instagram_reels":
            row["mode"] = CampaignChannel.Mode.BOTH
    content["kpis"].append({"metric": "views", "target": Decimal("150000"), "due": None, "channel": "tiktok",
                            "client_visible": False})  # fmt: skip
    content["note"] = "60 % paid; TikTok as a paid channel with its own views target."
    services.campaign_save(project=project, by=by, based_on=first.number, **content)
