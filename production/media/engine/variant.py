"""A platform variant of a master: reframed, trimmed, captioned, branded, loudness-normalized.

What to make is a :class:`VariantPlan` (the caller's choices, checked by ``problems()``);
:func:`variant` resolves it against the source's probe into a :class:`VariantLayout` (frame
numbers, crop and picture boxes, durations, rates) and makes one ``variant.mp4`` and a
``poster.jpg`` in two ffmpeg runs through the one runner:

1. **measure**: the trimmed sound through ``loudnorm`` (``print_format=json``), audio only;
2. **encode**: everything, with ``loudnorm`` given the measured values and ``linear=true``
   (EBU R128's two-pass normalization: a single gain, no pumping, when the target allows it).

Progress is one 0-100 figure over both runs (the measure is about a tenth of the work), cancel
and the time limit hold across both, and the outputs move into ``out_dir`` only when all went
well (``ingest.building``).

The picture: the source is made constant-rate exactly as the ladder does
(``ladder.constant_rate_picture``), so frame N of the source here is the team's frame N; the
trim cuts whole frames of that rate (``trim=start_frame:end_frame``) and the sound is cut at the
same instants. Then the rate cap (an integer fraction of the source rate: 59.94 → 29.97), the
reframe — a **crop** of the target's aspect at full height (or width) whose offset over the free
width may move over time (keyframes, linearly interpolated in crop's ``x`` expression: a sum of
clipped ramps, made only of numbers we format), or a **pad** where the whole picture, scaled to
fit, sits centred over a blurred copy of itself scaled to fill —, the logo, the end card
(concatenated, with silence), and the captions and the call to action, both drawn by libass
from one ASS file written here (``subtitles`` filter; see :func:`ass_text` for the escaping).

All times a caller gives (trim, crop keyframes, captions) are on the **source's** timeline, as a
transcript or the review player reads them; the engine shifts them to the variant's.

Encoding: H.264 High, yuv420p, closed GOPs of ``keyframe_seconds``, CRF with a maxrate by size,
AAC-LC 48 kHz stereo, ``+faststart`` (the index before the media data), no source metadata.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

import ffmpeg

from production.media.engine.errors import (
    FfmpegFailed,
    FontNotFound,
    RenderCancelled,
    RenderTimeout,
    UnusableMedia,
    VariantRefused,
)
from production.media.engine.ffmpeg_runner import Progress, run
from production.media.engine.ingest import OutputFile, RenditionResult, building, check_outputs
from production.media.engine.input_policy import file_url, input_options
from production.media.engine.ladder import (
    AUDIO_SAMPLE_RATE,
    EncoderSettings,
    LadderPlan,
    checked_out_dir,
    constant_rate_picture,
    even,
    plan_ladder,
)
from production.media.engine.probe import STILL_IMAGE, ProbeResult, probe
from production.media.engine.watermark import find_font

VIDEO, POSTER = "variant.mp4", "poster.jpg"
FITS = ("crop", "pad_blur")
CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
TRIM_UNITS = ("seconds", "frames")
MEASURE_SHARE = 10.0  # of the overall 100 %: the measuring run is audio only, a small part of the work

# Limits of what a plan may ask (the spec's validation says them in its messages).
MIN_SIDE, MAX_SIDE = 64, 4096
MAX_KEYFRAMES = 200
MAX_CUES = 5000
MAX_CUE_CHARS = 300
MAX_CTA_CHARS = 120
END_CARD_SECONDS = (0.5, 15.0)
LOUDNESS_I = (-70.0, -5.0)
LOUDNESS_TP = (-9.0, 0.0)
LOUDNESS_LRA = (1.0, 50.0)  # loudnorm's own range (1-50: 0 is refused)
FPS_CAP = (1.0, 120.0)
KEYFRAME_SECONDS = (0.2, 10.0)
VIDEO_KBPS = (200, 100_000)

# The look, as fractions of the picture (so a 9:16 and a 16:9 variant read alike).
CAPTION_SIZE = 0.055  # of the short side: 59 px on 1080x1920
CTA_SIZE = 0.075
CAPTION_SIDE_MARGIN = 0.07  # of the width, each side (libass wraps inside it)
CAPTION_MARGIN_PORTRAIT = 0.2  # of the height, from the bottom: above the platforms' own buttons
CAPTION_MARGIN_LANDSCAPE = 0.08
CAPTION_BOX_ALPHA = 0x50  # ASS alpha (00 opaque .. FF clear) of the box behind caption lines
POSTER_MAX_SHORT_SIDE = 720
BLUR_SCALE = 8  # the blurred background is made at 1/8 of the size, then scaled up (cheap, smooth)
AUDIO_KBPS = 192
CRF = 20  # a delivery file, encoded again by the platform: a little better than the ladder's 23


# --- what the caller asks --------------------------------------------------------------------


@dataclass(frozen=True)
class Caption:
    start: float  # seconds on the source's timeline
    end: float
    text: str


@dataclass(frozen=True)
class Logo:
    path: str  # an image file (PNG with transparency, JPEG, WebP)
    corner: str = "top-right"
    width: float = 0.15  # of the variant's width
    margin: float = 0.04  # of the short side
    opacity: float = 0.85


@dataclass(frozen=True)
class EndCard:
    seconds: float = 3.0
    color: str = "#000000"  # the card's background, #RRGGBB
    image: str | None = None  # a still, scaled to fit over the colour
    text: str = ""  # a call to action, centred
    text_color: str = "#FFFFFF"


@dataclass(frozen=True)
class LoudnessTarget:
    integrated: float = -14.0  # LUFS
    true_peak: float = -1.0  # dBTP
    lra: float = 11.0  # LU


@dataclass(frozen=True)
class VariantPlan:
    """What a variant is: its size (and so its aspect), how the picture is fitted into it, the
    part of the source it keeps, what is drawn on it, what follows it and how loud it is."""

    width: int
    height: int
    fit: str = "crop"
    offsets: tuple[tuple[float, float], ...] = ((0.0, 0.5),)  # (source seconds, 0-1 of the free width)
    trim_in: float | None = None
    trim_out: float | None = None
    trim_unit: str = "seconds"
    captions: tuple[Caption, ...] = ()
    caption_margin: float | None = None  # of the height from the bottom; None: by the shape
    logo: Logo | None = None
    end_card: EndCard | None = None
    loudness: LoudnessTarget | None = field(default_factory=LoudnessTarget)  # None: the level is left alone
    max_fps: float = 60.0
    keyframe_seconds: float = 2.0
    max_video_kbps: int | None = None

    def problems(self) -> dict[str, str]:
        """Every problem at once, by field ("trim_out", "offsets.2", "captions.0.end"); empty when fine."""
        out: dict[str, str] = {}
        for name in ("width", "height"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not MIN_SIDE <= value <= MAX_SIDE:
                out[name] = f"The {name} must be a whole number of pixels from {MIN_SIDE} to {MAX_SIDE}."
            elif value % 2:
                out[name] = f"The {name} must be even (H.264 in 4:2:0 needs even sizes); {value} is odd."
        if self.fit not in FITS:
            out["fit"] = f"The fit must be one of {', '.join(FITS)}."
        if not self.offsets:
            out["offsets"] = "Give at least one crop offset (0 is the left edge, 1 the right)."
        elif len(self.offsets) > MAX_KEYFRAMES:
            out["offsets"] = f"At most {MAX_KEYFRAMES} crop keyframes."
        previous = None
        for index, pair in enumerate(self.offsets[:MAX_KEYFRAMES]):
            at, offset = pair
            if not _finite(at) or at < 0:
                out[f"offsets.{index}"] = "A keyframe's time must be a number of seconds, 0 or more."
            elif not _finite(offset) or not 0 <= offset <= 1:
                out[f"offsets.{index}"] = "A crop offset must be from 0 (left edge) to 1 (right edge)."
            elif previous is not None and at <= previous:
                out[f"offsets.{index}"] = "Keyframes must be in order of time, each later than the one before."
            previous = at if _finite(at) else previous
        if self.trim_unit not in TRIM_UNITS:
            out["trim_unit"] = f"The trim unit must be one of {', '.join(TRIM_UNITS)}."
        for name in ("trim_in", "trim_out"):
            value = getattr(self, name)
            if value is None:
                continue
            if not _finite(value) or value < 0:
                out[name] = "A trim point must be a number, 0 or more."
            elif self.trim_unit == "frames" and float(value) != int(value):
                out[name] = "A trim point in frames must be a whole number."
        if (
            "trim_in" not in out
            and "trim_out" not in out
            and self.trim_in is not None
            and self.trim_out is not None
            and self.trim_out <= self.trim_in
        ):
            out["trim_out"] = "The out point must come after the in point."
        if len(self.captions) > MAX_CUES:
            out["captions"] = f"At most {MAX_CUES} captions."
        for index, cue in enumerate(self.captions[:MAX_CUES]):
            if not (_finite(cue.start) and _finite(cue.end)) or cue.start < 0:
                out[f"captions.{index}"] = "A caption's start and end must be numbers of seconds, 0 or more."
            elif cue.end <= cue.start:
                out[f"captions.{index}"] = "A caption must end after it starts."
            elif not caption_text(cue.text):
                out[f"captions.{index}"] = "A caption needs some text."
            elif len(caption_text(cue.text)) > MAX_CUE_CHARS:
                out[f"captions.{index}"] = f"A caption is at most {MAX_CUE_CHARS} characters."
        if self.caption_margin is not None and not (_finite(self.caption_margin) and 0 <= self.caption_margin <= 0.5):
            out["caption_margin"] = "The caption margin is a share of the height from 0 to 0.5."
        if self.logo is not None:
            logo = self.logo
            if not logo.path:
                out["logo.path"] = "The logo needs an image file."
            if logo.corner not in CORNERS:
                out["logo.corner"] = f"The logo's corner must be one of {', '.join(CORNERS)}."
            if not (_finite(logo.width) and 0.02 <= logo.width <= 0.5):
                out["logo.width"] = "The logo's width is a share of the picture's width from 0.02 to 0.5."
            if not (_finite(logo.margin) and 0 <= logo.margin <= 0.25):
                out["logo.margin"] = "The logo's margin is a share of the short side from 0 to 0.25."
            if not (_finite(logo.opacity) and 0.05 <= logo.opacity <= 1):
                out["logo.opacity"] = "The logo's opacity must be from 0.05 to 1."
        if self.end_card is not None:
            card = self.end_card
            low, high = END_CARD_SECONDS
            if not (_finite(card.seconds) and low <= card.seconds <= high):
                out["end_card.seconds"] = f"An end card lasts from {low:g} to {high:g} seconds."
            for name in ("color", "text_color"):
                if not _COLOR.fullmatch(str(getattr(card, name))):
                    out[f"end_card.{name}"] = "A colour is written #RRGGBB (for example #1A2B3C)."
            if len(caption_text(card.text)) > MAX_CTA_CHARS:
                out["end_card.text"] = f"The call to action is at most {MAX_CTA_CHARS} characters."
        if self.loudness is not None:
            for name, (low, high), unit in (
                ("integrated", LOUDNESS_I, "LUFS"),
                ("true_peak", LOUDNESS_TP, "dBTP"),
                ("lra", LOUDNESS_LRA, "LU"),
            ):
                value = getattr(self.loudness, name)
                if not (_finite(value) and low <= value <= high):
                    out[f"loudness.{name}"] = f"The loudness target's {name} must be from {low:g} to {high:g} {unit}."
        if not (_finite(self.max_fps) and FPS_CAP[0] <= self.max_fps <= FPS_CAP[1]):
            out["max_fps"] = f"The frame rate cap must be from {FPS_CAP[0]:g} to {FPS_CAP[1]:g} frames per second."
        if not (_finite(self.keyframe_seconds) and KEYFRAME_SECONDS[0] <= self.keyframe_seconds <= KEYFRAME_SECONDS[1]):
            out["keyframe_seconds"] = (
                f"The keyframe interval must be from {KEYFRAME_SECONDS[0]:g} to {KEYFRAME_SECONDS[1]:g} seconds."
            )
        if self.max_video_kbps is not None and not (
            isinstance(self.max_video_kbps, int) and VIDEO_KBPS[0] <= self.max_video_kbps <= VIDEO_KBPS[1]
        ):
            out["max_video_kbps"] = f"The video bitrate cap must be from {VIDEO_KBPS[0]} to {VIDEO_KBPS[1]} kbit/s."
        return out


_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


def _finite(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# --- what it becomes for one source ------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class VariantLayout:
    """The plan resolved against the source: whole frames, boxes in pixels, durations."""

    ladder: LadderPlan  # the source's constant-rate picture (rate, deinterlace), as the ladder makes it
    source_size: tuple[int, int]  # square-pixel size as shown
    source_rate: Fraction
    rate: Fraction  # the variant's rate: the source's, or an integer fraction of it under the cap
    first_frame: int  # of the source, kept
    end_frame: int  # of the source, the first one not kept
    lead: float  # seconds from the file's start to its first picture (the sound is cut to match)
    crop: Box | None  # the part of the source kept (fit "crop"); x is the offset's 0 position
    free: int  # pixels the crop may move over (along its free axis)
    free_axis: str  # "x" | "y"
    picture: Box | None  # where the whole picture sits (fit "pad_blur")
    card_frames: int
    gop: int
    maxrate_kbps: int
    has_audio: bool
    seek_frame: int = 0  # the frame the input is sought to (0: read from the start; see ``_seek_frame``)

    @property
    def frames(self) -> int:
        """Frames of the source the variant keeps (before a rate cap)."""
        return self.end_frame - self.first_frame

    @property
    def main_seconds(self) -> float:
        return float(self.frames / self.source_rate)

    @property
    def card_seconds(self) -> float:
        return float(self.card_frames / self.rate)

    @property
    def duration(self) -> float:
        return self.main_seconds + self.card_seconds

    @property
    def start_seconds(self) -> float:
        """Where the kept part starts on the source's timeline."""
        return float(self.first_frame / self.source_rate)


