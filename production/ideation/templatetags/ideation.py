"""How the brief's numbers read: money with its currency, a KPI's target with its unit."""

from __future__ import annotations

from decimal import Decimal

from django import template

from ..models import METRIC_UNITS

register = template.Library()


def _number(value: Decimal) -> str:
    """1234567.50 → "1,234,567.50"; 35.00 → "35"."""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


@register.filter
def money(value, currency: str = "") -> str:
    if value is None:
        return ""
    return f"{_number(Decimal(value))} {currency}".strip()


@register.filter
def kpi_target(kpi, currency: str = "") -> str:
    unit = METRIC_UNITS.get(kpi.metric, "")
    number = _number(kpi.target)
    if unit == "%":
        return f"{number} %"
    if unit == "currency":
        return f"{number} {currency}".strip()
    return f"{number} {unit}"
