"""The media ladder on a 60 s 1080p30 source: our ingest against two hand-written ways.

(a) ours: ``production.media.engine.ingest`` — probe, the one decode-once ffmpeg run (HLS ladder,
    proxy sharing the 720p encode, poster, sprite, waveform PCM, QC filters), then master
    playlist, VTT, waveform JSON and QC parsing;
(b) onepass: a hand-written decode-once command making the same ladder (same renditions and
    encoder settings, HLS + proxy through tee), without QC, sprite, poster or waveform;
(c) perprofile: the common way — one ffmpeg per rendition, the proxy encoded on its own, and
    HLS packaged afterwards with ``-c copy``.

All three use the same libx264/AAC settings (``EncoderSettings``) and run one at a time on the
same machine. Figures: ``render.ours_vs_onepass`` = a/b (QC and extras must cost little) and
``render.perprofile_vs_ours`` = c/a (what decoding once and sharing the proxy encode saves).

Then the same source once more through the path a worker takes — a Render row claimed and run
by ``production.services`` — while another thread reads the row as the reaper and the pages
would: ``render.heartbeat_gap_max_s`` is the longest the row went without a heartbeat while
the render ran, ``render.progress_updates`` the distinct progress values it showed.
"""

from __future__ import annotations

import itertools
import os
import resource
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench.harness import bench_database, interleaved_medians, report, setup_django, stored_asset

SOURCE_SECONDS = 60
ROUNDS = int(os.environ.get("BENCH_RENDER_ROUNDS", "2"))


def _ffmpeg(*args: str) -> None:
    from production.media.engine.binaries import ffmpeg_path

    subprocess.run([ffmpeg_path(), "-hide_banner", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=1800)


def make_source(path: Path) -> None:
    """60 s of 1080p30 testsrc2 with a tone, encoded as a camera file would be (H.264 + AAC, MP4)."""
    _ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=s=1920x1080:r=30:d={SOURCE_SECONDS}",
        "-f", "lavfi", "-i", f"sine=f=440:d={SOURCE_SECONDS}:sample_rate=48000",
        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "192k", "-shortest", str(path),
    )  # fmt: skip


def _video_options(plan, index: int | None) -> list[str]:
    """libx264 options exactly as the ladder sets them; ``index`` None = a single-stream output."""
    enc = plan.encoder
    options = [
        "-c:v", "libx264", "-preset", enc.preset, "-profile:v", "high", "-crf", str(enc.crf),
        "-g", str(plan.gop), "-keyint_min", str(plan.gop), "-sc_threshold", "0", "-flags", "+cgop",
    ]  # fmt: skip
    if enc.threads:
        options += ["-threads", str(enc.threads)]
    renditions = plan.renditions if index is None else [None]
    for i, rendition in enumerate(renditions):
        r = rendition or plan.renditions[index]
        options += [f"-maxrate:v:{i}", f"{r.maxrate_kbps}k", f"-bufsize:v:{i}", f"{r.bufsize_kbps}k"]
    return options


def _audio_options(plan) -> list[str]:
    return ["-c:a", "aac", "-b:a", f"{plan.encoder.audio_bitrate_kbps}k", "-ar", "48000", "-ac", "2"]


def _hls(out: Path, name: str, seconds: int) -> str:
    return (
        f"f=hls:hls_time={seconds}:hls_playlist_type=vod:hls_flags=independent_segments:"
        f"hls_segment_type=mpegts:hls_segment_filename={out}/{name}_%05d.ts"
    )


def onepass(src: Path, out: Path, plan) -> None:
    """(b) Decode once, encode each rendition once, tee to HLS + proxy. No QC, sprite or waveform."""
    rate = f"{plan.frame_rate[0]}/{plan.frame_rate[1]}"
    n = len(plan.renditions)
    graph = f"[0:v:0]fps={rate},split={n}" + "".join(f"[in{i}]" for i in range(n)) + ";"
    graph += ";".join(
        f"[in{i}]scale={r.width}:{r.height}:flags=bicubic,setsar=1,format=yuv420p[v{i}]"
        for i, r in enumerate(plan.renditions)
    )
    graph += ";[0:a:0]aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo[aud]"
    proxy = next(i for i, r in enumerate(plan.renditions) if r.name == plan.proxy)
    slaves = [f"[{_hls(out, r.name, plan.segment_seconds)}:select=v\\\\:{i},a]{out}/{r.name}.m3u8"
              for i, r in enumerate(plan.renditions)]  # fmt: skip
    slaves.append(f"[f=mp4:movflags=+faststart:select=v\\\\:{proxy},a]{out}/proxy.mp4")
    maps = [arg for i in range(n) for arg in ("-map", f"[v{i}]")] + ["-map", "[aud]"]
    _ffmpeg(
        "-i", str(src), "-filter_complex", graph, *maps, *_video_options(plan, None), *_audio_options(plan),
        "-f", "tee", "|".join(slaves),
    )  # fmt: skip


