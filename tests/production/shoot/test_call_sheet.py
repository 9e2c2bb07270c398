"""The call sheet: its page and PDF say who is called when, where, the hospital and the weather
(and nothing private); sending emails one copy per person with a confirm link that confirms that
person once, until the day is over, and never another sheet; a change makes a revised sheet."""

import datetime as dt
import re
import subprocess

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import timezone

from production.shoot import services, sheets, tokens
from production.shoot.models import CallSheet, CallSheetRecipient
from production.shoot.selectors import day_for
from projects.models import Notification, TimelineEvent

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def confirm_path(message) -> str:
    return re.search(r"http://[^/\s]+(/call-sheets/[^\s]+/)", message.body).group(1)


def test_the_pdf_lists_names_call_times_hospital_and_weather(studio, shoot, tmp_path):
    text = pdf_text(sheets.sheet_pdf(day_for(user=studio.producer, day_id=shoot.day.pk)), tmp_path)
    assert "CALLSHEET·SHOOTDAY1OF1" in re.sub(r"\s", "", text).upper()  # the kicker is letter-spaced
    assert "Acme spring launch" in text and "Monday" in text and "12 May 2031" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert any(line.startswith("06:45 Ben Okoro Gaffer") for line in lines), lines
    assert any(line.startswith("07:30 Ana Lima Director of photography") for line in lines), lines
    assert any(line.startswith("09:00 Cleo Marsh Nora Make-up first") for line in lines), lines
    assert "Charité Mitte, Charitéplatz 1" in text and "Sunny, 21 °C" in text
    assert "Old brewery" in text and "Schankstraße 4" in text and "openstreetmap.org" in text
    for private in ("+49 170 1111111", "ana@crew.test", "650", "Vegetarian"):
        assert private not in text


def test_the_page_is_the_teams_and_shows_no_private_field_to_an_editor(studio, shoot, as_user):
    url = f"/shoot-days/{shoot.day.pk}/call-sheet/"
    page = as_user(studio.editor).get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "Ben Okoro" in body and "06:45" in body and "Charité Mitte" in body
    assert "ana@crew.test" not in body and "+49 170 1111111" not in body
    assert as_user(studio.acme_user).get(url).status_code == 404
    assert as_user(studio.acme_user).get(url + "pdf/").status_code == 404
    assert as_user(studio.editor).post(url + "send/").status_code == 403
    assert not CallSheetRecipient.objects.exists()