def _display_size(info: ProbeResult) -> tuple[int, int]:
    num, den = info.sample_aspect_ratio
    width, height = info.width or 2, info.height or 2
    if num > 0 and den > 0 and num != den:
        if info.rotation in (90, 270):
            height = height * num / den
        else:
            width = width * num / den
    return even(width), even(height)


def _variant_rate(source: Fraction, cap: float) -> Fraction:
    """The source's rate, or the smallest integer fraction of it under ``cap`` (59.94 → 29.97)."""
    if source <= Fraction(cap).limit_denominator(1001):
        return source
    return source / math.ceil(source / Fraction(cap).limit_denominator(1001))


def _to_frame(value: float, unit: str, rate: Fraction) -> int:
    if unit == "frames":
        return int(value)
    return math.floor(Fraction(value).limit_denominator(1_000_000) * rate + Fraction(1, 2))  # nearest frame


def _video_seconds(info: ProbeResult) -> float:
    """How long the picture lasts (its stream's duration: the file's may be its sound's, longer)."""
    try:
        video = next(s for s in (info.raw or {}).get("streams") or [] if s.get("codec_type") == "video")
        seconds = float(video.get("duration") or 0)
    except (StopIteration, TypeError, ValueError):
        seconds = 0.0
    return seconds if 0 < seconds <= (info.duration or math.inf) + 1 else float(info.duration)


