"""ffprobe an upload and say, in plain words, whether we can use it and what it is."""

from __future__ import annotations

import json
import math
import re
import subprocess
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from production.media.engine.binaries import ffprobe_path
from production.media.engine.errors import ProbeFailed
from production.media.engine.input_policy import (
    EMPTY,
    FORMAT_WHITELIST,
    IMAGE_DEMUXERS,
    NOT_MEDIA,
    PLAYLIST_REFUSAL,
    PROTOCOL_WHITELIST,
    file_url,
    sniff_refusal,
)

PROBE_TIMEOUT = 60.0
TRUNCATED = (
    "This video file is incomplete (truncated): the upload or the export may have been interrupted. "
    "Please export or upload it again."
)
STILL_IMAGE = "This is a still image, not a video."
NO_STREAMS = "This file has no picture or sound we can use."
DAMAGED = "This file is damaged or in a format we cannot read."

_MOV_FAMILY = "mov,mp4,m4a,3gp,3g2,mj2"


@dataclass(frozen=True)
class ProbeResult:
    usable: bool
    unusable_reason: str = ""
    media_type: str | None = None  # "video" | "audio" when usable
    format_name: str = ""
    duration: float | None = None  # seconds
    frame_rate: tuple[int, int] | None = None  # (num, den), the average rate
    frame_count: int | None = None
    width: int | None = None  # as displayed: after rotation and sample aspect ratio is NOT applied
    height: int | None = None
    rotation: int = 0  # clockwise degrees a player turns the picture: 0, 90, 180, 270
    sample_aspect_ratio: tuple[int, int] = (1, 1)
    pix_fmt: str | None = None
    bit_depth: int | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    audio_channels: int | None = None
    sample_rate: int | None = None
    start_timecode: str | None = None
    interlaced: bool = False
    field_order: str | None = None
    variable_frame_rate: bool = False
    has_audio: bool = False
    size_bytes: int = 0
    video_profile: str | None = None  # "High", "Main" (H.264/HEVC as ffprobe names it)
    audio_profile: str | None = None  # "LC" (AAC)
    moov_first: bool | None = None  # MP4/MOV only: the index (moov) comes before the media data (mdat)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def fps(self) -> float | None:
        return self.frame_rate[0] / self.frame_rate[1] if self.frame_rate else None


def unusable(reason: str, **fields: Any) -> ProbeResult:
    return ProbeResult(usable=False, unusable_reason=reason, **fields)


