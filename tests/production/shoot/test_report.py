"""The daily production report: planned vs shot, pickups and takes; the actual call and wrap; a
producer's sign-off that freezes what it says; reopening with a reason; the page, the PDF (read
back with pdftotext) and the email to the producers and the people called."""

from __future__ import annotations

import shutil
import subprocess
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from production.shoot import services, set_services
from production.shoot.models import DailyReport, ShootDay
from projects.models import TimelineEvent
from tests.factories import schedule_shot


@pytest.fixture
def day_shot(studio, shoot):
    """Shots 4 (done, takes 1 NG, 2 circled) and 5 (not shot, one NG take) on the day, and shot 9 of the
    next day picked up (one good take); the actual call and wrap and a note."""
    by = studio.producer
    four = schedule_shot(shoot.day, by=by, number="4", description="Wide of the brewery yard", setup_minutes=10,
                         shoot_minutes=20)  # fmt: skip
    five = schedule_shot(shoot.day, by=by, number="5", description="Nora at the vat", framing="9:16", shoot_minutes=15)
    later = services.day_create(project=shoot.project, by=by, date="2031-05-13", call_time="08:00", wrap_time="18:00")
    nine = schedule_shot(later, by=by, number="9", description="Drone over the roofs")
    set_services.take_log(day=shoot.day, shot=four.shot, by=by, mark="ng")
    set_services.take_log(day=shoot.day, shot=four.shot, by=by, mark="circled", camera_tc="14:32:10:05")
    set_services.shot_done(scheduled=four, by=by)
    set_services.take_log(day=shoot.day, shot=five.shot, by=by, mark="ng")
    set_services.take_log(day=shoot.day, shot=nine.shot, by=by, mark="good")
    set_services.report_update(day=shoot.day, by=studio.editor, actual_call="07:40", actual_wrap="19:25",
                               notes="Rain from 15:00: shot 5 moves to Tuesday.")  # fmt: skip
    return four, five, nine


def report_url(day: ShootDay, what: str = "") -> str:
    return reverse(f"shoot-report{'-' + what if what else ''}", kwargs={"shootday_id": day.pk})


def test_the_report_says_planned_against_shot(studio, shoot, day_shot, as_user):
    page = as_user(studio.editor).get(report_url(shoot.day)).content.decode()
    assert "Daily production report · shoot day 1 of 2" in page
    assert "07:40" in page and "19:25" in page and "planned 07:30" in page
    assert "1 / 2" in page  # shots done of planned
    assert "Not shot" in page and "Rain from 15:00" in page
    assert "Picked up from other days" in page and "Drone over the roofs" in page and "Tue 13 May" in page
    planned = page.split("Planned and shot")[1].split("Picked up")[0]
    four = planned.split("<strong>4</strong>")[1].split("</tr>")[0]
    assert "✓" in four and '<td class="dpr-n">2</td>' in four and ">2</td>" in four  # two takes, take 2 circled
    assert "Sign off and email" not in page  # an editor does not sign
    assert "Sign off and email" in as_user(studio.producer).get(report_url(shoot.day)).content.decode()


def test_actual_times_are_checked(studio, shoot, as_user):
    response = as_user(studio.producer).post(
        report_url(shoot.day), {"actual_call": "7h", "actual_wrap": "", "notes": ""}
    )
    assert response.status_code == 400 and "as a time of day (HH:MM)" in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        set_services.report_update(day=shoot.day, by=studio.producer, actual_call="08:00", actual_wrap="08:00")
    assert "same as the call" in refused.value.message_dict["actual_wrap"][0]
    assert not DailyReport.objects.filter(actual_call__isnull=False).exists()


