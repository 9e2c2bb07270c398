"""What changed between two versions of a brief, in words: each field that differs (before and
after), and the rows added, removed or changed, matched by their stable ``key``."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import wording
from .models import AspectRatio, BriefAsset, BriefKpi, BriefMessage, BriefPlatform, BriefVersion, describe_asset


@dataclass
class Change:
    what: str
    before: str = ""
    after: str = ""

    @property
    def kind(self) -> str:
        if not self.before:
            return "added"
        if not self.after:
            return "removed"
        return "changed"


@dataclass
class BriefDiff:
    older: BriefVersion
    newer: BriefVersion
    changes: list[Change] = field(default_factory=list)


def _money(version: BriefVersion) -> str:
    return wording.money(version.budget, version.currency)


def _day(day) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def kpi_text(row: BriefKpi, currency: str = "") -> str:
    target = wording.kpi_target(row, currency)
    return f"{row.get_metric_display()}: {target}" + (f" by {_day(row.due)}" if row.due else "")


def platform_text(row: BriefPlatform, currency: str = "") -> str:
    parts = [row.get_platform_display()]
    if row.ideal_runtime:
        parts.append(f"{row.ideal_runtime} s")
    if row.aspect_ratios:
        parts.append(" / ".join(r for r in AspectRatio.values if r in row.aspect_ratios))
    if row.notes:
        parts.append(row.notes)
    return ", ".join(parts)


def message_text(row: BriefMessage, currency: str = "") -> str:
    return f"{row.text} ({row.get_kind_display().lower()})"


def asset_text(row: BriefAsset, currency: str = "") -> str:
    return describe_asset(row) + (f", {row.notes}" if row.notes else "")


ROW_TEXT = {"kpis": kpi_text, "platforms": platform_text, "messages": message_text, "assets": asset_text}
ROW_LABEL = {"kpis": "KPI", "platforms": "Platform", "messages": "Message", "assets": "Required asset"}


def compare(older: BriefVersion, newer: BriefVersion) -> BriefDiff:
    """Versions fetched with their rows prefetched (``selectors.version_of``)."""
    diff = BriefDiff(older=older, newer=newer)
    for label, get in (
        ("The idea", lambda v: v.summary),
        ("Marketing objective", lambda v: v.get_objective_display() if v.objective else ""),
        ("Target audience", lambda v: v.audience),
        ("Budget", _money),
        ("Deadline", lambda v: _day(v.deadline)),
    ):
        before, after = get(older), get(newer)
        if before != after:
            diff.changes.append(Change(label, before, after))
    for kind, text in ROW_TEXT.items():
        old_rows = {r.key: r for r in getattr(older, kind).all()}
        new_rows = {r.key: r for r in getattr(newer, kind).all()}

        for key, row in old_rows.items():
            was = text(row, older.currency)
            if key not in new_rows:
                diff.changes.append(Change(ROW_LABEL[kind], before=was))
            elif was != (now := text(new_rows[key], newer.currency)):
                diff.changes.append(Change(ROW_LABEL[kind], before=was, after=now))
        for key, row in new_rows.items():
            if key not in old_rows:
                diff.changes.append(Change(ROW_LABEL[kind], after=text(row, newer.currency)))
    return diff
