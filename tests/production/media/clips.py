"""Small test clips made with ffmpeg's lavfi sources; each is 2-5 s and small so the suite stays fast."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

FFMPEG = "ffmpeg"


def ffmpeg(*args: str, timeout: float = 60) -> None:
    subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=timeout)


@functools.cache
def has_encoder(name: str) -> bool:
    out = subprocess.run([FFMPEG, "-hide_banner", "-encoders"], capture_output=True, text=True, timeout=30).stdout
    return any(line.split()[1:2] == [name] for line in out.splitlines() if line.startswith(" "))


def _video(size: str, rate: int | str, seconds: float, extra: str = "") -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc2=s={size}:r={rate}:d={seconds}{extra}"]


def _tone(seconds: float, freq: int = 440) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=f={freq}:d={seconds}:sample_rate=48000"]


def _h264_clip(path: Path, size: str, rate: int, seconds: float, *extra: str, vf: str = "", pix_fmt: str = "yuv420p"):
    """testsrc2 + a tone, H.264 (ultrafast) + AAC; ``extra`` output options go before the path."""
    ffmpeg(
        *_video(size, rate, seconds, vf),
        *_tone(seconds),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", pix_fmt, "-c:a", "aac", "-shortest"),
        *extra,
        str(path),
    )


def h264_1080p(path: Path) -> None:
    _h264_clip(path, "1920x1080", 30, 2)


def hevc_10bit(path: Path) -> None:
    ffmpeg(
        *_video("640x360", 25, 2),
        *_tone(2),
        "-c:v",
        "libx265",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p10le",
        "-x265-params",
        "log-level=error",
        "-tag:v",
        "hvc1",
        "-c:a",
        "aac",
        "-shortest",
        str(path),
    )


def prores_422(path: Path) -> None:
    ffmpeg(
        *_video("640x360", 25, 2),
        *_tone(2),
        "-c:v",
        "prores_ks",
        "-profile:v",
        "2",
        "-pix_fmt",
        "yuv422p10le",
        "-c:a",
        "pcm_s16le",
        "-timecode",
        "10:00:00:00",  # a tmcd track, as cameras write
        "-shortest",
        str(path),
    )


def vp9_webm(path: Path) -> None:
    ffmpeg(
        *_video("640x360", 25, 2),
        *_tone(2),
        "-c:v",
        "libvpx-vp9",
        "-deadline",
        "realtime",
        "-cpu-used",
        "8",
        "-c:a",
        "libopus",
        "-shortest",
        str(path),
    )


def phone_rotated(path: Path) -> None:
    """Landscape-coded 1280x720 with a 90° display rotation (ffmpeg 5.1 has no -display_rotation: use the tag)."""
    plain = path.with_name(path.stem + "-plain.mp4")
    _h264_clip(plain, "1280x720", 30, 2)
    ffmpeg("-i", str(plain), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(path))
    plain.unlink()


def odd_size(path: Path) -> None:
    """1279x721 in 4:4:4 (4:2:0 cannot have odd sizes; testsrc2 alone would round them)."""
    _h264_clip(path, "1280x722", 25, 2, vf=",format=yuv444p,crop=1279:721:0:0", pix_fmt="yuv444p")


def variable_frame_rate(path: Path) -> None:
    """30 frames in the first second, then 30 frames over two seconds: r_frame_rate 30, average ~20."""
    ffmpeg(
        *_video("640x360", 30, 2, ",setpts='if(lt(N,30),N/30,1+(N-30)/15)/TB'"),
        *_tone(3),
        "-fps_mode",
        "passthrough",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        str(path),
    )


def interlaced(path: Path) -> None:
    _h264_clip(
        path, "720x576", 50, 2, "-flags", "+ildct+ilme", "-x264opts", "tff=1",
        vf=",tinterlace=mode=interleave_top,setfield=tff",
    )  # fmt: skip


def tiny(path: Path) -> None:
    """Smaller than 360p: one rendition at the source size."""
    _h264_clip(path, "320x180", 25, 1)


def silent_video(path: Path) -> None:
    ffmpeg(*_video("480x270", 25, 2), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path))


LOUDNESS_TARGET = -23.0


def tone_wav(path: Path) -> None:
    """3 s of a 1 kHz sine at -20 dBFS peak in mono: -23 LUFS (sine RMS is 3 dB below its peak)."""
    ffmpeg("-f", "lavfi", "-i", "aevalsrc=0.1*sin(2*PI*1000*t):s=48000:d=3", "-c:a", "pcm_s16le", str(path))


# where the QC clip has its problems (seconds)
QC_BLACK = (1.0, 2.0)
QC_FREEZE = (2.0, 3.5)
QC_SILENCE = (3.0, 4.0)


def qc_clip(path: Path) -> None:
    """5 s: moving 0-1, black 1-2, frozen 2-3.5, moving 3.5-5; tone 0-3, silence 3-4, tone 4-5."""
    size, rate = "320x180", 25
    graph = (
        f"testsrc2=s={size}:r={rate}:d=1[a];"
        f"color=black:s={size}:r={rate}:d=1[b];"
        f"testsrc2=s={size}:r={rate}:d=0.04,tpad=stop_mode=clone:stop_duration=1.46[c];"
        f"testsrc2=s={size}:r={rate}:d=1.5[d];"
        "[a][b][c][d]concat=n=4:v=1:a=0,format=yuv420p[v];"
        "sine=f=1000:d=3:sample_rate=48000[s1];aevalsrc=0:s=48000:d=1[s2];sine=f=1000:d=1:sample_rate=48000[s3];"
        "[s1][s2][s3]concat=n=3:v=0:a=1[aud]"
    )
    ffmpeg(
        "-filter_complex",
        graph,
        "-map",
        "[v]",
        "-map",
        "[aud]",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-c:a",
        "aac",
        str(path),
    )


def png_image(path: Path) -> None:
    ffmpeg(*_video("320x240", 1, 1), "-frames:v", "1", "-f", "image2", "-c:v", "png", str(path))


def text_as_mp4(path: Path) -> None:
    path.write_text("Meeting notes\nThis is not a video, just text saved with the wrong name.\n")


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def truncated_mp4(path: Path) -> None:
    """A real MP4 (moov at the end, as ffmpeg writes it) cut in half: the index is missing."""
    whole = path.with_name(path.stem + "-whole.mp4")
    h264_small(whole)
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    whole.unlink()


def truncated_faststart_mp4(path: Path) -> None:
    """moov at the front, media data cut in half: the index points past the end of the file."""
    whole = path.with_name(path.stem + "-whole.mp4")
    h264_small(whole, "-movflags", "+faststart")
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    whole.unlink()


def h264_small(path: Path, *extra: str) -> None:
    _h264_clip(path, "640x360", 25, 2, *extra)


def black_with_tone(path: Path) -> None:
    """2 s of black 640x360 at 25 fps with a tone: whatever bright a render shows, it drew."""
    ffmpeg(
        *("-f", "lavfi", "-i", "color=c=black:s=640x360:r=25:d=2"),
        *_tone(2),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"),
        str(path),
    )


def mkv_title_mentions_a_playlist(path: Path) -> None:
    """A real Matroska file whose title (in its first bytes) quotes an HLS tag."""
    _h264_clip(path, "640x360", 25, 2, "-metadata", "title=Show notes #EXT-X-DISCONTINUITY explained")


def hls_playlist(target: Path):
    def make(path: Path) -> None:
        path.write_text(f"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.0,\n{target}\n#EXT-X-ENDLIST\n")

    return make


def ffconcat_list(target: Path):
    def make(path: Path) -> None:
        path.write_text(f"ffconcat version 1.0\nfile '{target}'\n")

    return make


def concat_list(target: Path):
    """The concat demuxer's plain form, without the ffconcat header."""

    def make(path: Path) -> None:
        path.write_text(f"file '{target}'\n")

    return make


