"""Renders in a real worker: cancel kills ffmpeg; a killed worker's render is requeued by the
reaper and finished by another worker; a render delivered twice runs once."""

import datetime as dt
import itertools
import subprocess
import time

import pytest
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from production.media import services, tasks
from production.media.models import MediaAsset, QCFinding, Render, asset_upload_to
from projects.models import TimelineEvent
from tests.production.media import clips

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_clip(tmp_path):
    path = tmp_path / "long.mp4"
    clips.ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=20", "-f", "lavfi", "-i", "sine=f=440:d=20",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(path),
    )  # fmt: skip
    return path


def stored_asset(project, path) -> MediaAsset:
    asset = MediaAsset.objects.create(
        project=project, original_name=path.name, status=MediaAsset.Status.PROCESSING, size=path.stat().st_size
    )
    with path.open("rb") as fh:
        asset.file.save(asset_upload_to(asset, path.name), File(fh), save=True)
    return asset


def ffmpeg_running_on(path: str) -> bool:
    return subprocess.run(["pgrep", "-f", f"ffmpeg.*{path}"], capture_output=True).returncode == 0


def test_cancel_kills_ffmpeg_and_leaves_no_outputs(studio, worker_factory, long_clip):
    # a slow preset so the render is surely still running when the cancel arrives
    celery_worker_process = worker_factory("slow", RENDER_X264_PRESET="slow")
    asset = stored_asset(studio.acme_project, long_clip)
    services.asset_probe(asset=asset)  # queues the render on commit (autocommit here)
    render = Render.objects.get(asset=asset)
    source = default_storage.path(asset.file.name)
    celery_worker_process.wait_until(lambda: ffmpeg_running_on(source), timeout=60, what="ffmpeg started")
    assert Render.objects.get(pk=render.pk).status == Render.Status.RUNNING
    services.render_cancel(render=render, by=studio.producer)
    celery_worker_process.wait_until(
        lambda: Render.objects.get(pk=render.pk).status == Render.Status.CANCELLED, timeout=30, what="cancelled"
    )
    assert not ffmpeg_running_on(source)
    assert not default_storage.exists(f"renders/{render.pk}")
    assert not QCFinding.objects.filter(render=render).exists()
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.FAILED  # no successful render yet: a retry is offered


def test_killed_workers_render_is_requeued_by_the_reaper(studio, worker_factory, long_clip, settings):
    asset = stored_asset(studio.acme_project, long_clip)
    first = worker_factory("first", RENDER_X264_PRESET="slow")  # surely still running when it dies
    services.asset_probe(asset=asset)
    render = Render.objects.get(asset=asset)
    first.wait_until(lambda: Render.objects.get(pk=render.pk).progress > 0, timeout=60, what="render running")
    source = default_storage.path(asset.file.name)
    assert ffmpeg_running_on(source)
    first.kill()
    deadline = timezone.now() + dt.timedelta(seconds=10)
    while ffmpeg_running_on(source) and timezone.now() < deadline:  # it dies with its worker
        time.sleep(0.1)
    assert not ffmpeg_running_on(source), "ffmpeg outlived its worker"
    stuck = Render.objects.get(pk=render.pk)
    assert stuck.status == Render.Status.RUNNING and stuck.attempts == 1

    # Not yet silent for long enough: the reaper leaves it alone.
    assert services.renders_reap() == {"requeued": 0, "failed": 0}
    later = timezone.now() + dt.timedelta(seconds=settings.RENDER_HEARTBEAT_TIMEOUT + 1)
    assert services.renders_reap(now=later) == {"requeued": 1, "failed": 0}
    assert Render.objects.get(pk=render.pk).status == Render.Status.QUEUED

    second = worker_factory("second")
    second.wait_until(
        lambda: Render.objects.get(pk=render.pk).is_finished, timeout=180, what="requeued render finished"
    )
    done = Render.objects.get(pk=render.pk)
    assert done.status == Render.Status.SUCCEEDED, done.error
    assert done.attempts == 2
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY


def test_reaper_gives_up_after_the_last_attempt(studio, settings):
    asset = MediaAsset.objects.create(project=studio.acme_project, original_name="x.mp4")
    long_ago = timezone.now() - dt.timedelta(days=1)
    render = Render.objects.create(
        asset=asset, status=Render.Status.RUNNING, attempts=settings.RENDER_MAX_ATTEMPTS,
        started_at=long_ago, heartbeat_at=long_ago,
    )  # fmt: skip
    assert services.renders_reap() == {"requeued": 0, "failed": 1}
    render.refresh_from_db()
    assert render.status == Render.Status.FAILED
    assert "stopped responding" in render.error


def test_a_render_delivered_twice_runs_once(studio, long_clip, django_capture_on_commit_callbacks):
    asset = stored_asset(studio.acme_project, long_clip.with_name("long.mp4"))
    with transaction.atomic():
        render = Render.objects.create(asset=asset)
    tasks.render_ladder(str(render.pk))  # runs inline here
    render.refresh_from_db()
    assert render.status == Render.Status.SUCCEEDED
    files_before = sorted(render.outputs["files"])
    findings_before = QCFinding.objects.filter(render=render).count()
    finished_at = render.finished_at
    tasks.render_ladder(str(render.pk))  # the broker delivers it again
    render.refresh_from_db()
    assert render.finished_at == finished_at and render.attempts == 1
    assert sorted(render.outputs["files"]) == files_before
    assert QCFinding.objects.filter(render=render).count() == findings_before


