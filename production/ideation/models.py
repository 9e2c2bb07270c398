"""Ideation data: the organization's ideas board (ideas, votes, comments) and each project's
creative brief, versioned: every save is a ``BriefVersion`` with its rows (KPIs, platforms,
mandatory messages, required assets), and a client's sign-off names one version.

Rows that later stages link to (messages, required assets, KPIs) carry a ``key`` that stays the
same from version to version while the row is kept, so "this message" survives a new version."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from projects.models import BaseModel, Organization, Project

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 5000
ROW_TEXT_MAX_LENGTH = 300


class Platform(models.TextChoices):
    YOUTUBE = "youtube", "YouTube"
    YOUTUBE_SHORTS = "youtube_shorts", "YouTube Shorts"
    INSTAGRAM_REELS = "instagram_reels", "Instagram Reels"
    INSTAGRAM_FEED = "instagram_feed", "Instagram feed"
    TIKTOK = "tiktok", "TikTok"
    FACEBOOK = "facebook", "Facebook"
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X"
    WEBSITE = "website", "Website"
    CTV = "ctv", "Connected TV"


class AspectRatio(models.TextChoices):
    LANDSCAPE = "16:9", "16:9"
    VERTICAL = "9:16", "9:16"
    SQUARE = "1:1", "1:1"
    PORTRAIT = "4:5", "4:5"
    CINEMA = "21:9", "21:9"


class Idea(BaseModel):
    """An idea on the organization's board: the team's, never a client's."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        SHORTLISTED = "shortlisted", "Shortlisted"
        PROMOTED = "promoted", "Promoted"
        DROPPED = "dropped", "Dropped"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    pitch = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    format = models.CharField(max_length=120, blank=True)  # "30 s social spot", "3-part series"
    platforms = models.JSONField(default=list, blank=True)  # Platform values
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    project = models.OneToOneField(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="origin_idea"
    )  # the project it was promoted to
    promoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "status", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="promoted", promoted_at__isnull=False) | ~Q(status="promoted"),
                name="idea_promoted_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def platform_labels(self) -> list[str]:
        return [Platform(p).label for p in self.platforms if p in Platform.values]


class IdeaVote(BaseModel):
    """One person's vote for an idea (voting again takes it back)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="idea_vote_once")]

    def __str__(self) -> str:
        return f"{self.user} for {self.idea}"


class IdeaComment(BaseModel):
    """Plain text about an idea, by a member of the team."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=200)  # kept as it was when they wrote it
    text = models.TextField(max_length=TEXT_MAX_LENGTH)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.idea}: {self.text[:40]}"


class Brief(BaseModel):
    """A project's creative brief: what it says is its newest ``BriefVersion``."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="brief")

    def __str__(self) -> str:
        return f"Brief of {self.project}"


class Objective(models.TextChoices):
    AWARENESS = "awareness", "Awareness"
    CONSIDERATION = "consideration", "Consideration"
    CONVERSION = "conversion", "Conversion"
    RETENTION = "retention", "Retention"


class Currency(models.TextChoices):
    EUR = "EUR", "EUR (€)"
    USD = "USD", "USD ($)"
    GBP = "GBP", "GBP (£)"
    CHF = "CHF", "CHF"
    JPY = "JPY", "JPY (¥)"
    CAD = "CAD", "CAD"
    AUD = "AUD", "AUD"


class BriefVersion(BaseModel):
    """One saved state of a brief. Never changed once saved: the next save is the next number."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    summary = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)  # the idea, in a few sentences
    objective = models.CharField(max_length=16, choices=Objective.choices, blank=True)
    audience = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, choices=Currency.choices, blank=True)
    deadline = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=ROW_TEXT_MAX_LENGTH, blank=True)  # what changed in this version
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["brief", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["brief", "number"], name="brief_version_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="brief_version_number_from_one"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="brief_budget_positive"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | ~Q(currency=""), name="brief_budget_has_a_currency"
            ),
        ]

    def __str__(self) -> str:
        return f"Brief v{self.number} of {self.brief.project}"


class Metric(models.TextChoices):
    VIEWS = "views", "Views"
    VIEW_THROUGH_RATE = "view_through_rate", "View-through rate"
    WATCH_TIME = "watch_time", "Watch time"
    AVERAGE_VIEW_DURATION = "average_view_duration", "Average view duration"
    CLICK_THROUGH_RATE = "click_through_rate", "Click-through rate"
    CONVERSIONS = "conversions", "Conversions"
    CONVERSION_RATE = "conversion_rate", "Conversion rate"
    ENGAGEMENT_RATE = "engagement_rate", "Engagement rate"
    REACH = "reach", "Reach"
    IMPRESSIONS = "impressions", "Impressions"
    SHARES = "shares", "Shares"
    FOLLOWERS_GAINED = "followers_gained", "Followers gained"
    COST_PER_VIEW = "cost_per_view", "Cost per view"


