"""The review page's player controls and drawing layer in chromium, on real rendered clips: in and
out points (I, O) become a comment's range, playback speeds, J/K/L, the shortcuts list, keys that
leave typing alone, and a drawing made with the mouse on a paused frame — stored in 0 to 1
coordinates of the picture (a 9:16 picture letterboxed inside the 16:9 frame included) and shown
again at exactly that frame after a reload, and not at another."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect

from production.edit.models import Cut
from production.media import services
from production.media.models import MediaAsset
from production.review.models import Comment
from tests.production.media import clips

from .conftest import DESKTOP, PHONE
from .frames import settle
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The video element's box, the picture's size, and where the drawing layer sits (page pixels).
_BOXES = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; };
  const v = document.querySelector('video');
  const layer = document.querySelector('[data-draw-layer]');
  return {video: box(v), natural: [v.videoWidth, v.videoHeight], layer: box(layer), fit: getComputedStyle(v).objectFit};
}"""


def _version(studio, tmp_path, *, size: str, seconds: int, title: str):
    source = tmp_path / f"{title}.mp4"
    clips.ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=s={size}:r=25:d={seconds}", "-f", "lavfi", "-i", f"sine=d={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(source),
    )  # fmt: skip
    cut = Cut.objects.create(project=studio.acme_project, title=title, client_visible=True)
    asset = services.asset_import(
        project=studio.acme_project, path=source, by=studio.editor, target="cut", target_ref=cut.pk
    )
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    return asset.version


def _open_review(page, live_server, version):
    page.goto(f"{live_server.url}/versions/{version.pk}/review/")
    page.wait_for_function("document.querySelector('video').readyState >= 2", timeout=20_000)
    page.wait_for_function("document.querySelector('video').videoWidth > 0")


def _picture(page) -> dict:
    """Where the picture shows on the page, worked out here from the video element's box and the
    picture's own size (object-fit: contain), not taken from the page's drawing code."""
    boxes = page.evaluate(_BOXES)
    assert boxes["fit"] == "contain"
    video, (nat_w, nat_h) = boxes["video"], boxes["natural"]
    scale = min(video["w"] / nat_w, video["h"] / nat_h)
    w, h = nat_w * scale, nat_h * scale
    return {"x": video["x"] + (video["w"] - w) / 2, "y": video["y"] + (video["h"] - h) / 2, "w": w, "h": h, **boxes}


def _scroll_to_player(page):
    """The player's top just under the page's sticky top bar: the picture and its tools on screen."""
    page.locator("[data-player]").evaluate(
        "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY"
        " - document.querySelector('.topbar').getBoundingClientRect().height - 8)"
    )


def _drag(page, picture, start, end, steps=8):
    """A mouse drag from ``start`` to ``end`` (0 to 1 of the picture)."""
    page.mouse.move(picture["x"] + start[0] * picture["w"], picture["y"] + start[1] * picture["h"])
    page.mouse.down()
    page.mouse.move(picture["x"] + end[0] * picture["w"], picture["y"] + end[1] * picture["h"], steps=steps)
    page.mouse.up()


def _step(page, key: str, times: int):
    for _ in range(times):
        page.keyboard.press(key)


def _close(a, b, tolerance=0.006):
    return all(abs(x - y) <= tolerance for p, q in zip(a, b, strict=True) for x, y in zip(p, q, strict=True))


