"""A copy of a video for one viewer, with their name or email burned into the picture.

One ffmpeg run, the ladder's own pieces: the source is decoded once and made constant-rate
exactly as the ladder does (``constant_rate_picture``: same deinterlace, same ``fps``), so every
frame of the copy is the frame of the same number in the team's renders (same count, rate and
first timestamp: comments pinned to frame 1234 point at the same picture). It is scaled to the
ladder's proxy rendition (720p, or the source's size when that is smaller), the text is drawn
on it, and that one x264 encode goes through the tee muxer to a single HLS rendition and, as
the same packets, to ``proxy.mp4`` — the ladder's proxy-from-the-720p-encode trick, so the copy
costs one 720p encode. A poster is taken from the same picture. Audio is kept (AAC, as the
ladder encodes it). No QC filters, no sprite, no waveform: the asset's own render has those.

The text is drawn twice with ``drawtext``: small and clear in the bottom right corner (white,
three quarters opaque, with a dark border so it reads on light and dark pictures alike), and
larger and faint, drifting across the whole frame (bouncing between the edges at different
speeds on each axis), so cropping a corner away does not remove it.

The text reaches drawtext in the filter graph, not through a file: ffmpeg-python escapes an
option value for both levels ffmpeg unescapes (the option's ``\\ ' = :``, then the graph's
``\\ ' [ ] , ;``), and ``expansion=none`` turns off drawtext's own ``%{…}`` and ``\\`` expansion,
so whatever the viewer is called is drawn as it is written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import ffmpeg

from production.media.engine.errors import FontNotFound, UnusableMedia
from production.media.engine.ffmpeg_runner import Progress, run
from production.media.engine.ingest import (
    OutputFile,
    RenditionResult,
    building,
    check_outputs,
    list_outputs,
    write_master,
)
from production.media.engine.input_policy import file_url, input_options
from production.media.engine.ladder import (
    POSTER,
    PROXY,
    EncoderSettings,
    LadderPlan,
    Rendition,
    aac_options,
    checked_out_dir,
    constant_rate_picture,
    encoder_audio,
    plan_ladder,
    playback_tee,
    poster_output,
    scaled_picture,
    x264_options,
)
from production.media.engine.probe import ProbeResult, probe

# Bold sans fonts as Debian (fonts-dejavu-core), Fedora and Arch install them; then whatever
# fontconfig calls "DejaVu Sans:bold" (its nearest sans), if fontconfig is there.
FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
FONT_MISSING = (
    "No font for the watermark was found: install fonts-dejavu-core (apt-get install fonts-dejavu-core) "
    "or point WATERMARK_FONT at a .ttf or .otf file."
)

# The look, as fractions of the picture's short side (so a 9:16 copy gets the same sizes).
CORNER_SIZE = 0.045  # the corner text's height: 32 px on a 720p picture
CORNER_MARGIN = 0.03
CORNER_ALPHA = 0.75
DRIFT_SIZE = 0.08  # the drifting text is larger and faint
DRIFT_ALPHA = 0.25
DRIFT_PERIODS = (23, 13)  # seconds to cross the frame, horizontally and vertically (different: no loop)
# The widest a glyph of DejaVu Sans Bold is on average in running text and e-mail addresses, in
# ems: a long text gets a smaller size so it fits inside the frame.
AVERAGE_ADVANCE = 0.68
MIN_FONT_SIZE = 8


@dataclass(frozen=True)
class WatermarkPlan:
    """What the one ffmpeg run makes. ``ladder`` is the playback ladder cut down to its proxy
    rendition: the same rate, keyframe interval, segment length, deinterlacing and poster time."""

    ladder: LadderPlan
    text: str
    font: Path

    @property
    def rendition(self) -> Rendition:
        return self.ladder.renditions[0]

    @property
    def outputs(self) -> list[str]:
        """Files the ffmpeg run writes (besides the numbered segments)."""
        return [self.rendition.playlist, PROXY, POSTER]


@dataclass(frozen=True)
class WatermarkResult:
    probe: ProbeResult
    plan: WatermarkPlan
    outputs: list[OutputFile]  # master.m3u8, the rendition's playlist and segments, proxy.mp4, poster.jpg
    renditions: list[RenditionResult]
    elapsed: float  # seconds ffmpeg ran
    log_tail: str = field(repr=False, default="")

    def output(self, kind: str) -> OutputFile | None:
        return next((o for o in self.outputs if o.kind == kind), None)


def find_font(preferred: str | os.PathLike | None = None) -> Path:
    """The font file the watermark is drawn with: ``preferred`` when given (it must exist), else
    the first of ``FONT_CANDIDATES``, else fontconfig's match. FontNotFound says what to install."""
    if preferred:
        path = Path(preferred)
        if not path.is_file():
            raise FontNotFound(f"The watermark font {path} does not exist. {FONT_MISSING}")
        return path
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    fc_match = shutil.which("fc-match")
    if fc_match:
        try:
            found = subprocess.run(  # noqa: S603 - fixed argv
                [fc_match, "--format=%{file}", "DejaVu Sans:bold"], capture_output=True, text=True, timeout=10
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and Path(found).is_file() and Path(found).suffix.lower() in (".ttf", ".otf", ".ttc"):
            return Path(found)
    raise FontNotFound(FONT_MISSING)


def plan_watermark(
    info: ProbeResult, *, text: str, font: Path, encoder: EncoderSettings | None = None
) -> WatermarkPlan:
    if not text.strip():
        raise ValueError("A watermark needs some text.")
    if info.media_type != "video":
        raise UnusableMedia("This file has no picture to put a watermark on.")
    ladder = plan_ladder(info, encoder=encoder)
    proxy = next(r for r in ladder.renditions if r.name == ladder.proxy)
    return WatermarkPlan(ladder=replace(ladder, renditions=(proxy,), sprite=None), text=text, font=Path(font))


def _fitting_size(share: float, text: str, width: int, height: int, widest: float) -> int:
    """A font size of ``share`` of the short side, smaller when the text would not fit in
    ``widest`` of the picture's width."""
    size = share * min(width, height)
    fits = widest * width / (AVERAGE_ADVANCE * max(1, len(text)))
    return max(MIN_FONT_SIZE, round(min(size, fits)))


def text_layers(text: str, *, font: Path, width: int, height: int) -> list[dict[str, str | int]]:
    """The ``drawtext`` options of each layer, drawn in order: the faint drifting text, then the
    corner text on top. ``text`` is given as it is; the escaping is ffmpeg-python's (see above)."""
    common = {"fontfile": str(font), "text": text, "expansion": "none", "borderw": 2}
    short = min(width, height)
    margin = max(4, round(CORNER_MARGIN * short))
    across, down = DRIFT_PERIODS
    return [
        {
            **common,
            "fontsize": _fitting_size(DRIFT_SIZE, text, width, height, 0.95),
            "fontcolor": f"white@{DRIFT_ALPHA}",
            "bordercolor": f"black@{DRIFT_ALPHA}",
            # a triangle wave over each axis: from one edge to the other and back
            "x": f"(w-tw)*abs(mod(t/{across},2)-1)",
            "y": f"(h-th)*abs(mod(t/{down}+0.5,2)-1)",
        },
        {
            **common,
            "fontsize": _fitting_size(CORNER_SIZE, text, width, height, 0.92),
            "fontcolor": f"white@{CORNER_ALPHA}",
            "bordercolor": f"black@{min(1.0, CORNER_ALPHA + 0.1):g}",
            "x": f"w-tw-{margin}",
            "y": f"h-th-{margin}",
        },
    ]


def burn_in(video, text: str, *, font: Path, width: int, height: int):
    """``video`` (a ``width`` x ``height`` picture) with ``text`` drawn on it."""
    for layer in text_layers(text, font=font, width=width, height=height):
        video = video.filter("drawtext", **layer)
    return video


def watermark_command(src: Path, out_dir: Path, plan: WatermarkPlan) -> list[str]:
    """argv (starting with "ffmpeg") that writes ``plan.outputs`` into ``out_dir`` (absolute paths)."""
    out_dir = checked_out_dir(out_dir)
    ladder, rendition = plan.ladder, plan.rendition
    source = ffmpeg.input(file_url(src), **input_options())
    picture = scaled_picture(constant_rate_picture(source["v:0"], ladder), rendition)
    picture = burn_in(picture, plan.text, font=plan.font, width=rendition.width, height=rendition.height)
    split = picture.filter_multi_output("split")
    streams = [split[0]]
    out_options: dict[str, str | int] = {**x264_options(ladder), "f": "tee"}
    if ladder.has_audio:
        streams.append(encoder_audio(source["a:0"]))
        out_options.update(aac_options(ladder))
    encode = ffmpeg.output(*streams, playback_tee(ladder, out_dir), **out_options)
    return ffmpeg.merge_outputs(encode, poster_output(split[1], ladder, out_dir)).global_args("-y").compile()


def watermark(
    src: Path,
    out_dir: Path,
    *,
    text: str,
    on_progress: Callable[[Progress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    time_limit: float,
    log_path: Path,
    font: str | os.PathLike | None = None,
    probe_result: ProbeResult | None = None,
    encoder: EncoderSettings | None = None,
    progress_interval: float = 2.0,
) -> WatermarkResult:
    """Probe ``src`` (unless ``probe_result`` is given), make the watermarked copy (``master.m3u8``
    over one rendition, ``proxy.mp4``, ``poster.jpg``) and move it into ``out_dir``, all or nothing.

    Raises UnusableMedia (no picture, or a file ffprobe refuses), FontNotFound, RenderCancelled,
    RenderTimeout, FfmpegFailed. ``log_path`` must lie outside ``out_dir``.
    """
    src, out_dir = Path(src), Path(out_dir)
    info = probe_result or probe(src)
    if not info.usable:
        raise UnusableMedia(info.unusable_reason)
    plan = plan_watermark(info, text=text, font=find_font(font), encoder=encoder)
    with building(out_dir) as work:
        result = run(
            watermark_command(src, work, plan),
            on_progress=on_progress,
            should_cancel=should_cancel,
            time_limit=time_limit,
            log_path=log_path,
            duration=plan.ladder.duration,
            progress_interval=progress_interval,
        )
        check_outputs(work, plan.outputs, Path(log_path), result.log_tail)
        renditions = write_master(work, plan.ladder)
        outputs = list_outputs(work)
    return WatermarkResult(
        probe=info, plan=plan, outputs=outputs, renditions=renditions, elapsed=result.elapsed, log_tail=result.log_tail
    )
