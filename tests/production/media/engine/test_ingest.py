"""ingest(): the whole ladder from one decode, checked from the outside with ffprobe."""

from __future__ import annotations

import itertools
import json

import pytest

from production.media.engine import UnusableMedia, ingest
from tests.production.media import checks
from tests.production.media.conftest import FAST

# clip -> the renditions it must get: (name, width, height). Never upscaled, sizes even, rotation applied.
LADDERS = {
    "h264_1080p": [("1080p", 1920, 1080), ("720p", 1280, 720), ("360p", 640, 360)],
    "hevc_10bit": [("360p", 640, 360)],
    "prores_422": [("360p", 640, 360)],
    "vp9_webm": [("360p", 640, 360)],
    "phone_rotated": [("720p", 720, 1280), ("360p", 360, 640)],
    "odd_size": [("720p", 1278, 720), ("360p", 638, 360)],
    "variable_frame_rate": [("360p", 640, 360)],
    "interlaced": [("360p", 450, 360)],
    "tiny": [("180p", 320, 180)],
    "silent_video": [("270p", 480, 270)],
    "mkv_playlist_title": [("360p", 640, 360)],  # its title quotes "#EXT-X-": still a video
}


def _video_duration(path) -> float:
    stream = checks.streams(path, "video")[0]
    if stream.get("duration") not in (None, "N/A"):
        return float(stream["duration"])
    return float(checks.ffprobe(path)["format"]["duration"])


@pytest.mark.parametrize("name", list(LADDERS))
def test_video_ladder(ingested, name):
    src, out, result = ingested(name)
    expected = LADDERS[name]
    has_audio = name != "silent_video"
    assert [(r.name, r.width, r.height) for r in result.renditions] == expected

    frame = 1 / result.probe.fps
    for rendition_name, width, height in expected:
        playlist = out / f"{rendition_name}.m3u8"
        video = checks.streams(playlist, "video")
        assert len(video) == 1
        assert (video[0]["codec_name"], video[0]["pix_fmt"]) == ("h264", "yuv420p")
        assert (video[0]["width"], video[0]["height"]) == (width, height)
        assert video[0].get("field_order", "progressive") == "progressive"
        assert not video[0].get("side_data_list")  # rotation applied, not flagged
        assert video[0]["r_frame_rate"] == video[0]["avg_frame_rate"]  # constant frame rate
        audio = checks.streams(playlist, "audio")
        assert [a["codec_name"] for a in audio] == (["aac"] if has_audio else [])
        assert checks.hls_duration(playlist) == pytest.approx(_video_duration(src), abs=frame + 0.002)

    # the proxy: the proxy rendition's encode, faststart, same length as the source
    proxy = out / "proxy.mp4"
    boxes = checks.top_level_boxes(proxy)
    assert boxes.index("moov") < boxes.index("mdat")
    proxy_video = checks.streams(proxy, "video")[0]
    proxy_rendition = next(r for r in expected if r[0] == result.plan.proxy)
    assert (proxy_video["width"], proxy_video["height"]) == proxy_rendition[1:]
    assert proxy_video["codec_name"] == "h264"
    assert _video_duration(proxy) == pytest.approx(_video_duration(src), abs=frame + 0.002)
    assert [a["codec_name"] for a in checks.streams(proxy, "audio")] == (["aac"] if has_audio else [])

    # the master playlist plays
    master = out / "master.m3u8"
    assert sorted(line for line in master.read_text().splitlines() if line.endswith(".m3u8")) == sorted(
        f"{r[0]}.m3u8" for r in expected
    )
    played = checks.decodes(master)
    assert played.returncode == 0, played.stderr

    # poster and sprite + thumbnails track
    poster = checks.streams(out / "poster.jpg", "video")[0]
    assert poster["codec_name"] == "mjpeg"
    assert (poster["width"], poster["height"]) == result.plan.poster_size
    sprite = checks.streams(out / "sprite.jpg", "video")[0]
    cues = checks.vtt_cues(out / "thumbs.vtt")
    assert cues and len(cues) <= 100
    assert {c[2] for c in cues} == {"sprite.jpg"}
    assert max(x + w for _, _, _, x, _, w, _ in cues) == sprite["width"] or len(cues) < result.plan.sprite.columns
    assert max(x + w for _, _, _, x, _, w, _ in cues) <= sprite["width"]
    assert max(y + h for _, _, _, _, y, _, h in cues) == sprite["height"]
    thumb_w, thumb_h = cues[0][5], cues[0][6]
    assert thumb_w / thumb_h == pytest.approx(expected[0][1] / expected[0][2], rel=0.02)
    assert cues[0][0] == 0 and cues[-1][1] == pytest.approx(result.probe.duration, abs=0.002)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cues))  # no gaps

    # waveform
    if has_audio:
        waveform = json.loads((out / "waveform.json").read_text())
        assert waveform["version"] == 1 and waveform["samples_per_peak"] >= 1
        assert 500 <= len(waveform["peaks"]) <= 2000
        assert all(0 <= p <= 1 for p in waveform["peaks"])
        assert max(waveform["peaks"]) > 0.05  # the test tone is there
    else:
        assert not (out / "waveform.json").exists()
    assert not (out / "waveform.pcm").exists()

    # the result lists exactly what is on disk; nothing else is left next to out_dir
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert [o.path for o in result.outputs] == on_disk
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []


