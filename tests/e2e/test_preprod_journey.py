"""Issue 9's whole journey in one browser session, as a producer runs a project from an idea to a
wrapped shoot day: promote an idea, write the brief (two KPIs, a mandatory message), import a
Fountain script, build a three-frame storyboard, a shot list that covers the message with one
shot framed 9:16, schedule a shoot day with the shots, send its call sheet, confirm as crew from
the email link, then on set at phone width: shots done, takes, a daily uploaded, and the daily
report signed. Each part has its own detailed test; this one proves the parts join up."""

from __future__ import annotations

import email
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from production.ideation.models import BriefVersion
from production.shoot.models import CallSheetRecipient, Daily, DailyReport, ScheduledShot, ShootDay, Take
from production.storyboard.models import Shot
from projects.models import Project
from tests.production.media import clips
from tests.production.storyboard.conftest import png

from .conftest import DESKTOP
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
PHONE_390 = {"width": 390, "height": 844}

SAMPLE = Path(__file__).resolve().parents[1] / "production" / "storyboard" / "fixtures" / "night_shift.fountain"
ROOF = "2. EXT. HOSPITAL ROOF - NIGHT"
MESSAGE = "Nurses lead the night"


def promote_an_idea(page, base: str, client_name: str) -> Project:
    page.goto(f"{base}/ideas/")
    page.get_by_role("link", name="New idea").first.click()
    page.get_by_label("Title").fill("Night shift — nurses' stories")
    page.get_by_label("Pitch").fill("A hospital recruitment film told by the night shift, with vertical cutdowns.")
    page.get_by_label("Instagram Reels").check()
    page.get_by_role("button", name="Put it on the board").click()
    page.get_by_role("link", name="Make it a project").click()
    page.get_by_label("Client").select_option(label=client_name)
    page.get_by_label("Title").fill("Night shift recruitment film")
    page.get_by_role("button", name="Create the project").click()
    expect(page.locator(".flash")).to_contain_text("Night shift recruitment film")
    return Project.objects.get(title="Night shift recruitment film")


def write_the_brief(page, base: str, project: Project) -> None:
    page.goto(f"{base}/projects/{project.pk}/brief/edit/")
    page.get_by_label("Marketing objective").select_option("consideration")
    page.get_by_label("Target audience").fill("Nurses, 22 to 35, in the region; their families.")
    page.locator('select[name="kpis-0-metric"]').select_option("views")
    page.locator('input[name="kpis-0-target"]').fill("120000")
    page.locator('[data-formset="kpis"]').get_by_role("button", name="+ Add another row").click()
    page.locator('select[name="kpis-1-metric"]').select_option("click_through_rate")
    page.locator('input[name="kpis-1-target"]').fill("2")
    page.locator('input[name="messages-0-text"]').fill(MESSAGE)
    page.locator('select[name="messages-0-kind"]').select_option("show")
    page.get_by_role("button", name=re.compile(r"Save as version \d")).click()
    expect(page.locator(".flash")).to_contain_text("Brief saved as version")


def build_the_storyboard(page, base: str, project: Project, tmp_path: Path, screenshot) -> None:
    page.goto(f"{base}/projects/{project.pk}/script/")
    page.get_by_label("Fountain file").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Import as v1").click()
    expect(page.locator(".flash")).to_contain_text("Imported version 1: 4 scenes")
    page.get_by_role("link", name="Storyboard").first.click()
    frames = [("EWS", "Roof at night", (40, 70, 120)), ("MCU", "Maya at the railing", (160, 90, 40)),
              ("ECU", "Coffee cup steam", (60, 130, 80))]  # fmt: skip
    for index, (size, notes, colour) in enumerate(frames, start=1):
        picture = tmp_path / f"board {index} (final).png"  # a real-looking file name: spaces, brackets
        picture.write_bytes(png(640, 360, colour))
        form = page.locator("#new-frame form")
        form.get_by_label("Picture").set_input_files(str(picture))
        form.get_by_label("Scene").select_option(label=ROOF)
        form.get_by_label("Shot size").select_option(size)
        form.get_by_label("Duration (seconds)").fill("3")
        form.get_by_label("Notes").fill(notes)
        page.get_by_role("button", name=f"Add frame {index}").click()
        expect(page.locator(".flash")).to_contain_text(f"Frame {index} added.")
    expect(page.locator(".sboard > .sframe")).to_have_count(3)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "journey-storyboard-desktop")