def perprofile(src: Path, out: Path, plan) -> None:
    """(c) One ffmpeg per rendition, the proxy encoded separately, then HLS packaging with -c copy."""
    rate = f"{plan.frame_rate[0]}/{plan.frame_rate[1]}"
    for index, r in enumerate(plan.renditions):
        _ffmpeg(
            "-i", str(src), "-vf", f"fps={rate},scale={r.width}:{r.height}:flags=bicubic,setsar=1,format=yuv420p",
            *_video_options(plan, index), *_audio_options(plan), str(out / f"{r.name}.mp4"),
        )  # fmt: skip
    proxy_index = next(i for i, r in enumerate(plan.renditions) if r.name == plan.proxy)
    proxy = plan.renditions[proxy_index]
    _ffmpeg(
        "-i", str(src), "-vf", f"fps={rate},scale={proxy.width}:{proxy.height}:flags=bicubic,setsar=1,format=yuv420p",
        *_video_options(plan, proxy_index), *_audio_options(plan), "-movflags", "+faststart", str(out / "proxy.mp4"),
    )  # fmt: skip
    for r in plan.renditions:
        _ffmpeg(
            "-i", str(out / f"{r.name}.mp4"), "-c", "copy", "-f", "hls", "-hls_time", str(plan.segment_seconds),
            "-hls_playlist_type", "vod", "-hls_segment_filename", str(out / f"{r.name}_%05d.ts"),
            str(out / f"{r.name}.m3u8"),
        )  # fmt: skip


def run() -> None:
    from production.media.engine import ingest, plan_ladder, probe

    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        root = Path(tmp)
        src = root / "source.mp4"
        make_source(src)
        plan = plan_ladder(probe(src))

        def fresh(name: str) -> Path:
            path = root / name
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir()
            return path

        def ours() -> None:
            out = root / "ours"
            shutil.rmtree(out, ignore_errors=True)
            ingest(src, out, time_limit=1800, log_path=root / "ours.log")

        cpu: dict[str, list[float]] = {}

        def cpu_timed(name, fn):
            """Also add up the CPU seconds of the ffmpeg/ffprobe children: the machine may be shared."""

            def timed() -> None:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                fn()
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                cpu.setdefault(name, []).append(used)

            return timed

        variants = {
            "ours": ours,
            "onepass": lambda: onepass(src, fresh("onepass"), plan),
            "perprofile": lambda: perprofile(src, fresh("perprofile"), plan),
        }
        medians = interleaved_medians(
            {name: cpu_timed(name, fn) for name, fn in variants.items()}, rounds=ROUNDS, warmup=0
        )
        for name, seconds in medians.items():
            cpu_seconds = sorted(cpu[name])[len(cpu[name]) // 2]
            print(f"# render.{name}: {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU, for {SOURCE_SECONDS} s of 1080p30")
        ours_cpu, onepass_cpu, perprofile_cpu = (sum(cpu[n]) for n in ("ours", "onepass", "perprofile"))
        print(
            "# CPU-time ratios (less sensitive to other load on the machine): "
            f"ours/onepass {ours_cpu / onepass_cpu:.2f}, perprofile/ours {perprofile_cpu / ours_cpu:.2f}",
            flush=True,
        )
        report("render.ours_vs_onepass", medians["ours"] / medians["onepass"], "ratio", "<=1.10")
        report("render.perprofile_vs_ours", medians["perprofile"] / medians["ours"], "ratio", ">=1.3")
    run_worker_path()


def worker_path(src: Path) -> tuple[float, int, float]:
    """Render ``src`` as a worker does; return (longest heartbeat gap s, distinct progress values, wall s)."""
    from django.db import close_old_connections

    from production.media import services
    from production.media.models import MediaAsset, Render

    asset = stored_asset(src, slug="bench-render", status=MediaAsset.Status.PROCESSING)
    render = Render.objects.create(asset=asset)

    seen: dict[str, list] = {"heartbeats": [], "progress": []}
    done = threading.Event()

    def watch() -> None:
        try:
            while not done.is_set():
                row = Render.objects.filter(pk=render.pk).values("status", "heartbeat_at", "progress").first()
                if row and row["status"] == Render.Status.RUNNING:
                    if row["heartbeat_at"] and row["heartbeat_at"] not in seen["heartbeats"]:
                        seen["heartbeats"].append(row["heartbeat_at"])
                    if row["progress"] not in seen["progress"]:
                        seen["progress"].append(row["progress"])
                time.sleep(0.2)
        finally:
            close_old_connections()

    watcher = threading.Thread(target=watch, name="bench-watch", daemon=True)
    watcher.start()
    start = time.perf_counter()
    claimed = services.render_claim(render_id=render.pk)
    services.render_run(render=claimed)
    wall = time.perf_counter() - start
    done.set()
    watcher.join()
    finished = Render.objects.get(pk=render.pk)
    if finished.status != Render.Status.SUCCEEDED:
        raise RuntimeError(f"the bench render failed: {finished.error}")
    stamps = [finished.started_at, *sorted(seen["heartbeats"])]
    stamps.append(finished.finished_at)  # the last gap also covers tiling the sprite and storing the outputs
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(stamps)]
    moving = {p for p in seen["progress"] if 0 < p < 100}
    return max(gaps), len(moving), wall


def run_worker_path() -> None:
    setup_django()
    from django.test import override_settings

    from production.media.engine.ladder import EncoderSettings

    preset = EncoderSettings().preset  # the production default, not the tests' fastest preset
    with (
        tempfile.TemporaryDirectory(prefix="bench-render-worker-") as tmp,
        bench_database(),
        override_settings(RENDER_X264_PRESET=preset),
    ):
        src = Path(tmp) / "source.mp4"
        make_source(src)
        gap, updates, wall = worker_path(src)
        print(f"# render.worker_path: {wall:.1f} s wall for {SOURCE_SECONDS} s of 1080p30 through the Render row")
        report("render.heartbeat_gap_max_s", round(gap, 2), "s", "<=10")
        report("render.progress_updates", updates, "values", ">=10")
