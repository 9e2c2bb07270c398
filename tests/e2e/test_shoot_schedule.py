"""A producer opens a shoot day, adds four shots of the shot list at once, drags one to a new
place (the clock runs again and the order is kept on reload), and sees the day run over its wrap;
the call sheet lists the schedule; without the drag, the arrows do the same."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from playwright.sync_api import expect

from production.shoot import services
from production.shoot.models import ScheduledShot
from production.storyboard.models import Shot
from production.storyboard.services import shots as shot_services

from .conftest import DESKTOP, PHONE
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = [  # number, description, minutes of setup and shooting, framing, size, angle, location, cast
    ("1", "Maya laces her shoes on the bench", 30, 30, "16:9", "CU", "eye", "Old brewery yard", "Maya"),
    ("2", "Vertical: Maya runs at the camera", 60, 90, "9:16", "MS", "low", "Canal path", "Maya"),
    ("3", "Wide of the river at sunrise", 90, 120, "16:9+9:16", "EWS", "high", "Bridge", ""),
    ("4", "Product hero, shoe on wet stone", 120, 170, "1:1", "ECU", "eye", "Studio table", ""),
]


def _spans(*times):
    """Each time to the next, as the page shows them (an en dash between)."""
    return [f"{a}\u2013{b}" for a, b in itertools.pairwise(times)]


def _order(day):
    return list(ScheduledShot.objects.filter(day=day).order_by("position").values_list("shot__number", flat=True))


def test_add_four_shots_drag_one_and_see_the_overrun(live_server, studio, new_page, screenshot):
    base, project, by = live_server.url, studio.acme_project, studio.producer
    day = services.day_create(project=project, by=by, date=dt.date(2031, 5, 12), call_time="07:30",
                              wrap_time="17:30", time_zone="Europe/Berlin")  # fmt: skip
    for number, description, setup, shoot, framing, size, angle, location, cast in SHOTS:
        shot_services.shot_create(project=project, by=by, number=number, description=description,
                                  setup_minutes=setup, shoot_minutes=shoot, framing=framing, shot_size=size,
                                  angle=angle, location=location, cast=cast)  # fmt: skip
    page = new_page(DESKTOP)
    sign_in(page, base, by)
    page.goto(f"{base}/shoot-days/{day.pk}/")
    card = page.locator("#schedule")
    expect(card.locator(".empty__title")).to_have_text("No shots on this day yet")

    # The picker is open on an empty day: tick all four and add them at once.
    for number, *_ in SHOTS:
        card.locator(".sched__choice", has_text=SHOTS[int(number) - 1][1]).locator("input").check()
    card.get_by_role("button", name="Add to this day").click()
    expect(page.locator(".flash")).to_contain_text("4 shots added to this day (1, 2, 3, 4).")
    rows = page.locator("#schedule tr.sched-row")
    expect(rows.locator(".sshot-num")).to_have_text(["1", "2", "3", "4"])
    expect(rows.locator(".sched__clock")).to_have_text(_spans("07:30", "08:30", "11:00", "14:30", "19:20"))
    # 10 h call to wrap; 1 + 2:30 + 3:30 + 4:50 = 11 h 50 min: the last shot is past wrap
    expect(page.locator("#schedule [data-schedule-verdict]")).to_have_text("+1 h 50 min over")
    expect(rows.nth(3)).to_have_class("sched-row is-over is-first-over")
    expect(rows.nth(3).locator(".sched__wrapline")).to_have_text("wrap 17:30")
    expect(rows.nth(1).locator(".sched-916")).to_be_visible()
    assert set(Shot.objects.values_list("status", flat=True)) == {"scheduled"}

    # Drag the long product shot (4) onto the upper half of the first: it goes first.
    page.evaluate("document.querySelector('#schedule .sched__table').scrollIntoView()")
    rows.nth(3).drag_to(rows.nth(0), source_position={"x": 12, "y": 12}, target_position={"x": 60, "y": 4})
    expect(page.locator("#schedule [data-reorder-status]")).to_have_text("Order saved.")
    rows = page.locator("#schedule tr.sched-row")
    expect(rows.locator(".sshot-num")).to_have_text(["4", "1", "2", "3"])
    expect(rows.locator(".sched__clock")).to_have_text(_spans("07:30", "12:20", "13:20", "15:50", "19:20"))
    expect(rows.nth(3)).to_have_class("sched-row is-over is-first-over")  # now the river wide runs past wrap
    total = page.locator("#schedule tfoot .sched__total")
    expect(total).to_have_text("11 h 50 min")
    assert total.evaluate("el => getComputedStyle(el).color") == "rgb(180, 35, 24)"  # the danger red
    expect(page.locator("#schedule tfoot .sched__overrun")).to_have_text("+1 h 50 min over")
    assert _order(day) == ["4", "1", "2", "3"]
    page.evaluate("window.scrollTo(0, 0)")
    shot_path = screenshot(page, "shoot-day-schedule-desktop")
    assert shot_path.exists()

    # After the swap the card still drags (the script started on the new card), and the arrows work.
    page.evaluate("document.querySelector('#schedule .sched__table').scrollIntoView()")  # both rows in view
    last = rows.nth(3).bounding_box()
    rows.nth(0).drag_to(rows.nth(3), source_position={"x": 12, "y": 12},
                        target_position={"x": 60, "y": last["height"] - 4})  # fmt: skip
    expect(page.locator("#schedule tr.sched-row .sshot-num")).to_have_text(["1", "2", "3", "4"])
    page.locator("#schedule tr.sched-row").nth(1).get_by_role("button", name="Move shot 2 earlier").click()
    expect(page.locator("#schedule tr.sched-row .sshot-num")).to_have_text(["2", "1", "3", "4"])
    page.reload()
    expect(page.locator("#schedule tr.sched-row .sshot-num")).to_have_text(["2", "1", "3", "4"])
    assert _order(day) == ["2", "1", "3", "4"]

    # A refused order (here the server's answer is forced to a refusal) puts the rows back and says why.
    page.route(
        "**/shots/reorder/",
        lambda route: route.fulfill(status=400, content_type="application/json",
                                    body='{"errors": {"order": ["Someone changed this day meanwhile."]}}'),
    )  # fmt: skip
    page.evaluate("document.querySelector('#schedule .sched__table').scrollIntoView()")
    rows = page.locator("#schedule tr.sched-row")
    rows.nth(2).drag_to(rows.nth(0), source_position={"x": 12, "y": 12}, target_position={"x": 60, "y": 4})
    status = page.locator("#schedule [data-reorder-status]")
    expect(status).to_have_text("Someone changed this day meanwhile. The schedule is back as it was.")
    expect(status).to_have_class("alert alert--danger")
    expect(rows.locator(".sshot-num")).to_have_text(["2", "1", "3", "4"])
    page.unroute("**/shots/reorder/")

    # The call sheet lists the schedule with the times.
    page.get_by_role("link", name="Call sheet").click()
    schedule = page.locator(".cs-schedule")
    expect(schedule).to_contain_text("+1 h 50 min over")
    expect(schedule.locator("tbody tr").first).to_contain_text("07:30\u201310:00")
    screenshot(page, "call-sheet-schedule-desktop")

    # The shot list says on which day each shot is, linking to its row on the day's page.
    page.goto(f"{base}/projects/{project.pk}/shots/")
    badges = page.locator("tr.sshot .sshot__badge")
    expect(badges).to_have_text(["Day 1 · Mon 12 May"] * 4)
    badges.first.click()
    expect(page).to_have_url(f"{base}/shoot-days/{day.pk}/#sched-{Shot.objects.get(number='1').pk}")
    page.goto(f"{base}/projects/{project.pk}/shots/")
    screenshot(page, "shotlist-scheduled-desktop")

    # On a phone the schedule's table scrolls inside its card; the overrun stays in view above it.
    phone = new_page(PHONE)
    sign_in(phone, base, by)
    phone.goto(f"{base}/shoot-days/{day.pk}/#schedule")
    expect(phone.locator("#schedule .sched__sum")).to_contain_text("+1 h 50 min over")
    wide = phone.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], wide  # the page never scrolls sideways: the table scrolls in its card
    screenshot(phone, "shoot-day-schedule-phone")
