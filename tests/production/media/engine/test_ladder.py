"""plan_ladder(): which renditions a source gets (pure Python, no ffmpeg)."""

from __future__ import annotations

import pytest

from production.media.engine import ProbeResult, ladder_command, plan_ladder
from production.media.engine.input_policy import FORMAT_WHITELIST
from production.media.engine.ladder import SPRITE_MAX_THUMBS


def video(width, height, *, rate=(30, 1), duration=10.0, rotation=0, sar=(1, 1), interlaced=False, audio=True):
    return ProbeResult(
        usable=True,
        media_type="video",
        duration=duration,
        frame_rate=rate,
        width=width,
        height=height,
        rotation=rotation,
        sample_aspect_ratio=sar,
        interlaced=interlaced,
        has_audio=audio,
    )


def sizes(plan):
    return [(r.name, r.width, r.height) for r in plan.renditions]


@pytest.mark.parametrize(
    ("probe", "expected"),
    [
        (video(3840, 2160), [("1080p", 1920, 1080), ("720p", 1280, 720), ("360p", 640, 360)]),
        (video(1920, 1080), [("1080p", 1920, 1080), ("720p", 1280, 720), ("360p", 640, 360)]),
        (video(1280, 720), [("720p", 1280, 720), ("360p", 640, 360)]),
        (video(1079, 1920, rotation=90), [("720p", 720, 1282), ("360p", 360, 640)]),  # never upscaled
        (video(1279, 721), [("720p", 1278, 720), ("360p", 638, 360)]),
        (video(720, 576, sar=(16, 15)), [("360p", 480, 360)]),  # anamorphic PAL shown 768x576
        (video(321, 241), [("240p", 320, 240)]),  # smaller than 360p: the source size, made even
        (video(2048, 858), [("720p", 1718, 720), ("360p", 860, 360)]),  # scope
    ],
)
def test_renditions(probe, expected):
    plan = plan_ladder(probe)
    assert sizes(plan) == expected
    assert all(r.width % 2 == 0 and r.height % 2 == 0 for r in plan.renditions)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ((30, 1), (30, 1)),
        ((30000, 1001), (30000, 1001)),
        ((2987, 100), (30000, 1001)),
        ((1800, 89), (20, 1)),
        ((120, 1), (60, 1)),
    ],
)
def test_constant_output_rate_and_keyframes_per_segment(rate, expected):
    plan = plan_ladder(video(1280, 720, rate=rate))
    assert plan.frame_rate == expected
    assert plan.gop == round(expected[0] / expected[1] * plan.segment_seconds)


def test_sprite_has_at_most_100_thumbs():
    for duration in (0.5, 3, 99.9, 100, 101, 3600 * 2):
        sprite = plan_ladder(video(1920, 1080, duration=duration)).sprite
        assert 1 <= sprite.count <= SPRITE_MAX_THUMBS
        assert sprite.columns * sprite.rows >= sprite.count
        assert (sprite.count - 1) * sprite.interval < duration


def test_proxy_reuses_720p_or_the_largest_below():
    assert plan_ladder(video(1920, 1080)).proxy == "720p"
    assert plan_ladder(video(640, 360)).proxy == "360p"


def test_audio_only_plan_has_no_video_outputs():
    plan = plan_ladder(ProbeResult(usable=True, media_type="audio", duration=5.0, has_audio=True))
    assert plan.renditions == () and plan.sprite is None
    assert plan.outputs == ["audio.m3u8", "waveform.pcm"]


def test_every_input_carries_the_whitelists(tmp_path):
    argv = ladder_command(tmp_path / "in.mp4", tmp_path / "out", plan_ladder(video(1920, 1080, interlaced=True)))
    before_input = argv[: argv.index("-i")]
    assert argv.count("-i") == 1
    assert before_input[before_input.index("-protocol_whitelist") + 1] == "file,pipe"
    assert before_input[before_input.index("-format_whitelist") + 1] == FORMAT_WHITELIST
    assert argv[argv.index("-i") + 1] == f"file:{tmp_path / 'in.mp4'}"
    graph = argv[argv.index("-filter_complex") + 1]
    assert graph.count("bwdif") == 1 and graph.count("[0:v:0]") == 1  # decoded once
    assert "ebur128=framelog=verbose:peak=true" in graph
    assert argv.count("libx264") == 1  # one output with three x264 streams, not three outputs


def test_unusable_probe_is_rejected():
    with pytest.raises(ValueError, match="usable"):
        plan_ladder(ProbeResult(usable=False, unusable_reason="This file is empty."))
