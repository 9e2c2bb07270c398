"""A platform variant against the ffmpeg commands a person would write for it.

The source is 60 s of 1080p30 with a tone (``bench.render.make_source``); the variant is the
common one: 9:16 at 1080x1920 by a crop whose offset moves across the picture, captions burned
in (a cue every 3 s), the sound normalized to -14 LUFS in two passes.

(a) ours: ``production.media.engine.variant`` — probe, the measuring run, the encode (with its
    poster from the same decode), the loudnorm figures read back;
(b) ffmpeg: the same by hand — ``loudnorm=print_format=json`` into the null muxer, its JSON read,
    then one command cropping with an ``x`` expression in ``t``, scaling, drawing an SRT with the
    ``subtitles`` filter (a ``force_style`` of the same look) and applying ``loudnorm`` with the
    measured values and ``linear=true``, with the same libx264/AAC settings (preset, CRF,
    maxrate, GOP, High profile, 48 kHz, faststart).

One at a time, interleaved, at the production encoder preset. Figure: ``variant.ours_vs_ffmpeg``
= a/b (target <= 1.10). ``BENCH_VARIANT_SECONDS`` shortens the source for a quick look,
``BENCH_VARIANT_ROUNDS`` (2) sets the rounds.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.harness import interleaved_medians, report
from bench.render import _ffmpeg

SECONDS = int(os.environ.get("BENCH_VARIANT_SECONDS", "60"))
ROUNDS = int(os.environ.get("BENCH_VARIANT_ROUNDS", "2"))
WIDTH, HEIGHT = 1080, 1920
LOUDNESS = (-14.0, -1.0, 11.0)
LINE = "This is what the speaker says, line {n}: 100% real"


def _source(path: Path) -> None:
    _ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=s=1920x1080:r=30:d={SECONDS}",
        "-f", "lavfi", "-i", f"sine=f=440:d={SECONDS}:sample_rate=48000",
        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "192k", "-shortest", str(path),
    )  # fmt: skip


def _cues() -> list[tuple[float, float, str]]:
    return [(float(start), start + 2.5, LINE.format(n=n)) for n, start in enumerate(range(0, SECONDS - 2, 3), 1)]


def _srt(path: Path) -> None:
    def stamp(seconds: float) -> str:
        ms = round(seconds * 1000)
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    path.write_text(
        "\n".join(f"{n}\n{stamp(a)} --> {stamp(b)}\n{text}\n" for n, (a, b, text) in enumerate(_cues(), 1)),
        encoding="utf-8",
    )


def _by_hand(src: Path, out: Path, preset: str, font_dir: Path) -> None:
    """(b) The two commands a person would write."""
    from production.media.engine.binaries import ffmpeg_path

    target_i, target_tp, target_lra = LOUDNESS
    norm = f"loudnorm=I={target_i}:TP={target_tp}:LRA={target_lra}"
    measured = subprocess.run(
        [ffmpeg_path(), "-hide_banner", "-nostdin", "-i", str(src), "-vn", "-af", f"{norm}:print_format=json",
         "-f", "null", "-"],
        capture_output=True, text=True, check=True, timeout=1800,
    ).stderr  # fmt: skip
    values = json.loads(re.search(r"\{[^{}]*\}\s*$", measured).group(0))
    lra = max(float(values["input_lra"]), 0.01)
    apply = (
        f"{norm}:measured_I={values['input_i']}:measured_TP={values['input_tp']}:measured_LRA={lra}"
        f":measured_thresh={values['input_thresh']}:offset={values['target_offset']}:linear=true,aresample=48000"
    )
    crop_w = round(1080 * WIDTH / HEIGHT / 2) * 2
    style = (
        "Fontname=DejaVu Sans,Fontsize=59,Bold=1,BorderStyle=3,Outline=13,Shadow=0,MarginV=384,MarginL=76,MarginR=76"
    )
    video = (
        f"crop={crop_w}:1080:x='(iw-ow)*(0.2+0.6*t/{SECONDS})':y=0,scale={WIDTH}:{HEIGHT}:flags=bicubic,setsar=1,"
        f"subtitles=captions.srt:fontsdir={font_dir}:original_size={WIDTH}x{HEIGHT}:force_style='{style}',format=yuv420p"
    )
    subprocess.run(
        [ffmpeg_path(), "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", str(src), "-vf", video, "-af", apply,
         "-c:v", "libx264", "-preset", preset, "-profile:v", "high", "-pix_fmt", "yuv420p", "-crf", "20",
         "-maxrate", "12000k", "-bufsize", "24000k", "-g", "60", "-flags", "+cgop",
         "-c:a", "aac", "-b:a", "192k", "-ar", "48000", "-ac", "2", "-movflags", "+faststart", str(out / "hand.mp4")],
        check=True, timeout=1800, cwd=out,
    )  # fmt: skip


def run() -> None:
    from production.media.engine import Caption, EncoderSettings, LoudnessTarget, VariantPlan, find_font, variant

    preset = EncoderSettings().preset  # the production default, not the tests' fastest preset
    plan = VariantPlan(
        width=WIDTH,
        height=HEIGHT,
        offsets=((0.0, 0.2), (float(SECONDS), 0.8)),
        captions=tuple(Caption(a, b, text) for a, b, text in _cues()),
        loudness=LoudnessTarget(*LOUDNESS),
    )
    with tempfile.TemporaryDirectory(prefix="bench-variant-") as tmp:
        root = Path(tmp)
        src = root / "source.mp4"
        _source(src)
        hand_dir = root / "hand"
        hand_dir.mkdir()
        _srt(hand_dir / "captions.srt")
        fonts = root / "fonts"
        fonts.mkdir()
        shutil.copyfile(find_font(), fonts / find_font().name)
        results = []

        def ours() -> None:
            out = root / "ours"
            shutil.rmtree(out, ignore_errors=True)
            results.append(
                variant(
                    src, out, plan, time_limit=3600, log_path=root / "ours.log", encoder=EncoderSettings(preset=preset)
                )
            )

        def hand() -> None:
            _by_hand(src, hand_dir, preset, fonts)

        cpu: dict[str, list[float]] = {}

        def cpu_timed(name, fn):
            def timed() -> None:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                fn()
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.setdefault(name, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)

            return timed

        medians = interleaved_medians(
            {"ffmpeg": cpu_timed("ffmpeg", hand), "ours": cpu_timed("ours", ours)}, rounds=ROUNDS, warmup=0
        )
        made = results[-1]
        print(
            f"# variant.ours {medians['ours']:.1f} s wall, variant.ffmpeg {medians['ffmpeg']:.1f} s wall, for "
            f"{SECONDS} s of 1080p30 to {WIDTH}x{HEIGHT}; CPU-time ratio "
            f"{sum(cpu['ours']) / sum(cpu['ffmpeg']):.2f} (less sensitive to other load); ours measured "
            f"{made.measured.input_i} -> {made.measured.output_i} LUFS ({made.measured.normalization})",
            flush=True,
        )
        report("variant.ours_vs_ffmpeg", medians["ours"] / medians["ffmpeg"], "ratio", "<=1.10")