def plan_the_shots(page, base: str, project: Project, screenshot) -> None:
    page.goto(f"{base}/projects/{project.pk}/shots/")
    shots = [
        ("Roof at night, the nurse looks over the city", "EWS", "16:9", "30", "30", MESSAGE),
        ("Maya at the railing, for the reel", "MCU", "9:16", "20", "25", None),
        ("Coffee cup steam", "ECU", "16:9+9:16", "10", "15", None),
    ]
    for description, size, framing, setup, shoot, covers in shots:
        form = page.locator("#new-shot form")
        form.get_by_label("Scene").select_option(label=ROOF)
        form.get_by_label("Description").fill(description)
        form.get_by_label("Shot size").select_option(size)
        form.get_by_label("Framing").select_option(framing)
        form.get_by_label("Setup (minutes)").fill(setup)
        form.get_by_label("Shooting (minutes)").fill(shoot)
        if covers:
            form.get_by_label(covers).check()
        page.get_by_role("button", name="Add shot").click()
        expect(page.locator(".flash")).to_contain_text("added.")
    expect(page.locator("tr.sshot")).to_have_count(3)
    expect(page.locator(".scover .scover__item.is-missing")).to_have_count(0)  # the message is covered
    expect(page.locator("tr.sshot").nth(1).locator(".framing")).to_have_attribute("title", "Framed 9:16")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "journey-shotlist-desktop")


def crew_and_day(page, base: str, project: Project) -> ShootDay:
    page.goto(f"{base}/projects/{project.pk}/shoot/")
    locations = page.locator("#locations")
    locations.get_by_text("Add a location").click()
    locations.get_by_label("Name").fill("St. Mary's — roof")
    locations.get_by_label("Address").fill("Praed St, London W2 1NY")
    locations.get_by_role("button", name="Add location").click()
    expect(page.locator(".flash")).to_contain_text("added.")
    people = page.locator("#people")
    people.get_by_text("Add a person").click()
    people.get_by_label("Name").fill("Ana Lima")
    people.get_by_label("Role").fill("Director of photography")
    people.get_by_label("Department").select_option("camera")
    people.get_by_label("Email").fill("ana@crew.test")
    people.get_by_role("button", name="Add person").click()
    expect(page.locator(".flash")).to_contain_text("Ana Lima added.")
    page.get_by_role("link", name="Schedule a shoot day").first.click()
    page.get_by_label("Date").fill("2031-03-29")  # the night the clocks go forward in London
    page.get_by_label("Call", exact=True).fill("18:00")
    page.get_by_label("Wrap (estimate)").fill("04:00")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_label("St. Mary's — roof").check()
    page.get_by_label("Nearest hospital").fill("St Mary's Hospital A&E, Praed St")
    page.get_by_label("Call Ana Lima").check()
    page.get_by_role("button", name="Schedule shoot day").click()
    expect(page.locator(".flash")).to_contain_text("scheduled.")
    return ShootDay.objects.get(project=project)


def schedule_the_shots(page, base: str, day: ShootDay, screenshot) -> None:
    page.goto(f"{base}/shoot-days/{day.pk}/")
    card = page.locator("#schedule")
    for choice in card.locator(".sched__choice").all():
        choice.locator("input").check()
    card.get_by_role("button", name="Add to this day").click()
    expect(page.locator(".flash")).to_contain_text("3 shots added to this day")
    expect(page.locator("#schedule tr.sched-row .sshot-num")).to_have_text(["2A", "2B", "2C"])
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "journey-shootday-desktop")


def mailed_text(worker, to: str) -> str:
    """The plain text of the email the worker sent to ``to`` (its file backend's folder)."""
    worker.wait_until(lambda: any(to in p.read_text(errors="replace") for p in worker.email_dir.iterdir()),
                      timeout=60, what=f"an email to {to}")  # fmt: skip
    for path in worker.email_dir.iterdir():
        message = email.message_from_string(path.read_text(errors="replace"))
        if to in message["To"]:
            part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
            return part.get_payload(decode=True).decode()
    raise AssertionError(f"no email to {to}")


