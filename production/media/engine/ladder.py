"""Plan and build the ONE ffmpeg command that turns an upload into everything we serve.

The source is decoded once. Video is (deinterlaced if needed,) made constant-rate, split and
scaled to each rendition, and each rendition is encoded once with libx264; the ``tee`` muxer
writes every encoded rendition to its HLS playlist and the proxy rendition's packets, as they
are, to ``proxy.mp4`` as well. From the same decode: a poster JPEG, a thumbnail sprite sheet, a
low-rate mono PCM for the waveform, and QC filters (ebur128, silencedetect, blackdetect,
freezedetect) whose findings land in the log. The QC video filters run on the smallest
rendition's frames, so they cost little.

Output names, all in one directory: ``{name}.m3u8`` + ``{name}_00000.ts`` per rendition (or
``audio.m3u8`` for audio-only sources), ``proxy.mp4``, ``poster.jpg``, ``sprite.jpg``,
``waveform.pcm`` (turned into ``waveform.json`` afterwards), plus ``master.m3u8`` and
``thumbs.vtt`` which are written in Python (see :mod:`production.media.engine.ingest`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import ffmpeg

from production.media.engine.input_policy import file_url, input_options
from production.media.engine.probe import ProbeResult

SEGMENT_SECONDS = 4
SPRITE_MAX_THUMBS = 100
SPRITE_COLUMNS = 10
SPRITE_THUMB_WIDTH = 160
POSTER_MAX_SHORT_SIDE = 720
WAVEFORM_SAMPLE_RATE = 8000
AUDIO_SAMPLE_RATE = 48000

# (short side, maxrate kbit/s); the short side, so a portrait 1080x1920 phone clip is "1080p".
RUNGS: tuple[tuple[int, int], ...] = ((1080, 5000), (720, 2800), (360, 800))
STANDARD_RATES = tuple(
    Fraction(n, d)
    for n, d in ((24000, 1001), (24, 1), (25, 1), (30000, 1001), (30, 1), (50, 1), (60000, 1001), (60, 1))
)

POSTER, SPRITE, PROXY, WAVEFORM_PCM = "poster.jpg", "sprite.jpg", "proxy.mp4", "waveform.pcm"
THUMB_PATTERN = "thumb_%05d.jpg"  # the sprite's thumbnails as the ladder writes them; tiled, then removed
MASTER, THUMBS_VTT, WAVEFORM_JSON = "master.m3u8", "thumbs.vtt", "waveform.json"
AUDIO_RENDITION = "audio"


@dataclass(frozen=True)
class EncoderSettings:
    """The same settings are used by the bench's comparison commands, so keep them all here."""

    preset: str = "veryfast"
    crf: int = 23
    threads: int = 0  # 0 = libx264's own choice
    audio_bitrate_kbps: int = 128


@dataclass(frozen=True)
class Rendition:
    name: str  # "1080p", "720p", "360p", or e.g. "240p" for a small source
    width: int
    height: int
    maxrate_kbps: int

    @property
    def bufsize_kbps(self) -> int:
        return 2 * self.maxrate_kbps

    @property
    def playlist(self) -> str:
        return f"{self.name}.m3u8"


@dataclass(frozen=True)
class SpritePlan:
    interval: float  # seconds between thumbnails; thumbnail k shows time k * interval
    count: int
    columns: int
    rows: int
    thumb_width: int
    thumb_height: int

    @property
    def width(self) -> int:
        return self.columns * self.thumb_width

    @property
    def height(self) -> int:
        return self.rows * self.thumb_height


@dataclass(frozen=True)
class LadderPlan:
    media_type: str  # "video" | "audio"
    duration: float
    has_audio: bool
    renditions: tuple[Rendition, ...] = ()
    frame_rate: tuple[int, int] | None = None  # output constant rate
    gop: int | None = None  # frames per keyframe interval, = one HLS segment
    segment_seconds: int = SEGMENT_SECONDS
    deinterlace: bool = False
    proxy: str | None = None  # name of the rendition whose encode proxy.mp4 reuses
    poster_time: float | None = None
    poster_size: tuple[int, int] | None = None
    sprite: SpritePlan | None = None
    encoder: EncoderSettings = field(default_factory=EncoderSettings)

    @property
    def outputs(self) -> list[str]:
        """Files the ladder's ffmpeg run writes (besides the numbered segments and thumbnails)."""
        names = [r.playlist for r in self.renditions] or ([f"{AUDIO_RENDITION}.m3u8"] if self.has_audio else [])
        if self.media_type == "video":
            names += [PROXY, POSTER]
        if self.has_audio:
            names.append(WAVEFORM_PCM)
        return names


