"""A producer adds a location and two people, schedules a shoot day, sends its call sheet, and a
crew member confirms from the link in their email; the producer sees who confirmed."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from production.shoot.models import CallSheetRecipient, ShootDay

from .conftest import DESKTOP, PHONE
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_schedule_a_shoot_day_send_the_call_sheet_and_confirm_from_the_email(
    live_server, studio, new_page, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path / "media")
    settings.SITE_URL = live_server.url
    base, project = live_server.url, studio.acme_project
    page = new_page(DESKTOP)
    sign_in(page, base, studio.producer)

    page.goto(f"{base}/projects/{project.pk}/")
    expect(page.locator("#shoot")).to_contain_text("0 shoot days")
    page.goto(f"{base}/projects/{project.pk}/shoot/")
    expect(page.locator("#days .empty__title")).to_have_text("No shoot days yet")

    locations = page.locator("#locations")
    locations.get_by_text("Add a location").click()
    locations.get_by_label("Name").fill("Old brewery")
    locations.get_by_label("Address").fill("Schankstraße 4\n10115 Berlin")
    locations.get_by_label("Contact person").fill("Herr Roth")
    locations.get_by_label("Permit reference").fill("P-77")
    locations.get_by_label("Permit expires").fill("2031-06-01")
    locations.get_by_role("button", name="Add location").click()
    expect(page.locator(".flash")).to_contain_text("Location “Old brewery” added.")

    for name, role, department, email in (("Ana Lima", "Director of photography", "camera", "ana@crew.test"),
                                          ("Ben Okoro", "Gaffer", "lighting", "ben@crew.test")):  # fmt: skip
        people = page.locator("#people")
        people.get_by_text("Add a person").click()
        people.get_by_label("Name").fill(name)
        people.get_by_label("Role").fill(role)
        people.get_by_label("Department").select_option(department)
        people.get_by_label("Email").fill(email)
        people.get_by_label("Day rate").fill("500")
        people.get_by_role("button", name="Add person").click()
        expect(page.locator(".flash")).to_contain_text(f"{name} added.")
    expect(page.locator("#people tbody tr")).to_have_count(2)

    page.get_by_role("link", name="Schedule a shoot day").first.click()
    page.get_by_label("Date").fill("2031-05-12")
    page.get_by_label("Call", exact=True).fill("07:30")
    page.get_by_label("Wrap (estimate)").fill("19:00")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_label("Old brewery").check()
    page.get_by_label("Weather").fill("Sunny, 21 °C")
    page.get_by_label("Nearest hospital").fill("Charité Mitte, Charitéplatz 1, 10117 Berlin")
    page.get_by_label("Call Ana Lima").check()
    page.get_by_label("Call Ben Okoro").check()
    page.get_by_label("Call time of Ben Okoro").fill("06:45")
    page.get_by_role("button", name="Schedule shoot day").click()
    expect(page.locator(".flash")).to_contain_text("Shoot day on Mon 12 May 2031 scheduled.")
    expect(page.locator("h1")).to_contain_text("Shoot day 1")
    expect(page.locator("#called tbody tr").first).to_contain_text("06:45")
    expect(page.locator("#called tbody tr").first).to_contain_text("Ben Okoro")
    screenshot(page, "shoot-day-desktop")

    page.get_by_role("link", name="Call sheet").click()
    expect(page.locator(".callsheet")).to_contain_text("Charité Mitte")
    page.get_by_role("button", name="Send to everyone called").click()
    expect(page.locator(".flash")).to_contain_text("Call sheet sent to 2 people.")
    expect(page.locator('#sent tr[data-person="Ben Okoro"]')).to_contain_text("Sent")

    assert sorted(m.to[0] for m in mail.outbox) == ["ana@crew.test", "ben@crew.test"]
    ben_mail = next(m for m in mail.outbox if m.to == ["ben@crew.test"])
    link = re.search(r"http://\S+/call-sheets/\S+/confirm/\S+/", ben_mail.body).group(0)
    assert link.startswith(base)

    crew = new_page(PHONE)  # Ben, on his phone, with no account
    crew.goto(link)
    expect(crew.locator("h1")).to_have_text("Confirm your call")
    expect(crew.locator(".shoot-confirm")).to_contain_text("06:45")
    screenshot(crew, "shoot-confirm-phone")
    crew.get_by_role("button", name="Confirm I will be there").click()
    expect(crew.locator("h1")).to_have_text("Thank you, you are confirmed")
    crew.goto(link)
    expect(crew.locator("h1")).to_have_text("Already confirmed")

    page.reload()
    expect(page.locator('#sent tr[data-person="Ben Okoro"]')).to_contain_text("Confirmed")
    expect(page.locator('#sent tr[data-person="Ana Lima"]')).to_contain_text("Sent")
    screenshot(page, "shoot-call-sheet-desktop")
    statuses = {c.person.name: c.status for c in CallSheetRecipient.objects.select_related("person")}
    assert statuses == {"Ana Lima": "sent", "Ben Okoro": "confirmed"}
    assert ShootDay.objects.get().calls.count() == 2

    page.goto(f"{base}/projects/{project.pk}/shoot/")
    screenshot(page, "shoot-overview-desktop")
    phone = new_page(PHONE)
    sign_in(phone, base, studio.editor)
    phone.goto(f"{base}/shoot-days/{ShootDay.objects.get().pk}/call-sheet/")
    expect(phone.locator(".callsheet")).to_contain_text("Ben Okoro")
    expect(phone.get_by_role("button", name="Send again")).to_have_count(0)
    screenshot(phone, "shoot-call-sheet-editor-phone")
