"""The daily production report of a shoot day, as one template (``templates/shoot/_report.html``)
shown on its page and printed as a PDF (WeasyPrint, ``templates/shoot/report_pdf.html``: fixed
tables, no flexbox, as the call sheet), and its email to the producers and everyone called that
day with an email address, the PDF attached. What it says is ``set_selectors.report_view``: the
summary frozen at sign-off, or the day's rows as they are now. The HTML loads nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from projects.models import Membership, Role

from .models import DailyReport, DayCall, ShootDay
from .selectors import day_for_system
from .set_selectors import report_view


def report_context(day: ShootDay, report: DailyReport) -> dict:
    """``day`` numbered (``selectors.day_for``/``day_for_system``)."""
    return {
        "project": day.project,
        "day": day,
        "report": report,
        "data": report_view(day, report),
        "generated_at": timezone.now(),
    }


def file_name(day: ShootDay) -> str:
    stem = slugify(day.project.title)[:60].strip("-") or "project"
    return f"{stem}-daily-report-{day.date:%Y-%m-%d}.pdf"


def report_pdf(day: ShootDay, report: DailyReport) -> bytes:
    import weasyprint  # loads Pango: only when a PDF is asked for

    html = render_to_string("shoot/report_pdf.html", report_context(day, report))
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()


def recipients(day: ShootDay) -> list[str]:
    """The project's producers and everyone called that day with an email, each address once."""
    producers = Membership.objects.filter(organization_id=day.project.organization_id, role=Role.PRODUCER)
    emails = [m.user.email for m in producers.select_related("user").order_by("user__email")]
    emails += [c.person.email for c in DayCall.objects.filter(day=day).select_related("person") if c.person.email]
    seen: list[str] = []
    for email in emails:
        if email and email.lower() not in seen:
            seen.append(email.lower())
    return seen


def send(report: DailyReport, to: list[str]) -> None:
    day = day_for_system(report.day_id)
    context = report_context(day, report)
    subject = f"Daily report: {day.project.title}, shoot day {day.number} ({day.date:%a %-d %b})"
    totals = context["data"]["totals"]
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("shoot/email/daily_report.txt", {**context, "totals": totals}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=to,  # the crew's addresses are not shown to each other
        reply_to=[report.signed_by.email] if report.signed_by else None,
    )
    message.attach(file_name(day), report_pdf(day, report), "application/pdf")
    message.send()