def even(value: float) -> int:
    """Nearest even integer, at least 2 (x264 and yuv420p need even sizes)."""
    return max(2, 2 * round(value / 2))


def plan_ladder(probe: ProbeResult, *, encoder: EncoderSettings | None = None) -> LadderPlan:
    if not probe.usable or not probe.duration:
        raise ValueError("plan_ladder needs a usable probe result")
    encoder = encoder or EncoderSettings()
    if probe.media_type == "audio":
        return LadderPlan(media_type="audio", duration=probe.duration, has_audio=True, encoder=encoder)
    renditions = _renditions(probe)
    rate = _output_rate(probe)
    proxy = next((r for r in renditions if r.name == "720p"), renditions[0])
    poster_size = proxy.width, proxy.height
    if min(poster_size) > POSTER_MAX_SHORT_SIDE:
        poster_size = _fit_short_side(poster_size, POSTER_MAX_SHORT_SIDE)
    return LadderPlan(
        media_type="video",
        duration=probe.duration,
        has_audio=probe.has_audio,
        renditions=tuple(renditions),
        frame_rate=(rate.numerator, rate.denominator),
        gop=max(1, round(rate * SEGMENT_SECONDS)),
        deinterlace=probe.interlaced,
        proxy=proxy.name,
        poster_time=round(min(probe.duration * 0.1, 5.0), 3),
        poster_size=poster_size,
        sprite=plan_sprite(probe.duration, rate, renditions[-1].width, renditions[-1].height),
        encoder=encoder,
    )


def _display_size(probe: ProbeResult) -> tuple[int, int]:
    """Square-pixel size as shown: rotation is in probe.width/height already; apply the pixel aspect."""
    num, den = probe.sample_aspect_ratio
    width, height = probe.width or 2, probe.height or 2
    if num > 0 and den > 0 and num != den:
        if probe.rotation in (90, 270):
            height = height * num / den
        else:
            width = width * num / den
    return round(width), round(height)


def _fit_short_side(size: tuple[int, int], short: int) -> tuple[int, int]:
    width, height = size
    if width <= height:
        return even(short), even(height * short / width)
    return even(width * short / height), even(short)


def _renditions(probe: ProbeResult) -> list[Rendition]:
    width, height = _display_size(probe)
    short = min(width, height)
    rungs = [(side, rate) for side, rate in RUNGS if side <= short]
    if not rungs:  # smaller than 360p: one rendition at the source size (made even, never larger)
        w, h = max(2, width - width % 2), max(2, height - height % 2)
        return [Rendition(name=f"{min(w, h)}p", width=w, height=h, maxrate_kbps=RUNGS[-1][1])]
    out = []
    for side, rate in rungs:
        w, h = _fit_short_side((width, height), side)
        out.append(
            Rendition(
                name=f"{side}p", width=min(w, width - width % 2), height=min(h, height - height % 2), maxrate_kbps=rate
            )
        )
    return out


def _output_rate(probe: ProbeResult) -> Fraction:
    """The source's average rate, snapped to a standard rate when within 1.5% (phones record 29.87 fps),
    else rounded to whole frames per second (a variable-rate clip averaging 20.2 fps plays at 20), at most 60."""
    rate = Fraction(*probe.frame_rate) if probe.frame_rate else Fraction(30)
    nearest = min(STANDARD_RATES, key=lambda standard: abs(rate - standard))
    if abs(rate - nearest) / nearest < Fraction(15, 1000):
        return nearest
    return Fraction(min(60, max(1, round(rate))))


