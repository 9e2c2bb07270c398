"""On set, on a phone (390 by 844): the producer opens the day's tracker, marks the first shot done,
logs two takes of it (one circled), uploads a short clip as a daily of that shot over a slow
connection and watches it process on the card until it is ready (a real render worker), then
opens the daily report, gives the actual call and wrap, and signs it off; the worker emails it.
Screenshots of the tracker and of the report's PDF (pdftoppm) are kept in var/screenshots."""

from __future__ import annotations

import datetime as dt
import email
import email.header
import re
import shutil
import subprocess
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from production.shoot import services
from production.shoot.models import DailyReport, ScheduledShot, Take
from production.storyboard.models import Shot
from projects.models import TimelineEvent
from tests.factories import schedule_shot
from tests.production.media import clips

from .conftest import DESKTOP, SCREENSHOTS
from .test_journeys import sign_in
from .test_media import throttle_uploads

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def day_today(studio):
    """Today in Berlin, called two hours ago (or at midnight), wrapping ten hours after the call,
    with Ana called; three shots in its order, the second framed 9:16."""
    by, project = studio.producer, studio.acme_project
    now = timezone.now().astimezone(BERLIN)
    call = max(now - dt.timedelta(hours=2), now.replace(hour=0, minute=0))
    ana = services.person_create(project=project, by=by, name="Ana Lima", role="DoP", department="camera",
                                 email="ana@crew.test")  # fmt: skip
    day = services.day_create(
        project=project, by=by, date=now.date(), call_time=call.strftime("%H:%M"),
        wrap_time=(call + dt.timedelta(hours=10)).strftime("%H:%M"), time_zone="Europe/Berlin",
        calls=[{"person": ana.pk}],
    )  # fmt: skip
    shots = [
        schedule_shot(day, by=by, number="1", description="Runner crests the ridge at sunrise, wide",
                      setup_minutes=20, shoot_minutes=25),
        schedule_shot(day, by=by, number="2", description="Close on the shoes hitting the gravel, for Reels",
                      framing="9:16", setup_minutes=10, shoot_minutes=15),
        schedule_shot(day, by=by, number="3", description="Drone follow along the trail", framing="16:9+9:16",
                      setup_minutes=30, shoot_minutes=20),
    ]  # fmt: skip
    return day, shots


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]


