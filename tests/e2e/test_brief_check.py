"""The brief beside the player in chromium: the client steps to the frame where the logo shows and
marks it on the brief's checklist (the frame on screen, not frame 0); approving then warns that the
other mandatory message is not marked, and goes through with "approve anyway"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from production.edit.models import Cut
from production.ideation import services as ideation
from production.ideation.models import Metric, Objective
from production.media import services
from production.media.models import MediaAsset
from production.review.models import Approval, MessageMark
from projects.models import Notification
from tests.production.media import clips

from .conftest import DESKTOP
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_client_marks_a_mandatory_message_at_the_frame_on_screen(
    live_server, studio, new_page, screenshot, tmp_path
):
    source = tmp_path / "Trail Runner – 30s v1.mp4"  # noqa: RUF001 (a real file name)
    clips.ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=3", "-f", "lavfi", "-i", "sine=d=3",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(source),
    )  # fmt: skip
    cut = Cut.objects.create(project=studio.acme_project, title="30s social", client_visible=True)
    asset = services.asset_import(
        project=studio.acme_project, path=source, by=studio.editor, target="cut", target_ref=cut.pk
    )
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    version = asset.version
    ideation.brief_save(
        project=studio.acme_project, by=studio.producer, objective=Objective.CONVERSION, audience="Trail runners",
        kpis=[{"metric": Metric.VIEWS, "target": 50000}],
        messages=[{"text": "The new logo is on screen", "kind": "show"},
                  {"text": "Free returns for 90 days", "kind": "say"}],
    )  # fmt: skip

    page = new_page(DESKTOP)
    sign_in(page, live_server.url, studio.acme_user)
    page.goto(f"{live_server.url}/versions/{version.pk}/review/")
    checklist = page.locator("#brief-check")
    expect(checklist).to_contain_text("0 of 2 marked on v1")
    page.wait_for_function("document.querySelector('video').readyState >= 2", timeout=20_000)
    page.locator("[data-player]").focus()
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    expect(page.locator("[data-timecode]")).to_have_text("00:00:00:09")
    checklist.locator("[data-message]", has_text="The new logo").get_by_role("button", name="Mark here").click()
    expect(checklist).to_contain_text("1 of 2 marked on v1")
    expect(checklist.locator("[data-seek-frame]")).to_have_text("00:00:00:09")
    assert MessageMark.objects.get().frame == 9
    screenshot(page, "review-brief-checklist")

    page.get_by_role("button", name="Approve", exact=True).click()
    warning = page.locator(".decision__unmarked")
    expect(warning).to_contain_text("Not marked on this version yet: “Free returns for 90 days”")
    assert not Approval.objects.exists()
    screenshot(page, "review-approval-warns")
    warning.get_by_label("Approve although they are not marked").check()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator("[data-review-status]")).to_have_text("Approved")
    assert Approval.objects.get().decision == "approved"

    # Thanking the producer: "@" and the start of a name lists the people; Enter puts the name in.
    producer = studio.producer.get_full_name()
    box = page.get_by_role("textbox", name="Comment")
    box.click()
    box.type(f"Thanks @{producer[:-1].lower()}")  # the full name but its last letter: one person
    options = page.get_by_role("listbox", name="People to mention").get_by_role("option")
    expect(options.first).to_have_text(f"@{producer}")
    box.press("Enter")
    expect(page.get_by_role("listbox", name="People to mention")).to_have_count(0)
    expect(box).to_have_value(f"Thanks @{producer} ")
    box.type("for the quick turnaround")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator(".thread__text").first).to_have_text(f"Thanks @{producer} for the quick turnaround")
    assert Notification.objects.filter(user=studio.producer, kind="review.mention").exists()
