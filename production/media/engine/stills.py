"""One exact frame of a video as a small JPEG (a still for a report), with one short ffmpeg run.

Frame ``n`` of a constant-rate video is shown from ``n / rate`` to ``(n + 1) / rate``. ffmpeg
seeks the input to a keyframe before ``-ss`` and then drops every decoded frame stamped before
it, so ``-ss`` is put half a frame *before* frame ``n``: frame ``n - 1`` falls before it and is
dropped, frame ``n`` is the first one kept, and rounding in the timestamps cannot tip it
either way. ``-ss`` counts from the input's first timestamp, so a B-frame reorder delay or an
edit list does not shift it.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import ffmpeg

from production.media.engine.errors import MediaError
from production.media.engine.ffmpeg_runner import run
from production.media.engine.input_policy import file_url, input_options

STILL_TIME_LIMIT = 30.0  # seconds of wall time for one still


def seek_seconds(frame: int, rate: Fraction) -> Fraction:
    """Where to seek so that the first frame ffmpeg keeps is ``frame``: half a frame before it."""
    return max(Fraction(0), (Fraction(max(0, frame)) - Fraction(1, 2)) / rate)


def still_command(src: Path, out: Path, *, frame: int, rate: Fraction, width: int) -> list[str]:
    """argv (starting with "ffmpeg") writing frame ``frame`` of ``src`` to ``out`` as a JPEG
    ``width`` pixels wide (square pixels, the height even, the display rotation applied)."""
    seek = seek_seconds(frame, rate)
    source = ffmpeg.input(file_url(src), ss=f"{float(seek):.6f}", **input_options())
    picture = (
        source["v:0"]
        .filter("scale", "trunc(iw*sar/2)*2", "ih")  # anamorphic pixels made square first
        .filter("setsar", "1")
        .filter("scale", width, -2)
    )
    return (
        ffmpeg.output(picture, str(Path(out).resolve()), **{"frames:v": 1, "q:v": 4, "update": 1, "f": "image2"})
        .global_args("-y")
        .compile()
    )


def grab_still(src: Path, out: Path, *, frame: int, rate: Fraction, width: int = 320) -> Path:
    """Write frame ``frame`` of ``src`` to ``out`` (JPEG) through the runner; raises FfmpegFailed
    or RenderTimeout, or MediaError when ffmpeg wrote nothing (a frame past the end)."""
    out = Path(out)
    run(
        still_command(src, out, frame=frame, rate=rate, width=width),
        on_progress=None,
        should_cancel=None,
        time_limit=STILL_TIME_LIMIT,
        log_path=out.with_suffix(".log"),
        duration=None,
    )
    if not out.exists() or out.stat().st_size == 0:
        raise MediaError(f"Frame {frame} is past the end of the video.")
    return out


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a JPEG, read from its frame header; None when there is none."""
    i = 2 if data[:2] == b"\xff\xd8" else len(data)
    while i + 9 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start-of-frame segment
            height, width = int.from_bytes(data[i + 5 : i + 7], "big"), int.from_bytes(data[i + 7 : i + 9], "big")
            return width, height
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return None
