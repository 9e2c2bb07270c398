"""Everything an upload becomes, in one call: probe, one ffmpeg run, then the small files we write.

Outputs are made in a hidden sibling of ``out_dir`` and moved into place only when everything
succeeded; a cancel, a timeout or a failure leaves ``out_dir`` as it was and no partial files.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from production.media.engine import hls
from production.media.engine.errors import FfmpegFailed, UnusableMedia
from production.media.engine.ffmpeg_runner import Progress, run
from production.media.engine.ladder import (
    AUDIO_RENDITION,
    MASTER,
    POSTER,
    PROXY,
    SPRITE,
    THUMBS_VTT,
    WAVEFORM_JSON,
    WAVEFORM_PCM,
    WAVEFORM_SAMPLE_RATE,
    EncoderSettings,
    LadderPlan,
    SpritePlan,
    ladder_command,
    plan_ladder,
    sprite_command,
    thumbnail_names,
)
from production.media.engine.probe import ProbeResult, probe
from production.media.engine.qc import Finding, Loudness, QcReport, parse_qc
from production.media.engine.thumbnails import write_thumbnails_vtt
from production.media.engine.waveform import write_waveform_json

# Lines ffmpeg logs when an output went wrong but the exit status stays 0 (hls, tee slaves).
_SILENT_FAILURES = re.compile(r"Failed to open file|Error writing trailer|error writing header|Slave muxer #\d+ failed")

_KINDS = {
    MASTER: ("hls_master", "application/vnd.apple.mpegurl"),
    PROXY: ("proxy", "video/mp4"),
    POSTER: ("poster", "image/jpeg"),
    SPRITE: ("sprite", "image/jpeg"),
    THUMBS_VTT: ("thumbnails_vtt", "text/vtt"),
    WAVEFORM_JSON: ("waveform", "application/json"),
}


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to out_dir, "/"-separated
    kind: str  # hls_master | hls_playlist | hls_segment | proxy | poster | sprite | thumbnails_vtt | waveform
    size: int
    content_type: str


@dataclass(frozen=True)
class RenditionResult:
    name: str  # "720p", or "audio"
    playlist: str
    width: int | None
    height: int | None
    bitrate: int  # average bit/s, measured from the segments
    peak_bitrate: int  # the densest segment's bit/s (the master playlist's BANDWIDTH)
    codecs: str
    segments: int


@dataclass(frozen=True)
class IngestResult:
    probe: ProbeResult
    plan: LadderPlan
    outputs: list[OutputFile]
    renditions: list[RenditionResult]
    qc: QcReport
    elapsed: float  # seconds ffmpeg ran
    log_tail: str = field(repr=False, default="")

    @property
    def findings(self) -> list[Finding]:
        return self.qc.findings

    @property
    def loudness(self) -> Loudness | None:
        return self.qc.loudness

    def output(self, kind: str) -> OutputFile | None:
        return next((o for o in self.outputs if o.kind == kind), None)


def ingest(
    src: Path,
    out_dir: Path,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    time_limit: float,
    log_path: Path,
    probe_result: ProbeResult | None = None,
    encoder: EncoderSettings | None = None,
    progress_interval: float = 2.0,
) -> IngestResult:
    """Probe ``src`` (unless ``probe_result`` is given), make every output, move them into ``out_dir``.

    Raises UnusableMedia (with the sentence for the user), RenderCancelled, RenderTimeout, FfmpegFailed.
    ``log_path`` must lie outside ``out_dir``: it is kept whatever happens.
    """
    src, out_dir = Path(src), Path(out_dir)
    info = probe_result or probe(src)
    if not info.usable:
        raise UnusableMedia(info.unusable_reason)
    plan = plan_ladder(info, encoder=encoder)
    with building(out_dir) as work:
        result = run(
            ladder_command(src, work, plan),
            on_progress=on_progress,
            should_cancel=should_cancel,
            time_limit=time_limit,
            log_path=log_path,
            duration=plan.duration,
            progress_interval=progress_interval,
        )
        check_outputs(work, plan.outputs, Path(log_path), result.log_tail)
        if plan.sprite is not None:
            _make_sprite(
                work,
                plan.sprite,
                should_cancel=should_cancel,
                time_limit=max(1.0, time_limit - result.elapsed),
            )
        renditions = _finish(work, plan)
        qc = parse_qc(Path(log_path), duration=plan.duration)
        outputs = list_outputs(work)
    return IngestResult(
        probe=info,
        plan=plan,
        outputs=outputs,
        renditions=renditions,
        qc=qc,
        elapsed=result.elapsed,
        log_tail=result.log_tail,
    )


@contextlib.contextmanager
def building(out_dir: Path) -> Iterator[Path]:
    """A fresh hidden sibling of ``out_dir`` to make the outputs in; moved into place as
    ``out_dir`` when the block ends well, removed (and ``out_dir`` left as it was) when it raises."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = out_dir.parent / f".{out_dir.name}.partial-{secrets.token_hex(4)}"
    work.mkdir()
    try:
        yield work
        _move_into_place(work, out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def check_outputs(work: Path, expected: list[str], log_path: Path, log_tail: str) -> None:
    """Fail when ffmpeg logged an output it could not write (its exit status stays 0 for those),
    or finished without writing one of ``expected``."""
    with log_path.open("r", encoding="utf-8", errors="replace") as log:
        for line in log:
            if _SILENT_FAILURES.search(line):
                raise FfmpegFailed(
                    f"ffmpeg could not write an output: {line.strip()[:200]}", returncode=0, log_tail=log_tail
                )
    for name in expected:
        path = work / name
        if not path.is_file() or path.stat().st_size == 0:
            raise FfmpegFailed(f"ffmpeg finished without writing {name}.", returncode=0, log_tail=log_tail)


def _make_sprite(
    work: Path, sprite: SpritePlan, *, should_cancel: Callable[[], bool] | None, time_limit: float
) -> None:
    """Tile the thumbnails the ladder wrote into the sprite sheet, then remove them (and the
    short run's log: a failure carries its tail)."""
    log_path = work / ".sprite.log"
    thumbs = [work / name for name in thumbnail_names(sprite)]
    if not thumbs[0].is_file():
        raise FfmpegFailed("ffmpeg finished without writing the scrub thumbnails.", returncode=0, log_tail="")
    result = run(
        sprite_command(work, sprite),
        on_progress=None,
        should_cancel=should_cancel,
        time_limit=time_limit,
        log_path=log_path,
        duration=None,
    )
    sheet = work / SPRITE
    if not sheet.is_file() or sheet.stat().st_size == 0:
        raise FfmpegFailed(f"ffmpeg finished without writing {SPRITE}.", returncode=0, log_tail=result.log_tail)
    for thumb in work.glob("thumb_*.jpg"):
        thumb.unlink()
    log_path.unlink()


def _finish(work: Path, plan: LadderPlan) -> list[RenditionResult]:
    """Write master.m3u8, thumbs.vtt and waveform.json; measure the renditions."""
    renditions = write_master(work, plan)
    if plan.sprite is not None:
        write_thumbnails_vtt(work / THUMBS_VTT, plan.sprite, plan.duration)
    if plan.has_audio:
        write_waveform_json(work / WAVEFORM_PCM, work / WAVEFORM_JSON, sample_rate=WAVEFORM_SAMPLE_RATE)
        (work / WAVEFORM_PCM).unlink()
    return renditions


def write_master(work: Path, plan: LadderPlan) -> list[RenditionResult]:
    """Measure each rendition's playlist and write ``master.m3u8`` over them."""
    renditions: list[RenditionResult] = []
    variants: list[hls.Variant] = []
    sources = [(r.name, r.playlist, r.width, r.height) for r in plan.renditions] or [
        (AUDIO_RENDITION, f"{AUDIO_RENDITION}.m3u8", None, None)
    ]
    fps = plan.frame_rate[0] / plan.frame_rate[1] if plan.frame_rate else None
    for name, playlist, width, height in sources:
        stats = hls.playlist_stats(work / playlist)
        if not stats.segments:
            raise FfmpegFailed(f"The {name} playlist has no segments.", returncode=0, log_tail="")
        codecs = hls.codecs_of(work / stats.segments[0])
        renditions.append(
            RenditionResult(
                name=name,
                playlist=playlist,
                width=width,
                height=height,
                bitrate=stats.average_bitrate,
                peak_bitrate=stats.peak_bitrate,
                codecs=codecs,
                segments=len(stats.segments),
            )
        )
        variants.append(
            hls.Variant(
                uri=playlist,
                bandwidth=stats.peak_bitrate,
                average_bandwidth=stats.average_bitrate,
                codecs=codecs,
                resolution=(width, height) if width and height else None,
                frame_rate=fps if width else None,
            )
        )
    hls.write_master_playlist(work / MASTER, variants)
    return renditions


def list_outputs(work: Path) -> list[OutputFile]:
    """Every file in ``work``, with its kind (what ``Render.outputs`` lists) and content type."""
    outputs = []
    for path in sorted(p for p in work.rglob("*") if p.is_file()):
        relative = path.relative_to(work).as_posix()
        if relative in _KINDS:
            kind, content_type = _KINDS[relative]
        elif relative.endswith(".m3u8"):
            kind, content_type = "hls_playlist", "application/vnd.apple.mpegurl"
        elif relative.endswith(".ts"):
            kind, content_type = "hls_segment", "video/mp2t"
        else:
            kind, content_type = "other", "application/octet-stream"
        outputs.append(OutputFile(path=relative, kind=kind, size=path.stat().st_size, content_type=content_type))
    return outputs


def _move_into_place(work: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``work`` with renames only (same parent, so same filesystem)."""
    if out_dir.exists():
        old = out_dir.parent / f".{out_dir.name}.old-{secrets.token_hex(4)}"
        os.replace(out_dir, old)
        try:
            os.replace(work, out_dir)
        except BaseException:
            os.replace(old, out_dir)
            raise
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
    else:
        os.replace(work, out_dir)