def test_range_speed_shuttle_and_a_drawn_arrow_on_a_review(live_server, studio, new_page, screenshot, tmp_path):
    version = _version(studio, tmp_path, size="1280x720", seconds=4, title="Launch film")
    page = new_page(DESKTOP)
    sign_in(page, live_server.url, studio.acme_user)
    _open_review(page, live_server, version)
    tc = page.locator("[data-timecode]")
    video = "document.querySelector('video')"

    # Speeds: the menu sets the rate; L plays at normal speed, then double (the menu follows); K stops.
    page.locator("[data-speed]").select_option("0.5")
    assert page.evaluate(f"{video}.playbackRate") == 0.5
    page.evaluate(f"{video}.muted = true")
    page.locator("body").click(position={"x": 5, "y": 5})  # keys reach the player from anywhere on the page
    page.keyboard.press("l")
    page.wait_for_function(f"!{video}.paused && {video}.playbackRate === 1")
    page.keyboard.press("l")
    page.wait_for_function(f"{video}.playbackRate === 2")
    expect(page.locator("[data-speed]")).to_have_value("2")
    page.keyboard.press("k")
    page.wait_for_function(f"{video}.paused")
    page.locator("[data-speed]").select_option("1")

    # J plays backwards by stepping back frame by frame, and says so; K stops it.
    page.keyboard.press("End")
    settle(page)
    end_tc = tc.text_content()
    page.keyboard.press("j")
    expect(page.locator("[data-shuttle]")).to_be_visible()
    expect(page.locator("[data-shuttle]")).to_have_text("\u25c0\u25c0 1\u00d7")  # ◀◀ 1 times
    page.wait_for_timeout(600)
    page.keyboard.press("k")
    expect(page.locator("[data-shuttle]")).to_be_hidden()
    assert page.evaluate(f"{video}.paused")
    assert tc.text_content() < end_tc, (tc.text_content(), end_tc)

    # Keys typed into the comment box stay text.
    page.keyboard.press("Home")
    expect(tc).to_have_text("00:00:00:00")
    box = page.get_by_role("textbox", name="Comment")
    box.fill("")
    box.type("I like it. Keep the logo, J/K/L: fine ?")
    assert page.evaluate(f"{video}.paused")
    expect(tc).to_have_text("00:00:00:00")
    expect(page.locator("[data-range]")).to_be_hidden()
    expect(page.locator("dialog[data-shortcuts]")).not_to_be_visible()
    box.fill("")

    # In at frame 10, out at frame 30: the seek bar shows the range, the form takes it.
    page.locator("body").click(position={"x": 5, "y": 5})
    _step(page, "ArrowRight", 10)
    expect(tc).to_have_text("00:00:00:10")
    page.keyboard.press("i")
    _step(page, ".", 20)
    expect(tc).to_have_text("00:00:01:05")
    page.keyboard.press("o")
    expect(page.locator("[data-range]")).to_be_visible()
    expect(page.locator("[data-range-label]")).to_have_text("00:00:00:10 → 00:00:01:05")
    expect(page.locator("[data-comment-at]")).to_have_text("00:00:00:10\u201300:00:01:05")
    expect(page.locator("[data-comment-scope] .badge--range")).to_be_visible()

    # Draw an arrow: the drawing goes on the range's first frame.
    page.get_by_role("button", name="Arrow").click()
    expect(tc).to_have_text("00:00:00:10")
    settle(page)
    picture = _picture(page)
    layer = picture["layer"]
    assert abs(layer["x"] - picture["x"]) < 1.5 and abs(layer["w"] - picture["w"]) < 1.5, picture
    assert abs(layer["y"] - picture["y"]) < 1.5 and abs(layer["h"] - picture["h"]) < 1.5, picture
    _drag(page, picture, (0.25, 0.3), (0.6, 0.7))
    page.get_by_role("button", name="Blue").click()
    page.get_by_role("button", name="Ellipse").click()
    _drag(page, picture, (0.7, 0.1), (0.9, 0.3))
    page.get_by_role("button", name="Undo").click()  # the ellipse goes, the arrow stays
    expect(page.locator("[data-draw-pending] [data-shape]")).to_have_count(1)
    expect(page.locator("[data-draw-pending] [data-shape=arrow] polygon")).to_have_count(1)
    expect(page.locator("[data-comment-scope] [data-scope-drawing]")).to_have_text("Drawing: 1 shape")
    page.keyboard.press("Escape")
    screenshot(page, "review-controls-drawing", full_page=False)

    # The shortcuts list opens with "?" and with its button.
    page.keyboard.press("?")
    dialog = page.locator("dialog[data-shortcuts]")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Play backwards by stepping back frame by frame")
    expect(dialog).to_contain_text("Undo the last shape")
    screenshot(page, "review-controls-shortcuts", full_page=False)
    page.keyboard.press("Escape")
    expect(dialog).not_to_be_visible()
    page.get_by_role("button", name="Shortcuts").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()

    box.fill("The logo should land here, and hold until the cut.")
    page.get_by_role("button", name="Comment", exact=True).click()
    comment = Comment.objects.get()
    assert (comment.frame, comment.end_frame) == (10, 30)
    assert len(comment.drawing) == 1
    shape = comment.drawing[0]
    assert (shape["tool"], shape["color"]) == ("arrow", "#ef4444")
    assert _close(shape["points"], [[0.25, 0.3], [0.6, 0.7]]), shape

    # After the reload the player is back on the comment's frame (the address names the comment)
    # with its drawing; the chip shows the range, seeks to the comment's frame and its drawing
    # shows there, and not a frame later.
    chip = page.locator(f"#comment-{comment.pk} [data-seek-frame]")
    expect(chip).to_have_text("00:00:00:10\u201300:00:01:05")
    page.wait_for_function("document.querySelector('video').readyState >= 2", timeout=20_000)
    expect(tc).to_have_text("00:00:00:10")
    expect(page.locator(f"[data-comment-drawing='{comment.pk}'] [data-shape=arrow]")).to_have_count(1)
    page.locator("[data-seek]").focus()
    page.keyboard.press("End")
    expect(page.locator(f"[data-comment-drawing='{comment.pk}']")).to_have_count(0)
    chip.click()
    expect(tc).to_have_text("00:00:00:10")
    drawn = page.locator(f"[data-comment-drawing='{comment.pk}'] [data-shape=arrow]")
    expect(drawn).to_have_count(1)
    expect(page.locator(f"#comment-{comment.pk}")).to_have_class(re.compile(r"\bis-selected\b"))
    settle(page)
    picture = _picture(page)
    line = page.locator(f"[data-comment-drawing='{comment.pk}'] line").bounding_box()
    # The arrow starts where it was dragged from, on the picture.
    assert abs(line["x"] - (picture["x"] + 0.25 * picture["w"])) < 4, (line, picture)
    assert abs(line["y"] - (picture["y"] + 0.3 * picture["h"])) < 4, (line, picture)
    screenshot(page, "review-controls-comment-drawing", full_page=False)
    page.keyboard.press("ArrowRight")
    expect(tc).to_have_text("00:00:00:11")
    expect(page.locator(f"[data-comment-drawing='{comment.pk}']")).to_have_count(0)
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"[data-comment-drawing='{comment.pk}']")).to_have_count(1)

    # Full screen: the layer follows the picture to its new size.
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement !== null")
    page.wait_for_timeout(300)
    picture = _picture(page)
    layer = picture["layer"]
    assert abs(layer["w"] - picture["w"]) < 1.5 and abs(layer["x"] - picture["x"]) < 1.5, picture
    screenshot(page, "review-controls-fullscreen", full_page=False)
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === null")

    # Loop: playing stays between the marks (frames 40 to 50), round and round.
    page.keyboard.press("Home")
    _step(page, "ArrowRight", 40)
    page.keyboard.press("i")
    _step(page, "ArrowRight", 10)
    page.keyboard.press("o")
    page.get_by_role("button", name="Loop").click()
    expect(page.get_by_role("button", name="Loop")).to_have_attribute("aria-pressed", "true")
    page.evaluate(f"{video}.muted = true")
    page.keyboard.press("Space")
    seen = []
    for _ in range(24):
        page.wait_for_timeout(70)
        seen.append(page.evaluate("document.querySelector('[data-player]').reelflowPlayer.frame"))
    page.keyboard.press("Space")
    assert all(40 <= f <= 51 for f in seen), seen  # at most a frame past the out point before the jump
    assert any(b < a for a, b in itertools.pairwise(seen)), seen  # it went round
    page.get_by_role("button", name="Loop").click()

    # The marks clear from the form.
    page.keyboard.press("i")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("o")
    expect(page.locator("[data-comment-scope] .badge--range")).to_be_visible()
    page.locator("[data-comment-scope]").get_by_role("button", name="Clear range").click()
    expect(page.locator("[data-range]")).to_be_hidden()
    expect(page.locator("[data-comment-scope]")).to_be_hidden()


