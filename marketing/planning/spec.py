"""The spec report: a probed video checked rule by rule against a platform preset. Pure functions
(``check``) over what the engine measured (``Measured``); ``measure`` is the one call that runs the
engine on a file. Each result says pass, fail, warn (an advisory rule not met) or not measurable,
with the measured value, the limit, the rule's source and, when it is not met, what to change in
plain words ("Trim to 90 s or less: it is 3 min 02 s")."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path

from production.media.engine.probe import ProbeResult

from .presets import Preset, Rule

PASS, FAIL, WARN, NOT_MEASURABLE = "pass", "fail", "warn", "not_measurable"
STATUS_LABELS = {PASS: "Pass", FAIL: "Fail", WARN: "Advice", NOT_MEASURABLE: "Not measurable"}
BY = "\N{MULTIPLICATION SIGN}"  # as sizes are written: 1080 by 1920
ASPECT_TOLERANCE = 0.01  # 1 %: 1080x1920 and 1088x1920 are both 9:16


@dataclass(frozen=True)
class Measured:
    """What the checks read: the probe, and the two facts measured apart (None: not measured)."""

    probe: ProbeResult
    closed_gop: bool | None = None
    loudness_lufs: float | None = None


@dataclass(frozen=True)
class RuleResult:
    kind: str
    label: str
    status: str
    measured: str
    limit: str
    advice: str = ""
    advisory: bool = False
    source_url: str = ""
    source_basis: str = ""
    source_checked: str = ""
    source_note: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Report:
    preset: str
    results: list[RuleResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not any(r.status == FAIL for r in self.results)

    @property
    def failures(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == FAIL]

    def as_list(self) -> list[dict]:
        return [asdict(r) for r in self.results]


# --- Words ------------------------------------------------------------------------------------


def clock(seconds: float) -> str:
    """``182`` → ``3 min 02 s``; ``90`` → ``90 s``; ``0.5`` → ``0.5 s``; ``3600`` → ``1 h 00 min``."""
    if seconds < 10 and seconds != int(seconds):
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole <= 90:
        return f"{whole} s"
    if whole < 3600:
        minutes, secs = divmod(whole, 60)
        return f"{minutes} min" if secs == 0 else f"{minutes} min {secs:02d} s"
    hours, rest = divmod(whole, 3600)
    return f"{hours} h {rest // 60:02d} min"


def size_words(n: int) -> str:
    for unit, step in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= step:
            value = n / step
            return f"{value:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


def _ratio(text: str) -> float:
    w, _, h = text.partition(":")
    return float(w) / float(h)


def _shape(probe: ProbeResult) -> tuple[int, int] | None:
    """The displayed width and height (rotation applied, non-square pixels stretched)."""
    if not probe.width or not probe.height:
        return None
    sar = Fraction(*probe.sample_aspect_ratio) if probe.sample_aspect_ratio[1] else Fraction(1)
    return round(probe.width * sar), probe.height


def _ratio_words(width: int, height: int) -> str:
    fraction = Fraction(width, height)
    known = {"9:16": 9 / 16, "16:9": 16 / 9, "1:1": 1.0, "4:5": 0.8, "4:3": 4 / 3, "3:4": 0.75, "21:9": 21 / 9}
    for name, value in known.items():
        if abs(float(fraction) - value) / value <= ASPECT_TOLERANCE:
            return name
    return f"{float(fraction):.2f}:1"


def container_of(probe: ProbeResult) -> str:
    """mp4, mov, webm, … (the MOV family is told apart by its brand: ``qt`` is QuickTime)."""
    fmt = probe.raw.get("format", {}) if probe.raw else {}
    name = probe.format_name or ""
    if name.startswith("mov,mp4"):
        brand = str((fmt.get("tags") or {}).get("major_brand", "")).strip().lower()
        return "mov" if brand == "qt" else "mp4"
    if "webm" in name or "matroska" in name:
        return "webm" if "webm" in name else "mkv"
    return name.split(",")[0]


CODEC_NAMES = {"h264": "H.264", "hevc": "HEVC (H.265)", "vp8": "VP8", "vp9": "VP9", "av1": "AV1", "aac": "AAC",
               "prores": "ProRes", "mp3": "MP3", "opus": "Opus", "pcm_s16le": "PCM"}  # fmt: skip


def _codec(name: str | None) -> str:
    return CODEC_NAMES.get(name or "", name or "none")


def _among(values: list) -> str:
    words = [_codec(v) if isinstance(v, str) else str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


# --- The checks: each returns (status, measured, limit, advice) --------------------------------


def _aspect(m: Measured, limit: dict):
    shape = _shape(m.probe)
    if shape is None:
        return NOT_MEASURABLE, "no picture", "", ""
    w, h = shape
    actual = w / h
    measured = f"{_ratio_words(w, h)} ({w}{BY}{h})"
    if "ratios" in limit:
        wanted = limit["ratios"]
        ok = any(abs(actual - _ratio(r)) / _ratio(r) <= ASPECT_TOLERANCE for r in wanted)
        advice = f"Reframe to {_among(wanted)}: it is {_ratio_words(w, h)}."
        return (PASS if ok else FAIL), measured, _among(wanted), advice
    low, high = _ratio(limit["min"]), _ratio(limit["max"])
    ok = low * (1 - ASPECT_TOLERANCE) <= actual <= high * (1 + ASPECT_TOLERANCE)
    side = "taller" if actual < low else "wider"
    advice = f"Reframe between {limit['min']} and {limit['max']}: it is {_ratio_words(w, h)}, {side} than allowed."
    return (PASS if ok else FAIL), measured, f"{limit['min']} to {limit['max']}", advice


def _resolution(m: Measured, limit: dict):
    shape = _shape(m.probe)
    if shape is None:
        return NOT_MEASURABLE, "no picture", "", ""
    w, h = shape
    measured = f"{w}{BY}{h}"
    if "min" in limit:
        mw, mh = limit["min"]
        # like with like: the short side against the short side, the long against the long
        ok = min(w, h) >= min(mw, mh) and max(w, h) >= max(mw, mh)
        return (
            (PASS if ok else FAIL),
            measured,
            f"at least {mw}{BY}{mh}",
            f"Render at {mw}{BY}{mh} or larger: it is {w}{BY}{h}.",
        )
    rw, rh = limit["recommended"]
    ok = sorted((w, h)) == sorted((rw, rh))
    return (
        (PASS if ok else WARN),
        measured,
        f"{rw}{BY}{rh} recommended",
        f"Render at {rw}{BY}{rh} for the sharpest result: it is {w}{BY}{h}.",
    )


def _resolution_max(m: Measured, limit: dict):
    shape = _shape(m.probe)
    if shape is None:
        return NOT_MEASURABLE, "no picture", "", ""
    w, h = shape
    long_side, short_side = max(w, h), min(w, h)
    if "max_width" in limit:
        ok = w <= limit["max_width"]
        return (
            (PASS if ok else FAIL),
            f"{w}{BY}{h}",
            f"at most {limit['max_width']} px wide",
            (f"Scale down to {limit['max_width']} px wide or less: it is {w} px."),
        )
    ok = long_side <= limit["max_long"] and short_side <= limit["max_short"]
    text = f"at most {limit['max_long']}{BY}{limit['max_short']}"
    return (
        (PASS if ok else FAIL),
        f"{w}{BY}{h}",
        text,
        f"Scale down to fit {limit['max_long']}{BY}{limit['max_short']}: it is {w}{BY}{h}.",
    )


def _sides(m: Measured, limit: dict):
    shape = _shape(m.probe)
    if shape is None:
        return NOT_MEASURABLE, "no picture", "", ""
    w, h = shape
    low, high = limit.get("min", 0), limit.get("max", 10**6)
    ok = low <= min(w, h) and max(w, h) <= high
    advice = (f"Scale up so each side is at least {low} px: it is {w}{BY}{h}." if min(w, h) < low
              else f"Scale down so no side passes {high} px: it is {w}{BY}{h}.")  # fmt: skip
    return (PASS if ok else FAIL), f"{w}{BY}{h}", f"each side {low} to {high} px", advice


def _duration(m: Measured, limit: dict):
    seconds = m.probe.duration
    if not seconds:
        return NOT_MEASURABLE, "unknown", "", ""
    low, high = limit.get("min"), limit.get("max")
    text = (f"{clock(low)} to {clock(high)}" if low and high else f"at most {clock(high)}" if high
            else f"at least {clock(low)}")  # fmt: skip
    if high is not None and seconds > high + 0.0005:
        return FAIL, clock(seconds), text, f"Trim to {clock(high)} or less: it is {clock(seconds)}."
    if low is not None and seconds < low - 0.0005:
        return FAIL, clock(seconds), text, f"Make it at least {clock(low)} long: it is {clock(seconds)}."
    return PASS, clock(seconds), text, ""


def _size(m: Measured, limit: dict):
    size = m.probe.size_bytes
    if not size:
        return NOT_MEASURABLE, "unknown", "", ""
    low, high = limit.get("min"), limit.get("max")
    text = f"{size_words(low)} to {size_words(high)}" if low else f"at most {size_words(high)}"
    if high is not None and size > high:
        return (
            FAIL,
            size_words(size),
            text,
            f"Make the file smaller than {size_words(high)} (a lower bitrate, or shorter): it is {size_words(size)}.",
        )
    if low is not None and size < low:
        return FAIL, size_words(size), text, f"The file must be at least {size_words(low)}: it is {size_words(size)}."
    return PASS, size_words(size), text, ""


def _container(m: Measured, limit: list):
    found = container_of(m.probe)
    ok = found in limit
    return (
        (PASS if ok else FAIL),
        found.upper(),
        _among([v.upper() for v in limit]),
        (f"Export as {_among([v.upper() for v in limit])}: it is {found.upper()}."),
    )


def _moov_first(m: Measured, limit: bool):
    value = m.probe.moov_first
    if value is None:
        return NOT_MEASURABLE, "not an MP4/MOV file", "index (moov) first", ""
    return (
        (PASS if value else FAIL),
        ("index first" if value else "index at the end"),
        "index (moov) first",
        ("Export with “fast start” (ffmpeg -movflags +faststart) so the index comes before the media."),
    )


def _video_codec(m: Measured, limit: list):
    codec = m.probe.video_codec
    ok = codec in limit
    return (
        (PASS if ok else FAIL),
        _codec(codec),
        _among(limit),
        f"Encode the picture as {_among(limit)}: it is {_codec(codec)}.",
    )


def _video_profile(m: Measured, limit: list):
    profile = m.probe.video_profile
    if profile is None:
        return NOT_MEASURABLE, "unknown", _among(limit), ""
    ok = profile in limit
    return (
        (PASS if ok else FAIL),
        profile,
        f"{_among(limit)} profile",
        f"Encode with the {_among(limit)} profile: it is {profile}.",
    )


def _progressive(m: Measured, limit: bool):
    ok = not m.probe.interlaced
    return (
        (PASS if ok else FAIL),
        ("interlaced" if m.probe.interlaced else "progressive"),
        "progressive",
        ("Deinterlace it (1080i50 becomes 1080p25)."),
    )


def _pix_fmt(m: Measured, limit: list):
    fmt = m.probe.pix_fmt
    if fmt is None:
        return NOT_MEASURABLE, "unknown", "4:2:0, 8 bit", ""
    ok = fmt in limit
    return (PASS if ok else FAIL), fmt, "4:2:0, 8 bit (yuv420p)", f"Encode as 8-bit 4:2:0 (yuv420p): it is {fmt}."


def _closed_gop(m: Measured, limit: bool):
    if m.closed_gop is None:
        return NOT_MEASURABLE, "not measured", "closed GOPs", ""
    ok = m.closed_gop
    return (
        (PASS if ok else FAIL),
        ("closed" if ok else "open"),
        "closed GOPs",
        ("Encode with closed GOPs (x264: no open-gop; x265: open-gop=0)."),
    )


def _frame_rate(m: Measured, limit: dict):
    fps = m.probe.fps
    if fps is None:
        return NOT_MEASURABLE, "unknown", "", ""
    low, high = limit.get("min"), limit.get("max")
    text = f"{low} to {high} fps" if low and high else f"at most {high} fps" if high else f"at least {low} fps"
    shown = f"{fps:.3f}".rstrip("0").rstrip(".") + " fps"
    if high is not None and fps > high + 0.01:
        return FAIL, shown, text, f"Convert to {high} fps or less: it is {shown}."
    if low is not None and fps < low - 0.01:
        return FAIL, shown, text, f"Convert to at least {low} fps: it is {shown}."
    return PASS, shown, text, ""


def _audio_codec(m: Measured, limit: list):
    if not m.probe.has_audio:
        return PASS, "no sound", _among(limit), ""
    codec = m.probe.audio_codec
    ok = codec in limit
    return (
        (PASS if ok else FAIL),
        _codec(codec),
        _among(limit),
        f"Encode the sound as {_among(limit)}: it is {_codec(codec)}.",
    )


def _audio_profile(m: Measured, limit: list):
    if not m.probe.has_audio:
        return PASS, "no sound", _among(limit), ""
    profile = m.probe.audio_profile
    if profile is None:
        return NOT_MEASURABLE, "unknown", f"AAC-{_among(limit)}", ""
    ok = profile in limit
    return (
        (PASS if ok else FAIL),
        profile,
        f"AAC-{_among(limit)}",
        f"Encode the sound as AAC-{_among(limit)}: it is {profile}.",
    )


def _sample_rate(m: Measured, limit: dict):
    if not m.probe.has_audio:
        return PASS, "no sound", "", ""
    rate = m.probe.sample_rate
    if rate is None:
        return NOT_MEASURABLE, "unknown", "", ""
    shown = f"{rate / 1000:g} kHz"
    if "allowed" in limit:
        allowed = limit["allowed"]
        text = _among([f"{r / 1000:g} kHz" for r in allowed])
        ok = rate in allowed
        return (PASS if ok else FAIL), shown, text, f"Resample the sound to {text}: it is {shown}."
    high = limit["max"]
    ok = rate <= high
    return (
        (PASS if ok else FAIL),
        shown,
        f"at most {high / 1000:g} kHz",
        f"Resample the sound to {high / 1000:g} kHz or less: it is {shown}.",
    )


def _audio_channels(m: Measured, limit: dict):
    if not m.probe.has_audio:
        return PASS, "no sound", "", ""
    channels = m.probe.audio_channels or 0
    names = {1: "mono", 2: "stereo"}
    shown = names.get(channels, f"{channels} channels")
    ok = channels <= limit["max"]
    return (PASS if ok else FAIL), shown, "mono or stereo", f"Mix the sound down to stereo: it has {shown}."


def _square_pixels(m: Measured, limit: bool):
    sar = m.probe.sample_aspect_ratio
    ok = sar[0] == sar[1]
    return (
        (PASS if ok else FAIL),
        f"{sar[0]}:{sar[1]}",
        "1:1 pixels",
        "Render with square pixels (scale, then setsar=1).",
    )


def _loudness(m: Measured, limit: dict):
    target, tolerance = limit["target"], limit["tolerance"]
    text = f"{target:g} LUFS ± {tolerance:g} LU"
    if not m.probe.has_audio:
        return PASS, "no sound", text, ""
    if m.loudness_lufs is None:
        return NOT_MEASURABLE, "not measured", text, ""
    value = m.loudness_lufs
    ok = abs(value - target) <= tolerance
    direction = "Lower" if value > target else "Raise"
    return (
        (PASS if ok else WARN),
        f"{value:.1f} LUFS",
        text,
        f"{direction} the mix to {target:g} LUFS (loudnorm): it is {value:.1f} LUFS.",
    )


CHECKS = {
    "aspect": ("Aspect ratio", _aspect),
    "resolution": ("Resolution", _resolution),
    "resolution_max": ("Largest size", _resolution_max),
    "sides": ("Picture size", _sides),
    "duration": ("Duration", _duration),
    "size": ("File size", _size),
    "container": ("Container", _container),
    "moov_first": ("Fast start (index first)", _moov_first),
    "video_codec": ("Video codec", _video_codec),
    "video_profile": ("Video profile", _video_profile),
    "progressive": ("Scan", _progressive),
    "pix_fmt": ("Pixel format", _pix_fmt),
    "closed_gop": ("GOP structure", _closed_gop),
    "frame_rate": ("Frame rate", _frame_rate),
    "audio_codec": ("Audio codec", _audio_codec),
    "audio_profile": ("Audio profile", _audio_profile),
    "sample_rate": ("Sample rate", _sample_rate),
    "audio_channels": ("Audio channels", _audio_channels),
    "square_pixels": ("Pixel shape", _square_pixels),
    "loudness": ("Loudness", _loudness),
}


def check_rule(measured: Measured, rule: Rule) -> RuleResult:
    label, fn = CHECKS[rule.kind]
    status, value, limit, advice = fn(measured, rule.limit)
    if status == FAIL and rule.advisory:
        status = WARN
    return RuleResult(
        kind=rule.kind,
        label=label,
        status=status,
        measured=value,
        limit=limit,
        advice=advice if status in (FAIL, WARN) else "",
        advisory=rule.advisory,
        source_url=rule.source.url,
        source_basis=rule.source.basis,
        source_checked=rule.source.checked,
        source_note=rule.source.note,
    )


def check(measured: Measured | ProbeResult, preset: Preset) -> Report:
    """Every rule of ``preset`` against the file, in the preset's order, and how captions go."""
    if isinstance(measured, ProbeResult):
        measured = Measured(probe=measured)
    if not measured.probe.usable or measured.probe.media_type != "video":
        reason = measured.probe.unusable_reason or "It has no picture."
        return Report(preset=preset.key, results=[RuleResult(
            kind="usable", label="Readable video", status=FAIL, measured=reason, limit="a video file",
            advice=f"Export the video again: {reason}",
        )])  # fmt: skip
    results = [check_rule(measured, rule) for rule in preset.rules]
    captions = preset.captions_source
    burn = preset.captions == "burn_in"
    results.append(RuleResult(
        kind="captions", label="Captions", status=NOT_MEASURABLE, measured="not read from the file",
        limit=preset.captions_label,
        advice=("Burn the captions into the picture: the platform shows no caption file." if burn
                else "Upload the captions as a caption file (SRT or WebVTT) beside the video."),
        source_url=captions.url, source_basis=captions.basis, source_checked=captions.checked,
        source_note=captions.note,
    ))  # fmt: skip
    return Report(preset=preset.key, results=results)


