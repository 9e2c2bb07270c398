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
