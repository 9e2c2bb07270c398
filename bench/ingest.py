"""A new file is probed while a long render holds the render worker.

Real Celery workers as `make run` and docker-compose run them: one on the ``render`` queue
(busy with the 60 s 1080p ladder of bench.render's source) and one on ``ingest,default``.
A 2 s clip then arrives (its last byte stored, as at the end of an upload, and its ingest
queued on commit); ``ingest.probe_while_rendering_s`` is the seconds until it is probed
(duration known) — while the long render is still running.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

from bench.harness import bench_database, report, setup_django


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"bench ingest: timed out waiting for {what}")
        time.sleep(0.05)


def run() -> None:
    setup_django()
    from django.core.files import File
    from django.db import transaction
    from django.test import override_settings

    from bench.render import make_source
    from config.celery import app as celery_app
    from production.media import services
    from production.media.engine.binaries import ffmpeg_path
    from production.media.models import MediaAsset, Render, asset_upload_to
    from projects.models import Client, Membership, Organization, Project, Role, User
    from tests.workers import QUEUES, start_worker

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp_name:
        tmp = Path(tmp_name)
        with bench_database(), override_settings(MEDIA_ROOT=str(tmp / "media")):
            org = Organization.objects.create(name="Bench Studio", slug="bench-ingest")
            editor = User.objects.create_user(email="bench-ingest@example.test", password="x")
            Membership.objects.create(organization=org, user=editor, role=Role.EDITOR)
            client = Client.objects.create(organization=org, name="Client")
            project = Project.objects.create(organization=org, client=client, owner=editor, title="Bench ingest")
            long_src, small = tmp / "long.mp4", tmp / "B-roll 0042.mp4"
            make_source(long_src)
            subprocess.run(
                [ffmpeg_path(), "-hide_banner", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                 "testsrc2=s=640x360:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast", str(small)],
                check=True, timeout=60,
            )  # fmt: skip
            with celery_app.connection_for_write() as conn:
                for name in QUEUES.split(","):
                    conn.default_channel.queue_purge(name)
            celery_app.conf.task_always_eager = False
            workers = [
                start_worker(tmp, "render", queues="render", RENDER_X264_PRESET="veryfast"),
                start_worker(tmp, "ingest", queues="ingest,default"),
            ]
            try:
                busy = MediaAsset.objects.create(
                    project=project, original_name=long_src.name, status=MediaAsset.Status.PROCESSING,
                    size=long_src.stat().st_size,
                )  # fmt: skip
                with long_src.open("rb") as fh:
                    busy.file.save(asset_upload_to(busy, long_src.name), File(fh), save=True)
                services.asset_probe(asset=busy)
                _wait(
                    lambda: Render.objects.filter(asset=busy, status=Render.Status.RUNNING, progress__gt=0).exists(),
                    120,
                    "the long render to start",
                )
                started = time.monotonic()
                with transaction.atomic():
                    fresh = services.asset_import(project=project, path=small, by=editor)
                _wait(lambda: MediaAsset.objects.get(pk=fresh.pk).duration is not None, 600, "the new file's probe")
                seconds = time.monotonic() - started
                still = Render.objects.get(asset=busy).status == Render.Status.RUNNING
                print(f"# ingest: probed in {seconds:.2f} s; the long render still running: {still}", flush=True)
                report("ingest.probe_while_rendering_s", round(seconds, 2), "s", "<=10")
            finally:
                for worker in workers:
                    worker.stop()
                celery_app.conf.task_always_eager = True