# Each metric's unit, as a target is written and read ("40 %", "1,000 hours").
METRIC_UNITS: dict[str, str] = {
    Metric.VIEWS: "views",
    Metric.VIEW_THROUGH_RATE: "%",
    Metric.WATCH_TIME: "hours",
    Metric.AVERAGE_VIEW_DURATION: "seconds",
    Metric.CLICK_THROUGH_RATE: "%",
    Metric.CONVERSIONS: "conversions",
    Metric.CONVERSION_RATE: "%",
    Metric.ENGAGEMENT_RATE: "%",
    Metric.REACH: "people",
    Metric.IMPRESSIONS: "impressions",
    Metric.SHARES: "shares",
    Metric.FOLLOWERS_GAINED: "followers",
    Metric.COST_PER_VIEW: "currency",  # in the brief's currency
}
PERCENT_METRICS = {m for m, unit in METRIC_UNITS.items() if unit == "%"}


class BriefRow(BaseModel):
    """What the rows of a version share: a stable ``key`` and their order (each row names its
    ``version``)."""

    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["version", "position"]


class BriefKpi(BriefRow):
    """A KPI: a metric from the fixed list, its numeric target (in the metric's unit) and the date
    it should be reached by."""

    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="kpis")
    metric = models.CharField(max_length=32, choices=Metric.choices)
    target = models.DecimalField(max_digits=16, decimal_places=2)
    due = models.DateField(null=True, blank=True)

    class Meta(BriefRow.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="brief_kpi_key_once"),
            models.CheckConstraint(condition=Q(target__gt=0), name="brief_kpi_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.target}"

    @property
    def unit(self) -> str:
        return METRIC_UNITS.get(self.metric, "")


class BriefPlatform(BriefRow):
    """A platform the video is made for, with its guardrails: the ideal runtime and the aspect
    ratios it is delivered in."""

    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="platforms")
    platform = models.CharField(max_length=32, choices=Platform.choices)
    ideal_runtime = models.PositiveIntegerField(null=True, blank=True)  # seconds
    aspect_ratios = models.JSONField(default=list, blank=True)  # AspectRatio values
    notes = models.CharField(max_length=ROW_TEXT_MAX_LENGTH, blank=True)

    class Meta(BriefRow.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="brief_platform_key_once"),
            models.UniqueConstraint(fields=["version", "platform"], name="brief_platform_once"),
        ]

    def __str__(self) -> str:
        return self.get_platform_display()


class BriefMessage(BriefRow):
    """A mandatory messaging moment: what must be said or shown. The shot list and the review page
    point at it by ``key``."""

    class Kind(models.TextChoices):
        SAY = "say", "Said"
        SHOW = "show", "Shown"
        BOTH = "both", "Said and shown"

    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="messages")
    text = models.CharField(max_length=ROW_TEXT_MAX_LENGTH)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.BOTH)

    class Meta(BriefRow.Meta):
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="brief_message_key_once")]

    def __str__(self) -> str:
        return self.text


class BriefAsset(BriefRow):
    """An asset required for repurposing ("three 9:16 cutdowns of 15 s"): marketing's variants
    point at it by ``key``."""

    class Kind(models.TextChoices):
        CUTDOWN = "cutdown", "Cutdown"
        BUMPER = "bumper", "Bumper"
        TEASER = "teaser", "Teaser"
        TRAILER = "trailer", "Trailer"
        THUMBNAIL = "thumbnail", "Thumbnail"
        STILL = "still", "Still"
        GIF = "gif", "GIF"
        CAPTIONED = "captioned", "Captioned version"

    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    count = models.PositiveSmallIntegerField(default=1)
    aspect_ratio = models.CharField(max_length=8, choices=AspectRatio.choices, blank=True)
    duration = models.PositiveIntegerField(null=True, blank=True)  # seconds; none for stills
    notes = models.CharField(max_length=ROW_TEXT_MAX_LENGTH, blank=True)

    class Meta(BriefRow.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="brief_asset_key_once"),
            models.CheckConstraint(condition=Q(count__gte=1), name="brief_asset_count_positive"),
        ]

    def __str__(self) -> str:
        return describe_asset(self)


STILL_KINDS = {BriefAsset.Kind.THUMBNAIL, BriefAsset.Kind.STILL}


def describe_asset(asset: BriefAsset) -> str:
    """ "3 x Cutdown, 9:16, 15 s" """
    parts = [f"{asset.count} x {asset.get_kind_display()}"]
    if asset.aspect_ratio:
        parts.append(asset.aspect_ratio)
    if asset.duration:
        parts.append(f"{asset.duration} s")
    return ", ".join(parts)


class BriefSignoff(BaseModel):
    """A client reviewer's sign-off of one version of the brief: who, when, which version. It
    names that version only: a newer version needs its own."""

    version = models.ForeignKey(BriefVersion, on_delete=models.CASCADE, related_name="signoffs")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=200)
    by_email = models.EmailField()
    note = models.CharField(max_length=ROW_TEXT_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["version", "by"], name="brief_signoff_once_per_person")]

    def __str__(self) -> str:
        return f"{self.by_name} signed off v{self.version.number}"
