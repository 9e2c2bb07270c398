"""Template helpers of the design system: the stage bar, times in the user's zone, navigation."""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.template.defaultfilters import linebreaksbr, urlize
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html

from projects import notifications, selectors, timeline
from projects.models import Stage
from projects.permissions import is_client_user

register = template.Library()

PRODUCTION_STAGES = {Stage.IDEATION, Stage.STORYBOARD, Stage.SHOOT, Stage.EDIT}


@register.inclusion_tag("components/stage_bar.html")
def stage_bar(current: str, compact: bool = False) -> dict:
    """The eight stages left to right: past ones filled, the current one highlighted."""
    index = Stage.index(current)
    stages = [
        {
            "value": s.value,
            "label": s.label,
            "number": i + 1,
            "state": "past" if i < index else "current" if i == index else "future",
            "phase": "production" if s in PRODUCTION_STAGES else "marketing" if s != Stage.DONE else "done",
        }
        for i, s in enumerate(Stage)
    ]
    return {"stages": stages, "current": stages[index], "total": len(stages), "compact": compact}


@register.filter
def when(value: dt.datetime | None, fmt: str = "j M Y, H:i T"):
    """A datetime in the active (the user's) time zone, with the zone's abbreviation."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), date_format(local, fmt))


# What every link urlize makes holds: a scheme's "://", "www.", an address's "@", or one of the
# seven top-level domains it links bare (django.utils.html.Urlizer). Text with none of them comes
# out of urlize escaped and nothing else.
_LINK_SIGNS = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)", re.IGNORECASE)


@register.filter(is_safe=True, needs_autoescape=True)
def text_html(value, autoescape: bool = True):
    """What a person wrote, as HTML: links clickable and line breaks kept — exactly
    ``value|urlize|linebreaksbr``, but text that cannot hold a link (most comments) is escaped at
    once rather than word by word: urlize costs a page of comments more than all the rest."""
    value = str(value)
    if _LINK_SIGNS.search(value):
        value = urlize(value, autoescape=autoescape)
    elif autoescape:
        value = escape(value)
    return linebreaksbr(value, autoescape=autoescape)


@register.filter
def initials(user) -> str:
    return user.initials if user else "·"


@register.filter
def stage_label(value: str) -> str:
    try:
        return Stage(value).label
    except ValueError:
        return value


@register.filter
def kind_label(value: str) -> str:
    return timeline.kind_label(value)


@register.simple_tag(takes_context=True)
def nav_memberships(context) -> list:
    """The signed-in user's memberships with organizations, loaded once per request."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(request, "_reelflow_nav", None)
    if cached is None:
        cached = list(selectors.memberships_for(user))
        request._reelflow_nav = cached
    return cached


@register.simple_tag(takes_context=True)
def is_client_portal(context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and is_client_user(user)


@register.simple_tag(takes_context=True)
def inbox_unread(context) -> int:
    """How many notifications the signed-in user has not read (one query per request)."""
    request = context.get("request")
    if request is None:
        return 0
    cached = getattr(request, "_reelflow_unread", None)
    if cached is None:
        cached = notifications.unread_count(request.user)
        request._reelflow_unread = cached
    return cached