def plan_sprite(duration: float, rate: Fraction, source_width: int, source_height: int) -> SpritePlan:
    """One thumbnail every ``interval`` whole seconds, at most 100, 10 to a row."""
    interval = max(1, math.ceil(duration / SPRITE_MAX_THUMBS))
    last_frame = max(0.0, duration - 1 / float(rate))
    count = min(SPRITE_MAX_THUMBS, int(last_frame // interval) + 1)
    columns = min(SPRITE_COLUMNS, count)
    thumb_height = even(SPRITE_THUMB_WIDTH * source_height / source_width)
    return SpritePlan(
        interval=float(interval),
        count=count,
        columns=columns,
        rows=math.ceil(count / columns),
        thumb_width=SPRITE_THUMB_WIDTH,
        thumb_height=thumb_height,
    )


# --- the command -------------------------------------------------------------------------------


def _tee_escape(value: str, *, option: bool) -> str:
    """Escape for the tee muxer's spec: option values are unescaped twice (slave list, then options)."""
    if option:
        value = "".join("\\" + ch if ch in "\\':]" else ch for ch in value)
    return "".join("\\" + ch if ch in "\\'|[" else ch for ch in value)


def _tee_slave(options: dict[str, str], filename: str) -> str:
    options = {**options, "onfail": "abort"}  # a slave that fails must fail the run, never be skipped
    opts = ":".join(f"{key}={_tee_escape(value, option=True)}" for key, value in options.items())
    return f"[{opts}]{_tee_escape(filename, option=False)}"


def _hls_options(plan: LadderPlan, out_dir: Path, name: str) -> dict[str, str]:
    return {
        "f": "hls",
        "hls_time": str(plan.segment_seconds),
        "hls_playlist_type": "vod",
        "hls_flags": "independent_segments",
        "hls_segment_type": "mpegts",
        "hls_segment_filename": str(out_dir / f"{name}_%05d.ts"),
    }


def encoder_audio(audio):
    """The sound as the AAC encoder takes it: 48 kHz stereo, planar float."""
    return audio.filter("aformat", sample_fmts="fltp", sample_rates=AUDIO_SAMPLE_RATE, channel_layouts="stereo")


def _audio_chain(audio, *, waveform: bool):
    """Loudness + silence QC (pass-through filters), then the encoder's and the waveform's copies."""
    audio = audio.filter("ebur128", peak="true", framelog="verbose").filter("silencedetect", n="-60dB", d=0.5)
    if not waveform:
        return encoder_audio(audio), None
    split = audio.filter_multi_output("asplit")
    encode = encoder_audio(split[0])
    wave = split[1].filter("aformat", sample_fmts="s16", sample_rates=WAVEFORM_SAMPLE_RATE, channel_layouts="mono")
    return encode, wave


def x264_options(plan: LadderPlan) -> dict[str, str | int]:
    enc = plan.encoder
    options: dict[str, str | int] = {
        "c:v": "libx264",
        "preset": enc.preset,
        "profile:v": "high",
        "crf": enc.crf,
        "g": plan.gop or 1,
        "keyint_min": plan.gop or 1,
        "sc_threshold": 0,
        "flags": "+cgop",
    }
    if enc.threads:
        options["threads"] = enc.threads
    for index, rendition in enumerate(plan.renditions):
        options[f"maxrate:v:{index}"] = f"{rendition.maxrate_kbps}k"
        options[f"bufsize:v:{index}"] = f"{rendition.bufsize_kbps}k"
    return options


def aac_options(plan: LadderPlan) -> dict[str, str | int]:
    return {"c:a": "aac", "b:a": f"{plan.encoder.audio_bitrate_kbps}k", "ar": AUDIO_SAMPLE_RATE, "ac": 2}


def constant_rate_picture(video, plan: LadderPlan):
    """The source's picture as every rendition is cut from it: deinterlaced if need be, then at
    the plan's constant rate. Whatever else a render makes of the picture starts here, so its
    frames are the ladder's frames (same count, rate and timing)."""
    if plan.deinterlace:
        video = video.filter("bwdif", mode="send_frame", parity="auto", deint="all")
    num, den = plan.frame_rate or (30, 1)
    return video.filter("fps", fps=f"{num}/{den}")


def scaled_picture(video, rendition: Rendition):
    return (
        video.filter("scale", rendition.width, rendition.height, flags="bicubic")
        .filter("setsar", "1")
        .filter("format", "yuv420p")
    )


def playback_tee(plan: LadderPlan, out_dir: Path) -> str:
    """The tee muxer's slave list: each rendition's encode (video stream ``v:i``) to its HLS
    playlist, and the proxy rendition's packets, as they are, to ``proxy.mp4`` as well."""
    audio = ",a" if plan.has_audio else ""
    slaves = [
        _tee_slave({**_hls_options(plan, out_dir, r.name), "select": f"v:{i}{audio}"}, str(out_dir / r.playlist))
        for i, r in enumerate(plan.renditions)
    ]
    proxy_index = next(i for i, r in enumerate(plan.renditions) if r.name == plan.proxy)
    slaves.append(
        _tee_slave({"f": "mp4", "movflags": "+faststart", "select": f"v:{proxy_index}{audio}"}, str(out_dir / PROXY))
    )
    return "|".join(slaves)


def poster_output(video, plan: LadderPlan, out_dir: Path):
    """``poster.jpg``: the frame at ``plan.poster_time`` of ``video`` (the proxy rendition's picture)."""
    pw, ph = plan.poster_size or (plan.renditions[0].width, plan.renditions[0].height)
    poster = video.filter("trim", start=plan.poster_time or 0).filter("trim", end_frame=1).filter("scale", pw, ph)
    return ffmpeg.output(poster, str(out_dir / POSTER), **{"frames:v": 1, "q:v": 3, "update": 1, "f": "image2"})


def checked_out_dir(out_dir: Path) -> Path:
    out_dir = Path(out_dir).resolve()
    if "%" in str(out_dir):
        # ffmpeg's hls muxer expands %d in segment paths and has no escape for a literal %
        raise ValueError(f"The output directory must not contain '%': {out_dir}")
    return out_dir


def ladder_command(src: Path, out_dir: Path, plan: LadderPlan) -> list[str]:
    """argv (starting with "ffmpeg") that writes ``plan.outputs`` into ``out_dir`` (absolute paths)."""
    out_dir = checked_out_dir(out_dir)
    source = ffmpeg.input(file_url(src), **input_options())
    if plan.media_type == "audio":
        encode, wave = _audio_chain(source["a:0"], waveform=True)
        hls = ffmpeg.output(
            encode,
            str(out_dir / f"{AUDIO_RENDITION}.m3u8"),
            **aac_options(plan),
            **{key: value for key, value in _hls_options(plan, out_dir, AUDIO_RENDITION).items()},
        )
        pcm = ffmpeg.output(wave, str(out_dir / WAVEFORM_PCM), f="s16le", **{"c:a": "pcm_s16le"})
        return ffmpeg.merge_outputs(hls, pcm).global_args("-y").compile()

    # one branch per rendition + one for the sprite (taken from the smallest rendition below)
    branches = constant_rate_picture(source["v:0"], plan).filter_multi_output("split")
    encoded, extras = [], {}
    last = len(plan.renditions) - 1
    for index, rendition in enumerate(plan.renditions):
        scaled = scaled_picture(branches[index], rendition)
        uses = []
        if rendition.name == plan.proxy:
            uses.append("poster")
        if index == last:
            # QC on the smallest picture: same answer as full size, a fraction of the work
            scaled = scaled.filter("blackdetect", d=0.5, pix_th=0.10).filter("freezedetect", n="-60dB", d=1)
            uses.append("sprite")
        if uses:
            split = scaled.filter_multi_output("split")
            encoded.append(split[0])
            for offset, use in enumerate(uses, start=1):
                extras[use] = split[offset]
        else:
            encoded.append(scaled)

    streams = list(encoded)
    wave = None
    out_options: dict[str, str | int] = {**x264_options(plan), "f": "tee"}
    if plan.has_audio:
        encode, wave = _audio_chain(source["a:0"], waveform=True)
        streams.append(encode)
        out_options.update(aac_options(plan))
    outputs = [ffmpeg.output(*streams, playback_tee(plan, out_dir), **out_options)]
    outputs.append(poster_output(extras["poster"], plan, out_dir))
    sprite = plan.sprite
    if sprite is not None:
        # One small JPEG per thumbnail as the encode passes it (tiled into the sprite afterwards by
        # sprite_command). A tile filter here would hold its output's header back until the
        # end, and ffmpeg reports no progress until every output has written its header.
        thumbs = (
            extras["sprite"]
            .filter("select", f"gte(t,selected_n*{sprite.interval:g})")
            .filter("scale", sprite.thumb_width, sprite.thumb_height)
        )
        outputs.append(
            ffmpeg.output(
                thumbs,
                str(out_dir / THUMB_PATTERN),
                **{"frames:v": sprite.count, "q:v": 4, "fps_mode": "passthrough", "f": "image2"},
            )
        )
    if wave is not None:
        outputs.append(ffmpeg.output(wave, str(out_dir / WAVEFORM_PCM), f="s16le", **{"c:a": "pcm_s16le"}))
    return ffmpeg.merge_outputs(*outputs).global_args("-y").compile()


def thumbnail_names(sprite: SpritePlan) -> list[str]:
    """The thumbnails the ladder writes for ``sprite``, in order (image2 numbers from 1)."""
    return [THUMB_PATTERN % n for n in range(1, sprite.count + 1)]


def sprite_command(work: Path, sprite: SpritePlan) -> list[str]:
    """argv (starting with "ffmpeg") that tiles the ladder's thumbnails in ``work`` into ``SPRITE``:
    ``columns`` to a row, in order, the last row padded."""
    work = Path(work).resolve()
    thumbs = ffmpeg.input(str(work / THUMB_PATTERN), f="image2", start_number=1, framerate=1)
    tiled = thumbs.filter("tile", f"{sprite.columns}x{sprite.rows}")
    return (
        ffmpeg.output(tiled, str(work / SPRITE), **{"frames:v": 1, "q:v": 4, "update": 1, "f": "image2"})
        .global_args("-y")
        .compile()
    )