def send_and_confirm(page, new_page, worker, base: str, day: ShootDay, screenshot, tmp_path: Path) -> None:
    page.goto(f"{base}/shoot-days/{day.pk}/call-sheet/")
    page.get_by_role("button", name="Send to everyone called").click()
    expect(page.locator(".flash")).to_contain_text("Call sheet sent to 1 person.")
    pdf = page.request.get(f"{base}/shoot-days/{day.pk}/call-sheet/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    path = tmp_path / "call sheet.pdf"
    path.write_bytes(pdf.body())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Ana Lima" in text and "St Mary's Hospital A&E" in text and "Maya at the railing" in text  # the schedule
    png_stem = Path(screenshot(page, "journey-callsheet-page")).with_name("journey-callsheet-pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(path), str(png_stem)],
                   check=True)  # fmt: skip

    link = re.search(r"http://\S+/call-sheets/\S+/confirm/\S+/", mailed_text(worker, "ana@crew.test")).group(0)
    crew = new_page({"width": 390, "height": 844})  # Ana, on her phone, with no account
    crew.goto(link)
    crew.get_by_role("button", name="Confirm I will be there").click()
    expect(crew.locator("h1")).to_have_text("Thank you, you are confirmed")
    assert CallSheetRecipient.objects.get().status == "confirmed"


def on_set(new_page, base: str, producer, day: ShootDay, screenshot, tmp_path: Path) -> None:
    """The day on the producer's phone: the first shot done, two takes (the second circled), a
    9:16 phone clip uploaded as its daily and rendered, the daily report signed."""
    phone = new_page(PHONE_390)
    sign_in(phone, base, producer)
    phone.goto(f"{base}/shoot-days/{day.pk}/")
    phone.get_by_role("link", name="Open on-set tracker").click()
    head = phone.locator("#set-head")
    expect(head).to_contain_text("0/3 shots")
    first = phone.locator('[data-shot="2A"]')
    first.get_by_role("button", name="Mark shot 2A done").click()
    expect(head).to_contain_text("1/3 shots")
    first.locator("summary").click()
    first.locator("form.settake").get_by_label("Camera timecode").fill("19:02:10:00")
    first.locator("form.settake").get_by_role("button", name="NG").click()
    expect(first.locator('[data-take="1"]')).to_contain_text("19:02:10:00")
    first.locator("form.settake").get_by_role("button", name="Circle").click()
    expect(first.locator('[data-take="2"] .mark--circled')).to_have_text("Circled")

    clip = tmp_path / "IMG_0042 Maya \u2013 roof (take 2).mp4"  # a phone's vertical clip, an odd name
    clips.ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=360x640:r=30:d=2", "-f", "lavfi", "-i", "sine=f=330:d=2",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(clip),
    )  # fmt: skip
    first.get_by_role("link", name="+ Upload a daily").click()
    phone.locator("[data-file-input]").set_input_files(str(clip))
    expect(phone.locator(".uitem").last).to_have_attribute("data-state", "done", timeout=60_000)
    daily = first.locator(".setdaily")
    expect(daily).to_have_attribute("data-daily-status", "ready", timeout=180_000)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    phone.evaluate("window.scrollTo(0, 0)")
    screenshot(phone, "journey-tracker-390")
    (made,) = Daily.objects.filter(day=day)
    assert made.shot.number == "2A" and (made.asset.width, made.asset.height) == (360, 640)
    assert list(Take.objects.filter(day=day).values_list("number", "mark")) == [(1, "ng"), (2, "circled")]
    assert ScheduledShot.objects.filter(day=day, done_at__isnull=False).count() == 1

    phone.locator(".setpage__crumbs").get_by_role("link", name="Daily report").click()
    phone.get_by_label("Actual call").fill("18:10")
    phone.get_by_label("Actual wrap").fill("03:40")
    phone.get_by_label("Notes").fill("Rain from 23:00: shots 2B and 2C move to the pickup day.")
    phone.get_by_role("button", name="Save").click()
    expect(phone.locator(".flash")).to_contain_text("Report saved.")
    phone.get_by_role("button", name="Sign off and email").click()
    expect(phone.locator(".pagehead__sub")).to_contain_text("Signed off")
    screenshot(phone, "journey-report-390")
    report = DailyReport.objects.get(day=day)
    assert report.signed and report.summary["totals"]["takes"] == 2


def test_a_producer_runs_a_project_from_an_idea_to_a_wrapped_shoot_day(
    live_server, studio, new_page, screenshot, settings, tmp_path, worker_factory
):
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path / "media")
    settings.SITE_URL = live_server.url
    worker = worker_factory("worker", SITE_URL=live_server.url)  # sends the call sheet, renders the daily
    base = live_server.url
    page = new_page(DESKTOP)
    sign_in(page, base, studio.producer)

    project = promote_an_idea(page, base, studio.acme.name)
    write_the_brief(page, base, project)
    brief = BriefVersion.objects.filter(brief__project=project).latest("number")
    assert [k.metric for k in brief.kpis.all()] == ["views", "click_through_rate"]
    build_the_storyboard(page, base, project, tmp_path, screenshot)
    plan_the_shots(page, base, project, screenshot)
    assert Shot.objects.filter(project=project, framing="9:16").count() == 1
    day = crew_and_day(page, base, project)
    schedule_the_shots(page, base, day, screenshot)
    send_and_confirm(page, new_page, worker, base, day, screenshot, tmp_path)
    on_set(new_page, base, studio.producer, day, screenshot, tmp_path)
