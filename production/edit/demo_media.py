"""A generated demo cut: a test pattern with a tone and burnt-in SMPTE timecode, so a fresh
install has something to play. Built with ffmpeg-python, run by the one runner."""

from __future__ import annotations

import tempfile
from pathlib import Path

import ffmpeg

from production.media.engine import FfmpegFailed, run


def _command(path: Path, seconds: int, *, timecode: bool) -> list[str]:
    video = ffmpeg.input("testsrc2=size=1280x720:rate=25", f="lavfi", t=seconds)
    if timecode:
        video = video.drawtext(
            timecode="01:00:00:00",
            rate=25,
            fontsize=56,
            fontcolor="white",
            box=1,
            boxcolor="black@0.6",
            boxborderw=12,
            x="(w-tw)/2",
            y="h-th-48",
        )
    audio = ffmpeg.input("sine=frequency=440:sample_rate=48000", f="lavfi", t=seconds).filter("volume", 0.25)
    out = ffmpeg.output(
        video,
        audio,
        str(path),
        vcodec="libx264",
        preset="veryfast",
        pix_fmt="yuv420p",
        acodec="aac",
        t=seconds,
        timecode="01:00:00:00",
    )
    return out.overwrite_output().get_args()


def make_demo_cut(path: Path, *, seconds: int = 20) -> Path:
    """Write the demo clip to ``path``. Falls back to no burnt-in timecode where this ffmpeg
    has no drawtext/fonts (some static builds)."""
    with tempfile.TemporaryDirectory() as tmp:
        for timecode in (True, False):
            try:
                run(
                    _command(path, seconds, timecode=timecode),
                    on_progress=None,
                    should_cancel=None,
                    time_limit=120,
                    log_path=Path(tmp) / "demo.log",
                    duration=seconds,
                )
                return path
            except FfmpegFailed:
                if not timecode:
                    raise
    return path
