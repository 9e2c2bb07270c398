"""Marketing planning data: each project's campaign, versioned like the brief (every save is an
immutable ``CampaignVersion`` with its KPI and channel rows), the repurposing plan (the brief's
required assets as a checklist, one ``PlanItem`` per piece to deliver) and the spec reports of what
was checked against a platform preset.

What a report or a plan item is about is a generic link (content type and id): today a media
asset, later marketing's ``Variant`` — so the variant model can own reports and fill plan items
without a migration of these tables (see docs/architecture.md)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from production.ideation.models import Currency, Metric, Objective
from projects.models import BaseModel, Project

from .presets import PRESET_CHOICES, label_of

TEXT_MAX_LENGTH = 5000
ROW_TEXT_MAX_LENGTH = 300

# The version fields a client may be shown, each when the version marks it so.
CLIENT_FIELDS = (("objective", "Objective"), ("audience", "Audience"), ("budget", "Budget and its split"))


class Campaign(BaseModel):
    """A project's campaign: what it says is its newest ``CampaignVersion``."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="campaign")
    brief_version = models.PositiveIntegerField(null=True, blank=True)  # the brief version it started from

    def __str__(self) -> str:
        return f"Campaign of {self.project}"


class CampaignVersion(BaseModel):
    """One saved state of a campaign. Never changed once saved: the next save is the next number."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    objective = models.CharField(max_length=16, choices=Objective.choices, blank=True)
    audience = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, choices=Currency.choices, blank=True)
    paid_percent = models.PositiveSmallIntegerField(default=0)  # of the budget; the rest is organic
    client_fields = models.JSONField(default=list, blank=True)  # names from CLIENT_FIELDS the client sees
    note = models.CharField(max_length=ROW_TEXT_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["campaign", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="campaign_version_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="campaign_version_number_from_one"),
            models.CheckConstraint(condition=Q(paid_percent__lte=100), name="campaign_paid_percent_at_most_100"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="campaign_budget_positive"
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | ~Q(currency=""), name="campaign_budget_has_a_currency"
            ),
        ]

    def __str__(self) -> str:
        return f"Campaign v{self.number} of {self.campaign.project}"

    @property
    def paid_amount(self):
        return None if self.budget is None else (self.budget * self.paid_percent / 100).quantize(self.budget)

    @property
    def organic_amount(self):
        return None if self.budget is None else self.budget - self.paid_amount

    @property
    def organic_percent(self) -> int:
        return 100 - self.paid_percent


class CampaignRow(BaseModel):
    """What the rows of a version share: a key kept from version to version, the order, and whether
    the client is shown the row."""

    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    client_visible = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["version", "position"]


class CampaignChannel(CampaignRow):
    """A channel the campaign runs on: a platform preset, paid or organic or both."""

    class Mode(models.TextChoices):
        ORGANIC = "organic", "Organic"
        PAID = "paid", "Paid"
        BOTH = "both", "Paid and organic"

    version = models.ForeignKey(CampaignVersion, on_delete=models.CASCADE, related_name="channels")
    preset = models.CharField(max_length=32, choices=PRESET_CHOICES)
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.ORGANIC)
    notes = models.CharField(max_length=ROW_TEXT_MAX_LENGTH, blank=True)

    class Meta(CampaignRow.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="campaign_channel_key_once"),
            models.UniqueConstraint(fields=["version", "preset"], name="campaign_channel_once"),
        ]

    def __str__(self) -> str:
        return label_of(self.preset)


class CampaignKpi(CampaignRow):
    """A KPI target: a metric, its target, the date, and the channel it is counted on (none: all)."""

    version = models.ForeignKey(CampaignVersion, on_delete=models.CASCADE, related_name="kpis")
    metric = models.CharField(max_length=32, choices=Metric.choices)
    target = models.DecimalField(max_digits=16, decimal_places=2)
    due = models.DateField(null=True, blank=True)
    channel = models.CharField(max_length=32, choices=PRESET_CHOICES, blank=True)  # a preset key; "" all
    brief_key = models.UUIDField(null=True, blank=True)  # the brief KPI it came from

    class Meta(CampaignRow.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="campaign_kpi_key_once"),
            models.CheckConstraint(condition=Q(target__gt=0), name="campaign_kpi_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.target}"


class PlanItem(BaseModel):
    """One piece of the repurposing plan: the ``number``-th of a required asset of the brief (by its
    stable key), the preset it is delivered in, and what fulfils it (a generic link: a variant
    once marketing's variants exist)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="plan_items")
    asset_key = models.UUIDField()
    number = models.PositiveSmallIntegerField(default=1)
    preset = models.CharField(max_length=32, choices=PRESET_CHOICES, blank=True)
    fulfilled_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    fulfilled_id = models.UUIDField(null=True, blank=True)
    fulfilled_by = GenericForeignKey("fulfilled_type", "fulfilled_id")

    class Meta:
        ordering = ["campaign", "created_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "asset_key", "number"], name="plan_item_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_item_number_from_one"),
            models.CheckConstraint(
                condition=Q(fulfilled_type__isnull=True, fulfilled_id__isnull=True)
                | Q(fulfilled_type__isnull=False, fulfilled_id__isnull=False),
                name="plan_item_fulfilled_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"Required asset {self.asset_key} #{self.number}"


class SpecReport(BaseModel):
    """A video checked against a platform preset, rule by rule (``results``: ``spec.RuleResult``s
    as dicts). ``subject`` is what was checked: a media asset today, a variant later."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="spec_reports")
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.UUIDField()
    subject = GenericForeignKey("subject_type", "subject_id")
    preset = models.CharField(max_length=32, choices=PRESET_CHOICES)
    passed = models.BooleanField()
    results = models.JSONField(default=list)
    file_name = models.CharField(max_length=300, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "preset", "-created_at"])]

    def __str__(self) -> str:
        return (
            f"{label_of(self.preset)} check of {self.file_name or self.subject_id}: {'pass' if self.passed else 'fail'}"
        )

    @property
    def failures(self) -> list[dict]:
        return [r for r in self.results if r.get("status") == "fail"]