def test_sending_emails_each_person_with_an_email_once_with_the_pdf(studio, shoot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sending = services.call_sheet_send(day=shoot.day, by=studio.producer)
    assert [p.name for p in sending.skipped] == ["Cleo Marsh"]  # no email address
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@crew.test", "ben@crew.test"]
    ben = next(m for m in mail.outbox if m.to == ["ben@crew.test"])
    assert "your call 06:45" in ben.subject and "Your call: 06:45 (Europe/Berlin)" in ben.body
    assert ben.reply_to == [studio.producer.email]
    ((name, content, kind),) = ben.attachments
    assert kind == "application/pdf" and name.endswith("-call-sheet-2031-05-12.pdf") and content[:4] == b"%PDF"
    assert ben.alternatives and "Confirm my call" in ben.alternatives[0][0]
    copies = CallSheetRecipient.objects.filter(sheet__day=shoot.day)
    assert all(c.sent_at and c.status == "sent" for c in copies) and copies.count() == 2
    assert TimelineEvent.objects.filter(kind="callsheet.sent").count() == 1


def test_a_confirm_link_confirms_its_person_once_and_says_so_after(
    studio, shoot, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.call_sheet_send(day=shoot.day, by=studio.producer)
    ben_mail = next(m for m in mail.outbox if m.to == ["ben@crew.test"])
    path = confirm_path(ben_mail)
    page = client.get(path)
    assert page.status_code == 200 and "Confirm I will be there" in page.content.decode()
    ben = CallSheetRecipient.objects.get(person__name="Ben Okoro")
    ana = CallSheetRecipient.objects.get(person__name="Ana Lima")
    assert ben.status == "opened" and ana.status == "sent"
    done = client.post(path)
    assert done.status_code == 200 and "you are confirmed" in done.content.decode()
    ben.refresh_from_db()
    ana.refresh_from_db()
    assert ben.status == "confirmed" and ana.status == "sent"  # only the person the token names
    event = TimelineEvent.objects.get(kind="callsheet.confirmed")
    assert event.summary == "Ben Okoro confirmed the call for Mon 12 May 2031" and not event.client_visible
    confirmed_at = ben.confirmed_at
    again = client.post(path)
    assert "already confirmed" in again.content.decode() and again.status_code == 200
    ben.refresh_from_db()
    assert ben.confirmed_at == confirmed_at and TimelineEvent.objects.filter(kind="callsheet.confirmed").count() == 1
    # The producer who sent it hears of it once (in the next digest, not an email per person).
    (told,) = Notification.objects.filter(kind="shoot.call_confirmed")
    assert told.user == studio.producer and told.title.startswith("Ben Okoro confirmed the call for Mon 12 May 2031")
    assert told.url == f"/shoot-days/{shoot.day.pk}/call-sheet/" and told.digest and told.emailed_at is None
    producer_page = client.get(f"/shoot-days/{shoot.day.pk}/call-sheet/")
    assert producer_page.status_code == 302  # no account, no page: only the confirm link works for them


def test_a_wrong_expired_or_other_sheets_token_changes_nothing(studio, shoot, client):
    services.call_sheet_send(day=shoot.day, by=studio.producer)
    other_day = services.day_create(project=shoot.project, by=studio.producer, date="2031-05-13", call_time="08:00",
                                    wrap_time="18:00", calls=[{"person": shoot.people[0].pk}])  # fmt: skip
    services.call_sheet_send(day=other_day, by=studio.producer)
    sheet = CallSheet.objects.get(day=shoot.day)
    ben = CallSheetRecipient.objects.get(sheet=sheet, person__name="Ben Okoro")
    ana_other = CallSheetRecipient.objects.get(sheet__day=other_day)
    good = tokens.confirm_token(ben.pk)
    cases = {
        "wrong": (sheet.pk, good[:-3] + "abc"),
        "wrong person": (sheet.pk, tokens.confirm_token(studio.producer.pk)),
        "other sheet": (sheet.pk, tokens.confirm_token(ana_other.pk)),
    }
    for what, (sheet_id, token) in cases.items():
        for method in (client.get, client.post):
            response = method(f"/call-sheets/{sheet_id}/confirm/{token}/")
            assert response.status_code == 404, what
            assert "cannot confirm" in response.content.decode() or "not valid" in response.content.decode(), what
    CallSheetRecipient.objects.filter(pk=ben.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    for method in (client.get, client.post):
        response = method(f"/call-sheets/{sheet.pk}/confirm/{good}/")
        assert response.status_code == 410 and "has expired" in response.content.decode()
    assert not CallSheetRecipient.objects.filter(confirmed_at__isnull=False).exists()
    assert not CallSheetRecipient.objects.filter(opened_at__isnull=False).exists()
    assert not TimelineEvent.objects.filter(kind="callsheet.confirmed").exists()


def test_the_link_expires_when_the_shoot_day_is_over(studio, shoot):
    services.call_sheet_send(day=shoot.day, by=studio.producer)
    copy = CallSheetRecipient.objects.filter(sheet__day=shoot.day).first()
    assert copy.expires_at == dt.datetime(2031, 5, 12, 22, 0, tzinfo=dt.UTC)  # midnight in Berlin (CEST)
    token = tokens.confirm_token(copy.pk)
    assert services.confirm_link_check(sheet_id=copy.sheet_id, token=token, now=copy.expires_at).state == "expired"
    before = copy.expires_at - dt.timedelta(seconds=1)
    assert services.confirm_link_check(sheet_id=copy.sheet_id, token=token, now=before).state == "ok"


def test_sending_after_a_change_makes_a_revised_sheet_and_old_links_stop(
    studio, shoot, client, django_capture_on_commit_callbacks, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True):
        services.call_sheet_send(day=shoot.day, by=studio.producer)
    first_links = {m.to[0]: confirm_path(m) for m in mail.outbox}
    client.post(first_links["ana@crew.test"])
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Nothing changed"):
        services.call_sheet_send(day=shoot.day, by=studio.producer)
    services.day_update(day=shoot.day, by=studio.producer, call_time="08:00")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sending = services.call_sheet_send(day=shoot.day, by=studio.producer)
    assert sending.revised and sending.sheet.revision == 2
    assert all(m.subject.startswith("REVISED Call sheet") for m in mail.outbox) and len(mail.outbox) == 2
    revised_pdf = pdf_text(mail.outbox[0].attachments[0][1], tmp_path)
    assert "REVISED · revision 2" in revised_pdf and "08:00" in revised_pdf
    stale = client.post(first_links["ben@crew.test"])
    assert stale.status_code == 410 and "revised" in stale.content.decode()
    assert TimelineEvent.objects.filter(kind="callsheet.revised").count() == 1
    rows = {r.person.name: r.status for r in CallSheetRecipient.objects.filter(revision=2).select_related("person")}
    assert rows == {"Ana Lima": "sent", "Ben Okoro": "sent"}  # everyone confirms the revised sheet again


def test_a_person_called_later_gets_the_unchanged_sheet_alone(studio, shoot, django_capture_on_commit_callbacks):
    services.call_sheet_send(day=shoot.day, by=studio.producer)
    services.person_update(person=shoot.people[2], by=studio.producer, email="cleo@cast.test")
    with django_capture_on_commit_callbacks(execute=True):
        sending = services.call_sheet_send(day=shoot.day, by=studio.producer)
    assert not sending.revised and [c.email for c in sending.sent_to] == ["cleo@cast.test"]
    assert [m.to for m in mail.outbox] == [["cleo@cast.test"]]


def test_the_pdf_renders_as_one_clean_a4_page(studio, shoot, tmp_path):
    """Rendered to PNG (kept in var/screenshots to be looked at): one A4 portrait page, ink on it,
    a white page with margins."""
    from pathlib import Path

    from PIL import Image

    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(sheets.sheet_pdf(day_for(user=studio.producer, day_id=shoot.day.pk)))
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    out = Path(__file__).resolve().parents[3] / "var" / "screenshots" / "shoot-call-sheet-pdf.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pages[0].read_bytes())
    with Image.open(pages[0]) as image:
        width, height = image.size
        assert abs(height / width - 297 / 210) < 0.01
        gray = image.convert("L")
        assert gray.getpixel((5, 5)) == 255 and gray.getpixel((width - 5, height - 5)) == 255  # margins
        dark = sum(gray.histogram()[:128])
        assert dark > width * height * 0.01


def test_a_copy_whose_email_never_left_is_queued_again_by_the_sweep(studio, shoot, settings):
    """The broker was down at the commit (no on-commit callback ran here): beat's sweep sends it,
    once, and leaves a superseded or sent copy alone."""
    services.call_sheet_send(day=shoot.day, by=studio.producer)
    assert not mail.outbox
    later = timezone.now() + dt.timedelta(seconds=settings.CALL_SHEET_REQUEUE_AFTER + 1)
    assert services.call_sheets_requeue_unsent(now=timezone.now()) == 0  # too soon: its task may be on its way
    assert services.call_sheets_requeue_unsent(now=later) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@crew.test", "ben@crew.test"]
    assert services.call_sheets_requeue_unsent(now=later) == 0 and len(mail.outbox) == 2
    services.day_update(day=shoot.day, by=studio.producer, notes="Parking moved to the street.")
    services.call_sheet_send(day=shoot.day, by=studio.producer)  # revision 2, its emails lost too
    CallSheetRecipient.objects.filter(revision=1).update(sent_at=None)  # and revision 1's never left
    later = timezone.now() + dt.timedelta(seconds=settings.CALL_SHEET_REQUEUE_AFTER + 1)
    assert services.call_sheets_requeue_unsent(now=later) == 2  # only the current revision's
    assert all(m.subject.startswith("REVISED") for m in mail.outbox[2:]) and len(mail.outbox) == 4


def test_beat_runs_the_call_sheet_sweep_every_minute():
    from config.celery import app
    from production.shoot import tasks

    entry = app.conf.beat_schedule["requeue-unsent-call-sheets"]
    assert entry["task"] == tasks.requeue_unsent_call_sheets.name and entry["schedule"] <= 60
    assert app.amqp.router.route({}, tasks.send_call_sheet.name)["queue"].name == "default"


def test_a_note_column_only_where_someone_has_a_note(studio, shoot):
    context = sheets.sheet_context(day_for(user=studio.producer, day_id=shoot.day.pk))
    assert not any(c.note for c in context["crew_calls"]) and any(c.note for c in context["cast_calls"])
    assert (context["crew_notes"], context["cast_notes"]) == (False, True)
    html = render_to_string("shoot/_call_sheet.html", context)
    crew_head, cast_head = re.findall(r"<thead><tr>(.*?)</tr></thead>", html)[:2]
    assert "Note" not in crew_head and "<th>Note</th>" in cast_head