def probe(path: Path | str, *, timeout: float = PROBE_TIMEOUT) -> ProbeResult:
    """Describe the media file at ``path``. Never raises for a bad upload: see ``usable``/``unusable_reason``."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        return unusable(EMPTY)
    refusal = sniff_refusal(path)
    if refusal:
        return unusable(refusal, size_bytes=size)
    returncode, out, err = _ffprobe(["-show_format", "-show_streams"], path, timeout=timeout)
    data = _json(out)
    if returncode != 0 or not data.get("format"):
        return unusable(_reason_from_error(err, path), size_bytes=size, raw=data)
    result = _describe(data, size)
    if result.usable and data["format"].get("format_name") == _MOV_FAMILY:
        if _mov_truncated(path, result, timeout):
            return unusable(TRUNCATED, size_bytes=size, raw=data)
        result = replace(result, moov_first=moov_before_mdat(path))
    return result


def moov_before_mdat(path: Path | str) -> bool | None:
    """Whether an MP4/MOV file's index (``moov``) comes before its media data (``mdat``) among the
    top-level boxes ("fast start": a player can start before the whole file is there). None when
    neither box is found."""
    with Path(path).open("rb") as fh:
        size = fh.seek(0, 2)
        offset = 0
        while offset + 8 <= size:
            fh.seek(offset)
            header = fh.read(16)
            length, kind = int.from_bytes(header[:4], "big"), header[4:8]
            if length == 1 and len(header) >= 16:
                length = int.from_bytes(header[8:16], "big")
            elif length == 0:
                length = size - offset
            if kind == b"moov":
                return True
            if kind == b"mdat":
                return False
            if length < 8:
                return None
            offset += length
    return None


def _ffprobe(args: list[str], path: Path, *, timeout: float) -> tuple[int, str, str]:
    argv = [
        ffprobe_path(),
        "-hide_banner",
        "-v",
        "error",
        "-protocol_whitelist",
        PROTOCOL_WHITELIST,
        "-format_whitelist",
        FORMAT_WHITELIST,
        "-print_format",
        "json",
        *args,
        file_url(path),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell
            argv, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, start_new_session=True
        )
    except subprocess.TimeoutExpired as exc:
        raise ProbeFailed(f"ffprobe did not finish within {timeout:g} s.") from exc
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def _json(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def _reason_from_error(err: str, path: Path) -> str:
    lowered = err.lower()
    if "not on whitelist" in lowered:
        return PLAYLIST_REFUSAL if re.search(r"\[(hls|concat|dash|sdp|image2)\b", err) else NOT_MEDIA
    if "moov atom not found" in lowered:
        return TRUNCATED if _looks_like_iso_bmff(path) else NOT_MEDIA
    if "invalid data found" in lowered or "could not find codec" in lowered:
        return NOT_MEDIA
    return DAMAGED


def _looks_like_iso_bmff(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(12)
    return head[4:8] in (b"ftyp", b"mdat", b"moov", b"free", b"wide", b"skip")


def _describe(data: dict[str, Any], size: int) -> ProbeResult:
    fmt = data.get("format", {})
    format_name = fmt.get("format_name", "")
    streams = data.get("streams", [])
    videos = [s for s in streams if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    if format_name in IMAGE_DEMUXERS or (videos and _is_still(videos[0], fmt) and not audios):
        return unusable(STILL_IMAGE, format_name=format_name, size_bytes=size, raw=data)
    if not videos and not audios:
        return unusable(NO_STREAMS, format_name=format_name, size_bytes=size, raw=data)
    audio = audios[0] if audios else None
    duration = _float(fmt.get("duration")) or max(
        (_float(s.get("duration")) or 0.0 for s in (videos[:1] + audios[:1])), default=0.0
    )
    common: dict[str, Any] = {
        "format_name": format_name,
        "duration": duration or None,
        "audio_codec": audio.get("codec_name") if audio else None,
        "audio_profile": audio.get("profile") if audio else None,
        "audio_channels": audio.get("channels") if audio else None,
        "sample_rate": int(audio["sample_rate"]) if audio and audio.get("sample_rate") else None,
        "has_audio": audio is not None,
        "start_timecode": _timecode(fmt, streams),
        "size_bytes": size,
        "raw": data,
    }
    if not duration:
        return unusable(DAMAGED, **common)
    if not videos:
        return ProbeResult(usable=True, media_type="audio", **common)
    video = videos[0]
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if width <= 0 or height <= 0:
        return unusable(DAMAGED, **common)
    rotation = _rotation(video)
    if rotation in (90, 270):
        width, height = height, width
    avg, real = _rational(video.get("avg_frame_rate")), _rational(video.get("r_frame_rate"))
    rate = avg or real
    field_order = video.get("field_order")
    interlaced = field_order in ("tt", "bb", "tb", "bt")
    vfr = bool(avg and real and abs(float(avg) - float(real)) / float(real) > 0.01)
    if vfr and interlaced and abs(float(real) - 2 * float(avg)) / float(real) < 0.01:
        vfr = False  # field rate reported as r_frame_rate
    frames = video.get("nb_frames")
    frame_count = int(frames) if str(frames or "").isdigit() else (round(duration * float(rate)) if rate else None)
    pix_fmt = video.get("pix_fmt")
    return ProbeResult(
        usable=True,
        media_type="video",
        frame_rate=(rate.numerator, rate.denominator) if rate else None,
        frame_count=frame_count,
        width=width,
        height=height,
        rotation=rotation,
        sample_aspect_ratio=_sar(video.get("sample_aspect_ratio")),
        pix_fmt=pix_fmt,
        bit_depth=_bit_depth(video, pix_fmt),
        video_codec=video.get("codec_name"),
        video_profile=video.get("profile"),
        interlaced=interlaced,
        field_order=field_order,
        variable_frame_rate=vfr,
        **common,
    )


def _is_still(video: dict[str, Any], fmt: dict[str, Any]) -> bool:
    codec = video.get("codec_name")
    frames = video.get("nb_frames")
    if codec in ("png", "mjpeg", "bmp", "tiff", "webp", "gif", "jpeg2000") and (frames in (None, "1", "N/A")):
        return not _float(fmt.get("duration")) or frames == "1"
    return False


def _float(value: Any) -> float | None:
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def _rational(value: Any) -> Fraction | None:
    try:
        num, _, den = str(value).partition("/")
        result = Fraction(int(num), int(den or 1))
    except (ValueError, ZeroDivisionError):
        return None
    return result if result > 0 else None


def _sar(value: Any) -> tuple[int, int]:
    ratio = None
    if isinstance(value, str) and ":" in value:
        num, _, den = value.partition(":")
        ratio = _rational(f"{num}/{den}")
    return (ratio.numerator, ratio.denominator) if ratio else (1, 1)


def _rotation(video: dict[str, Any]) -> int:
    """Clockwise degrees. The display matrix reports counter-clockwise (rotation: -90 means turn right)."""
    for side in video.get("side_data_list", []) or []:
        if "rotation" in side:
            return round(-float(side["rotation"]) / 90) * 90 % 360
    tag = (video.get("tags") or {}).get("rotate")
    if tag is not None:
        try:
            return round(float(tag) / 90) * 90 % 360
        except ValueError:
            return 0
    return 0


def _bit_depth(video: dict[str, Any], pix_fmt: str | None) -> int | None:
    raw = video.get("bits_per_raw_sample")
    if str(raw or "").isdigit() and int(raw) > 0:
        return int(raw)
    if not pix_fmt:
        return None
    match = re.search(r"p(\d{2})(le|be)?$", pix_fmt)
    return int(match.group(1)) if match else 8


def _timecode(fmt: dict[str, Any], streams: list[dict[str, Any]]) -> str | None:
    for tags in [fmt.get("tags") or {}, *((s.get("tags") or {}) for s in streams)]:
        if tags.get("timecode"):
            return str(tags["timecode"])
    return None


def _mov_truncated(path: Path, result: ProbeResult, timeout: float) -> bool:
    """The index (moov) is there but the media data is cut short: packets point past the end of the file."""
    if not result.duration:
        return False
    start = max(0.0, result.duration - 2.0)
    returncode, out, err = _ffprobe(
        ["-show_entries", "packet=pos,size", "-read_intervals", f"{start:.3f}%"], path, timeout=timeout
    )
    if "partial file" in err or "stream ends prematurely" in err.lower():
        return True
    size = path.stat().st_size
    for packet in _json(out).get("packets", []):
        pos, length = packet.get("pos"), packet.get("size")
        if str(pos).isdigit() and str(length).isdigit() and int(pos) + int(length) > size:
            return True
    return returncode != 0
