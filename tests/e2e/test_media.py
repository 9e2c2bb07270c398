"""Media in a real browser: a producer uploads a clip with the page's uploader (tus), a real
Celery worker renders it while the page updates by itself, then the player plays it with scrub
previews, the waveform and the QC report. A client watches the shared version, with no controls."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from production.edit.models import Cut, Version
from production.media import services
from production.media.models import MediaAsset, Render, Upload
from tests.production.media import clips

from .conftest import PHONE
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clip(tmp_path):
    """3 s at 640x360: picture and tone for 2 s, then a second of black and silence (for QC)."""
    path = tmp_path / "Spring launch v1.mp4"
    graph = (
        "testsrc2=s=640x360:r=25:d=2[a];color=black:s=640x360:r=25:d=1[b];[a][b]concat=n=2:v=1:a=0,format=yuv420p[v];"
        "sine=f=440:d=2:sample_rate=48000,volume=0.3[s1];aevalsrc=0:s=48000:d=1[s2];[s1][s2]concat=n=2:v=0:a=1[aud]"
    )
    clips.ffmpeg(
        "-filter_complex", graph, "-map", "[v]", "-map", "[aud]",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", str(path),
    )  # fmt: skip
    return path


def throttle_uploads(page, bytes_per_second: int | None) -> None:
    """Slow the browser's uploads (Chrome DevTools network emulation), or lift the limit."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 0,
            "downloadThroughput": -1,
            "uploadThroughput": bytes_per_second or -1,
        },
    )


