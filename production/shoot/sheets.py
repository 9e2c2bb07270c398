"""The call sheet of a shoot day, as one template (``templates/shoot/_call_sheet.html``) shown on
its page and printed as a PDF (WeasyPrint through ``projects.pdf``: ``templates/shoot/call_sheet_pdf.html``
styled by ``call_sheet_pdf.css``, which includes the page's ``_call_sheet_css.html``). It says the
day, who is called when (names, roles, call times: no one's phone, email or rate), the locations
with their address and a map link, the nearest hospital, the weather, the
day's shots in shooting order with their estimated times, and the notes. As with the
other PDFs, the HTML loads nothing: no file, no network."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from projects import pdf

from .models import CallSheet, ShootDay
from .selectors import calls_of, plan_of


def sheet_context(day: ShootDay, *, highlight=None) -> dict:
    """``day`` from ``selectors.day_for`` (numbered, with its locations and calls)."""
    sheet = CallSheet.objects.filter(day=day).select_related("sent_by").first()
    project = day.project
    contact = (sheet.sent_by if sheet and sheet.sent_by else None) or project.owner
    calls = calls_of(day)
    crew = [c for c in calls if not c.person.is_cast]
    cast = [c for c in calls if c.person.is_cast]
    return {
        "project": project,
        "day": day,
        "sheet": sheet,
        "calls": calls,
        "crew_calls": crew,
        "cast_calls": cast,
        # A Note column only where someone has a note: a column of empty cells says nothing.
        "crew_notes": any(c.note for c in crew),
        "cast_notes": any(c.note for c in cast),
        "locations": list(day.locations.all()),
        "contact": contact,
        "plan": plan_of(day),
        "highlight": highlight,  # the person whose copy this is
        "generated_at": timezone.now(),
    }


def file_name(day: ShootDay) -> str:
    stem = slugify(day.project.title)[:60].strip("-") or "project"
    return f"{stem}-call-sheet-{day.date:%Y-%m-%d}.pdf"


def sheet_pdf(day: ShootDay, *, highlight=None) -> bytes:
    html = render_to_string("shoot/call_sheet_pdf.html", sheet_context(day, highlight=highlight))
    return pdf.render(html, stylesheet_name="shoot/call_sheet_pdf.css")
