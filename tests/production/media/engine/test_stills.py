"""grab_still(): the exact frame of a video as a small JPEG, with real ffmpeg."""

from __future__ import annotations

from fractions import Fraction

import pytest

from production.media.engine import MediaError
from production.media.engine.stills import grab_still, jpeg_size, seek_seconds
from tests.production.media import clips

RATE = Fraction(30000, 1001)


@pytest.fixture(scope="module")
def index_clip(tmp_path_factory):
    """29.97 fps with B-frames (a reorder delay) and a drop-frame start timecode: 63 frames."""
    path = tmp_path_factory.mktemp("stills") / "index.mp4"
    clips.frame_index_clip(path, rate="30000/1001", seconds=2.1, bframes=True, start_timecode="01:00:00;00")
    return path


@pytest.mark.parametrize("frame", [0, 1, 2, 29, 30, 31, 62])
def test_a_still_is_the_exact_frame(index_clip, tmp_path, frame):
    out = grab_still(index_clip, tmp_path / "still.jpg", frame=frame, rate=RATE, width=320)
    jpeg = out.read_bytes()
    assert clips.index_of_picture(jpeg) == frame
    assert jpeg_size(jpeg) == (320, 180)  # 384 x 216 scaled to 320 wide, the height even


def test_the_seek_lands_half_a_frame_before(tmp_path):
    assert seek_seconds(0, RATE) == 0
    assert seek_seconds(30, RATE) == Fraction(59, 2) * Fraction(1001, 30000)


def test_a_frame_past_the_end_is_an_error(index_clip, tmp_path):
    with pytest.raises(MediaError, match="past the end"):
        grab_still(index_clip, tmp_path / "late.jpg", frame=500, rate=RATE)


def test_jpeg_size_reads_the_frame_header():
    assert jpeg_size(b"not a jpeg") is None
    assert jpeg_size(b"") is None
