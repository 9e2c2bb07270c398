"""probe(): what each kind of upload is, or the plain sentence that refuses it."""

from __future__ import annotations

import pytest

from production.media.engine import probe
from production.media.engine.input_policy import PLAYLIST_REFUSAL, sniff_refusal
from production.media.engine.probe import STILL_IMAGE, TRUNCATED, _ffprobe
from tests.production.media import clips


def test_h264_with_audio(clip):
    info = probe(clip("h264_1080p"))
    assert info.usable and info.unusable_reason == ""
    assert info.media_type == "video"
    assert "mp4" in info.format_name
    assert (info.width, info.height, info.rotation) == (1920, 1080, 0)
    assert info.frame_rate == (30, 1)
    assert info.frame_count == 60
    assert info.duration == pytest.approx(2.0, abs=0.05)
    assert (info.video_codec, info.pix_fmt, info.bit_depth) == ("h264", "yuv420p", 8)
    assert (info.audio_codec, info.audio_channels, info.sample_rate) == ("aac", 1, 48000)
    assert not info.interlaced and not info.variable_frame_rate
    assert info.raw["format"]["format_name"] == info.format_name


def test_hevc_10_bit(clip):
    info = probe(clip("hevc_10bit"))
    assert info.usable and info.video_codec == "hevc"
    assert info.pix_fmt == "yuv420p10le" and info.bit_depth == 10


def test_prores_422_mov(clip):
    info = probe(clip("prores_422"))
    assert info.usable and info.video_codec == "prores"
    assert info.pix_fmt == "yuv422p10le" and info.bit_depth == 10
    assert info.audio_codec == "pcm_s16le"
    assert info.start_timecode == "10:00:00:00"


def test_vp9_webm(clip):
    info = probe(clip("vp9_webm"))
    assert info.usable and info.format_name == "matroska,webm"
    assert (info.video_codec, info.audio_codec) == ("vp9", "opus")
    assert info.frame_rate == (25, 1)


def test_rotated_phone_clip_reports_displayed_size(clip):
    info = probe(clip("phone_rotated"))
    assert info.rotation in (90, 270)
    assert (info.width, info.height) == (720, 1280)


def test_variable_frame_rate(clip):
    info = probe(clip("variable_frame_rate"))
    assert info.variable_frame_rate
    assert 19 < info.fps < 21  # the average, not r_frame_rate's 30


def test_interlaced(clip):
    info = probe(clip("interlaced"))
    assert info.interlaced and info.field_order == "tt"


def test_audio_only_wav(clip):
    info = probe(clip("tone_wav"))
    assert info.usable and info.media_type == "audio"
    assert info.width is None and info.audio_codec == "pcm_s16le"
    assert info.duration == pytest.approx(3.0, abs=0.01)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("zero_bytes", "This file is empty."),
        ("text_as_mp4", "This is not an audio or video file."),
        ("png", STILL_IMAGE),
        ("truncated", TRUNCATED),
        ("truncated_faststart", TRUNCATED),
    ],
)
def test_unusable_files_say_why(clip, name, reason):
    info = probe(clip(name))
    assert not info.usable
    assert info.unusable_reason == reason
    assert info.media_type is None


@pytest.fixture
def playlists(clip, tmp_path):
    """Files named .mp4 that point at another stored media file or at /etc/passwd."""
    media = clip("small")
    made = {}
    for target_name, target in (("media", media), ("passwd", "/etc/passwd")):
        for kind, maker in (
            ("hls", clips.hls_playlist),
            ("ffconcat", clips.ffconcat_list),
            ("concat", clips.concat_list),
        ):
            path = tmp_path / f"{kind}-{target_name}.mp4"
            maker(target)(path)
            made[path.name] = path
    return made


def test_playlists_and_file_lists_are_refused(playlists):
    for path in playlists.values():
        info = probe(path)
        assert not info.usable, path.name
        assert info.unusable_reason == PLAYLIST_REFUSAL, path.name


def test_format_whitelist_refuses_playlists_even_without_the_sniff(playlists):
    """Belt and braces: ffprobe itself, with our whitelist, will not open them (nor what they point at)."""
    for name in ("hls-media.mp4", "hls-passwd.mp4", "ffconcat-media.mp4", "ffconcat-passwd.mp4"):
        returncode, out, err = _ffprobe(["-show_format", "-show_streams"], playlists[name], timeout=30)
        assert returncode != 0, name
        assert "not on whitelist" in err or "Invalid data" in err or "moov atom not found" in err, err
        assert "root:" not in out + err


def test_a_container_that_mentions_a_playlist_tag_is_not_a_playlist(clip):
    """Only text is a playlist: an MKV whose title says "#EXT-X-DISCONTINUITY" in its first
    4 KB is a video (the demuxer whitelist still guards what ffmpeg may open)."""
    path = clip("mkv_playlist_title")
    assert b"#EXT-X-DISCONTINUITY" in path.read_bytes()[:4096]
    info = probe(path)
    assert info.usable, info.unusable_reason
    assert info.format_name == "matroska,webm" and info.video_codec == "h264"
    assert info.raw["format"]["tags"]["title"] == "Show notes #EXT-X-DISCONTINUITY explained"


@pytest.mark.parametrize(
    "text",
    [
        "#EXTM3U\n#EXTINF:10.0,\nsegment.ts\n",
        "\ufeff \n#extm3u\nsegment.ts\n",
        "#EXT-X-TARGETDURATION:10\n#EXTINF:10.0,\nsegment.ts\n",  # no header line, still a playlist
        "Notes\n#EXT-X-DISCONTINUITY\nsegment.ts\n",
    ],
)
def test_text_playlists_are_refused_with_or_without_their_header(tmp_path, text):
    path = tmp_path / "upload.mkv"
    path.write_text(text, encoding="utf-8")
    assert sniff_refusal(path) == PLAYLIST_REFUSAL


def test_odd_size(clip):
    info = probe(clip("odd_size"))
    assert (info.width, info.height, info.pix_fmt) == (1279, 721, "yuv444p")