def fits(page, viewport) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_producer_uploads_watches_the_render_and_plays_it(
    live_server, studio, worker_factory, new_page, screenshot, clip, tmp_path
):
    # a slower x264 preset, so the render runs long enough to watch its progress
    worker_factory("render", RENDER_X264_PRESET="veryslow")
    cut = Cut.objects.create(project=studio.acme_project, title="Director's cut", client_visible=True)
    base = live_server.url
    page = new_page()
    sign_in(page, base, studio.producer)

    # The project page loads its "Cuts and media" section; the cut has no versions yet.
    page.goto(f"{base}/projects/{studio.acme_project.pk}/")
    media = page.locator("#media")
    expect(media).to_contain_text("Director's cut")
    expect(media).to_contain_text("No versions yet")
    media.get_by_role("link", name="Upload v1").click()
    expect(page.get_by_role("heading", name="Upload media")).to_be_visible()
    expect(page.get_by_label("Upload to")).to_have_value(f"cut:{cut.pk}")

    # A file of the wrong kind: the server's own words, and nothing is created.
    notes = tmp_path / "notes.txt"
    notes.write_text("not a video")
    page.locator("[data-file-input]").set_input_files(str(notes))
    refused = page.locator(".uitem.is-error")
    expect(refused).to_contain_text("Files of this kind are not accepted")
    assert not MediaAsset.objects.exists()

    # The real clip, over a slow connection so the progress can be seen.
    throttle_uploads(page, 60_000)
    page.locator("[data-file-input]").set_input_files(str(clip))
    item = page.locator(".uitem").last
    expect(item.locator(".uitem__dest")).to_contain_text("Director's cut")
    page.wait_for_function(
        """() => { const p = document.querySelectorAll('.uitem [data-pct]');
                   const v = parseInt(p[p.length - 1].textContent, 10); return v > 5 && v < 60; }""",
        timeout=30_000,
    )
    expect(item.locator("[data-speed]")).to_contain_text("/s")
    expect(item.locator("[data-bytes]")).to_contain_text(" of ")
    screenshot(page, "upload-in-progress-desktop")

    # Pause keeps what arrived; Resume carries on from the server's offset.
    item.get_by_role("button", name="Pause").click()
    expect(item).to_have_attribute("data-state", "paused")
    paused_at = item.locator("[data-pct]").text_content()
    page.wait_for_timeout(1500)
    assert item.locator("[data-pct]").text_content() == paused_at
    assert MediaAsset.objects.count() == 0
    item.get_by_role("button", name="Resume").click()
    expect(item).to_have_attribute("data-state", re.compile("uploading|done"))
    expect(item.locator("[data-pct]")).to_have_text("100 %", timeout=60_000)
    expect(item).to_contain_text("Uploaded")
    throttle_uploads(page, None)

    # It opens the new version's page, whose render status updates by itself.
    expect(page).to_have_url(re.compile(r"/assets/[0-9a-f-]{36}/$"), timeout=15_000)
    asset = MediaAsset.objects.get(original_name="Spring launch v1.mp4")
    assert asset.version.cut == cut and asset.version.number == 1
    upload = Upload.objects.get(filename="Spring launch v1.mp4")  # one upload, resumed, not restarted
    assert upload.asset == asset and upload.parts.count() >= 2, list(upload.parts.all())
    states, percents = set(), set()
    deadline = time.monotonic() + 180
    shot = False
    while time.monotonic() < deadline:
        if page.locator("[data-player]").count():
            break
        status = page.locator("[data-render-state]")
        if status.count():
            states.add(status.first.get_attribute("data-render-state"))
            bar = page.locator(".rstatus .progress[aria-valuenow]")
            if bar.count():
                percents.add(int(bar.first.get_attribute("aria-valuenow")))
                if not shot:
                    screenshot(page, "asset-rendering-desktop")
                    shot = True
        time.sleep(0.2)
    expect(page.locator("[data-player]")).to_be_visible()
    render = Render.objects.get(asset=asset)
    assert render.status == Render.Status.SUCCEEDED, render.error
    assert states & {"processing", "queued", "running"}, states  # seen before it finished, without a reload
    print(f"render states seen: {sorted(states)}, percents: {sorted(percents)}")

    # The player plays the HLS stream through hls.js.
    player = page.locator("[data-player]")
    expect(player).to_have_attribute("data-player-engine", "hls.js")
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")
    page.wait_for_function("document.querySelector('video').currentTime > 0.8", timeout=20_000)
    expect(page.locator("[data-timecode]")).not_to_have_text("00:00:00:00")

    # Hovering the seek bar shows the sprite thumbnail for that moment.
    expect(player).to_have_attribute("data-thumbnails", re.compile(r"^[1-9]"))
    box = page.locator("[data-seek]").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] / 2)
    scrub = page.locator("[data-scrub]")
    expect(scrub).to_be_visible()
    background = page.locator("[data-scrub-img]").evaluate("el => getComputedStyle(el).backgroundImage")
    assert f"/media/renders/{render.pk}/sprite.jpg" in background
    expect(page.locator("[data-scrub-tc]")).to_have_text(re.compile(r"^00:00:01:\d\d$"))
    sprite_loaded = page.evaluate(
        "url => fetch(url).then(r => r.ok && r.headers.get('content-type'))", f"/media/renders/{render.pk}/sprite.jpg"
    )
    assert sprite_loaded == "image/jpeg"

    # The waveform and the QC report; a finding seeks the player.
    expect(player).to_have_attribute("data-waveform-peaks", re.compile(r"^[1-9]"))
    qc = page.locator("#qc")
    expect(qc).to_contain_text("Integrated loudness")
    expect(qc).to_contain_text("LUFS")
    black = qc.locator(".finding", has_text="Black")
    expect(black).to_be_visible()
    page.evaluate("document.querySelector('video').pause()")
    black.click()
    page.wait_for_function("Math.abs(document.querySelector('video').currentTime - 2.0) < 0.3")
    expect(page.locator("[data-timecode]")).to_have_text(re.compile(r"^00:00:0[12]:\d\d$"))
    expect(page.locator(".seek__marker.mk-black")).to_have_count(1)
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator("[data-seek]").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.62, box["y"] + box["height"] / 2)
    expect(scrub).to_be_visible()
    screenshot(page, "asset-player-desktop")

    phone = new_page(PHONE)
    sign_in(phone, base, studio.producer)
    phone.goto(page.url)
    expect(phone.locator("[data-player]")).to_be_visible()
    expect(phone.locator("#qc")).to_be_visible()
    screenshot(phone, "asset-player-phone")
    assert fits(phone, PHONE)

    # Back on the project page, the version has its poster, duration and status.
    page.goto(f"{base}/projects/{studio.acme_project.pk}/")
    row = page.locator("#media .mrow").first
    expect(row).to_contain_text("v1")
    expect(row).to_contain_text("Ready")
    expect(row.locator("img")).to_have_attribute("src", f"/media/renders/{render.pk}/poster.jpg")
    screenshot(page, "project-media-desktop")
    phone.goto(page.url)
    expect(phone.locator("#media .mrow").first).to_contain_text("v1")
    screenshot(phone, "project-media-phone")
    assert fits(phone, PHONE)

    # The client watches the shared version, with none of the team's controls.
    client = new_page()
    sign_in(client, base, studio.acme_user)
    client.goto(f"{base}/projects/{studio.acme_project.pk}/")
    client_media = client.locator("#media")
    expect(client_media).to_contain_text("Version 1")
    expect(client_media).not_to_contain_text("Spring launch v1.mp4")  # clients never see the file's name
    expect(client_media.get_by_role("link", name="Upload")).to_have_count(0)
    expect(client_media).not_to_contain_text("New cut")
    expect(client_media.get_by_role("button", name="Hide from client")).to_have_count(0)
    client_media.get_by_role("link", name="Version 1").click()
    expect(client.locator("[data-player]")).to_be_visible()
    client.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")
    client.wait_for_function("document.querySelector('video').currentTime > 0.5", timeout=20_000)
    for name in ("Cancel", "Retry", "Download original", "Upload a new version"):
        expect(client.get_by_role("button", name=name)).to_have_count(0)
        expect(client.get_by_role("link", name=name)).to_have_count(0)
    expect(client.locator("#qc")).to_have_count(0)
    screenshot(client, "asset-client-desktop")
    assert client.goto(f"{base}/projects/{studio.acme_project.pk}/upload/").status == 404


