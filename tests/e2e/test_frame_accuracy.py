"""The frame on screen is the frame the timecode names — in a real browser, for what is *shown*.

Each test clip carries its own frame index as a pattern (tests/production/media/clips.py), is
rendered by the real ladder, and played by the asset page's player through hls.js and through
the MP4 proxy. At seeks across the clip (segment boundaries included) and after frame steps
with the arrow keys, the index read back from the picture must equal the frame in the player's
timecode. With B-frames the renditions' video starts after the encoder's reorder delay, so a
player that maps time to frames from zero is two frames behind the picture."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

from production.edit.models import Cut
from production.media import services
from production.media.models import MediaAsset
from tests.production.media import clips

from .frames import shown_index, timecode_frame, watch_frames
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RATES = {"23.976": (24000, 1001, "01:00:00:00"), "25": (25, 1, "01:00:00:00"), "29.97": (30000, 1001, "01:00:00;00")}
SECONDS = 6
SEEKS = (1.0, 2.36, 3.99, 4.03, 5.5)  # 4.0 s is the first HLS segment boundary


@pytest.mark.parametrize("bframes", [True, False], ids=["bframes", "no-bframes"])
@pytest.mark.parametrize("rate", list(RATES))
def test_picture_matches_the_timecode(live_server, studio, new_page, settings, tmp_path, rate, bframes):
    fps_num, fps_den, start = RATES[rate]
    # x264's veryfast preset uses B-frames (a reorder delay); ultrafast uses none.
    settings.RENDER_X264_PRESET = "veryfast" if bframes else "ultrafast"
    source = tmp_path / f"index {rate}.mp4"
    clips.frame_index_clip(source, rate=f"{fps_num}/{fps_den}", seconds=SECONDS, bframes=bframes, start_timecode=start)
    cut = Cut.objects.create(project=studio.acme_project, title=f"Index {rate}")
    asset = services.asset_import(
        project=studio.acme_project, path=source, by=studio.editor, target="cut", target_ref=cut.pk
    )
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    assert (asset.frame_rate_num, asset.frame_rate_den) == (fps_num, fps_den)

    signed_in = None  # the editor's session cookies, once signed in through the form
    for engine in ("hls.js", "native", "mp4"):
        page = new_page()
        if engine != "hls.js":  # without hls.js, the browser's own HLS (Chromium 141+) ...
            page.route("**/hls.min.js", lambda route: route.abort())
        if engine == "mp4":  # ... and without a stream, the MP4 proxy
            page.route("**/*.m3u8", lambda route: route.abort())
        if signed_in is None:
            sign_in(page, live_server.url, studio.editor)
            signed_in = page.context.cookies()
        else:
            page.context.add_cookies(signed_in)
        page.goto(f"{live_server.url}/assets/{asset.pk}/")
        expect(page.locator("[data-player]")).to_have_attribute("data-player-engine", engine)
        page.wait_for_function("document.querySelector('video').readyState >= 2", timeout=20_000)
        watch_frames(page)

        seen = []
        for t in SEEKS:
            page.evaluate("t => { const v = document.querySelector('video'); v.pause(); v.currentTime = t; }", t)
            seen.append((f"seek {t}", shown_index(page), timecode_frame(page, fps_num, fps_den, start)))
        page.locator("[data-player]").focus()
        for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft"):
            page.keyboard.press(key)
            seen.append((key, shown_index(page), timecode_frame(page, fps_num, fps_den, start)))
        # Play from the start, then pause as a person does (space): the player settles on the
        # frame on screen. Home is the seek bar's key (on the player it does nothing).
        page.locator("[data-seek]").focus()
        page.keyboard.press("Home")
        page.locator("[data-player]").focus()
        for run in (0.4, 0.9):
            page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; }")
            page.keyboard.press("Space")
            page.wait_for_timeout(int(run * 1000))
            page.keyboard.press("Space")
            page.wait_for_function("document.querySelector('video').paused")
            seen.append((f"pause after {run} s", shown_index(page), timecode_frame(page, fps_num, fps_den, start)))
        page.locator("[data-seek]").focus()
        page.keyboard.press("End")  # the last frame, on screen and in the timecode
        last = asset.frame_count - 1
        seen.append(("End", shown_index(page), timecode_frame(page, fps_num, fps_den, start)))
        assert seen[-1][1:] == (last, last), seen[-1]
        page.keyboard.press("Home")
        seen.append(("Home", shown_index(page), timecode_frame(page, fps_num, fps_den, start)))
        paused_at = [picture for what, picture, _tc in seen if what.startswith("pause after")]
        assert all(picture < last for picture in paused_at), seen  # paused mid-play, not at the clip's end
        wrong = [(what, picture, tc) for what, picture, tc in seen if picture != tc]
        assert not wrong, f"{engine}: (action, frame in the picture, frame in the timecode): {wrong}"
        # The steps moved the picture one frame at a time.
        pictures = [picture for _what, picture, _tc in seen[len(SEEKS) - 1 : len(SEEKS) + 4]]
        assert [b - a for a, b in itertools.pairwise(pictures)] == [1, 1, 1, -1], seen
        page.context.close()