def test_a_drawing_on_an_upright_picture_is_stored_in_the_pictures_coordinates(
    live_server, studio, new_page, screenshot, tmp_path
):
    version = _version(studio, tmp_path, size="360x640", seconds=2, title="Story 9x16")
    page = new_page(DESKTOP)
    sign_in(page, live_server.url, studio.acme_user)
    _open_review(page, live_server, version)
    page.locator("body").click(position={"x": 5, "y": 5})
    _step(page, "ArrowRight", 7)
    expect(page.locator("[data-timecode]")).to_have_text("00:00:00:07")
    settle(page)
    _scroll_to_player(page)

    picture = _picture(page)
    stage = page.locator("[data-stage]").bounding_box()
    assert picture["w"] < stage["width"] - 20, (picture, stage)  # letterboxed: bars left and right
    layer = picture["layer"]
    assert abs(layer["x"] - picture["x"]) < 1.5 and abs(layer["w"] - picture["w"]) < 1.5, (layer, picture)
    assert abs(layer["y"] - picture["y"]) < 1.5 and abs(layer["h"] - picture["h"]) < 1.5, (layer, picture)

    page.get_by_role("button", name="Rectangle").click()
    _drag(page, picture, (0.1, 0.2), (0.9, 0.5))
    page.get_by_role("button", name="Pen").click()
    _drag(page, picture, (0.2, 0.8), (0.8, 0.9), steps=20)
    # A drag that starts on the bar beside the picture does nothing: the layer covers only the picture.
    page.get_by_role("button", name="Arrow").click()
    page.mouse.move(stage["x"] + 10, stage["y"] + stage["height"] / 2)
    page.mouse.down()
    page.mouse.move(stage["x"] + 40, stage["y"] + stage["height"] / 2 + 30, steps=4)
    page.mouse.up()
    expect(page.locator("[data-draw-pending] [data-shape]")).to_have_count(2)
    # Text: a field where the picture is clicked; what is typed there stays text (i, o, f, k...).
    page.get_by_role("button", name="Text").click()
    page.mouse.click(picture["x"] + 0.3 * picture["w"], picture["y"] + 0.1 * picture["h"])
    field = page.get_by_role("textbox", name="Text to place on the picture")
    expect(field).to_be_focused()
    field.type("Logo in frame, ok?")
    field.press("Enter")
    expect(page.locator("[data-draw-pending] [data-shape]")).to_have_count(3)
    expect(page.locator("[data-draw-pending] text")).to_have_text("Logo in frame, ok?")
    expect(page.locator("[data-range]")).to_be_hidden()
    assert page.evaluate("document.fullscreenElement") is None
    screenshot(page, "review-controls-upright-drawing", full_page=False)

    # Playing keeps the drawing, pinned to its frame: hidden while playing, back on that frame.
    page.evaluate("document.querySelector('video').muted = true")
    page.keyboard.press("Escape")
    page.keyboard.press("Space")
    page.wait_for_timeout(300)
    expect(page.locator("[data-draw-pending] [data-shape]")).to_have_count(0)
    page.keyboard.press("Space")
    page.wait_for_function("document.querySelector('video').paused")
    expect(page.locator("[data-comment-at]")).to_have_text("00:00:00:07")
    page.locator("[data-comment-scope]").get_by_role("button", name="Show the drawing").click()
    expect(page.locator("[data-timecode]")).to_have_text("00:00:00:07")
    expect(page.locator("[data-draw-pending] [data-shape]")).to_have_count(3)

    page.get_by_role("textbox", name="Comment").fill("Keep the title inside this box on phones.")
    page.get_by_role("button", name="Comment", exact=True).click()
    comment = Comment.objects.get()
    assert (comment.frame, comment.end_frame) == (7, None)
    rect, pen, text = comment.drawing
    assert text == {"tool": "text", "color": "#ef4444", "points": text["points"], "text": "Logo in frame, ok?"}
    assert _close(text["points"], [[0.3, 0.1]]), text
    assert rect["tool"] == "rect" and _close(rect["points"], [[0.1, 0.2], [0.9, 0.5]]), rect
    assert pen["tool"] == "pen" and len(pen["points"]) >= 5
    assert _close([pen["points"][0], pen["points"][-1]], [[0.2, 0.8], [0.8, 0.9]]), pen

    page.wait_for_function("document.querySelector('video').readyState >= 2", timeout=20_000)
    page.locator(f"#comment-{comment.pk} [data-seek-frame]").click()
    expect(page.locator("[data-timecode]")).to_have_text("00:00:00:07")
    drawn = page.locator(f"[data-comment-drawing='{comment.pk}'] rect")
    expect(drawn).to_have_count(1)
    settle(page)
    picture = _picture(page)
    box = drawn.bounding_box()
    assert abs(box["x"] - (picture["x"] + 0.1 * picture["w"])) < 4, (box, picture)
    assert abs(box["width"] - 0.8 * picture["w"]) < 6, (box, picture)
    assert abs(box["y"] - (picture["y"] + 0.2 * picture["h"])) < 4, (box, picture)
    screenshot(page, "review-controls-upright-comment", full_page=False)
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"[data-comment-drawing='{comment.pk}']")).to_have_count(0)

    # At phone width the tools wrap inside the card and the layer still covers the picture exactly.
    page.set_viewport_size(PHONE)
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"[data-comment-drawing='{comment.pk}'] rect")).to_have_count(1)
    _scroll_to_player(page)
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    card = page.locator(".player-card").bounding_box()
    for bar in (".player__tools", "[data-drawbar]"):
        box = page.locator(bar).bounding_box()
        assert box["x"] >= card["x"] - 1 and box["x"] + box["width"] <= card["x"] + card["width"] + 1, (bar, box)
    picture = _picture(page)
    layer = picture["layer"]
    assert abs(layer["x"] - picture["x"]) < 1.5 and abs(layer["w"] - picture["w"]) < 1.5, (layer, picture)
    screenshot(page, "review-controls-upright-phone", full_page=False)