def test_failed_and_unusable_states_and_cancel_in_the_browser(live_server, studio, new_page, screenshot):
    cut = Cut.objects.create(project=studio.acme_project, title="Social 30s", client_visible=False)
    broken = MediaAsset.objects.create(
        project=studio.acme_project, purpose="version", status=MediaAsset.Status.UNUSABLE, original_name="notes.mp4",
        unusable_reason="This is not a video or audio file (it looks like plain text).", uploaded_by=studio.editor,
    )  # fmt: skip
    Version.objects.create(cut=cut, number=1, asset=broken)
    waiting = MediaAsset.objects.create(
        project=studio.acme_project, purpose="version", status=MediaAsset.Status.PROCESSING,
        original_name="Social 30s v2.mov", uploaded_by=studio.editor,
    )  # fmt: skip
    Version.objects.create(cut=cut, number=2, asset=waiting)
    queued = Render.objects.create(asset=waiting, status=Render.Status.QUEUED)
    base = live_server.url
    page = new_page()
    sign_in(page, base, studio.editor)

    page.goto(f"{base}/assets/{broken.pk}/")
    expect(page.locator(".alert--big")).to_contain_text("This file cannot be used")
    expect(page.locator(".alert--big")).to_contain_text("it looks like plain text")
    expect(page.get_by_role("link", name="Upload a replacement")).to_be_visible()
    expect(page.get_by_role("button", name="Delete this version")).to_be_visible()
    screenshot(page, "asset-unusable-desktop")

    page.goto(f"{base}/projects/{studio.acme_project.pk}/")
    row = page.locator("#media .mrow", has_text="Social 30s v2.mov")
    expect(row.locator(".rstatus")).to_contain_text("Waiting for a render worker")
    screenshot(page, "project-media-rendering-desktop")

    page.goto(f"{base}/assets/{waiting.pk}/")
    status = page.locator(".render-card .rstatus")
    expect(status).to_have_attribute("hx-trigger", "every 2s")
    status.get_by_role("button", name="Cancel").click()
    expect(status).to_contain_text("Render cancelled")
    expect(page.locator(".render-card .rstatus").get_by_role("button", name="Retry")).to_be_visible()
    queued.refresh_from_db()
    assert queued.status == Render.Status.CANCELLED
    screenshot(page, "asset-cancelled-desktop")

    phone = new_page(PHONE)
    sign_in(phone, base, studio.editor)
    phone.goto(f"{base}/assets/{broken.pk}/")
    screenshot(phone, "asset-unusable-phone")
    assert fits(phone, PHONE)


