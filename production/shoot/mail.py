"""The call sheet email: one per person called, with their own call time, their confirm link
(single purpose, ``tokens.py``) and the sheet as a PDF attachment. Sent from the studio's address
with the producer who sent it as Reply-To."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import sheets, tokens
from .models import CallSheetRecipient, DayCall
from .selectors import day_for_system


def confirm_url(copy: CallSheetRecipient) -> str:
    path = reverse(
        "callsheet-confirm", kwargs={"callsheet_id": copy.sheet_id, "calltoken": tokens.confirm_token(copy.pk)}
    )
    return settings.SITE_URL.rstrip("/") + path


def send_copy(copy: CallSheetRecipient) -> None:
    day = day_for_system(copy.sheet.day_id)
    call = DayCall.objects.filter(day=day, person=copy.person).first()
    revised = copy.revision > 1
    context = {
        "copy": copy,
        "person": copy.person,
        "day": day,
        "project": day.project,
        "call_time": (call.call_time if call and call.call_time else day.call_time),
        "locations": list(day.locations.all()),
        "url": confirm_url(copy),
        "revised": revised,
        "sender": copy.sheet.sent_by,
    }
    subject = (
        f"{'REVISED ' if revised else ''}Call sheet: {day.project.title}, shoot day {day.number} "
        f"({day.date:%a %-d %b}) · your call {context['call_time']:%H:%M}"
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("shoot/email/call_sheet.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[copy.email],
        reply_to=[copy.sheet.sent_by.email] if copy.sheet.sent_by else None,
    )
    message.attach_alternative(render_to_string("shoot/email/call_sheet.html", context), "text/html")
    message.attach(sheets.file_name(day), sheets.sheet_pdf(day, highlight=copy.person_id), "application/pdf")
    message.send()