def test_a_producer_runs_the_day_on_a_phone(live_server, studio, day_today, worker_factory, new_page, screenshot,
                                            tmp_path, settings):  # fmt: skip
    settings.SITE_URL = live_server.url
    worker = worker_factory("worker")
    day, shots = day_today
    base = live_server.url
    page = new_page(PHONE_390)
    sign_in(page, base, studio.producer)

    page.goto(f"{base}/shoot-days/{day.pk}/")
    assert fits(page)
    screenshot(page, "on-set-day-390", full_page=False)
    page.get_by_role("link", name="Open on-set tracker").click()
    expect(page).to_have_url(f"{base}/shoot-days/{day.pk}/set/")
    head = page.locator("#set-head")
    expect(head).to_contain_text("0/3 shots")
    expect(head).to_contain_text("Europe/Berlin")
    expect(head.locator("[data-pace]")).to_have_attribute("data-pace", "behind")  # two hours in, nothing done
    first = page.locator('[data-shot="1"]')
    expect(first).to_have_class(re.compile("is-current"))
    expect(page.locator('[data-shot="2"] .setframing--vertical')).to_have_text("9:16")
    assert fits(page)
    screenshot(page, "on-set-tracker-390-start", full_page=False)

    # the first shot done: the second becomes the current one
    first.get_by_role("button", name="Mark shot 1 done").click()
    expect(first).to_have_class(re.compile("is-done"))
    expect(page.locator('[data-shot="2"]')).to_have_class(re.compile("is-current"))
    expect(head).to_contain_text("1/3 shots")

    # two takes of it: the first NG with its timecode, the second circled
    first.locator("summary").click()
    form = first.locator("form.settake")
    expect(form).to_contain_text("Log take 1")
    form.get_by_label("Camera timecode").fill("07:12:30:14")
    form.get_by_role("button", name="NG").click()
    expect(first.locator('[data-take="1"]')).to_contain_text("07:12:30:14")
    first.locator("form.settake").get_by_label("Camera timecode").fill("7:14:02:00")
    first.locator("form.settake").get_by_role("button", name="Circle").click()
    expect(first.locator('[data-take="2"] .mark--circled')).to_have_text("Circled")
    expect(first.locator("form.settake")).to_contain_text("Log take 3")
    expect(page.locator("#daily-destination option", has_text="Shot 1, take 2")).to_have_count(1)  # swapped in
    takes = list(Take.objects.filter(shot=shots[0].shot).order_by("number").values_list("number", "mark", "camera_tc"))
    assert takes == [(1, "ng", "07:12:30:14"), (2, "circled", "07:14:02:00")]
    assert Shot.objects.get(pk=shots[0].shot_id).status == "circled"
    assert ScheduledShot.objects.get(pk=shots[0].pk).done_at is not None

    # a daily of the shot, over a slow connection: the upload's progress, then the render's on the card
    clip = tmp_path / "A001_C002.mp4"
    clips.ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=3", "-f", "lavfi", "-i", "sine=f=440:d=3",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(clip),
    )  # fmt: skip
    first.get_by_role("link", name="+ Upload a daily").click()
    expect(page.locator("#upload")).to_have_attribute("open", "")
    expect(page.locator("[data-destination]")).to_have_value(f"daily:{shots[0].shot_id}")
    throttle_uploads(page, 40_000)
    page.locator("[data-file-input]").set_input_files(str(clip))
    item = page.locator(".uitem").last
    page.wait_for_function(
        "() => { const p = document.querySelector('.uitem [data-pct]'); return p && parseInt(p.textContent, 10) > 5; }",
        timeout=30_000,
    )
    expect(item.locator("[data-bytes]")).to_contain_text(" of ")
    assert fits(page)
    screenshot(page, "on-set-tracker-390-uploading", full_page=False)
    expect(item).to_have_attribute("data-state", "done", timeout=60_000)
    throttle_uploads(page, None)
    daily = first.locator(".setdaily")
    expect(daily).to_have_count(1, timeout=15_000)  # the shots came back with the new daily
    states = {daily.get_attribute("data-daily-status")}
    expect(daily).to_have_attribute("data-daily-status", "ready", timeout=180_000)  # polled while processing
    expect(daily.locator("img")).to_have_attribute("src", re.compile(r"/media/renders/.+/poster\.jpg$"))
    print(f"daily states seen: {states}")
    assert fits(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "on-set-tracker-390")

    # the daily's page names it
    expect(first).to_contain_text("1 daily")
    daily.click()
    expect(page.locator("h1")).to_contain_text("Shot 1 — " + f"{day.date:%a %-d %b}")
    page.go_back()

    # the report: actual call and wrap, then the producer signs it off
    page.locator(".setpage__crumbs").get_by_role("link", name="Daily report").click()
    expect(page.locator(".dpr")).to_contain_text("1 / 3")
    page.get_by_label("Actual call").fill(day.call_time.strftime("%H:%M"))
    page.get_by_label("Actual wrap").fill(
        (dt.datetime.combine(day.date, day.call_time) + dt.timedelta(hours=9)).strftime("%H:%M")
    )
    page.get_by_label("Notes").fill("Fog until 09:00: shots 2 and 3 move to tomorrow.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_contain_text("Report saved.")
    assert fits(page)
    screenshot(page, "on-set-report-draft-390")
    page.get_by_role("button", name="Sign off and email").click()
    expect(page.locator(".pagehead__sub")).to_contain_text("Signed off")
    assert fits(page)
    screenshot(page, "on-set-report-390")
    report = DailyReport.objects.get(day=day)
    assert report.signed and report.summary["totals"]["takes"] == 2 and report.summary["planned"][0]["circled"] == [2]
    worker.wait_until(lambda: DailyReport.objects.get(pk=report.pk).sent_at is not None, timeout=60, what="emailed")
    (sent,) = [email.message_from_string(p.read_text(errors="replace")) for p in worker.email_dir.iterdir()]
    assert str(email.header.make_header(email.header.decode_header(sent["Subject"]))).startswith(
        "Daily report: Acme spring launch, shoot day 1"
    )
    event = TimelineEvent.objects.get(kind="report.sent")
    assert event.data["recipients"] == 2  # the producer and Ana, called with an email (Bcc)

    desk = new_page(DESKTOP)
    sign_in(desk, base, studio.producer)
    desk.goto(f"{base}/shoot-days/{day.pk}/report/")
    expect(desk.locator(".dpr")).to_contain_text("Fog until 09:00")
    screenshot(desk, "on-set-report-desktop")

    # the PDF, rendered to a picture to look at
    pdf = page.request.get(f"{base}/shoot-days/{day.pk}/report/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.body())
    if shutil.which("pdftoppm"):
        png = SCREENSHOTS / "on-set-report-pdf"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(path), str(png)], check=True)
        words = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "Fog until 09:00" in words and "Signed off by" in words
