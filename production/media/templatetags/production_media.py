"""Template helpers of the production pages: durations, time left, timecodes, media URLs."""

from __future__ import annotations

from django import template

from production.media.engine import timecode
from production.media.outputs import file_url

register = template.Library()


@register.filter
def duration(seconds: float | None) -> str:
    """``0:03``, ``12:40``, ``1:02:03``."""
    if seconds is None:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def time_left(seconds: float | None) -> str:
    if seconds is None:
        return "estimating time left…"
    if seconds < 10:
        return "a few seconds left"
    if seconds < 60:
        return f"about {round(seconds / 5) * 5} s left"
    if seconds < 3600:
        return f"about {round(seconds / 60)} min left"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"about {hours} h {minutes:02d} min left"


@register.filter
def percent(value: float | None) -> int:
    return max(0, min(100, int(value or 0)))


@register.simple_tag
def timecode_of(asset, seconds: float | None) -> str:
    """The asset's timecode at ``seconds`` (from its start timecode, frame-accurate)."""
    if seconds is None:
        return ""
    return timecode.timecode_at(seconds, asset.frame_rate_num, asset.frame_rate_den, start=asset.start_timecode)


@register.simple_tag
def render_file_url(render, kind: str) -> str:
    """The checked URL of a render's main output of ``kind`` (``poster``, ``proxy`` …), or ""."""
    if render is None:
        return ""
    if kind == "poster" and hasattr(render, "poster_name"):  # list rows read only the poster's name
        return file_url(render.pk, render.poster_name) if render.poster_name else ""
    return render.files.url(kind)
