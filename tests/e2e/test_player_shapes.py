"""Vertical and square pictures play inside the player's frame at every width: letterboxed,
never cropped, never wider than the card nor pushing the controls off the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from production.edit.models import Cut
from production.media import services
from production.media.models import MediaAsset
from tests.production.media import clips

from .conftest import DESKTOP
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
SHAPES = {"9x16": "1080x1920", "1x1": "1080x1080", "16x9": "1280x720"}

_BOXES = """() => {
  const box = s => { const r = document.querySelector(s).getBoundingClientRect();
                     return {x: r.x, y: r.y, w: r.width, h: r.height}; };
  const v = document.querySelector('video');
  return {video: box('video'), stage: box('[data-stage]'), card: box('.player-card'),
          controls: box('.player__controls'), fit: getComputedStyle(v).objectFit,
          natural: [v.videoWidth, v.videoHeight], scroll: document.documentElement.scrollWidth};
}"""


def _inside(inner, outer, slack=1.0) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["w"] <= outer["x"] + outer["w"] + slack
        and inner["y"] + inner["h"] <= outer["y"] + outer["h"] + slack
    )


@pytest.mark.parametrize("shape", list(SHAPES))
def test_picture_fits_the_player_at_every_width(live_server, studio, new_page, screenshot, tmp_path, shape):
    source = tmp_path / f"phone clip {shape}.mp4"
    clips.ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=s={SHAPES[shape]}:r=30:d=2", "-f", "lavfi", "-i", "sine=d=2",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(source),
    )  # fmt: skip
    cut = Cut.objects.create(project=studio.acme_project, title=f"Social {shape}", client_visible=True)
    asset = services.asset_import(
        project=studio.acme_project, path=source, by=studio.editor, target="cut", target_ref=cut.pk
    )
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    source_w, source_h = (int(n) for n in SHAPES[shape].split("x"))

    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE_390)):
        page = new_page(viewport)
        sign_in(page, live_server.url, studio.acme_user)  # the client watches it
        page.goto(f"{live_server.url}/assets/{asset.pk}/")
        expect(page.locator("[data-player]")).to_be_visible()
        page.wait_for_function("document.querySelector('video').videoWidth > 0", timeout=20_000)
        boxes = page.evaluate(_BOXES)
        assert boxes["scroll"] <= viewport["width"], (name, boxes)
        assert _inside(boxes["stage"], boxes["card"]), (name, boxes)
        assert _inside(boxes["video"], boxes["stage"]), (name, boxes)
        assert boxes["fit"] == "contain"  # letterboxed inside the frame, never cropped
        # The controls sit right under the frame, on the first screen.
        assert abs(boxes["controls"]["y"] - (boxes["stage"]["y"] + boxes["stage"]["h"])) <= 2, (name, boxes)
        assert boxes["controls"]["y"] + boxes["controls"]["h"] <= viewport["height"], (name, boxes)
        # The frame takes the picture's own shape when it is upright or square, within the screen.
        stage_ratio = boxes["stage"]["w"] / boxes["stage"]["h"]
        if source_w <= source_h:
            assert stage_ratio <= 16 / 9 - 0.1, (name, boxes)
        else:
            assert abs(stage_ratio - 16 / 9) < 0.02, (name, boxes)
        natural_w, natural_h = boxes["natural"]
        assert abs(natural_w / natural_h - source_w / source_h) < 0.02
        screenshot(page, f"player-{shape}-{name}", full_page=False)
        page.context.close()
