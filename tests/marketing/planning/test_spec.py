"""Spec reports on real files rendered by ffmpeg from lavfi: each rule pass, fail or not
measurable, with the measured value, the limit, the source and what to change."""

import pytest

from marketing.planning import spec
from marketing.planning.presets import preset


def _by_kind(report):
    return {r.kind: r for r in report.results}


@pytest.fixture(scope="module")
def measured(clips):
    return {name: spec.measure(path) for name, path in clips.items()}


def test_a_1080x1920_h264_clip_passes_reels_rule_by_rule(measured):
    report = spec.check(measured["reel.mp4"], preset("instagram_reels"))
    assert report.passed, [r for r in report.results if r.status == "fail"]
    rules = _by_kind(report)
    assert rules["aspect"].measured == "9:16 (1080\u00d71920)" and rules["aspect"].status == "pass"
    assert rules["frame_rate"].measured == "30 fps"
    assert rules["closed_gop"].measured == "closed"
    assert rules["sample_rate"].measured == "48 kHz"
    assert rules["moov_first"].status == "pass"
    assert rules["captions"].status == "not_measurable" and "Burn the captions" in rules["captions"].advice
    assert rules["aspect"].source_basis == "issue" and rules["frame_rate"].source_basis == "third-party"
    # a sine at -21 LUFS or so: advice to raise it, which does not fail the report
    assert rules["loudness"].status == "warn" and "Raise the mix to -14 LUFS" in rules["loudness"].advice


def test_the_same_clip_passes_youtube_with_its_encoding_rules(measured):
    report = spec.check(measured["reel.mp4"], preset("youtube"))
    rules = _by_kind(report)
    assert report.passed
    assert rules["video_profile"].measured == "High" and rules["audio_profile"].measured == "LC"
    assert rules["captions"].limit == "Captions as a sidecar file"


def test_a_three_minute_clip_fails_facebook_reels_90_seconds_with_a_clear_reason(measured):
    report = spec.check(measured["long.mp4"], preset("facebook_reels"))
    assert not report.passed
    duration = _by_kind(report)["duration"]
    assert duration.status == "fail"
    assert duration.measured == "3 min 02 s" and duration.limit == "3 s to 90 s"
    assert duration.advice == "Trim to 90 s or less: it is 3 min 02 s."
    assert "ayrshare.com" in duration.source_url
    # the same clip is within Shorts' three minutes? no: 3 min 02 s is over 180 s
    assert _by_kind(spec.check(measured["long.mp4"], preset("youtube_shorts")))["duration"].status == "fail"
    assert _by_kind(spec.check(measured["long.mp4"], preset("tiktok")))["duration"].status == "pass"


def test_a_4_3_clip_fails_shorts_aspect_and_says_what_to_do(measured):
    rules = _by_kind(spec.check(measured["four_three.mp4"], preset("youtube_shorts")))
    assert rules["aspect"].status == "fail"
    assert rules["aspect"].measured == "4:3 (640\u00d7480)"
    assert rules["aspect"].advice == "Reframe to 9:16 or 1:1: it is 4:3."
    # within X's and LinkedIn's ranges
    assert _by_kind(spec.check(measured["four_three.mp4"], preset("x")))["aspect"].status == "pass"
    assert _by_kind(spec.check(measured["four_three.mp4"], preset("linkedin")))["aspect"].status == "pass"


def test_a_30_fps_hevc_clip_in_4_2_2_with_its_index_at_the_end(measured):
    m = measured["hevc.mp4"]
    assert m.probe.video_codec == "hevc" and m.probe.moov_first is False
    reels = _by_kind(spec.check(m, preset("instagram_reels")))
    assert reels["video_codec"].status == "pass"  # Reels takes HEVC
    assert (
        reels["pix_fmt"].status == "fail"
        and reels["pix_fmt"].advice == "Encode as 8-bit 4:2:0 (yuv420p): it is yuv422p."
    )
    assert reels["moov_first"].status == "warn"  # advisory for Reels
    tiktok = _by_kind(spec.check(m, preset("tiktok")))
    assert tiktok["video_codec"].status == "fail"
    assert tiktok["video_codec"].advice == "Encode the picture as H.264: it is HEVC (H.265)."
    web = _by_kind(spec.check(m, preset("website")))
    assert web["moov_first"].status == "fail" and "faststart" in web["moov_first"].advice


def test_open_gops_a_low_frame_rate_and_a_quicktime_file_each_fail_with_their_reason(measured):
    m = measured["open_gop.mov"]
    assert m.closed_gop is False
    rules = _by_kind(spec.check(m, preset("facebook_reels")))
    assert rules["closed_gop"].status == "fail" and rules["closed_gop"].measured == "open"
    assert rules["frame_rate"].advice == "Convert to at least 24 fps: it is 10 fps."
    youtube = _by_kind(spec.check(m, preset("youtube")))
    assert youtube["container"].measured == "MOV" and youtube["container"].advice == "Export as MP4: it is MOV."
    assert youtube["sample_rate"].advice == "Resample the sound to 48 kHz or 96 kHz: it is 44.1 kHz."


def test_a_file_that_is_not_a_video_fails_once_with_the_probes_reason(tmp_path):
    junk = tmp_path / "notes.mp4"
    junk.write_text("not a video at all\n" * 20)
    report = spec.check(spec.measure(junk), preset("tiktok"))
    assert not report.passed
    assert [r.kind for r in report.results] == ["usable"]
    assert report.results[0].advice.startswith("Export the video again:")


def test_without_the_gop_and_loudness_measured_those_rules_are_not_measurable(measured):
    rules = _by_kind(spec.check(measured["reel.mp4"].probe, preset("youtube")))
    assert rules["closed_gop"].status == "not_measurable"
    assert rules["loudness"].status == "not_measurable"


@pytest.mark.parametrize(
    ("seconds", "words"), [(0.5, "0.5 s"), (15, "15 s"), (90, "90 s"), (182, "3 min 02 s"), (600, "10 min"),
                           (3660, "1 h 01 min")],
)  # fmt: skip
def test_durations_read_as_people_say_them(seconds, words):
    assert spec.clock(seconds) == words


def test_each_rules_limit_reads_the_same_on_the_presets_page_as_in_a_report(measured):
    from marketing.planning.presets import PRESETS

    for p in PRESETS.values():
        for rule, result in zip(p.rules, spec.check(measured["reel.mp4"], p).results, strict=False):
            assert result.kind == rule.kind
            if result.limit:  # a rule about sound says nothing of its limit for a file without sound
                assert spec.describe_limit(rule) == result.limit, (p.key, rule.kind)
