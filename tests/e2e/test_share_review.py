"""A guest with only a link reviews in chromium: the producer makes a password link that may
approve; the guest opens it, gives the password and their name, plays the cut, steps to a frame
and comments there; the producer finds it at exactly that frame and replies; v2 is uploaded and
the note is carried to it; the guest compares v1 and v2 frame-locked (side by side and as a
wipe) and approves v2; the project can now leave the edit stage."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from production.edit.models import Cut
from production.media import services as media_services
from production.media.models import MediaAsset
from production.review.models import Approval, Comment
from projects import services as project_services
from projects.models import Stage
from tests.production.media import clips

from .conftest import DESKTOP
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "north-light-7"


def upload_version(tmp_path, studio, cut, name: str, pattern: str):
    source = tmp_path / name
    clips.ffmpeg(
        "-f", "lavfi", "-i", f"{pattern}=s=1280x720:r=25:d=4", "-f", "lavfi", "-i", "sine=d=4",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(source),
    )  # fmt: skip
    asset = media_services.asset_import(
        project=cut.project, path=source, by=studio.editor, target="cut", target_ref=cut.pk
    )
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    return asset.version


def ready(page, count: int = 1) -> None:
    page.wait_for_function(
        f"[...document.querySelectorAll('video')].filter(v => v.readyState >= 2).length >= {count}", timeout=20_000
    )


def test_a_guest_reviews_compares_and_approves_through_a_password_link(
    live_server, studio, new_page, screenshot, tmp_path
):
    project = studio.acme_project
    project.stage = Stage.EDIT
    project.save()
    cut = Cut.objects.create(project=project, title="Director's cut", client_visible=True)
    v1 = upload_version(tmp_path, studio, cut, "Spring launch – v1 (final).mp4", "testsrc2")  # noqa: RUF001

    # The producer makes the link.
    producer = new_page(DESKTOP)
    sign_in(producer, live_server.url, studio.producer)
    producer.goto(f"{live_server.url}/versions/{v1.pk}/review/")
    producer.get_by_role("link", name="Share link").click()
    producer.get_by_label("For whom").fill("Agency – Zoë")  # noqa: RUF001
    producer.get_by_label("Password").fill(PASSWORD)
    producer.get_by_label("Approve or request changes").check()
    producer.get_by_role("button", name="Make link").click()
    expect(producer.locator(".flash")).to_contain_text("Link made")
    url = producer.locator(".sharelink.is-new input[readonly]").input_value()
    assert url.startswith(f"{live_server.url}/s/")
    producer.evaluate("window.scrollTo(0, 0)")
    screenshot(producer, "share-links")

    # The guest opens it: password, name, the cut.
    guest = new_page(DESKTOP)
    guest.goto(url)
    expect(guest.get_by_role("heading", name="Director's cut")).to_be_visible()
    guest.get_by_label("Password").fill("wrong-one")
    guest.get_by_role("button", name="Open").click()
    expect(guest.locator(".field__errors")).to_contain_text("not the password")
    guest.get_by_label("Password").fill(PASSWORD)
    guest.get_by_role("button", name="Open").click()
    guest.get_by_label("Your name").fill("Zoë O'Brien")
    guest.get_by_label("Your email").fill("zoe@agency.test")
    guest.get_by_role("button", name="Start reviewing").click()
    expect(guest.locator(".guestbar")).to_contain_text("Reviewing as Zoë O'Brien")
    ready(guest)
    guest.locator(".player__bigplay").click()
    guest.wait_for_function("document.querySelector('video').currentTime > 0.5", timeout=10_000)
    guest.locator("[data-player]").focus()
    guest.keyboard.press("k")  # pause
    guest.locator("[data-seek]").focus()
    guest.keyboard.press("Home")
    expect(guest.locator("[data-timecode]")).to_have_text("00:00:00:00")
    for _ in range(12):
        guest.keyboard.press("ArrowRight")
    expect(guest.locator("[data-timecode]")).to_have_text("00:00:00:12")
    # An arrow on the paused frame, pointing at the logo.
    guest.get_by_role("button", name="Arrow").click()
    stage = guest.locator("[data-stage]").bounding_box()
    guest.mouse.move(stage["x"] + 0.2 * stage["width"], stage["y"] + 0.8 * stage["height"])
    guest.mouse.down()
    guest.mouse.move(stage["x"] + 0.5 * stage["width"], stage["y"] + 0.4 * stage["height"], steps=8)
    guest.mouse.up()
    expect(guest.locator("[data-draw-pending] [data-shape=arrow]")).to_have_count(1)
    screenshot(guest, "share-guest-drawing", full_page=False)
    guest.keyboard.press("Escape")
    guest.get_by_role("textbox", name="Comment").fill("The logo is too small here")
    guest.get_by_role("button", name="Comment", exact=True).click()
    comment = Comment.objects.get()
    assert (comment.frame, comment.author, comment.author_name, comment.guest.email) == (
        12, None, "Zoë O'Brien", "zoe@agency.test",
    )  # fmt: skip
    assert [shape["tool"] for shape in comment.drawing] == ["arrow"]
    screenshot(guest, "share-guest-review")

    # The producer finds it at exactly that frame and replies.
    producer.goto(f"{live_server.url}/versions/{v1.pk}/review/")
    ready(producer)
    producer.locator(f"#comment-{comment.pk} [data-seek-frame]").click()
    expect(producer.locator("[data-timecode]")).to_have_text("00:00:00:12")
    producer.locator(f"#comment-{comment.pk} summary").click()
    expect(producer.locator(f"[data-comment-drawing='{comment.pk}'] [data-shape=arrow]")).to_have_count(1)
    editor_name = studio.editor.get_full_name()
    producer.locator(f"#comment-{comment.pk} textarea").fill(f"Bigger in v2. @{editor_name} can you take this?")
    producer.locator(f"#comment-{comment.pk}").get_by_role("button", name="Reply").click()
    expect(producer.locator(f"#comment-{comment.pk} .reply")).to_contain_text("Bigger in v2.")

    # The editor was mentioned: the bell says so, and the inbox leads to the comment.
    editor = new_page(DESKTOP)
    sign_in(editor, live_server.url, studio.editor)
    expect(editor.locator("[data-unread]")).to_have_text("2")  # the guest's new comment, and the mention
    editor.locator(".inboxlink").click()
    mention = editor.locator(".inbox__item.is-unread", has_text="mentioned you on Director's cut v1")
    expect(mention).to_contain_text(f"{studio.producer.display_name} mentioned you")
    expect(editor.locator(".inbox__item.is-unread", has_text="Zoë O'Brien commented")).to_have_count(1)
    screenshot(editor, "inbox")
    mention.locator(".inbox__link").click()
    expect(editor).to_have_url(re.compile(rf"/versions/{v1.pk}/review/\?comment=[0-9a-f-]+#comment-"))
    expect(editor.locator("[data-timecode]")).to_have_text("00:00:00:12")  # on the thread's frame

    # v2 arrives; the guest's open note is carried onto it.
    v2 = upload_version(tmp_path, studio, cut, "Spring launch – v2.mp4", "smptehdbars")  # noqa: RUF001
    guest.goto(url)
    expect(guest).to_have_url(f"{live_server.url}/s/{url.rstrip('/').rsplit('/', 1)[-1]}/v/{v2.pk}/")
    carried = guest.locator(f"#comment-{comment.pk}")
    expect(carried.locator(".badge--carried")).to_have_text("From v1")
    expect(carried.locator("[data-seek-frame]")).to_have_text("00:00:00:12")
    expect(carried.locator(".reply")).to_contain_text("Bigger in v2.")

    # Compare v2 with v1, frame-locked.
    guest.locator("details.menu summary").click()
    guest.get_by_role("link", name="With v1").click()
    ready(guest, 2)
    a, b = guest.locator("#compare-a-player"), guest.locator("#compare-b-player")
    a.focus()
    for _ in range(5):
        guest.keyboard.press("ArrowRight")
    expect(a.locator("[data-timecode]")).to_have_text("00:00:00:05")
    expect(b.locator("[data-timecode]")).to_have_text("00:00:00:05")
    b.focus()
    guest.keyboard.press("ArrowLeft")  # a step on the other side leads too
    expect(a.locator("[data-timecode]")).to_have_text("00:00:00:04")
    a.focus()
    guest.keyboard.press("k")  # play
    guest.wait_for_function(
        "[...document.querySelectorAll('video')].every(v => !v.paused && v.currentTime > 1)", timeout=10_000
    )
    guest.keyboard.press("k")  # pause: both stop on the same frame
    guest.wait_for_function("[...document.querySelectorAll('video')].every(v => v.paused)")
    # Both settle on one frame (the side paused by hand snaps to the frame it showed, then the other follows).
    guest.wait_for_function(
        "() => { const tcs = [...document.querySelectorAll('[data-player] [data-timecode]')];"
        " const [a, b] = tcs.map((e) => e.textContent); return a && a === b; }",
        timeout=5_000,
    )
    screenshot(guest, "share-compare-side-by-side")
    guest.get_by_role("button", name="Wipe").click()
    guest.get_by_label("Wipe position").fill("30")
    screenshot(guest, "share-compare-wipe", full_page=False)

    # The guest approves v2; planning opens.
    guest.goto(url)
    guest.get_by_role("button", name="Approve", exact=True).click()
    expect(guest.locator("[data-review-status]")).to_have_text("Approved")
    approval = Approval.objects.get()
    assert (approval.version, approval.by_name, approval.sha256) == (v2, "Zoë O'Brien", v2.asset.sha256)
    project_services.project_change_stage(project=project, to_stage=Stage.PLANNING, by=studio.producer)


def test_a_watermarked_link_plays_the_guests_own_copy_with_their_name(
    live_server, studio, new_page, screenshot, tmp_path
):
    from production.media.models import Render
    from production.review import services as review_services

    cut = Cut.objects.create(project=studio.acme_project, title="Director's cut", client_visible=True)
    version = upload_version(tmp_path, studio, cut, "Spring launch v1.mp4", "smptehdbars")
    link = review_services.share_link_create(cut=cut, by=studio.producer, watermark=True)
    guest = new_page(DESKTOP)
    guest.goto(f"{live_server.url}/s/{link.token}/")
    expect(guest.locator(".auth__lead")).to_contain_text("your name and email are shown in the picture")
    guest.get_by_label("Your name").fill("Zoë O'Brien")
    guest.get_by_label("Your email").fill("zoe@agency.test")
    guest.get_by_role("button", name="Start reviewing").click()
    # The worker makes the copy (eager here: while the page loads); the page then plays it.
    expect(guest.locator("[data-player]")).to_be_visible(timeout=60_000)
    ready(guest)
    copy = Render.objects.get(preset="watermark", asset=version.asset)
    assert copy.status == Render.Status.SUCCEEDED and copy.spec["text"] == "Zoë O'Brien · zoe@agency.test"
    src = guest.evaluate("JSON.parse(document.getElementById('player-config').textContent).hls")
    assert src == f"/s/{link.token}/files/{copy.pk}/{copy.files.main['hls_master']}"
    guest.locator("[data-seek]").focus()
    guest.keyboard.press("Home")
    screenshot(guest, "share-watermarked-copy", full_page=False)
