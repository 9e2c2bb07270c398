"""How the campaign's numbers and presets read on its pages."""

from __future__ import annotations

from django import template

from production.ideation import wording

from ..presets import PRESETS, label_of

register = template.Library()


@register.filter
def money(value, currency: str = "") -> str:
    return wording.money(value, currency)


@register.filter
def kpi_target(kpi, currency: str = "") -> str:
    return wording.kpi_target(kpi, currency)


@register.filter
def preset_of(key: str):
    return PRESETS.get(key)


@register.filter
def preset_label(key: str) -> str:
    return label_of(key) if key else "All channels"