INDEX_BITS = 12  # frames 0..4095


def frame_index_clip(path: Path, *, rate: str, seconds: float, bframes: bool, start_timecode: str = "") -> None:
    """Each frame carries its own index as a machine-readable pattern: the top half is
    ``INDEX_BITS`` black/white columns (bit 0 on the left, white = 1), the bottom half mid grey.
    Read back with :func:`tests.e2e.frames.shown_index` through a canvas. With a tone, and
    H.264 with or without B-frames (and so with or without a reorder delay in the source)."""
    bits = f"geq=lum='if(lt(Y,H/2),255*mod(floor(N/pow(2,floor(X*{INDEX_BITS}/W))),2),128)':cb=128:cr=128"
    ffmpeg(
        *("-f", "lavfi", "-i", f"color=c=black:s=384x216:r={rate}:d={seconds},{bits}"),
        *_tone(seconds),
        *("-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p"),
        *(() if bframes else ("-bf", "0")),
        *(("-timecode", start_timecode) if start_timecode else ()),
        *("-c:a", "aac", "-shortest"),
        str(path),
    )


def index_of_picture(picture: bytes) -> int:
    """The frame index a picture of a :func:`frame_index_clip` carries (a still as JPEG or PNG
    bytes, any width), read from its pixels a quarter of the way down: white columns are ones."""
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=width", "-of", "csv=p=0", "-i", "pipe:0"],
        input=picture, capture_output=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    width = int(probe.split()[0])
    raw = subprocess.run(
        [FFMPEG, "-v", "error", "-i", "pipe:0", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"],
        input=picture, capture_output=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    height = len(raw) // width
    row = raw[(height // 4) * width : (height // 4 + 1) * width]
    return sum(1 << bit for bit in range(INDEX_BITS) if row[int((bit + 0.5) * width / INDEX_BITS)] > 127)


SPOKEN_TEXT = "Reelflow makes video review simple."


def espeak_or_skip() -> str:
    """espeak-ng's path; a test that needs it is skipped without it (never under CI, where
    scripts/system-deps.sh installs it)."""
    import os
    import shutil

    import pytest

    found = shutil.which("espeak-ng")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("espeak-ng is missing under CI: scripts/system-deps.sh installs it")
        pytest.skip("espeak-ng is not installed: scripts/system-deps.sh installs it")
    return found


def spoken_clip(path: Path, text: str = SPOKEN_TEXT) -> None:
    """A short H.264 + AAC clip whose sound is ``text`` spoken by espeak-ng (about 2.7 s), with
    half a second of quiet after it; the picture is testsrc2."""
    voice = path.with_suffix(".voice.wav")
    subprocess.run([espeak_or_skip(), "-s", "150", "-w", str(voice), text], check=True, timeout=60)
    ffmpeg(
        *_video("480x270", 25, 3.2),
        "-i", str(voice),
        "-filter_complex", "[1:a]aresample=48000,apad=whole_dur=3.2[a]",
        "-map", "0:v", "-map", "[a]",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "3.2",
        str(path),
    )  # fmt: skip
    voice.unlink()


def quiet_clip(path: Path) -> None:
    """A 2 s clip with an audio stream that holds only silence."""
    ffmpeg(
        *_video("480x270", 25, 2),
        "-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "2",
        str(path),
    )  # fmt: skip
