"""Every write of marketing planning: keyword-only, one transaction each, permission checked first,
the timeline's events recorded inside it. ``campaign_check`` returns every problem with a campaign
at once ({field: message}; a row's field is ``"kpis.0.target"``).

The campaign is versioned as the brief is (``production.ideation``): each save is the next
immutable version, a save that changes nothing makes none, rows keep their ``key`` from version
to version, and a save based on an older version is refused (``projects.versioning``). The KPI
rule is the brief's own (``_check_kpi``), so a target means the same in both."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from production.ideation import services as ideation
from production.ideation.models import BriefVersion, Currency, Objective
from projects import timeline, versioning
from projects.models import Project, Stage, User

from . import spec
from .models import (
    CLIENT_FIELDS,
    ROW_TEXT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Campaign,
    CampaignChannel,
    CampaignKpi,
    CampaignVersion,
    PlanItem,
    SpecReport,
)
from .permissions import can_plan
from .presets import PLATFORM_PRESET, PRESETS, RATIO_PRESETS, label_of, preset

MAX_ROWS = 30
ROW_KINDS = ("kpis", "channels")
ROW_MODELS = {"kpis": CampaignKpi, "channels": CampaignChannel}
ROW_NAMES = {"kpis": "KPI", "channels": "channel"}
VERSION_FIELDS = ("objective", "audience", "budget", "currency", "paid_percent", "client_fields", "note")


def current_version_of(project: Project) -> CampaignVersion | None:
    return (
        CampaignVersion.objects.filter(campaign__project=project)
        .prefetch_related("kpis", "channels")
        .order_by("-number")
        .first()
    )


def _brief_version(project: Project) -> BriefVersion | None:
    return ideation.current_version_of(project)


def content_from_brief(project: Project) -> tuple[dict, list[str]]:
    """The campaign as the brief's current version says it: objective, audience, budget, KPIs (each
    counted on every channel), and a channel for each of the brief's platforms that has a preset.
    Also the platforms left out, in words."""
    brief = _brief_version(project)
    if brief is None:
        return {}, []
    channels, left_out = [], []
    for row in brief.platforms.all():
        key = PLATFORM_PRESET.get(row.platform)
        if key is None:
            left_out.append(row.get_platform_display())
        elif key not in [c["preset"] for c in channels]:
            channels.append({"preset": key, "mode": CampaignChannel.Mode.ORGANIC, "notes": row.notes})
    kpis = [
        {"metric": k.metric, "target": k.target, "due": k.due, "channel": "", "brief_key": k.key}
        for k in brief.kpis.all()
    ]
    return {
        "objective": brief.objective,
        "audience": brief.audience,
        "budget": brief.budget,
        "currency": brief.currency,
        "paid_percent": 0,
        "client_fields": ["objective", "audience"],
        "kpis": kpis,
        "channels": channels,
    }, left_out


def _check_channel(row: dict, errors: dict, at: str) -> dict:
    key = row.get("preset") or ""
    if key not in PRESETS:
        errors[f"{at}.preset"] = "Choose the channel from the platform presets."
    mode = row.get("mode") or CampaignChannel.Mode.ORGANIC
    if mode not in CampaignChannel.Mode.values:
        errors[f"{at}.mode"] = "Say whether the channel is paid, organic or both."
    notes = row.get("notes") or ""
    problem = ideation._text_problem(notes, what="note", max_length=ROW_TEXT_MAX_LENGTH)
    if problem:
        errors[f"{at}.notes"] = problem
    return {
        "preset": key,
        "mode": mode,
        "notes": str(notes).strip(),
        "client_visible": bool(row.get("client_visible", True)),
    }


def campaign_check(
    *,
    project: Project,
    by: User,
    objective="",
    audience="",
    budget=None,
    currency="",
    paid_percent=0,
    client_fields=(),
    note="",
    kpis=(),
    channels=(),
    current: CampaignVersion | None = ...,
) -> tuple[dict[str, str], dict]:
    """Every problem with a campaign as given, and the campaign as it would be saved (cleaned)."""
    errors: dict[str, str] = {}
    if current is ...:
        current = current_version_of(project)
    today = ideation._today_for(by)
    problem = ideation._text_problem(audience, what="target audience", max_length=TEXT_MAX_LENGTH, lines=True)
    if problem:
        errors["audience"] = problem
    problem = ideation._text_problem(note, what="note on what changed", max_length=ROW_TEXT_MAX_LENGTH)
    if problem:
        errors["note"] = problem
    objective = objective or ""
    if objective not in Objective.values and objective != "":
        errors["objective"] = f"Choose the objective: {', '.join(o.label.lower() for o in Objective)}."
    amount = ideation._decimal(budget)
    currency = currency or ""
    if amount is not None:
        if not amount.is_finite() or amount < 0:
            errors["budget"] = "The budget is an amount of zero or more."
        elif amount > ideation.MAX_BUDGET or amount != amount.quantize(Decimal("0.01")):
            errors["budget"] = "Write the budget with at most two decimals, under a trillion."
        if not currency:
            errors["currency"] = "Say which currency the budget is in."
    if currency and currency not in Currency.values:
        errors["currency"] = f"Choose the currency: {', '.join(Currency.values)}."
    paid = ideation._whole(paid_percent)
    if paid is None:
        paid = 0
    if paid == "bad" or not 0 <= paid <= 100:
        errors["paid_percent"] = "The paid share is a whole percentage, 0 to 100 (the rest is organic)."
        paid = 0
    fields = list(client_fields or [])
    known_fields = [name for name, _ in CLIENT_FIELDS]
    if any(f not in known_fields for f in fields):
        errors["client_fields"] = f"The client can be shown: {', '.join(known_fields)}."
    clean: dict = {
        "objective": objective,
        "audience": str(audience or "").strip(),
        "budget": amount if amount is not None and amount.is_finite() else None,
        "currency": currency if amount is not None else "",
        "paid_percent": paid,
        "client_fields": [f for f in known_fields if f in fields],
        "note": str(note or "").strip(),
    }
    for kind, rows in (("kpis", kpis), ("channels", channels)):
        rows = list(rows)
        if len(rows) > MAX_ROWS:
            errors[kind] = f"A campaign holds at most {MAX_ROWS} of these rows."
            rows = rows[:MAX_ROWS]
        known = {r.key for r in getattr(current, kind).all()} if current else set()
        seen: set = set()
        cleaned = []
        for n, row in enumerate(rows):
            at = f"{kind}.{n}"
            if not isinstance(row, dict):
                errors[at] = f"Each {ROW_NAMES[kind]} is an object of fields."
                continue
            key = ideation._key(row.get("key"))
            if key == "bad" or (key is not None and key not in known):
                errors[f"{at}.key"] = (
                    f"This {ROW_NAMES[kind]} is not in the current version of the campaign: leave its key out to "
                    "add it."
                )
                key = None
            elif key is not None and key in seen:
                errors[f"{at}.key"] = f"This {ROW_NAMES[kind]} is given twice."
            seen.add(key)
            if kind == "kpis":
                item = ideation._check_kpi(row, errors, at, today)
                channel = row.get("channel") or ""
                if channel and channel not in PRESETS:
                    errors[f"{at}.channel"] = "Choose the channel from the platform presets, or none for all."
                item["channel"] = channel
                item["client_visible"] = bool(row.get("client_visible", True))
                brief_key = ideation._key(row.get("brief_key"))
                item["brief_key"] = brief_key if isinstance(brief_key, uuid.UUID) else None
            else:
                item = _check_channel(row, errors, at)
            item["key"] = key
            cleaned.append(item)
        clean[kind] = cleaned
    chosen: set = set()
    for n, item in enumerate(clean["channels"]):
        if item["preset"] in chosen:
            errors.setdefault(f"channels.{n}.preset", "This channel is listed twice: one row each.")
        chosen.add(item["preset"])
    for n, item in enumerate(clean["kpis"]):
        if item["channel"] and item["channel"] not in chosen:
            errors.setdefault(
                f"kpis.{n}.channel", f"{label_of(item['channel'])} is not one of the campaign's channels: add it first."
            )
    return errors, clean


def content_of(version: CampaignVersion | None) -> dict | None:
    """What a version says, in the shape ``campaign_save`` takes (rows with their keys)."""
    if version is None:
        return None
    return {
        **{f: getattr(version, f) for f in VERSION_FIELDS},
        "kpis": [
            {
                "key": r.key,
                "metric": r.metric,
                "target": r.target,
                "due": r.due,
                "channel": r.channel,
                "client_visible": r.client_visible,
                "brief_key": r.brief_key,
            }
            for r in version.kpis.all()
        ],
        "channels": [
            {"key": r.key, "preset": r.preset, "mode": r.mode, "notes": r.notes, "client_visible": r.client_visible}
            for r in version.channels.all()
        ],
    }


def _comparable(content: dict) -> dict:
    out = {k: v for k, v in content.items() if k != "note"}
    for kind in ROW_KINDS:
        out[kind] = [{k: v for k, v in row.items() if k != "key" or v is not None} for row in content[kind]]
    return out


def _write_version(campaign: Campaign, number: int, by: User, clean: dict) -> CampaignVersion:
    version = CampaignVersion.objects.create(
        campaign=campaign, number=number, created_by=by, created_by_name=by.display_name,
        **{f: clean[f] for f in VERSION_FIELDS},
    )  # fmt: skip
    for kind in ROW_KINDS:
        model = ROW_MODELS[kind]
        rows = [{k: v for k, v in row.items() if k != "key" or v is not None} for row in clean[kind]]
        model.objects.bulk_create([model(version=version, position=n, **row) for n, row in enumerate(rows)])
    return version


@transaction.atomic
def campaign_create(*, project: Project, by: User) -> CampaignVersion:
    """Start the project's campaign from its brief's current version: version 1, pre-filled, and
    the repurposing plan's checklist from the brief's required assets."""
    if not can_plan(by, project):
        raise PermissionDenied("Only marketers and producers plan the campaign.")
    brief = _brief_version(project)
    if brief is None:
        raise ValidationError("There is no brief to start from: write the brief first.")
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(project=project, brief_version=brief.number)
    except IntegrityError:
        raise ValidationError("This project has a campaign already: edit it instead.") from None
    fields, left_out = content_from_brief(project)
    skipped = f"; no preset yet for {', '.join(left_out)}" if left_out else ""
    fields["note"] = f"From version {brief.number} of the brief{skipped}."[:ROW_TEXT_MAX_LENGTH]
    errors, clean = campaign_check(project=project, by=by, current=None, **fields)
    for kpi_error in [k for k in errors if k.startswith("kpis.") and k.endswith(".due")]:
        # a brief KPI dated further than the campaign allows keeps no date rather than blocking
        clean["kpis"][int(kpi_error.split(".")[1])]["due"] = None
        errors.pop(kpi_error)
    if errors:
        raise ValidationError(errors)
    version = _write_version(campaign, 1, by, clean)
    _plan_sync(campaign)
    timeline.record(
        project=project, kind="campaign.created", stage=Stage.PLANNING, actor=by, subject=version,
        summary=f"{by.display_name} started the campaign from version {brief.number} of the brief",
        data={"version": 1, "brief_version": brief.number},
    )  # fmt: skip
    return version


@transaction.atomic
def campaign_save(*, project: Project, by: User, based_on: int | None = None, **fields) -> CampaignVersion:
    """Save the project's campaign as its next version (``fields``: see ``campaign_check``); a save
    that says exactly what the current version says is not saved again. ``based_on``: the version
    the writer started from; when someone saved another since, nothing is saved."""
    if not can_plan(by, project):
        raise PermissionDenied("Only marketers and producers plan the campaign.")
    campaign = Campaign.objects.select_for_update().filter(project=project).first()
    if campaign is None:
        raise ValidationError("There is no campaign yet: start it from the brief.")
    current = current_version_of(project)
    versioning.refuse_stale_save(based_on=based_on, current_number=current.number, current_by=current.created_by_name)
    errors, clean = campaign_check(project=project, by=by, current=current, **fields)
    if errors:
        raise ValidationError(errors)
    if _comparable(content_of(current)) == _comparable(clean):
        return current
    version = _write_version(campaign, current.number + 1, by, clean)
    _plan_sync(campaign)
    note = f": {version.note}" if version.note else ""
    timeline.record(
        project=project, kind="campaign.saved", stage=Stage.PLANNING, actor=by, subject=version,
        summary=f"{by.display_name} saved the campaign as version {version.number}{note}",
        data={"version": version.number},
    )  # fmt: skip
    return version


# --- The repurposing plan ---------------------------------------------------------------------


def default_preset(aspect_ratio: str, channels: list[str]) -> str:
    """The preset an asset of ``aspect_ratio`` is cut for: the first of the campaign's channels that
    takes that shape, else none (the marketer picks)."""
    for key in RATIO_PRESETS.get(aspect_ratio, ()):
        if key in channels:
            return key
    return ""


def _plan_sync(campaign: Campaign) -> None:
    """A checklist row for each piece of each required asset of the brief's current version (rows
    of assets the brief dropped stay, marked so on the page)."""
    brief = _brief_version(campaign.project)
    version = current_version_of(campaign.project)
    channels = [c.preset for c in version.channels.all()] if version else []
    have = set(PlanItem.objects.filter(campaign=campaign).values_list("asset_key", "number"))
    new = [
        PlanItem(campaign=campaign, asset_key=asset.key, number=n, preset=default_preset(asset.aspect_ratio, channels))
        for asset in (brief.assets.all() if brief else [])
        for n in range(1, asset.count + 1)
        if (asset.key, n) not in have
    ]
    PlanItem.objects.bulk_create(new)


@transaction.atomic
def plan_item_update(*, item: PlanItem, by: User, preset_key: str) -> PlanItem:
    """Choose the preset a piece of the plan is delivered in ("" for none yet)."""
    project = item.campaign.project
    if not can_plan(by, project):
        raise PermissionDenied("Only marketers and producers plan the campaign.")
    if preset_key and preset_key not in PRESETS:
        raise ValidationError({"preset": f"Choose a platform preset: {', '.join(PRESETS)}."})
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if item.preset == preset_key:
        return item
    before = item.preset
    item.preset = preset_key
    item.save(update_fields=["preset", "updated_at"])
    timeline.record(
        project=project, kind="plan.preset_set", stage=Stage.PLANNING, actor=by, subject=item,
        summary=f"{by.display_name} chose {label_of(preset_key) if preset_key else 'no platform'} for a required asset",
        data={"asset_key": str(item.asset_key), "number": item.number, "from": before, "to": preset_key},
    )  # fmt: skip
    return item


@transaction.atomic
def plan_item_fulfil(*, item: PlanItem, by: User, subject) -> PlanItem:
    """Link what fulfils a piece of the plan (a variant, once they exist); ``None`` unlinks it."""
    project = item.campaign.project
    if not can_plan(by, project):
        raise PermissionDenied("Only marketers and producers plan the campaign.")
    if subject is not None and getattr(subject, "project_id", project.pk) != project.pk:
        raise ValidationError({"subject": "That belongs to another project."})
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if subject is None:
        item.fulfilled_type, item.fulfilled_id = None, None
    else:
        item.fulfilled_type, item.fulfilled_id = ContentType.objects.get_for_model(subject), subject.pk
    item.save(update_fields=["fulfilled_type", "fulfilled_id", "updated_at"])
    timeline.record(
        project=project, kind="plan.fulfilled", stage=Stage.PLANNING, actor=by, subject=item,
        summary=f"{by.display_name} {'linked' if subject is not None else 'unlinked'} the variant of a required asset",
        data={"asset_key": str(item.asset_key), "number": item.number},
    )  # fmt: skip
    return item


# --- Spec reports -----------------------------------------------------------------------------


@transaction.atomic
def spec_report_record(
    *, project: Project, subject, preset_key: str, measured: spec.Measured, by: User | None, file_name: str = ""
) -> SpecReport:
    """Check what the engine measured of ``subject`` against the preset and keep the report."""
    if by is not None and not can_plan(by, project):
        raise PermissionDenied("Only marketers and producers check videos against a platform.")
    chosen = preset(preset_key) if preset_key in PRESETS else None
    if chosen is None:
        raise ValidationError({"preset": f"Choose a platform preset: {', '.join(PRESETS)}."})
    report = spec.check(measured, chosen)
    row = SpecReport.objects.create(
        project=project, subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk,
        preset=chosen.key, passed=report.passed, results=report.as_list(), file_name=file_name[:300], checked_by=by,
    )  # fmt: skip
    failures = report.failures
    verdict = "passes" if report.passed else f"fails {len(failures)} rule{'s' if len(failures) != 1 else ''}"
    timeline.record(
        project=project, kind="spec.checked", stage=Stage.PLANNING, actor=by, subject=row,
        summary=f"{file_name or 'A video'} {verdict} of {chosen.label}",
        data={"preset": chosen.key, "passed": report.passed, "failed": [r.kind for r in failures]},
    )  # fmt: skip
    return row


@contextlib.contextmanager
def _local_file(field) -> Iterator[Path]:
    """A path to a stored file: its own when the storage has one, else a temporary copy."""
    try:
        yield Path(field.path)
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(prefix="reelflow-spec-") as folder:
        target = Path(folder) / "video"
        with field.open("rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        yield target


def spec_check_asset(*, asset, preset_key: str, by: User) -> SpecReport:
    """Probe a media asset's original and record its report against ``preset_key`` (the engine runs
    outside the transaction; the report is written in one)."""
    project = asset.project
    if not can_plan(by, project):
        raise PermissionDenied("Only marketers and producers check videos against a platform.")
    if preset_key not in PRESETS:
        raise ValidationError({"preset": f"Choose a platform preset: {', '.join(PRESETS)}."})
    if not asset.file:
        raise ValidationError({"asset": "This asset has no file yet: wait for the upload to finish."})
    with _local_file(asset.file) as path:
        measured = spec.measure(path, PRESETS[preset_key])
    return spec_report_record(
        project=project, subject=asset, preset_key=preset_key, measured=measured, by=by, file_name=asset.original_name
    )
