"""A 1 GiB tus upload (the real tuspy client) to a running server (gunicorn, like production).

- ``upload.rss_growth_mb``: how much the server's resident memory grows while it receives
  the file (peak during the upload minus the level before it). Target <= 64 MB.
- ``upload.throughput_vs_copy``: the upload's rate divided by the rate of copying the same
  file on the same disk, measured in the same run. Target >= 0.3.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from bench.harness import bench_database, report, setup_django

SIZE = 1024**3
CHUNK = 32 * 1024**2
ROUNDS = 3


def _copy(source: Path, target: Path) -> float:
    """Copy on the same disk, flushed to it, as the upload's bytes are."""
    start = time.perf_counter()
    shutil.copyfile(source, target)
    os.sync()
    elapsed = time.perf_counter() - start
    target.unlink()
    return elapsed


def _make_file(path: Path, size: int) -> None:
    block = os.urandom(1024**2)
    with path.open("wb") as fh:
        for _ in range(size // len(block)):
            fh.write(block)


class _Sampler(threading.Thread):
    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.peak, self.running = server, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.server.rss_kb())
            time.sleep(0.05)


def _upload(endpoint: str, token: str, path: Path, cut_id: str) -> float:
    from tusclient import client as tus_client

    client = tus_client.TusClient(endpoint, headers={"Authorization": f"Token {token}"})
    uploader = client.uploader(str(path), chunk_size=CHUNK, metadata={"filename": path.name, "cut": cut_id})
    start = time.perf_counter()
    uploader.upload()
    return time.perf_counter() - start


def run() -> None:
    setup_django()
    from django.conf import settings
    from django.test import override_settings
    from rest_framework.authtoken.models import Token

    from production.edit.models import Cut
    from production.media.models import Upload
    from projects.models import Client, Membership, Organization, Project, Role, User

    with tempfile.TemporaryDirectory(dir=settings.BASE_DIR / "var") as tmp:
        tmp = Path(tmp)
        media = tmp / "media"
        with bench_database(), override_settings(MEDIA_ROOT=str(media)):
            os.environ["TEST_MEDIA_ROOT"] = str(media)
            from tests.workers import WebServer

            org = Organization.objects.create(name="Bench", slug="bench-upload")
            editor = User.objects.create_user(email="bench-editor@example.test", password="x")
            Membership.objects.create(organization=org, user=editor, role=Role.EDITOR)
            client = Client.objects.create(organization=org, name="Client")
            project = Project.objects.create(organization=org, client=client, title="Bench")
            cut = Cut.objects.create(project=project, title="Main")
            token = Token.objects.create(user=editor).key

            source = tmp / "source.mov"
            _make_file(source, SIZE)
            server = WebServer(tmp)
            server.start()
            copy_times, upload_times, growth = [], [], []
            try:
                endpoint = f"{server.url}/api/uploads/"
                warm = tmp / "warm.mov"
                _make_file(warm, 4 * 1024**2)
                _upload(endpoint, token, warm, str(cut.pk))  # imports and first requests done
                for _ in range(ROUNDS):  # interleaved, so background load hits both alike
                    copy_times.append(_copy(source, tmp / "copy.mov"))
                    baseline = server.rss_kb()
                    sampler = _Sampler(server)
                    sampler.start()
                    upload_times.append(_upload(endpoint, token, source, str(cut.pk)))
                    os.sync()
                    sampler.running = False
                    sampler.join()
                    growth.append(max(0, sampler.peak - baseline))
                    shutil.rmtree(media / "uploads", ignore_errors=True)  # keep the disk as it was
            finally:
                server.kill()
            done = Upload.objects.filter(length=SIZE, offset=SIZE, status=Upload.Status.COMPLETE).count()
            assert done == ROUNDS, "an upload did not complete"

    # Best of the rounds on each side: the rate the machine can do when nothing else interferes.
    upload_seconds, copy_seconds = min(upload_times), min(copy_times)
    report("upload.rss_growth_mb", round(max(growth) / 1024, 1), "MB", "<=64")
    report("upload.throughput_vs_copy", copy_seconds / upload_seconds, "ratio", ">=0.3")
    print(
        f"# 1 GiB x{ROUNDS}: upload best {upload_seconds:.2f} s ({SIZE / upload_seconds / 1024**2:.0f} MiB/s), "
        f"copy best {copy_seconds:.2f} s ({SIZE / copy_seconds / 1024**2:.0f} MiB/s); "
        f"server RSS grew at most {max(growth) / 1024:.1f} MB",
        flush=True,
    )
