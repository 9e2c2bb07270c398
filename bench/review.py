"""A viewer's watermarked copy of a 60 s 1080p30 version against the plain 720p proxy encode.

(a) copy: what a guest who opens a review link waits for — the render of
    ``specs.watermark(text)`` asked through ``services.render_request`` and run as a worker runs
    it (``render_claim``, ``render_run``: probe, the one ffmpeg run — drawtext over the 720p
    picture, one encode teed to HLS and proxy.mp4, a poster — the master playlist, the outputs
    stored, the row written). Each round is a new viewer, so nothing is served from the cache.
(b) proxy: one ffmpeg making only the plain 720p proxy MP4 of the same source: the ladder's
    proxy rendition with the same libx264/AAC settings, no HLS, no text, no poster.

Both at the production encoder preset (``EncoderSettings().preset``), one at a time, interleaved.
Figure: ``review.watermark_vs_proxy`` = a/b (target <= 1.2: a copy costs about one proxy encode).
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from bench.harness import bench_database, interleaved_medians, report, setup_django
from bench.render import SOURCE_SECONDS, _audio_options, _ffmpeg, _video_options, make_source

ROUNDS = int(os.environ.get("BENCH_REVIEW_ROUNDS", "5"))  # the machine may be shared: medians of 5


def plain_proxy(src: Path, out: Path, plan) -> None:
    """(b) The 720p proxy alone, as the ladder would encode it on its own."""
    index = next(i for i, r in enumerate(plan.renditions) if r.name == plan.proxy)
    proxy = plan.renditions[index]
    rate = f"{plan.frame_rate[0]}/{plan.frame_rate[1]}"
    _ffmpeg(
        "-i", str(src), "-vf", f"fps={rate},scale={proxy.width}:{proxy.height}:flags=bicubic,setsar=1,format=yuv420p",
        *_video_options(plan, index), *_audio_options(plan), "-movflags", "+faststart", str(out / "proxy.mp4"),
    )  # fmt: skip


def _version(src: Path):
    """A stored asset of ``src`` in a throwaway studio, as an upload leaves it (ready)."""
    from django.core.files import File

    from production.media.models import MediaAsset, asset_upload_to
    from projects.models import Client, Membership, Organization, Project, Role, User

    org = Organization.objects.create(name="Bench Studio", slug="bench-review")
    producer = User.objects.create_user(email="bench-review@example.test", password="x")
    Membership.objects.create(organization=org, user=producer, role=Role.PRODUCER)
    client = Client.objects.create(organization=org, name="Client")
    project = Project.objects.create(organization=org, client=client, owner=producer, title="Bench review")
    asset = MediaAsset.objects.create(
        project=project, original_name=src.name, status=MediaAsset.Status.READY, size=src.stat().st_size
    )
    with src.open("rb") as fh:
        asset.file.save(asset_upload_to(asset, src.name), File(fh), save=True)
    return asset


def run() -> None:
    setup_django()
    from django.test import override_settings

    from production.media import services, specs
    from production.media.engine import EncoderSettings, plan_ladder, probe
    from production.media.models import Render

    preset = EncoderSettings().preset  # the production default, not the tests' fastest preset
    with (
        tempfile.TemporaryDirectory(prefix="bench-review-") as tmp,
        bench_database(),
        override_settings(RENDER_X264_PRESET=preset, MEDIA_ROOT=str(Path(tmp) / "media")),
    ):
        root = Path(tmp)
        src = root / "source.mp4"
        make_source(src)
        plan = plan_ladder(probe(src), encoder=EncoderSettings(preset=preset))
        asset = _version(src)
        viewers = iter(f"Guest {n} <guest{n}@example.com>" for n in range(1, 1000))
        copies: list[Render] = []

        def copy() -> None:
            # queued as the review app queues it; run here as the worker would run it
            with mock.patch("production.media.services.publish_after_commit"):
                render = services.render_request(asset=asset, spec=specs.watermark(text=next(viewers)), by=None)
            services.render_run(render=services.render_claim(render_id=render.pk))
            render.refresh_from_db()
            if render.status != Render.Status.SUCCEEDED:
                raise RuntimeError(f"the watermarked copy failed: {render.error}")
            copies.append(render)

        def proxy() -> None:
            out = root / "proxy"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            plain_proxy(src, out, plan)

        cpu: dict[str, list[float]] = {}

        def cpu_timed(name, fn):
            """Also add up the CPU seconds of the ffmpeg/ffprobe children: the machine may be shared."""

            def timed() -> None:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                fn()
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.setdefault(name, []).append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))

            return timed

        medians = interleaved_medians(
            {"proxy": cpu_timed("proxy", proxy), "copy": cpu_timed("copy", copy)}, rounds=ROUNDS, warmup=0
        )
        for name, seconds in medians.items():
            cpu_seconds = sorted(cpu[name])[len(cpu[name]) // 2]
            print(f"# review.{name}: {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU, for {SOURCE_SECONDS} s of 1080p30")
        first = copies[0].files
        print(
            f"# review.copy outputs: {', '.join(sorted(first.main))}; {first.renditions[0].label}; "
            f"CPU-time ratio copy/proxy {sum(cpu['copy']) / sum(cpu['proxy']):.2f} (less sensitive to other load)",
            flush=True,
        )
        report("review.watermark_vs_proxy", medians["copy"] / medians["proxy"], "ratio", "<=1.2")
