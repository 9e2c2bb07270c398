"""A producer imports a Fountain script, builds a three-frame storyboard linked to its scenes, and
reorders it by dragging in chromium; the order is saved, and survives a reload."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from production.storyboard.models import Frame, ScriptVersion
from tests.production.storyboard.conftest import png

from .conftest import DESKTOP, PHONE
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).resolve().parents[1] / "production" / "storyboard" / "fixtures" / "night_shift.fountain"


def board_notes(project) -> list[str]:
    return list(Frame.objects.filter(project=project).order_by("position").values_list("notes", flat=True))


def test_import_a_script_build_a_storyboard_and_reorder_it_by_dragging(
    live_server, studio, new_page, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path / "media")
    base, project = live_server.url, studio.acme_project
    page = new_page(DESKTOP)
    sign_in(page, base, studio.producer)

    page.goto(f"{base}/projects/{project.pk}/")
    expect(page.locator("#storyboard")).to_contain_text("No script yet")
    page.goto(f"{base}/projects/{project.pk}/script/")
    page.get_by_label("Fountain file").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Import as v1").click()
    expect(page.locator(".flash")).to_contain_text("Imported version 1: 4 scenes")
    expect(page.locator(".sp-heading").first).to_contain_text("INT. HOSPITAL CORRIDOR - NIGHT")
    expect(page.locator(".sp-dual .sp-character")).to_have_text(["DR. REYES", "MAYA"])
    assert ScriptVersion.objects.get().scenes.count() == 4
    screenshot(page, "storyboard-script-desktop")

    page.get_by_role("link", name="Storyboard").first.click()
    expect(page.locator(".empty__title")).to_have_text("No frames yet")
    shots = [("EWS", "Roof at night", (40, 70, 120)), ("MCU", "Maya at the railing", (160, 90, 40)),
             ("ECU", "Coffee cup steam", (60, 130, 80))]  # fmt: skip
    for index, (size, notes, colour) in enumerate(shots, start=1):
        picture = tmp_path / f"frame{index}.png"
        picture.write_bytes(png(640, 360, colour))
        form = page.locator("#new-frame form")
        form.get_by_label("Picture").set_input_files(str(picture))
        form.get_by_label("Scene").select_option(label="2. EXT. HOSPITAL ROOF - NIGHT")
        form.get_by_label("Shot size").select_option(size)
        form.get_by_label("Duration (seconds)").fill("2")
        form.get_by_label("Notes").fill(notes)
        page.get_by_role("button", name=f"Add frame {index}").click()
        expect(page.locator(".flash")).to_contain_text(f"Frame {index} added.")
    expect(page.locator(".sboard > .sframe")).to_have_count(3)
    assert board_notes(project) == ["Roof at night", "Maya at the railing", "Coffee cup steam"]
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "storyboard-board-desktop")

    # Drag the third frame onto the left half of the first: it goes first.
    third = page.locator(".sboard > .sframe").nth(2)
    first = page.locator(".sboard > .sframe").nth(0)
    box = first.bounding_box()
    third.drag_to(first, target_position={"x": 10, "y": box["height"] / 2})
    expect(page.locator("[data-reorder-status]")).to_have_text("Order saved.")
    expect(page.locator(".sboard .sframe__notes")).to_have_text(
        ["Coffee cup steam", "Roof at night", "Maya at the railing"]
    )
    expect(page.locator(".sboard .sframe__num")).to_have_text(["1", "2", "3"])
    assert board_notes(project) == ["Coffee cup steam", "Roof at night", "Maya at the railing"]
    page.reload()
    expect(page.locator(".sboard .sframe__notes")).to_have_text(
        ["Coffee cup steam", "Roof at night", "Maya at the railing"]
    )
    screenshot(page, "storyboard-board-reordered-desktop")

    # The frame's own page: its picture, its fields, comments.
    page.locator(".sboard > .sframe").first.get_by_role("link", name="Edit").click()
    expect(page.locator("h1")).to_have_text("Frame 1")
    page.get_by_role("textbox", name="Comment").fill("Steam needs backlight.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".fcomment__text")).to_have_text("Steam needs backlight.")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "storyboard-frame-desktop")

    # A second version of the script, and what changed.
    page.goto(f"{base}/projects/{project.pk}/script/edit/")
    text = page.get_by_label("Script (Fountain)")
    text.fill(text.input_value().replace("I can do twelve hours.", "Easy."))
    page.get_by_label("What changed").fill("Shorter line for Maya")
    page.get_by_role("button", name="Save as v2").click()
    expect(page.locator(".flash")).to_contain_text("Saved version 2")
    page.get_by_role("link", name="Changes from v1 →").click()
    expect(page.locator(".diff--removed .diff__text")).to_contain_text("I can do twelve hours.")
    expect(page.locator(".diff--added .diff__text")).to_contain_text("Twelve hours. Easy.")
    screenshot(page, "storyboard-script-diff-desktop")

    page.goto(f"{base}/projects/{project.pk}/")
    expect(page.locator("#storyboard .sframe")).to_have_count(3)
    expect(page.locator("#storyboard")).to_contain_text("3 storyboard frames")
    screenshot(page, "storyboard-project-section-desktop")

    phone = new_page(PHONE)
    sign_in(phone, base, studio.acme_user)
    phone.goto(f"{base}/projects/{project.pk}/storyboard/")
    expect(phone.locator(".sboard > .sframe")).to_have_count(3)
    expect(phone.get_by_role("link", name="Add a frame")).to_have_count(0)
    screenshot(phone, "storyboard-board-client-phone")
    phone.goto(f"{base}/projects/{project.pk}/script/")
    screenshot(phone, "storyboard-script-client-phone")
