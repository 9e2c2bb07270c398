"""production/media/engine/timecode.py against the table the player's JS module is tested with too
(tests/timecode_cases.json; tests/js/timecode.test.mjs runs it under node)."""

import json
from pathlib import Path

import pytest

from production.media.engine import timecode

TABLE = json.loads((Path(__file__).resolve().parents[3] / "timecode_cases.json").read_text())


@pytest.mark.parametrize("case", TABLE["timecode_at"], ids=lambda c: f"{c['seconds']}@{c['fps_num']}/{c['fps_den']}")
def test_timecode_is_frame_accurate_and_drop_frame_aware(case):
    got = timecode.timecode_at(case["seconds"], case["fps_num"], case["fps_den"], start=case["start"])
    assert got == case["expected"]


@pytest.mark.parametrize("rate", TABLE["round_trip_rates"], ids=lambda r: f"{r[0]}/{r[1]}")
def test_frames_timecode_round_trip(rate):
    for frames in range(0, 200_000, 331):
        assert timecode.timecode_to_frames(timecode.frames_to_timecode(frames, *rate), *rate) == frames


@pytest.mark.parametrize("rate", TABLE["round_trip_rates"], ids=lambda r: f"{r[0]}/{r[1]}")
def test_seeking_to_a_frames_time_shows_that_frame(rate):
    for frame in range(0, 100_000, 997):
        assert timecode.frame_at(timecode.time_of_frame(frame, *rate), *rate) == frame


@pytest.mark.parametrize("text", TABLE["not_timecodes"])
def test_what_is_not_a_timecode_is_refused(text):
    assert timecode.timecode_to_frames(text, 25, 1) is None


@pytest.mark.parametrize(
    ("rate", "start"),
    [((25, 1), "10:00:00:00"), ((30000, 1001), "01:00:00;00"), ((24000, 1001), "00:59:58:00"), ((24, 1), "")],
)
def test_frame_of_timecode_undoes_timecode_of_frame(rate, start):
    for frame in range(0, 60_000, 613):
        tc = timecode.timecode_of_frame(frame, *rate, start=start)
        assert timecode.frame_of_timecode(tc, *rate, start=start) == frame
    assert timecode.frame_of_timecode("nonsense", *rate, start=start) is None


def test_frame_of_timecode_before_the_start_is_negative():
    assert timecode.frame_of_timecode("09:59:59:24", 25, 1, start="10:00:00:00") == -1
