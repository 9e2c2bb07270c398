"""What the tests read back from outputs: ffprobe facts, MP4 box order, VTT cues."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

TIMEOUT = 60


def ffprobe(path: Path, *extra: str) -> dict:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-protocol_whitelist",
            "file",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            *extra,
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    return json.loads(out.stdout)


def streams(path: Path, kind: str) -> list[dict]:
    return [s for s in ffprobe(path)["streams"] if s["codec_type"] == kind]


def decodes(path: Path, frames: int = 5) -> subprocess.CompletedProcess:
    """Play ``path`` (e.g. master.m3u8) far enough to decode a few frames."""
    return subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-nostdin",
            "-protocol_whitelist",
            "file",
            "-i",
            str(path),
            "-map",
            "0:v:0?",
            "-map",
            "0:a:0?",
            "-frames:v",
            str(frames),
            "-t",
            "1",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def top_level_boxes(path: Path) -> list[str]:
    boxes, data = [], path.read_bytes()
    offset = 0
    while offset + 8 <= len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        kind = data[offset + 4 : offset + 8].decode("latin-1")
        if size == 1:
            size = int.from_bytes(data[offset + 8 : offset + 16], "big")
        boxes.append(kind)
        if size < 8:
            break
        offset += size
    return boxes


_CUE = re.compile(r"^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n(\S+)#xywh=(\d+),(\d+),(\d+),(\d+)$", re.M)


def seconds(stamp: str) -> float:
    hours, minutes, rest = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def vtt_cues(path: Path) -> list[tuple[float, float, str, int, int, int, int]]:
    text = path.read_text()
    assert text.startswith("WEBVTT\n")
    return [
        (seconds(a), seconds(b), url, int(x), int(y), int(w), int(h)) for a, b, url, x, y, w, h in _CUE.findall(text)
    ]


def hls_duration(playlist: Path) -> float:
    return sum(
        float(line.split(":", 1)[1].split(",")[0])
        for line in playlist.read_text().splitlines()
        if line.startswith("#EXTINF:")
    )


def frame_count(path: Path) -> int:
    """Video frames in ``path``, counted by decoding them all (ffprobe -count_frames)."""
    stream = ffprobe(path, "-count_frames", "-select_streams", "v:0")["streams"][0]
    return int(stream["nb_read_frames"])


def gray_frame(path: Path, index: int) -> tuple[int, int, bytes]:
    """(width, height, luma bytes) of video frame ``index`` (from 0) of ``path``."""
    video = streams(path, "video")[0]
    width, height = video["width"], video["height"]
    out = subprocess.run(
        [
            "ffmpeg", "-v", "error", "-nostdin", "-protocol_whitelist", "file", "-i", str(path),
            "-vf", f"select=eq(n\\,{index})", "-frames:v", "1", "-fps_mode", "passthrough",
            "-f", "rawvideo", "-pix_fmt", "gray", "-",
        ],
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    )  # fmt: skip
    assert len(out.stdout) == width * height, f"frame {index} of {path} was not decoded"
    return width, height, out.stdout


def region(frame: tuple[int, int, bytes], x0: int, y0: int, x1: int, y1: int) -> list[int]:
    """The luma values of the rectangle [x0, x1) x [y0, y1) of a ``gray_frame``."""
    width, _height, data = frame
    return [data[y * width + x] for y in range(y0, y1) for x in range(x0, x1)]
