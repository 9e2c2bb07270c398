"""Every pre-production and shoot page of the demo studio fits a phone: a producer on set opens
them at 375 px, so none may be wider than the screen (a table scrolls inside its card, never the
page). Screenshots of each, to look at."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from production.shoot.models import ShootDay
from projects.management.commands.seed_demo import DEMO_PASSWORD

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What spills past the right edge of the screen outside any scrolling box: each element whose box
# ends beyond it with no ancestor that clips or scrolls sideways, as "tag.class" (the culprits of
# a page wider than the phone).
SPILLING = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0 && !clipped(el)) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.left)}-${Math.round(box.right)}`);
    }
  }
  return out.slice(0, 6);
}"""


def test_the_shoot_stages_pages_fit_a_phone(live_server, new_page, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path / "media")
    call_command("seed_demo")
    days = ShootDay.objects.select_related("project").order_by("date")
    day, past = days.last(), days.first()  # the main day ahead; the day on set a week ago
    project = day.project

    page = new_page(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("producer@reelflow.demo")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")

    pages = {
        "ideas": "/ideas/",
        "project": f"/projects/{project.pk}/",
        "brief": f"/projects/{project.pk}/brief/",
        "script": f"/projects/{project.pk}/script/",
        "storyboard": f"/projects/{project.pk}/storyboard/",
        "shotlist": f"/projects/{project.pk}/shots/",
        "shoot": f"/projects/{project.pk}/shoot/",
        "shootday": f"/shoot-days/{day.pk}/",
        "callsheet": f"/shoot-days/{day.pk}/call-sheet/",
        "onset": f"/shoot-days/{past.pk}/set/",
        "dailyreport": f"/shoot-days/{past.pk}/report/",
        "post": f"/projects/{project.pk}/post/",
    }
    too_wide = {}
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, (name, response.status)
        page.wait_for_load_state("networkidle")
        screenshot(page, f"phone-{name}")
        if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
            too_wide[name] = page.evaluate(SPILLING)
    assert not too_wide, too_wide