def _lead(info: ProbeResult) -> float:
    """Seconds between the file's start and its first video frame (ffmpeg starts the outputs there)."""
    raw = info.raw or {}
    try:
        start = float((raw.get("format") or {}).get("start_time") or 0)
        video = next(s for s in raw.get("streams") or [] if s.get("codec_type") == "video")
        return min(1.0, max(0.0, float(video.get("start_time") or start) - start))
    except (StopIteration, TypeError, ValueError):
        return 0.0


# A trim that starts late in a long master does not decode everything before it: the input is
# sought to a frame SEEK_MARGIN seconds before the in point (half a frame before it, so rounding of
# timestamps cannot drop or keep a frame wrongly: ffmpeg's exact seek drops every frame before
# that instant), and the frames are counted from there. Not for variable-rate sources, whose
# constant-rate frames the ladder numbers from the start.
SEEK_AFTER = 10.0  # seconds into the source before seeking pays
SEEK_MARGIN = 2.0


def _seek_frame(info: ProbeResult, first: int, rate: Fraction) -> int:
    if info.variable_frame_rate or first < SEEK_AFTER * rate:
        return 0
    return max(0, first - math.ceil(SEEK_MARGIN * rate))


def plan_variant(info: ProbeResult, plan: VariantPlan, *, encoder: EncoderSettings | None = None) -> VariantLayout:
    """Resolve ``plan`` for the source ``info`` describes. VariantRefused (a ValueError, with every
    problem) for a plan that cannot be made of this source; UnusableMedia for one with no picture."""
    problems = plan.problems()
    if problems:
        raise VariantRefused(" ".join(problems.values()))
    if info.media_type != "video":
        raise UnusableMedia("This file has no picture to make a variant of.")
    ladder = plan_ladder(info, encoder=encoder)
    rate = Fraction(*ladder.frame_rate)
    seconds = _video_seconds(info)
    total = max(1, math.floor(Fraction(seconds).limit_denominator(1_000_000) * rate + Fraction(1, 2)))
    first = _to_frame(plan.trim_in, plan.trim_unit, rate) if plan.trim_in is not None else 0
    end = _to_frame(plan.trim_out, plan.trim_unit, rate) if plan.trim_out is not None else total
    length = f"{seconds:.2f} s, {total} frames"
    if first >= total:
        raise VariantRefused(f"The in point is past the end of the source ({length}).")
    if end > total:
        raise VariantRefused(f"The out point is past the end of the source ({length}).")
    if end <= first:
        raise VariantRefused("The out point must come after the in point, at least one frame later.")
    out_rate = _variant_rate(rate, plan.max_fps)
    sw, sh = _display_size(info)
    crop = picture = None
    free, axis = 0, "x"
    if plan.fit == "crop":
        if sw * plan.height >= sh * plan.width:  # the source is wider: keep the full height
            cw, ch = min(sw, even(sh * plan.width / plan.height)), sh
            free, axis = sw - cw, "x"
        else:  # the source is taller: keep the full width, the offset runs down
            cw, ch = sw, min(sh, even(sw * plan.height / plan.width))
            free, axis = sh - ch, "y"
        crop = Box(0, 0, cw, ch)
    else:
        scale = min(plan.width / sw, plan.height / sh)
        pw, ph = min(plan.width, even(sw * scale)), min(plan.height, even(sh * scale))
        picture = Box((plan.width - pw) // 2, (plan.height - ph) // 2, pw, ph)
    card_frames = (
        max(1, math.floor(Fraction(plan.end_card.seconds).limit_denominator(1000) * out_rate + Fraction(1, 2)))
        if plan.end_card
        else 0
    )
    short = min(plan.width, plan.height)
    maxrate = 12000 if short >= 1080 else 7500 if short >= 720 else 4000 if short >= 480 else 2000
    if plan.max_video_kbps:
        maxrate = min(maxrate, plan.max_video_kbps)
    return VariantLayout(
        ladder=ladder,
        source_size=(sw, sh),
        source_rate=rate,
        rate=out_rate,
        first_frame=first,
        end_frame=end,
        lead=float(round(_lead(info) * rate) / rate),
        seek_frame=_seek_frame(info, first, rate),
        crop=crop,
        free=free,
        free_axis=axis,
        picture=picture,
        card_frames=card_frames,
        gop=max(1, round(out_rate * Fraction(plan.keyframe_seconds).limit_denominator(1000))),
        maxrate_kbps=maxrate,
        has_audio=info.has_audio,
    )


# --- the crop's moving offset ------------------------------------------------------------------


def _num(value: float) -> str:
    """A number as ffmpeg's expression parser reads it: fixed point, never an exponent or nan."""
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def offset_expression(keyframes: list[tuple[float, float]]) -> str:
    """The offset (0-1) at time ``t`` as an ffmpeg expression: the first keyframe's value, plus
    for each following keyframe a ramp clipped to [0, 1] over its segment. Before the first key
    and after the last the offset holds. Only numbers we format go in (nothing a caller wrote)."""
    keyframes = sorted(keyframes)
    terms = [_num(keyframes[0][1])]
    for (t0, o0), (t1, o1) in itertools.pairwise(keyframes):
        if o1 == o0:
            continue
        terms.append(f"({_num(o1 - o0)})*clip((t-({_num(t0)}))/{_num(t1 - t0)},0,1)")
    return "+".join(terms)


def offset_at(keyframes: list[tuple[float, float]], t: float) -> float:
    """The same offset computed in Python (for tests and previews)."""
    keyframes = sorted(keyframes)
    value = keyframes[0][1]
    for (t0, o0), (t1, o1) in itertools.pairwise(keyframes):
        value += (o1 - o0) * min(1.0, max(0.0, (t - t0) / (t1 - t0)))
    return value


def crop_keyframes(plan: VariantPlan, layout: VariantLayout) -> list[tuple[float, float]]:
    """The plan's keyframes on the variant's timeline (source time less the in point)."""
    return [(at - layout.start_seconds, offset) for at, offset in plan.offsets]


# --- captions and the call to action, as ASS -------------------------------------------------

_DROPPED = {"Cc", "Cs", "Cf"}
_KEPT_FORMAT = {"\u200d", "\u200c"}  # joiners some scripts need


def caption_text(text: str) -> str:
    """A cue's text as it is drawn: NFC, line breaks kept (at most two in a row become one),
    other control and format characters (bidirectional overrides…) dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        line = "".join(
            " " if c.isspace() else c
            for c in line
            if c.isspace() or c in _KEPT_FORMAT or unicodedata.category(c) not in _DROPPED
        )
        line = " ".join(line.split())
        if line:
            lines.append(line)
    return "\n".join(lines)


WORD_JOINER = "\u2060"


def ass_text(text: str) -> str:
    """``text`` as an ASS event's text that libass draws exactly as written: line breaks become
    ``\\N``; ``{`` and ``}`` (which open and close override tags) are written ``\\{`` ``\\}``;
    a backslash is followed by an invisible word joiner so that it never starts an escape
    (``\\N``, ``\\h``, ``\\{`` …) with the character after it. Nothing else is special in an
    event's text (it is the line's last field, so commas are text)."""
    out = []
    for char in caption_text(text):
        if char == "\n":
            out.append("\\N")
        elif char in "{}":
            out.append("\\" + char)
        elif char == "\\":
            out.append("\\" + WORD_JOINER)
        else:
            out.append(char)
    return "".join(out)


def _ass_time(seconds: float) -> str:
    centis = max(0, round(seconds * 100))
    hours, rest = divmod(centis, 360000)
    minutes, rest = divmod(rest, 6000)
    return f"{hours}:{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}"


def _ass_color(hex_rgb: str, alpha: int = 0) -> str:
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"&H{alpha:02X}{b}{g}{r}".upper()


def font_family(path: Path) -> str:
    """The family name a TrueType/OpenType file gives itself (its 'name' table, name 1), which
    is what an ASS style names. FontNotFound when the file is no such font."""
    try:
        data = Path(path).read_bytes()

        def u16(at: int) -> int:
            return int.from_bytes(data[at : at + 2], "big")

        base = int.from_bytes(data[12:16], "big") if data[:4] == b"ttcf" else 0
        table = next(
            int.from_bytes(data[rec + 8 : rec + 12], "big")
            for rec in (base + 12 + 16 * i for i in range(u16(base + 4)))
            if data[rec : rec + 4] == b"name"
        )
        strings = table + u16(table + 4)
        found: dict[tuple[int, int], str] = {}
        for j in range(u16(table + 2)):
            rec = table + 6 + 12 * j
            platform, language, name_id = u16(rec), u16(rec + 4), u16(rec + 6)
            if name_id != 1:
                continue
            raw = data[strings + u16(rec + 10) : strings + u16(rec + 10) + u16(rec + 8)]
            text = raw.decode("utf-16-be" if platform in (0, 3) else "mac_roman", "replace").strip()
            if text:
                found[(0 if (platform, language) == (3, 0x409) else 1, j)] = text
        return found[min(found)]
    except (OSError, StopIteration, ValueError, IndexError) as exc:
        raise FontNotFound(f"The font {Path(path).name} could not be read as a TrueType or OpenType font.") from exc


_STYLE_FIELDS = (
    "Name", "Fontname", "Fontsize", "PrimaryColour", "SecondaryColour", "OutlineColour", "BackColour", "Bold",
    "Italic", "Underline", "StrikeOut", "ScaleX", "ScaleY", "Spacing", "Angle", "BorderStyle", "Outline", "Shadow",
    "Alignment", "MarginL", "MarginR", "MarginV", "Encoding",
)  # fmt: skip


def ass_document(plan: VariantPlan, layout: VariantLayout, *, family: str) -> str | None:
    """The ASS file that draws the captions (shifted to the variant's timeline and cut to its
    kept part) and the end card's call to action; None when there is nothing to draw."""
    width, height = plan.width, plan.height
    short = min(width, height)
    start, main = layout.start_seconds, layout.main_seconds
    events = []
    for cue in plan.captions:
        a, b = max(0.0, cue.start - start), min(main, cue.end - start)
        if b - a >= 0.01:
            events.append(("Caption", a, b, cue.text))
    card = plan.end_card
    if card is not None and caption_text(card.text):
        events.append(("CallToAction", main, layout.duration + 1.0, card.text))
    if not events:
        return None
    portrait = height > width
    margin_v = plan.caption_margin
    if margin_v is None:
        margin_v = CAPTION_MARGIN_PORTRAIT if portrait else CAPTION_MARGIN_LANDSCAPE
    size = max(10, round(CAPTION_SIZE * short))
    cta = max(12, round(CTA_SIZE * short))
    side = round(CAPTION_SIDE_MARGIN * width)
    box = max(2, round(size * 0.22))  # the box's padding around each line
    text_color = card.text_color if card is not None else "#FFFFFF"
    fields = ", ".join(_STYLE_FIELDS)
    family = " ".join(family.replace(",", " ").split())  # one line, and a style's fields are comma-separated
    white, box_color = _ass_color("#FFFFFF"), _ass_color("#000000", CAPTION_BOX_ALPHA)
    lines = [
        "[Script Info]",
        "ScriptType: v4.00+",
        f"PlayResX: {width}",
        f"PlayResY: {height}",
        "WrapStyle: 0",
        "ScaledBorderAndShadow: yes",
        "",
        "[V4+ Styles]",
        f"Format: {fields}",
        # white bold text on a half-clear black box per line (BorderStyle 3), bottom centre
        f"Style: Caption,{family},{size},{white},{white},{box_color},{box_color},-1,0,0,0,100,100,0,0,3,{box},0,2,"
        f"{side},{side},{round(margin_v * height)},1",
        # the call to action: larger, centred on the card, a thin dark outline
        f"Style: CallToAction,{family},{cta},{_ass_color(text_color)},{_ass_color(text_color)},"
        f"{_ass_color('#000000', 0x60)},{_ass_color('#000000', 0xFF)},-1,0,0,0,100,100,0,0,1,"
        f"{max(1, round(cta * 0.04))},0,5,{side},{side},0,1",
        "",
        "[Events]",
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ]
    lines += [
        f"Dialogue: 0,{_ass_time(a)},{_ass_time(b)},{style},,0,0,0,,{ass_text(text)}" for style, a, b, text in events
    ]
    return "\n".join(lines) + "\n"


# --- the two commands --------------------------------------------------------------------------

ASS_NAME, FONTS_DIR = "captions.ass", "fonts"


@dataclass(frozen=True)
class Measured:
    """loudnorm's figures: of the source's kept sound (``input_*``) and of what it made."""

    input_i: float
    input_tp: float
    input_lra: float
    input_thresh: float
    target_offset: float
    output_i: float | None = None
    output_tp: float | None = None
    output_lra: float | None = None
    normalization: str = ""  # "linear" (one gain) or "dynamic" (loudnorm fell back to its compressor)


def _read_from(layout: VariantLayout) -> tuple[float, float]:
    """(where the input is sought to, where its first read frame then is), in seconds."""
    if not layout.seek_frame:
        return 0.0, layout.lead
    half = 0.5 / float(layout.source_rate)
    return layout.lead + float(layout.seek_frame / layout.source_rate) - half, half


def _main_sound(source, layout: VariantLayout):
    """The sound of the kept frames, cut at their instants, as stereo float."""
    _, lead = _read_from(layout)
    start = lead + float((layout.first_frame - layout.seek_frame) / layout.source_rate)
    end = lead + float((layout.end_frame - layout.seek_frame) / layout.source_rate)
    return (
        source["a:0"]
        .filter("atrim", start=_num(float(start)), end=_num(float(end)))
        .filter("asetpts", "PTS-STARTPTS")
        .filter("aformat", sample_fmts="fltp", channel_layouts="stereo")
    )


def _loudnorm_target(target: LoudnessTarget) -> dict[str, str]:
    return {"I": _num(target.integrated), "TP": _num(target.true_peak), "LRA": _num(target.lra)}


def _source_input(src: Path, layout: VariantLayout):
    seek, lead = _read_from(layout)
    # read no further than needed (a second past the out point)
    until = lead + float((layout.end_frame - layout.seek_frame) / layout.source_rate) + 1.0
    options = {"ss": _num(seek)} if seek else {}
    return ffmpeg.input(file_url(src), **options, t=_num(until), **input_options())


def measure_command(src: Path, plan: VariantPlan, layout: VariantLayout) -> list[str]:
    """argv of the first run: the kept sound through loudnorm, which prints what it measured."""
    sound = _main_sound(_source_input(src, layout), layout).filter(
        "loudnorm", **_loudnorm_target(plan.loudness), print_format="json"
    )
    return ffmpeg.output(sound, "-", f="null").global_args("-y", "-vn").compile()


def _reframed(video, plan: VariantPlan, layout: VariantLayout):
    width, height = plan.width, plan.height
    if layout.crop is not None:
        box = layout.crop
        offset = offset_expression(crop_keyframes(plan, layout))
        moving = f"{layout.free}*({offset})" if layout.free else "0"
        x, y = (moving, "0") if layout.free_axis == "x" else ("0", moving)
        return (
            video.filter("crop", w=box.width, h=box.height, x=x, y=y)
            .filter("scale", width, height, flags="bicubic")
            .filter("setsar", "1")
        )
    box = layout.picture
    halves = video.filter_multi_output("split")
    small_w, small_h = even(width / BLUR_SCALE), even(height / BLUR_SCALE)
    radius = max(1, min(small_w, small_h) // 8)
    background = (
        halves[0]
        .filter("scale", small_w, small_h, force_original_aspect_ratio="increase")
        .filter("crop", small_w, small_h)
        .filter("boxblur", luma_radius=radius, luma_power=2, chroma_radius=max(1, radius // 2), chroma_power=2)
        .filter("eq", brightness=-0.06)
        .filter("scale", width, height, flags="bilinear")
        .filter("setsar", "1")
    )
    front = halves[1].filter("scale", box.width, box.height, flags="bicubic").filter("setsar", "1")
    return ffmpeg.overlay(background, front, x=box.x, y=box.y)


def _with_logo(video, plan: VariantPlan, logo_path: Path):
    logo = plan.logo
    short = min(plan.width, plan.height)
    margin = round(logo.margin * short)
    x = str(margin) if logo.corner.endswith("left") else f"W-w-{margin}"
    y = str(margin) if logo.corner.startswith("top") else f"H-h-{margin}"
    mark = (
        ffmpeg.input(file_url(logo_path), **input_options())["v:0"]
        .filter("scale", even(logo.width * plan.width), -2)
        .filter("format", "rgba")
        .filter("colorchannelmixer", aa=_num(logo.opacity))
    )
    return ffmpeg.overlay(video, mark, x=x, y=y, eof_action="repeat", format="auto")


def _end_card(plan: VariantPlan, layout: VariantLayout, image_path: Path | None):
    card, rate = plan.end_card, layout.rate
    seconds = float(layout.card_frames / rate)
    size = f"{plan.width}x{plan.height}"
    picture = ffmpeg.input(
        f"color=c=0x{card.color[1:]}:s={size}:r={rate.numerator}/{rate.denominator}:d={_num(seconds + 1)}", f="lavfi"
    )["v:0"]
    if image_path is not None:
        still = (
            ffmpeg.input(file_url(image_path), **input_options())["v:0"]
            .filter("scale", plan.width, plan.height, force_original_aspect_ratio="decrease", force_divisible_by=2)
            .filter("format", "rgba")
        )
        picture = ffmpeg.overlay(picture, still, x="(W-w)/2", y="(H-h)/2", eof_action="repeat", format="auto")
    picture = (
        picture.filter("trim", end_frame=layout.card_frames)
        .filter("setpts", "PTS-STARTPTS")
        .filter("setsar", "1")
        .filter("format", "yuv420p")
    )
    silence = (
        ffmpeg.input(f"anullsrc=r={AUDIO_SAMPLE_RATE}:cl=stereo", f="lavfi")["a:0"]
        .filter("atrim", end=_num(seconds))
        .filter("aformat", sample_fmts="fltp", sample_rates=AUDIO_SAMPLE_RATE, channel_layouts="stereo")
    )
    return picture, silence


def poster_time(layout: VariantLayout) -> float:
    return round(min(layout.main_seconds * 0.1, 5.0), 3)


def encode_command(
    src: Path,
    out_dir: Path,
    plan: VariantPlan,
    layout: VariantLayout,
    *,
    measured: Measured | None,
    logo_path: Path | None = None,
    card_image: Path | None = None,
    ass: bool = False,
) -> list[str]:
    """argv of the second run, writing ``variant.mp4`` and ``poster.jpg`` into ``out_dir``. With
    ``ass`` it reads ``captions.ass`` and ``fonts/`` from its working directory."""
    out_dir = checked_out_dir(out_dir)
    enc = layout.ladder.encoder
    source = _source_input(src, layout)
    video = constant_rate_picture(source["v:0"], layout.ladder)
    video = video.filter(
        "trim", start_frame=layout.first_frame - layout.seek_frame, end_frame=layout.end_frame - layout.seek_frame
    ).filter("setpts", "PTS-STARTPTS")
    if layout.rate != layout.source_rate:
        video = video.filter("fps", fps=f"{layout.rate.numerator}/{layout.rate.denominator}")
    sw, sh = layout.source_size
    video = video.filter("scale", sw, sh).filter("setsar", "1")  # square pixels, as shown
    video = _reframed(video, plan, layout)
    if plan.logo is not None and logo_path is not None:
        video = _with_logo(video, plan, logo_path)
    video = video.filter("format", "yuv420p")
    main = layout.main_seconds
    if layout.has_audio:
        sound = _main_sound(source, layout)
        if measured is not None and plan.loudness is not None:
            sound = sound.filter("loudnorm", **_loudnorm_arguments(plan.loudness, measured))
    else:
        sound = ffmpeg.input(f"anullsrc=r={AUDIO_SAMPLE_RATE}:cl=stereo", f="lavfi")["a:0"]
    # exactly as long as the picture: cut, or padded with silence where the sound ends early
    sound = (
        sound.filter("aresample", AUDIO_SAMPLE_RATE)
        .filter("aformat", sample_fmts="fltp", sample_rates=AUDIO_SAMPLE_RATE, channel_layouts="stereo")
        .filter("apad")
        .filter("atrim", end=_num(main))
    )
    if plan.end_card is not None:
        card_video, card_sound = _end_card(plan, layout, card_image)
        joined = ffmpeg.concat(video, sound, card_video, card_sound, v=1, a=1).node
        video, sound = joined[0], joined[1]
    if ass:
        video = video.filter("subtitles", filename=ASS_NAME, fontsdir=FONTS_DIR)
    video = video.filter("format", "yuv420p")
    branches = video.filter_multi_output("split")
    options: dict[str, str | int] = {
        "c:v": "libx264",
        "preset": enc.preset,
        "profile:v": "high",
        "pix_fmt": "yuv420p",
        "crf": CRF,
        "maxrate": f"{layout.maxrate_kbps}k",
        "bufsize": f"{2 * layout.maxrate_kbps}k",
        "g": layout.gop,
        "keyint_min": min(layout.gop, max(1, round(layout.rate))),
        "flags": "+cgop",
        "x264-params": "open-gop=0:8x8dct=1",  # 8x8 transforms: High profile at every preset
        "c:a": "aac",
        "profile:a": "aac_low",
        "b:a": f"{AUDIO_KBPS}k",
        "ar": AUDIO_SAMPLE_RATE,
        "ac": 2,
        "movflags": "+faststart",
        "map_metadata": -1,
        "map_chapters": -1,
        "f": "mp4",
    }
    if enc.threads:
        options["threads"] = enc.threads
    encode = ffmpeg.output(branches[0], sound, str(out_dir / VIDEO), **options)
    pw, ph = plan.width, plan.height
    if min(pw, ph) > POSTER_MAX_SHORT_SIDE:
        factor = POSTER_MAX_SHORT_SIDE / min(pw, ph)
        pw, ph = even(pw * factor), even(ph * factor)
    still = (
        branches[1].filter("trim", start=_num(poster_time(layout))).filter("trim", end_frame=1).filter("scale", pw, ph)
    )
    poster = ffmpeg.output(still, str(out_dir / POSTER), **{"frames:v": 1, "q:v": 3, "update": 1, "f": "image2"})
    return ffmpeg.merge_outputs(encode, poster).global_args("-y").compile()


def _loudnorm_arguments(target: LoudnessTarget, measured: Measured) -> dict[str, str]:
    return {
        **_loudnorm_target(target),
        "measured_I": _num(measured.input_i),
        "measured_TP": _num(measured.input_tp),
        # loudnorm takes a measured range of 0 for "not given" and then never stays linear: a
        # steady tone (range 0.00) is given the smallest range it reads instead
        "measured_LRA": _num(max(measured.input_lra, 0.01)),
        "measured_thresh": _num(measured.input_thresh),
        "offset": _num(measured.target_offset),
        "linear": "true",
        "print_format": "json",
    }


_LOUDNORM = re.compile(r"^\[Parsed_loudnorm_\d+ @ (?:0x)?[0-9a-fA-F]+\]\s*$")


def parse_loudnorm(log_path: Path) -> Measured | None:
    """The JSON loudnorm printed at the end of a run (the last one in the log), or None."""
    lines = Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines()
    starts = [i for i, line in enumerate(lines) if _LOUDNORM.match(line)]
    if not starts:
        return None
    block = []
    for line in lines[starts[-1] + 1 :]:
        block.append(line)
        if line.strip() == "}":
            break
    try:
        data = json.loads("\n".join(block))
        values = {key: float(value) for key, value in data.items() if key != "normalization_type"}
    except (ValueError, TypeError, AttributeError):
        return None
    return Measured(
        input_i=values["input_i"],
        input_tp=values["input_tp"],
        input_lra=values["input_lra"],
        input_thresh=values["input_thresh"],
        target_offset=values.get("target_offset", 0.0),
        output_i=values.get("output_i"),
        output_tp=values.get("output_tp"),
        output_lra=values.get("output_lra"),
        normalization=str(data.get("normalization_type", "")),
    )


# --- the run ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantResult:
    probe: ProbeResult
    plan: VariantPlan
    layout: VariantLayout
    outputs: list[OutputFile]  # variant.mp4, poster.jpg
    renditions: list[RenditionResult]  # the one MP4, for the render's row (size, bitrate)
    measured: Measured | None  # loudnorm's figures of the first run, and of the second's output
    elapsed: float  # seconds ffmpeg ran (both runs)
    log_tail: str = field(repr=False, default="")

    def output(self, kind: str) -> OutputFile | None:
        return next((o for o in self.outputs if o.kind == kind), None)

    @property
    def facts(self) -> dict:
        """What the render's row keeps of it: size, rate, duration, loudness as made."""
        rate = self.layout.rate
        measured = self.measured
        return {
            "width": self.plan.width,
            "height": self.plan.height,
            "frame_rate": f"{rate.numerator}/{rate.denominator}",
            "duration": round(self.layout.duration, 3),
            "loudness": {
                "input_i": _finite_or_none(measured.input_i),
                "output_i": _finite_or_none(measured.output_i),
                "output_tp": _finite_or_none(measured.output_tp),
                "normalization": measured.normalization,
            }
            if measured is not None
            else None,
        }


def _finite_or_none(value: float | None) -> float | None:
    """JSON (and PostgreSQL's jsonb) has no infinity: loudnorm's "-inf" of silence is None."""
    return value if value is not None and math.isfinite(value) else None


class _Overall:
    """One monotonic 0-100 over the runs: each run reports into its share."""

    def __init__(self, on_progress: Callable[[Progress], None] | None) -> None:
        self.on_progress = on_progress
        self.start = time.monotonic()
        self.last = 0.0

    def share(self, low: float, high: float) -> Callable[[Progress], None] | None:
        if self.on_progress is None:
            return None

        def report(progress: Progress) -> None:
            inner = progress.percent if progress.percent is not None else 0.0
            percent = max(self.last, min(high, low + (high - low) * inner / 100.0))
            self.last = percent
            done = progress.done and high >= 100.0
            elapsed = time.monotonic() - self.start
            eta = 0.0 if done else (elapsed * (100.0 - percent) / percent if percent > 0 else None)
            self.on_progress(
                Progress(
                    percent=percent,
                    out_time=progress.out_time if high >= 100.0 else 0.0,
                    eta_seconds=eta,
                    speed=progress.speed,
                    done=done,
                )
            )

        return report


def _check_image(path: Path, what: str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise UnusableMedia(f"The {what} image is missing.")
    info = probe(path)
    if info.unusable_reason != STILL_IMAGE:
        raise UnusableMedia(f"The {what} must be a still image (PNG, JPEG or WebP).")
    return path


def variant(
    src: Path,
    out_dir: Path,
    plan: VariantPlan,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    time_limit: float,
    log_path: Path,
    font: str | None = None,
    probe_result: ProbeResult | None = None,
    encoder: EncoderSettings | None = None,
    progress_interval: float = 2.0,
) -> VariantResult:
    """Make the variant of ``src`` that ``plan`` describes (``variant.mp4`` and ``poster.jpg``)
    into ``out_dir``, all or nothing. The logo and the end card's image are local paths.

    Raises VariantRefused (the plan cannot be made of this source: says why), UnusableMedia,
    FontNotFound, RenderCancelled, RenderTimeout, FfmpegFailed. ``log_path`` must lie outside
    ``out_dir``; the measuring run logs beside it (``<log>.measure``)."""
    src, out_dir, log_path = Path(src), Path(out_dir), Path(log_path)
    info = probe_result or probe(src)
    if not info.usable:
        raise UnusableMedia(info.unusable_reason)
    layout = plan_variant(info, plan, encoder=encoder)
    logo_path = _check_image(Path(plan.logo.path), "logo") if plan.logo is not None else None
    card_image = None
    if plan.end_card is not None and plan.end_card.image:
        card_image = _check_image(Path(plan.end_card.image), "end card")
    started = time.monotonic()
    overall = _Overall(on_progress)

    def remaining() -> float:
        left = time_limit - (time.monotonic() - started)
        if left <= 0:
            raise RenderTimeout(f"The render took longer than its {time_limit:g} s limit and was stopped.")
        return left

    def cancelled() -> None:
        if should_cancel is not None and should_cancel():
            raise RenderCancelled("The render was cancelled.")

    scratch = Path(tempfile.mkdtemp(prefix="variant-"))
    try:
        measured = None
        elapsed = 0.0
        normalize = plan.loudness is not None and layout.has_audio
        if normalize:
            cancelled()
            measure_log = log_path.with_name(log_path.name + ".measure")
            first = run(
                measure_command(src, plan, layout),
                on_progress=overall.share(0.0, MEASURE_SHARE),
                should_cancel=should_cancel,
                time_limit=remaining(),
                log_path=measure_log,
                duration=layout.main_seconds,
                progress_interval=progress_interval,
            )
            elapsed += first.elapsed
            measured = parse_loudnorm(measure_log)
            if measured is None:
                raise FfmpegFailed(
                    "ffmpeg measured no loudness (loudnorm printed nothing).", returncode=0, log_tail=first.log_tail
                )
            if not math.isfinite(measured.input_i) or measured.input_i <= -70 or not math.isfinite(measured.input_tp):
                measured = None  # silence: there is nothing to bring up, and no gain would be finite
        ass = None
        if plan.captions or (plan.end_card is not None and caption_text(plan.end_card.text)):
            font_path = find_font(font)
            ass = ass_document(plan, layout, family=font_family(font_path))
            if ass is not None:
                (scratch / ASS_NAME).write_text(ass, encoding="utf-8")
                (scratch / FONTS_DIR).mkdir()
                shutil.copyfile(font_path, scratch / FONTS_DIR / font_path.name)
        cancelled()
        with building(out_dir) as work:
            second = run(
                encode_command(
                    src,
                    work,
                    plan,
                    layout,
                    measured=measured,
                    logo_path=logo_path,
                    card_image=card_image,
                    ass=ass is not None,
                ),
                on_progress=overall.share(MEASURE_SHARE if normalize else 0.0, 100.0),
                should_cancel=should_cancel,
                time_limit=remaining(),
                log_path=log_path,
                duration=layout.duration,
                progress_interval=progress_interval,
                cwd=scratch,
            )
            elapsed += second.elapsed
            check_outputs(work, [VIDEO, POSTER], log_path, second.log_tail)
            if measured is not None:
                made = parse_loudnorm(log_path)
                if made is not None:
                    measured = replace(
                        measured,
                        output_i=made.output_i,
                        output_tp=made.output_tp,
                        output_lra=made.output_lra,
                        normalization=made.normalization,
                    )
            size = (work / VIDEO).stat().st_size
            outputs = [
                OutputFile(path=VIDEO, kind="video", size=size, content_type="video/mp4"),
                OutputFile(path=POSTER, kind="poster", size=(work / POSTER).stat().st_size, content_type="image/jpeg"),
            ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    bitrate = round(size * 8 / max(layout.duration, 0.001))
    rendition = RenditionResult(
        name=f"{plan.width}x{plan.height}",
        playlist="",
        width=plan.width,
        height=plan.height,
        bitrate=bitrate,
        peak_bitrate=bitrate,
        codecs="avc1.640028,mp4a.40.2",
        segments=0,
    )
    return VariantResult(
        probe=info,
        plan=plan,
        layout=layout,
        outputs=outputs,
        renditions=[rendition],
        measured=measured,
        elapsed=elapsed,
        log_tail=second.log_tail,
    )
