"""How the brief's numbers read, on its pages and in a comparison alike: money with its
currency, a KPI's target with its metric's unit."""

from __future__ import annotations

from decimal import Decimal

from .models import METRIC_UNITS


def number(value: Decimal) -> str:
    """1234567.50 → "1,234,567.50"; 35.00 → "35"."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def money(value, currency: str = "") -> str:
    return "" if value is None else f"{number(value)} {currency}".strip()


def kpi_target(kpi, currency: str = "") -> str:
    """ "250,000 views", "1.50 %", "0.02 EUR" (cost per view, in the brief's currency)."""
    unit = METRIC_UNITS.get(kpi.metric, "")
    if unit == "currency":
        return money(kpi.target, currency)
    return f"{number(kpi.target)} {unit}"