def test_a_render_longer_than_the_heartbeat_timeout_finishes(studio, worker_factory, long_clip, settings):
    """The reaper runs all through a render that lasts several times the heartbeat timeout: the
    worker's heartbeat keeps the render its own, so it is never requeued, never 'cancelled', and
    finishes on its first attempt with progress that moved all the way."""
    settings.RENDER_HEARTBEAT_TIMEOUT = 5  # the reaper below runs in this process
    # a heartbeat every second, so a busy machine's stalls stay well inside the 5 s timeout; the
    # "slower" preset keeps the render past three timeouts even on an idle, fast machine (with
    # "slow" an idle 2-core machine rendered the clip in 14.6 s, under the 15 s this test needs)
    worker = worker_factory(
        "long", RENDER_X264_PRESET="slower", RENDER_HEARTBEAT_TIMEOUT="5", RENDER_PROGRESS_INTERVAL="1"
    )
    asset = stored_asset(studio.acme_project, long_clip)
    services.asset_probe(asset=asset)
    render = Render.objects.get(asset=asset)
    heartbeats, progress, reaped = set(), [], []
    started = time.monotonic()
    deadline = started + 240
    while time.monotonic() < deadline:
        row = Render.objects.get(pk=render.pk)
        if row.is_finished:
            break
        if row.status == Render.Status.RUNNING:
            heartbeats.add(row.heartbeat_at)
            if not progress or progress[-1] != row.progress:
                progress.append(row.progress)
        reaped.append(services.renders_reap())
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    done = Render.objects.get(pk=render.pk)
    assert done.status == Render.Status.SUCCEEDED, (done.error, worker.output()[-2000:])
    assert elapsed > 3 * settings.RENDER_HEARTBEAT_TIMEOUT, f"the render took only {elapsed:.1f} s"
    assert all(r == {"requeued": 0, "failed": 0} for r in reaped), reaped
    assert done.attempts == 1
    stamps = sorted(heartbeats)
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(stamps)]
    assert len(stamps) >= 5 and max(gaps) < settings.RENDER_HEARTBEAT_TIMEOUT, gaps
    moving = [p for p in progress if 0 < p < 100]
    assert len(set(moving)) >= 3, progress
    kinds = list(TimelineEvent.objects.filter(project=studio.acme_project).values_list("kind", flat=True))
    assert "render.cancelled" not in kinds and "render.succeeded" in kinds
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY


def test_a_requeued_attempt_stops_without_recording_a_cancel(studio, worker_factory, long_clip, settings):
    """When the reaper takes a render from a live attempt (its heartbeat looked silent), that
    attempt's ffmpeg stops, but no one cancelled anything: the next attempt finishes it."""
    worker = worker_factory("taken", RENDER_X264_PRESET="slow")
    asset = stored_asset(studio.acme_project, long_clip)
    services.asset_probe(asset=asset)
    render = Render.objects.get(asset=asset)
    source = default_storage.path(asset.file.name)
    worker.wait_until(lambda: ffmpeg_running_on(source), timeout=60, what="ffmpeg started")
    later = timezone.now() + dt.timedelta(seconds=settings.RENDER_HEARTBEAT_TIMEOUT + 5)
    assert services.renders_reap(now=later) == {"requeued": 1, "failed": 0}
    worker.wait_until(
        lambda: Render.objects.get(pk=render.pk).is_finished, timeout=240, what="requeued render finished"
    )
    done = Render.objects.get(pk=render.pk)
    assert done.status == Render.Status.SUCCEEDED, done.error
    assert done.attempts == 2
    kinds = list(TimelineEvent.objects.filter(project=studio.acme_project).values_list("kind", flat=True))
    assert "render.cancelled" not in kinds, kinds


def test_a_new_upload_is_probed_while_a_long_render_holds_the_render_worker(
    studio, worker_factory, long_clip, tmp_path
):
    """Ingest has its own queue: with the only render worker busy on a long render, a new file
    is assembled, hashed and probed at once by the ingest worker (its render waits its turn)."""
    render_worker = worker_factory("render", queues="render", RENDER_X264_PRESET="slow")
    worker_factory("ingest", queues="ingest,default")
    busy = stored_asset(studio.acme_project, long_clip)
    services.asset_probe(asset=busy)  # the long render goes to the render worker
    source = default_storage.path(busy.file.name)
    render_worker.wait_until(lambda: ffmpeg_running_on(source), timeout=60, what="the long render started")

    small = tmp_path / "B-roll 0042.mp4"
    clips.h264_small(small)
    started = time.monotonic()
    with transaction.atomic():
        fresh = services.asset_import(project=studio.acme_project, path=small, by=studio.editor)
    render_worker.wait_until(
        lambda: MediaAsset.objects.get(pk=fresh.pk).duration is not None, timeout=30, what="the new file probed"
    )
    probed_after = time.monotonic() - started
    assert ffmpeg_running_on(source), "the long render should still be running"
    assert Render.objects.get(asset=busy).status == Render.Status.RUNNING
    assert Render.objects.get(asset=fresh).status == Render.Status.QUEUED  # waits for the render worker
    assert probed_after < 15, probed_after