def measure(path: Path | str, preset: Preset | None = None) -> Measured:
    """Run the engine on ``path``: the probe, and the GOPs and the loudness when ``preset`` has
    rules about them (each costs a pass over the file)."""
    from production.media.engine import conformance
    from production.media.engine.probe import probe

    result = probe(path)
    kinds = {r.kind for r in preset.rules} if preset else {"closed_gop", "loudness"}
    closed = conformance.gop_closed(path) if result.usable and "closed_gop" in kinds else None
    loudness = (
        conformance.integrated_loudness(path) if result.usable and result.has_audio and "loudness" in kinds else None
    )
    return Measured(probe=result, closed_gop=closed, loudness_lufs=loudness)


def _range(low, high, unit: str, fmt=str) -> str:
    if low is not None and high is not None:
        return f"{fmt(low)} to {fmt(high)}{unit}"
    return f"at most {fmt(high)}{unit}" if high is not None else f"at least {fmt(low)}{unit}"


def describe_limit(rule: Rule) -> str:
    """A rule's limit in words, as its report line gives it ("3 s to 90 s", "H.264 or HEVC (H.265)")."""
    kind, limit = rule.kind, rule.limit
    if kind == "aspect":
        return _among(limit["ratios"]) if "ratios" in limit else f"{limit['min']} to {limit['max']}"
    if kind == "resolution":
        if "min" in limit:
            return f"at least {limit['min'][0]}{BY}{limit['min'][1]}"
        return f"{limit['recommended'][0]}{BY}{limit['recommended'][1]} recommended"
    if kind == "resolution_max":
        if "max_width" in limit:
            return f"at most {limit['max_width']} px wide"
        return f"at most {limit['max_long']}{BY}{limit['max_short']}"
    if kind == "sides":
        return f"each side {limit.get('min', 0)} to {limit.get('max', 10**6)} px"
    if kind == "duration":
        return _range(limit.get("min"), limit.get("max"), "", clock)
    if kind == "size":
        return (
            _range(limit.get("min"), limit.get("max"), "", size_words)
            if limit.get("min")
            else (f"at most {size_words(limit['max'])}")
        )
    if kind == "frame_rate":
        return _range(limit.get("min"), limit.get("max"), " fps")
    if kind == "container":
        return _among([v.upper() for v in limit])
    if kind in ("video_codec", "audio_codec"):
        return _among(limit)
    if kind == "video_profile":
        return f"{_among(limit)} profile"
    if kind == "audio_profile":
        return f"AAC-{_among(limit)}"
    if kind == "sample_rate":
        if "allowed" in limit:
            return _among([f"{r / 1000:g} kHz" for r in limit["allowed"]])
        return f"at most {limit['max'] / 1000:g} kHz"
    return {
        "moov_first": "index (moov) first",
        "progressive": "progressive",
        "pix_fmt": "4:2:0, 8 bit (yuv420p)",
        "closed_gop": "closed GOPs",
        "audio_channels": "mono or stereo",
        "square_pixels": "1:1 pixels",
        "loudness": f"{limit.get('target', 0):g} LUFS ± {limit.get('tolerance', 0):g} LU"
        if isinstance(limit, dict)
        else "",
    }[kind]