def test_sign_off_freezes_the_report_and_emails_it(
    studio, shoot, day_shot, as_user, django_capture_on_commit_callbacks
):
    _four, five, _nine = day_shot
    with pytest.raises(PermissionDenied):
        set_services.report_sign(day=shoot.day, by=studio.editor)
    assert as_user(studio.editor).post(report_url(shoot.day, "sign")).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(studio.producer).post(report_url(shoot.day, "sign"))
    assert response.status_code == 302
    report = DailyReport.objects.get(day=shoot.day)
    assert report.signed and report.signed_by == studio.producer and report.sent_at is not None
    totals = report.summary["totals"]
    assert (totals["shots_planned"], totals["shots_done"], totals["takes"], totals["circled"]) == (2, 1, 4, 1)
    assert report.summary["planned"][0]["circled"] == [2] and report.summary["picked_up"][0]["number"] == "9"

    # the email: the producers and everyone called with an email, the PDF attached
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.bcc) == {studio.producer.email.lower(), "ana@crew.test", "ben@crew.test"}
    assert message.subject == "Daily report: Acme spring launch, shoot day 1 (Mon 12 May)"
    assert "Shots done: 1 of 2, 1 picked up" in message.body and "Shot 5: NOT SHOT" in message.body
    name, pdf, kind = message.attachments[0]
    assert kind == "application/pdf" and name == "acme-spring-launch-daily-report-2031-05-12.pdf"
    assert pdf.startswith(b"%PDF")
    kinds = list(TimelineEvent.objects.filter(kind__startswith="report.").values_list("kind", flat=True))
    assert sorted(kinds) == ["report.sent", "report.signed"]

    # later changes on set do not change the signed report; the report cannot be edited
    set_services.take_log(day=shoot.day, shot=five.shot, by=studio.producer, mark="circled")
    set_services.shot_done(scheduled=five, by=studio.producer)
    page = as_user(studio.producer).get(report_url(shoot.day)).content.decode()
    assert "Not shot" in page and "1 / 2" in page and "Signed off" in page
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")  # the page gives the sign-off in the day's time
    assert f"{report.signed_at.astimezone(berlin):%d %b %Y, %H:%M}".lstrip("0") in page
    with pytest.raises(ValidationError):
        set_services.report_update(day=shoot.day, by=studio.producer, notes="Changed after")
    with pytest.raises(ValidationError):
        set_services.report_sign(day=shoot.day, by=studio.producer)

    # reopening needs a producer and a reason; it is recorded; signing again shows the day as it is now
    assert as_user(studio.editor).post(report_url(shoot.day, "reopen"), {"reason": "x"}).status_code == 403
    refused = as_user(studio.producer).post(report_url(shoot.day, "reopen"), {"reason": "  "})
    assert refused.status_code == 400 and "Say why" in refused.content.decode()
    assert DailyReport.objects.get(day=shoot.day).signed
    assert (
        as_user(studio.producer)
        .post(report_url(shoot.day, "reopen"), {"reason": "Shot 5 was done after all"})
        .status_code
        == 302
    )
    report.refresh_from_db()
    assert not report.signed and report.summary == {} and report.reopen_reason == "Shot 5 was done after all"
    event = TimelineEvent.objects.get(kind="report.reopened")
    assert event.data["reason"] == "Shot 5 was done after all" and not event.client_visible
    page = as_user(studio.producer).get(report_url(shoot.day)).content.decode()
    assert "Shot 5 was done after all" in page and "2 / 2" in page
    with django_capture_on_commit_callbacks(execute=True):
        set_services.report_sign(day=shoot.day, by=studio.producer)
    assert len(mail.outbox) == 2 and DailyReport.objects.get(day=shoot.day).summary["totals"]["shots_done"] == 2


def test_signing_needs_the_actual_call_and_wrap(studio, shoot):
    with pytest.raises(ValidationError) as refused:
        set_services.report_sign(day=shoot.day, by=studio.producer)
    assert set(refused.value.message_dict) == {"actual_call", "actual_wrap"}
    assert not DailyReport.objects.filter(day=shoot.day, signed_at__isnull=False).exists()


def test_the_email_is_sent_once(studio, shoot, day_shot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = set_services.report_sign(day=shoot.day, by=studio.producer)
    assert set_services.report_email(report_id=report.pk) is True
    assert set_services.report_email(report_id=report.pk) is False  # delivered twice: sent once
    assert len(mail.outbox) == 1


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_says_what_the_page_says(studio, shoot, day_shot, as_user, tmp_path):
    response = as_user(studio.producer).get(report_url(shoot.day, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="acme-spring-launch-daily-report-2031-05-12.pdf"' in response["Content-Disposition"]
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = "".join(out.split()).lower()  # letter-spaced capitals come out spaced: compare without spaces
    for said in ("Daily production report", "shoot day 1 of 2", "Acme spring launch", "Monday", "12 May 2031",
                 "07:40", "19:25", "Wide of the brewery yard", "Not shot", "Picked up from other days",
                 "Drone over the roofs", "Rain from 15:00", "Draft: not signed off", "Page 1 of 1"):  # fmt: skip
        assert "".join(said.split()).lower() in words, said


def test_a_client_never_sees_the_report(studio, shoot, day_shot, as_user):
    for what in ("", "pdf"):
        assert as_user(studio.acme_user).get(report_url(shoot.day, what)).status_code == 404
        assert as_user(studio.globex_user).get(report_url(shoot.day, what)).status_code == 404
    assert as_user(studio.acme_user).post(report_url(shoot.day), {"notes": "client"}).status_code == 404
    assert as_user(studio.acme_user).post(report_url(shoot.day, "sign")).status_code == 404
    assert not DailyReport.objects.filter(signed_at__isnull=False).exists()
    assert "client" not in DailyReport.objects.get(day=shoot.day).notes
