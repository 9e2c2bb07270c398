"""A client reviews a cut in chromium: steps to a frame, comments there, and finds the comment
pinned to exactly that frame (a marker on the seek bar, a chip that seeks back to it); the
producer sees it at the same frame, replies, and takes the comments to the edit as an EDL
whose marker is at that frame."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from production.edit.models import Cut
from production.media import services
from production.media.models import MediaAsset
from production.review.models import Comment
from tests.production.media import clips

from .conftest import DESKTOP, PHONE
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_client_comments_at_a_frame_and_the_producer_replies_there(live_server, studio, new_page, screenshot, tmp_path):
    source = tmp_path / "Spring launch – director's cut v1.mp4"  # noqa: RUF001 (a real file name)
    clips.ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=4", "-f", "lavfi", "-i", "sine=d=4",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(source),
    )  # fmt: skip
    cut = Cut.objects.create(project=studio.acme_project, title="Director's cut", client_visible=True)
    asset = services.asset_import(
        project=studio.acme_project, path=source, by=studio.editor, target="cut", target_ref=cut.pk
    )
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    version = asset.version

    page = new_page(DESKTOP)
    sign_in(page, live_server.url, studio.acme_user)
    page.goto(f"{live_server.url}/projects/{studio.acme_project.pk}/")
    page.get_by_role("link", name="Review →").click()
    expect(page).to_have_url(f"{live_server.url}/versions/{version.pk}/review/")
    page.wait_for_function("document.querySelector('video').readyState >= 2", timeout=20_000)
    page.locator("[data-player]").focus()
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    expect(page.locator("[data-timecode]")).to_have_text("00:00:00:12")
    expect(page.locator("[data-comment-at]")).to_have_text("00:00:00:12")
    page.get_by_role("textbox", name="Comment").fill("Hold on the logo a beat longer <b>here</b>")
    page.get_by_role("button", name="Comment", exact=True).click()

    comment = Comment.objects.get()
    assert (comment.frame, comment.internal, comment.author) == (12, False, studio.acme_user)
    # Back on the page after posting, the player is on the comment's frame, not on the first.
    expect(page.locator("[data-timecode]")).to_have_text("00:00:00:12")
    expect(page.locator("[data-comment-at]")).to_have_text("00:00:00:12")
    chip = page.locator(f"#comment-{comment.pk} [data-seek-frame]")
    expect(chip).to_have_text("00:00:00:12")
    expect(page.locator(f"#comment-{comment.pk} .thread__text")).to_have_text(
        "Hold on the logo a beat longer <b>here</b>"
    )
    expect(page.locator(".seek__marker--comment")).to_have_count(1)
    page.locator("[data-player]").focus()
    page.keyboard.press("End")
    chip.click()
    expect(page.locator("[data-timecode]")).to_have_text("00:00:00:12")
    screenshot(page, "review-client-desktop")

    producer = new_page(DESKTOP)
    sign_in(producer, live_server.url, studio.producer)
    producer.goto(f"{live_server.url}/versions/{version.pk}/review/")
    producer.wait_for_function("document.querySelector('video').readyState >= 2", timeout=20_000)
    producer.locator(f"#comment-{comment.pk} [data-seek-frame]").click()
    expect(producer.locator("[data-timecode]")).to_have_text("00:00:00:12")
    producer.locator(f"#comment-{comment.pk} summary").click()
    producer.locator(f"#comment-{comment.pk} textarea").fill("Agreed, v2 holds it for 12 more frames.")
    producer.locator(f"#comment-{comment.pk}").get_by_role("button", name="Reply").click()
    expect(producer.locator(f"#comment-{comment.pk} .reply")).to_contain_text("Agreed, v2 holds it")
    screenshot(producer, "review-producer-desktop")
    page.reload()
    expect(page.locator(f"#comment-{comment.pk} .reply")).to_contain_text("Agreed, v2 holds it")

    # To the edit: the Export menu downloads the comments as EDL markers, this one at frame 12.
    producer.locator(".menu__toggle").click()
    screenshot(producer, "review-export-menu-desktop", full_page=False)
    with producer.expect_download() as downloading:
        producer.get_by_role("link", name="EDL markers (Resolve, Premiere, Avid)").click()
    edl = downloading.value
    assert edl.suggested_filename == "directors-cut-v1-comments.edl"
    assert "* LOC: 00:00:00:12 RED     " in Path(edl.path()).read_text()
    phone = new_page(PHONE)
    sign_in(phone, live_server.url, studio.acme_user)
    phone.goto(f"{live_server.url}/versions/{version.pk}/review/")
    phone.locator(".menu__toggle").click()
    expect(phone.get_by_role("link", name="Report with stills (PDF)")).to_be_in_viewport()
    screenshot(phone, "review-export-menu-phone", full_page=False)