def test_render_progress_moves_on_the_asset_page(live_server, studio, worker_factory, new_page, screenshot, tmp_path):
    """During the render of a 20 s clip the page's bar shows the render moving: at least three
    distinct values between 0 and 100 before the player appears, without a reload."""
    from tests.integration.test_render_worker import stored_asset

    worker_factory("render", RENDER_X264_PRESET="slow")
    source = tmp_path / "Interview A-cam.mp4"
    clips.ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=20", "-f", "lavfi", "-i", "sine=f=440:d=20",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(source),
    )  # fmt: skip
    asset = stored_asset(studio.acme_project, source)
    page = new_page()
    sign_in(page, live_server.url, studio.editor)
    services.asset_probe(asset=asset)  # queues the render for the worker
    page.goto(f"{live_server.url}/assets/{asset.pk}/")
    values, shot = [], False
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not page.locator("[data-player]").count():
        bar = page.locator(".rstatus .progress[aria-valuenow]")
        if bar.count():
            value = int(bar.first.get_attribute("aria-valuenow"))
            if not values or values[-1] != value:
                values.append(value)
            if 30 < value < 90 and not shot:
                screenshot(page, "asset-render-progress-desktop")
                shot = True
        time.sleep(0.25)
    expect(page.locator("[data-player]")).to_be_visible()
    assert len({v for v in values if 0 < v < 100}) >= 3, values
    assert values == sorted(values), values  # it only ever moves forward


def test_upload_says_it_waits_for_the_connection_while_offline(
    live_server, studio, new_page, screenshot, tmp_path, monkeypatch
):
    # Small pieces, so a request starts while offline (Chrome's emulated offline lets one
    # already under way carry on; a real dropped connection fails it).
    monkeypatch.setattr("production.media.views.UPLOAD_CHUNK_SIZE", 96 * 1024)
    cut = Cut.objects.create(project=studio.acme_project, title="Teaser", client_visible=False)
    footage = tmp_path / "Teaser v1.mp4"
    footage.write_bytes(bytes(range(256)) * 4096)  # 1 MiB; never finished here, so never probed
    base = live_server.url
    page = new_page()
    sign_in(page, base, studio.producer)
    page.goto(f"{base}/projects/{studio.acme_project.pk}/upload/")
    expect(page.get_by_label("Upload to")).to_have_value(f"cut:{cut.pk}")

    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")

    def network(*, offline: bool) -> None:  # one session for throttling and going offline
        conditions = {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 40_000}
        cdp.send("Network.emulateNetworkConditions", conditions)

    network(offline=False)
    page.locator("[data-file-input]").set_input_files(str(footage))
    item = page.locator(".uitem").last
    expect(item.locator("[data-speed]")).to_contain_text("/s", timeout=15_000)
    expect(item.locator("[data-eta]")).to_contain_text("left")

    # Offline: it says it is waiting and when it tries again; no stale speed or time left.
    network(offline=True)
    message = item.locator("[data-msg]")
    expect(message).to_contain_text("Waiting for the connection", timeout=15_000)
    expect(message).to_contain_text(re.compile(r"retrying in \d+ s|trying again now"))
    expect(item).to_have_attribute("data-connection", "waiting")
    for rate in ("[data-speed]", "[data-eta]"):
        expect(item.locator(rate)).to_be_hidden()
        expect(item.locator(rate)).to_have_text("")
    expect(item).not_to_contain_text("Connection trouble")
    screenshot(page, "upload-offline-desktop")
    page.wait_for_timeout(2500)  # retries fail while offline: still waiting, still no speed
    expect(message).to_contain_text("Waiting for the connection")
    expect(item.locator("[data-speed]")).to_have_text("")
    expect(item).to_have_attribute("data-state", "uploading")

    # Back online: bytes flow again, and so do the speed and the time left.
    network(offline=False)
    expect(message).to_have_text("Uploading…", timeout=20_000)
    expect(item).not_to_have_attribute("data-connection", "waiting")
    expect(item.locator("[data-speed]")).to_contain_text("/s", timeout=15_000)
    expect(item.locator("[data-eta]")).to_be_visible()
    assert not MediaAsset.objects.exists()  # still going: nothing was made of a half file