def test_results_describe_the_renditions(ingested):
    _, out, result = ingested("h264_1080p")
    for rendition in result.renditions:
        assert rendition.bitrate > 0 and rendition.peak_bitrate >= rendition.bitrate
        assert rendition.codecs.startswith("avc1.") and rendition.codecs.endswith(",mp4a.40.2")
        assert rendition.segments >= 1
    master = (out / "master.m3u8").read_text()
    assert "RESOLUTION=1920x1080" in master and 'CODECS="avc1.' in master
    kinds = {o.kind for o in result.outputs}
    assert {
        "hls_master",
        "hls_playlist",
        "hls_segment",
        "proxy",
        "poster",
        "sprite",
        "thumbnails_vtt",
        "waveform",
    } <= kinds


def test_audio_only_gets_audio_hls_waveform_and_loudness(ingested):
    _, out, result = ingested("tone_wav")
    assert [r.name for r in result.renditions] == ["audio"]
    assert result.renditions[0].codecs == "mp4a.40.2"
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".ts")) == [
        "audio.m3u8",
        "master.m3u8",
        "waveform.json",
    ]
    assert [s["codec_name"] for s in checks.ffprobe(out / "master.m3u8")["streams"]] == ["aac"]
    assert checks.decodes(out / "master.m3u8").returncode == 0
    assert checks.hls_duration(out / "audio.m3u8") == pytest.approx(3.0, abs=0.05)
    peaks = json.loads((out / "waveform.json").read_text())["peaks"]
    assert 1000 <= len(peaks) <= 2000
    assert max(peaks) == pytest.approx(0.1, abs=0.01)  # the tone's -20 dBFS peak
    assert result.loudness is not None


def test_unusable_upload_raises_the_plain_reason(clip, tmp_path):
    with pytest.raises(UnusableMedia, match="still image"):
        ingest(clip("png"), tmp_path / "out", time_limit=30, log_path=tmp_path / "log")
    assert list(tmp_path.iterdir()) == []


def test_output_paths_with_awkward_characters(clip, tmp_path):
    """Our output paths go through the tee muxer's escaping; odd directory names must survive it."""
    out = tmp_path / "we:ird |na'me[1]\\x" / "out"
    result = ingest(clip("tiny"), out, time_limit=60, log_path=tmp_path / "log", encoder=FAST)
    assert (out / "proxy.mp4").stat().st_size > 0
    assert checks.decodes(out / "master.m3u8").returncode == 0
    assert {o.path for o in result.outputs} >= {"180p.m3u8", "180p_00000.ts", "proxy.mp4", "poster.jpg"}


def test_percent_in_output_directory_is_refused_before_running(clip, tmp_path):
    with pytest.raises(ValueError, match="%"):
        ingest(clip("tiny"), tmp_path / "100%d" / "out", time_limit=60, log_path=tmp_path / "log", encoder=FAST)


def test_reingest_replaces_the_previous_outputs(clip, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.txt").write_text("from an older render")
    ingest(clip("tiny"), out, time_limit=60, log_path=tmp_path / "log", encoder=FAST)
    assert not (out / "stale.txt").exists() and (out / "master.m3u8").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log", "out"]


def test_ladder_refuses_a_playlist_even_if_the_probe_was_skipped(clip, tmp_path):
    """If a caller passes a stale/forged probe result, ffmpeg's own whitelist still refuses the playlist."""
    from production.media.engine import FfmpegFailed, probe

    media = clip("small")
    forged = probe(media)
    playlist = tmp_path / "upload.mp4"
    playlist.write_text(f"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.0,\n{media}\n#EXT-X-ENDLIST\n")
    with pytest.raises(FfmpegFailed, match=r"whitelist|Invalid"):
        ingest(playlist, tmp_path / "out", time_limit=30, log_path=tmp_path / "log", probe_result=forged, encoder=FAST)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log", "upload.mp4"]
