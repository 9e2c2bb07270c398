"""Two facts a platform's rules ask for that one ffprobe of the header does not give: whether the
video's GOPs are closed, and the programme's integrated loudness. Read from the file itself (the
packets; an EBU R 128 pass over the sound), for the spec checks of marketing's presets."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from production.media.engine.binaries import ffmpeg_path
from production.media.engine.errors import ProbeFailed
from production.media.engine.input_policy import FORMAT_WHITELIST, PROTOCOL_WHITELIST, file_url
from production.media.engine.probe import _ffprobe, _json

TIMEOUT = 300.0
_INTEGRATED = re.compile(r"^\s*I:\s*(-?\d+(?:\.\d+)?|-inf)\s*LUFS", re.MULTILINE)


def gop_closed(path: Path | str, *, timeout: float = TIMEOUT) -> bool | None:
    """True when every GOP is closed: no picture decoded after a keyframe is shown before it (such
    "leading" pictures lean on the GOP before, which is what an open GOP is). Read from the video
    packets' timestamps in decoding order; None when the file has no video packets to read."""
    returncode, out, _ = _ffprobe(
        ["-select_streams", "v:0", "-show_entries", "packet=pts,dts,flags"], Path(path), timeout=timeout
    )
    packets = _json(out).get("packets", [])
    if returncode != 0 or not packets:
        return None
    keyframe_pts = None
    for packet in packets:
        pts = packet.get("pts")
        if not isinstance(pts, int):
            continue
        if "K" in str(packet.get("flags", "")):
            keyframe_pts = pts
        elif keyframe_pts is not None and pts < keyframe_pts:
            return False
    return True


def integrated_loudness(path: Path | str, *, timeout: float = TIMEOUT) -> float | None:
    """The programme's integrated loudness in LUFS (EBU R 128, ffmpeg's ebur128 filter); None when the
    file has no sound (or it is all silence)."""
    argv = [
        ffmpeg_path(), "-hide_banner", "-nostats", "-protocol_whitelist", PROTOCOL_WHITELIST,
        "-format_whitelist", FORMAT_WHITELIST, "-i", file_url(Path(path)), "-map", "0:a:0?", "-vn",
        "-af", "ebur128", "-f", "null", "-",
    ]  # fmt: skip
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell
            argv, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, start_new_session=True
        )
    except subprocess.TimeoutExpired as exc:
        raise ProbeFailed(f"ffmpeg did not measure the loudness within {timeout:g} s.") from exc
    err = done.stderr.decode("utf-8", "replace")
    summary = err.rsplit("Summary:", 1)
    if done.returncode != 0 or len(summary) < 2:
        return None
    match = _INTEGRATED.search(summary[1])
    if match is None or match.group(1) == "-inf":
        return None
    return float(match.group(1))
