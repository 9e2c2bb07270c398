"""HLS bookkeeping done in Python: measure each rendition's playlist and write ``master.m3u8``."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from production.media.engine.binaries import ffprobe_path

# ffprobe profile name -> profile_idc + constraint flags, as written in an RFC 6381 "avc1.PPCCLL" string
_AVC_PROFILES = {
    "Constrained Baseline": "42c0",
    "Baseline": "4200",
    "Main": "4d40",
    "Extended": "5800",
    "High": "6400",
    "High 10": "6e00",
    "High 4:2:2": "7a00",
}
AAC_LC = "mp4a.40.2"


@dataclass(frozen=True)
class PlaylistStats:
    segments: list[str]
    duration: float  # seconds, sum of EXTINF
    total_bytes: int
    average_bitrate: int  # bit/s over the whole playlist
    peak_bitrate: int  # bit/s of the densest segment (what BANDWIDTH must cover)


def playlist_stats(playlist: Path) -> PlaylistStats:
    playlist = Path(playlist)
    segments: list[tuple[str, float]] = []
    pending: float | None = None
    for line in playlist.read_text("utf-8").splitlines():
        line = line.strip()
        if line.startswith("#EXTINF:"):
            pending = float(line[len("#EXTINF:") :].split(",", 1)[0])
        elif line and not line.startswith("#") and pending is not None:
            segments.append((line, pending))
            pending = None
    total_bytes, total_seconds, peak = 0, 0.0, 0
    for name, seconds in segments:
        size = (playlist.parent / name).stat().st_size
        total_bytes += size
        total_seconds += seconds
        peak = max(peak, round(size * 8 / max(seconds, 0.001)))
    average = round(total_bytes * 8 / total_seconds) if total_seconds else 0
    return PlaylistStats(
        segments=[name for name, _ in segments],
        duration=total_seconds,
        total_bytes=total_bytes,
        average_bitrate=average,
        peak_bitrate=peak,
    )


def codecs_of(segment: Path) -> str:
    """RFC 6381 codecs of an MPEG-TS segment we wrote, e.g. "avc1.64001f,mp4a.40.2"."""
    out = subprocess.run(  # noqa: S603 - fixed argv, our own output file
        [
            ffprobe_path(),
            "-v",
            "error",
            "-protocol_whitelist",
            "file",
            "-format_whitelist",
            "mpegts",
            "-show_entries",
            "stream=codec_type,codec_name,profile,level",
            "-of",
            "json",
            "file:" + str(Path(segment).resolve()),
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    codecs = []
    for stream in json.loads(out.stdout or b"{}").get("streams", []):
        if stream.get("codec_name") == "h264":
            profile = _AVC_PROFILES.get(stream.get("profile", ""), "6400")
            codecs.append(f"avc1.{profile}{int(stream.get('level') or 40):02x}")
        elif stream.get("codec_name") == "aac":
            codecs.append(AAC_LC)
    return ",".join(codecs)


@dataclass(frozen=True)
class Variant:
    uri: str
    bandwidth: int
    average_bandwidth: int
    codecs: str
    resolution: tuple[int, int] | None = None
    frame_rate: float | None = None


def write_master_playlist(path: Path, variants: list[Variant]) -> None:
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for variant in sorted(variants, key=lambda v: -v.bandwidth):
        attributes = [f"BANDWIDTH={variant.bandwidth}", f"AVERAGE-BANDWIDTH={variant.average_bandwidth}"]
        if variant.resolution:
            attributes.append(f"RESOLUTION={variant.resolution[0]}x{variant.resolution[1]}")
        if variant.frame_rate:
            attributes.append(f"FRAME-RATE={variant.frame_rate:.3f}")
        if variant.codecs:
            attributes.append(f'CODECS="{variant.codecs}"')
        lines += ["#EXT-X-STREAM-INF:" + ",".join(attributes), variant.uri]
    Path(path).write_text("\n".join(lines) + "\n", "utf-8")
