"""The brief's numbers in templates (``production.ideation.wording``)."""

from __future__ import annotations

from django import template

from .. import wording

register = template.Library()


@register.filter
def money(value, currency: str = "") -> str:
    return wording.money(value, currency)


@register.filter
def kpi_target(kpi, currency: str = "") -> str:
    return wording.kpi_target(kpi, currency)
