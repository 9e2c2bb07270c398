"""Ideation's part of ``seed_demo``: a few ideas on the board (votes, comments, shortlisted and
dropped ones; promoting one is left to the visitor, so the demo keeps its five projects) and
briefs for demo projects: one signed off by the client, one with a newer version the client has
not signed off yet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from projects.demo import DemoContext
from projects.models import Membership, ProjectAccess, Role

from . import services
from .models import AspectRatio, BriefAsset, BriefMessage, Idea, Metric, Objective, Platform

IDEAS = [
    # title, pitch, format, platforms, status
    (
        "Trail care in 30 seconds",
        "Quick tips to make trail shoes last: clean, dry, re-lace. One tip per video, shot on the trail.",
        "Series of 30 s how-tos",
        [Platform.TIKTOK, Platform.INSTAGRAM_REELS, Platform.YOUTUBE_SHORTS],
        Idea.Status.SHORTLISTED,
    ),
    (
        "Chef's table, one pan",
        "Globex chefs cook a full dinner in one pan, in real time, with the timer on screen.",
        "6-minute episodes",
        [Platform.YOUTUBE],
        Idea.Status.SHORTLISTED,
    ),
    (
        "Behind the seams",
        "A day in the Acme factory told by the people who stitch the shoes.",
        "2-minute documentary",
        [Platform.YOUTUBE, Platform.LINKEDIN],
        Idea.Status.NEW,
    ),
    (
        "Unboxing with drones",
        "FPV drone flies through the box as it opens.",
        "15 s spot",
        [Platform.TIKTOK],
        Idea.Status.DROPPED,
    ),
]


def _people(context: DemoContext) -> dict[str, list]:
    people: dict[str, list] = {}
    for m in Membership.objects.filter(organization=context.organization).select_related("user"):
        people.setdefault(m.role, []).append(m.user)
    return people


def seed(context: DemoContext) -> None:
    people = _people(context)
    producer = context.producer
    team = [producer, *people.get(Role.EDITOR, []), *people.get(Role.MARKETER, [])]
    today = timezone.localdate()
    for n, (title, pitch, format_, platforms, status) in enumerate(IDEAS):
        author = team[n % len(team)]
        idea = services.idea_create(
            organization=context.organization, by=author, title=title, pitch=pitch, format=format_, platforms=platforms
        )
        for voter in team[: len(team) - n % len(team)]:
            services.idea_vote_toggle(idea=idea, by=voter)
        if n < 2:
            services.idea_comment(idea=idea, by=team[-1], text="Love it. Could we test two hooks in the first second?")
        if status != Idea.Status.NEW:
            services.idea_update(idea=idea, by=producer, status=status)

    launch = context.projects.get("Trail Runner launch film")
    if launch is not None:
        first = _launch_brief(launch, producer, today)
        reviewer = ProjectAccess.objects.filter(project=launch).select_related("user").first()
        if reviewer is not None:
            services.brief_sign_off(version=first, by=reviewer.user, note="Approved in the kick-off call.")
        second = services.content_of(first)
        for row in second["kpis"]:
            if row["metric"] == Metric.VIEW_THROUGH_RATE:
                row["target"] = Decimal("40")
        second["kpis"].append({"metric": Metric.CLICK_THROUGH_RATE, "target": Decimal("1.8")})
        second["assets"].append(
            {"kind": BriefAsset.Kind.BUMPER, "count": 1, "aspect_ratio": AspectRatio.LANDSCAPE, "duration": 6}
        )
        services.brief_save(
            project=launch,
            by=people.get(Role.MARKETER, [producer])[0],
            note="A bumper for pre-roll, and a higher view-through target.",
            **second,
        )
    recipes = context.projects.get("Globex recipe series")
    if recipes is not None:
        version = services.brief_save(
            project=recipes,
            by=producer,
            summary="Four recipe episodes, one pan each, cooked in real time.",
            objective=Objective.CONSIDERATION,
            audience="Home cooks, 25 to 45, who watch cooking on YouTube on weeknights.",
            budget=Decimal("48000"),
            currency="EUR",
            kpis=[{"metric": Metric.WATCH_TIME, "target": Decimal("20000"), "due": today + dt.timedelta(days=90)}],
            platforms=[{"platform": Platform.YOUTUBE, "ideal_runtime": 180, "aspect_ratios": [AspectRatio.LANDSCAPE]}],
            messages=[{"text": "Globex pan in every shot of the cooking", "kind": BriefMessage.Kind.SHOW}],
            assets=[{"kind": BriefAsset.Kind.THUMBNAIL, "count": 2, "aspect_ratio": AspectRatio.LANDSCAPE}],
        )
        reviewer = ProjectAccess.objects.filter(project=recipes).select_related("user").first()
        if reviewer is not None:
            services.brief_sign_off(version=version, by=reviewer.user)


def _launch_fields(today: dt.date) -> dict:
    return {
        "summary": "A 60-second hero film for the spring trail shoe: dawn run, mud, the climb, the view.",
        "objective": Objective.AWARENESS,
        "audience": "Trail and road runners, 25 to 40, who follow running creators on YouTube and Instagram.",
        "budget": Decimal("85000"),
        "currency": "EUR",
        "deadline": today + dt.timedelta(days=40),
        "platforms": [
            {"platform": Platform.YOUTUBE, "ideal_runtime": 60, "aspect_ratios": [AspectRatio.LANDSCAPE]},
            {"platform": Platform.INSTAGRAM_REELS, "ideal_runtime": 15, "aspect_ratios": [AspectRatio.VERTICAL]},
        ],
    }


def _launch_brief(project, producer, today: dt.date):
    return services.brief_save(
        project=project,
        by=producer,
        **_launch_fields(today),
        kpis=[
            {"metric": Metric.VIEWS, "target": Decimal("500000"), "due": today + dt.timedelta(days=70)},
            {"metric": Metric.VIEW_THROUGH_RATE, "target": Decimal("35"), "due": today + dt.timedelta(days=70)},
        ],
        messages=[
            {"text": "The grip: show the outsole on wet rock", "kind": BriefMessage.Kind.SHOW},
            {"text": "“Built for the climb” as the closing line", "kind": BriefMessage.Kind.SAY},
        ],
        assets=[
            {"kind": BriefAsset.Kind.CUTDOWN, "count": 3, "aspect_ratio": AspectRatio.VERTICAL, "duration": 15},
            {"kind": BriefAsset.Kind.THUMBNAIL, "count": 2, "aspect_ratio": AspectRatio.LANDSCAPE},
        ],
    )
