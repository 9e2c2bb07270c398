"""A producer plans the shot list in chromium: three shots of a scene, one framed 9:16 for the
brief's vertical cutdown and one covering its mandatory message, so the coverage summary turns
from red to covered; then drags the third shot before the first (saved, and kept on reload) and
steps a shot's status. The client reads the list on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from production.ideation import services as ideation_services
from production.storyboard import services
from production.storyboard.models import Shot
from tests.production.storyboard.conftest import png

from .conftest import DESKTOP, PHONE
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).resolve().parents[1] / "production" / "storyboard" / "fixtures" / "night_shift.fountain"


def list_descriptions(project) -> list[str]:
    return list(Shot.objects.filter(project=project).order_by("position").values_list("description", flat=True))


def test_plan_three_shots_cover_the_brief_and_reorder_by_dragging(
    live_server, studio, new_page, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path / "media")
    base, project = live_server.url, studio.acme_project
    version = services.script_save(project=project, text=SAMPLE.read_text(encoding="utf-8"), by=studio.producer)
    roof = version.scenes.get(position=2)
    frame = services.frame_create(
        project=project, by=studio.producer, image=("roof.png", png(640, 360, (40, 70, 120))), shot_size="EWS",
        scene=roof.pk,
    )  # fmt: skip
    ideation_services.brief_save(
        project=project,
        by=studio.producer,
        summary="Night shift: a hospital recruitment film.",
        messages=[{"text": "Nurses lead the night", "kind": "show"}],
        assets=[{"kind": "cutdown", "count": 3, "aspect_ratio": "9:16", "duration": 15}],
    )
    page = new_page(DESKTOP)
    sign_in(page, base, studio.producer)
    page.goto(f"{base}/projects/{project.pk}/storyboard/")
    page.get_by_role("link", name="Shot list").click()
    expect(page.locator("h1")).to_have_text("Shot list")
    expect(page.locator(".empty__title")).to_have_text("No shots yet")
    coverage = page.locator(".scover")
    expect(coverage.locator(".scover__item.is-missing")).to_have_count(2)
    expect(coverage).to_contain_text("not covered")
    expect(coverage).to_contain_text("no shot serves it")

    shots = [
        ("Roof at night, city lights below", "EWS", "16:9", "24mm", "30", "20", "Nurses lead the night"),
        ("Maya at the railing", "MCU", "9:16", "85mm", "15", "25", "3 x Cutdown, 9:16, 15 s"),
        ("Coffee cup steam", "ECU", "16:9", "100mm macro", "10", "10", None),
    ]
    for index, (description, size, framing, lens, setup, shoot, link) in enumerate(shots, start=1):
        form = page.locator("#new-shot form")
        form.get_by_label("Scene").select_option(label="2. EXT. HOSPITAL ROOF - NIGHT")
        form.get_by_label("Description").fill(description)
        form.get_by_label("Shot size").select_option(size)
        form.get_by_label("Framing").select_option(framing)
        form.get_by_label("Lens").fill(lens)
        form.get_by_label("Setup (minutes)").fill(setup)
        form.get_by_label("Shooting (minutes)").fill(shoot)
        if link:
            form.get_by_label(link).check()
        if index == 1:
            form.get_by_label("Storyboard frame").select_option(label="Frame 1 (EWS) · 2. EXT. HOSPITAL ROOF - NIGHT")
        page.get_by_role("button", name="Add shot").click()
        expect(page.locator(".flash")).to_contain_text(f"Shot 2{'ABC'[index - 1]} added.")
    rows = page.locator("tr.sshot")
    expect(rows).to_have_count(3)
    expect(page.locator(".sshot .sshot-num")).to_have_text(["2A", "2B", "2C"])
    expect(page.locator(".sshots__scene")).to_contain_text("3 shots · 1:50")
    expect(page.locator(".sshots__total")).to_contain_text("1:50")
    expect(rows.nth(1).locator(".framing")).to_have_attribute("title", "Framed 9:16")
    thumb = rows.nth(0).locator(".sshot__thumb img")
    expect(thumb).to_have_attribute("src", f"/frames/{frame.pk}/image/?size=thumb&v={frame.picture_key}")
    assert thumb.evaluate("img => img.naturalWidth") == 480  # the board's thumbnail, served
    expect(coverage.locator(".scover__item.is-missing")).to_have_count(0)
    expect(coverage.locator(".badge")).to_have_text("All covered")
    expect(coverage.locator(".scover__item").nth(1).locator(".sshot-num")).to_have_text(["2B"])
    assert list_descriptions(project) == ["Roof at night, city lights below", "Maya at the railing", "Coffee cup steam"]

    # Drag the third shot onto the upper half of the first: it goes first.
    third, first = rows.nth(2), rows.nth(0)
    third.drag_to(first, target_position={"x": 40, "y": 4})
    expect(page.locator("[data-reorder-status]")).to_have_text("Order saved.")
    expect(page.locator(".sshot .sshot-num")).to_have_text(["2C", "2A", "2B"])
    assert list_descriptions(project) == ["Coffee cup steam", "Roof at night, city lights below", "Maya at the railing"]
    page.reload()
    expect(page.locator(".sshot .sshot-num")).to_have_text(["2C", "2A", "2B"])

    # A status step, with the button on the row.
    page.locator("tr.sshot").nth(0).get_by_role("button", name="Schedule").click()
    expect(page.locator(".flash")).to_contain_text("Shot 2C: scheduled.")
    expect(page.locator("tr.sshot").nth(0).locator(".sstatus")).to_have_text("Scheduled")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "shotlist-desktop")

    phone = new_page(PHONE)
    sign_in(phone, base, studio.acme_user)
    phone.goto(f"{base}/projects/{project.pk}/shots/")
    expect(phone.locator("tr.sshot")).to_have_count(3)
    expect(phone.get_by_role("link", name="Add a shot")).to_have_count(0)
    screenshot(phone, "shotlist-client-phone")
