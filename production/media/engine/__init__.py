"""Reelflow's media engine: ffprobe/ffmpeg behind a small Python API, with no Django imports.

- :func:`probe` — what an upload is, or a plain sentence saying why we cannot use it;
- :func:`ingest` — the whole ladder (HLS renditions, MP4 proxy, poster, sprite + VTT,
  waveform, QC) from one decode, written atomically into a directory;
- :func:`watermark` — a viewer's copy with their name burned in (one 720p HLS rendition, MP4
  proxy, poster), frame for frame the ladder's picture;
- :func:`variant` — a platform variant of a master (:class:`VariantPlan`: reframed by crop or
  blurred pad, trimmed, captioned, with a logo and an end card, loudness-normalized in two
  passes) as one MP4 and a poster;
- :func:`run` — the one ffmpeg runner (process group, progress, log, cancel, time limit).
"""

from production.media.engine.binaries import ffmpeg_info, ffmpeg_path, ffprobe_path
from production.media.engine.errors import (
    FfmpegFailed,
    FfmpegNotFound,
    FontNotFound,
    MediaError,
    ProbeFailed,
    RenderCancelled,
    RenderTimeout,
    UnusableMedia,
    VariantRefused,
)
from production.media.engine.ffmpeg_runner import Progress, RunResult, run
from production.media.engine.ingest import IngestResult, OutputFile, RenditionResult, ingest
from production.media.engine.ladder import (
    EncoderSettings,
    LadderPlan,
    Rendition,
    SpritePlan,
    ladder_command,
    plan_ladder,
)
from production.media.engine.probe import ProbeResult, probe
from production.media.engine.qc import Finding, Loudness, QcReport, parse_qc
from production.media.engine.variant import (
    Caption,
    EndCard,
    Logo,
    LoudnessTarget,
    Measured,
    VariantLayout,
    VariantPlan,
    VariantResult,
    variant,
)
from production.media.engine.watermark import WatermarkPlan, WatermarkResult, find_font, watermark

__all__ = [
    "Caption",
    "EncoderSettings",
    "EndCard",
    "FfmpegFailed",
    "FfmpegNotFound",
    "Finding",
    "FontNotFound",
    "IngestResult",
    "LadderPlan",
    "Logo",
    "Loudness",
    "LoudnessTarget",
    "Measured",
    "MediaError",
    "OutputFile",
    "ProbeFailed",
    "ProbeResult",
    "Progress",
    "QcReport",
    "RenderCancelled",
    "RenderTimeout",
    "Rendition",
    "RenditionResult",
    "RunResult",
    "SpritePlan",
    "UnusableMedia",
    "VariantLayout",
    "VariantPlan",
    "VariantRefused",
    "VariantResult",
    "WatermarkPlan",
    "WatermarkResult",
    "ffmpeg_info",
    "ffmpeg_path",
    "ffprobe_path",
    "find_font",
    "ingest",
    "ladder_command",
    "parse_qc",
    "plan_ladder",
    "probe",
    "run",
    "variant",
    "watermark",
]
