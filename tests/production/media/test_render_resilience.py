"""A render rides out a database blip, and an attempt that dies anyway gives its render back at
once instead of leaving it "running" until the reaper's heartbeat timeout."""

import pytest
from django.core.files import File
from django.db import OperationalError, connection
from django.utils import timezone

from config import queueing
from production.media import services, tasks
from production.media.models import MediaAsset, Render, asset_upload_to
from projects.models import TimelineEvent
from tests.production.media import clips

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def render(studio, tmp_path) -> Render:
    path = tmp_path / "clip.mp4"
    clips._h264_clip(path, "640x360", 25, 4)
    asset = MediaAsset.objects.create(
        project=studio.acme_project,
        original_name=path.name,
        status=MediaAsset.Status.PROCESSING,
        size=path.stat().st_size,
    )
    with path.open("rb") as fh:
        asset.file.save(asset_upload_to(asset, path.name), File(fh), save=True)
    return Render.objects.create(asset=asset)


@pytest.fixture
def published(monkeypatch):
    sent: list[tuple] = []
    monkeypatch.setattr(queueing, "publish", lambda task, *args: sent.append((task.name.rsplit(".", 1)[1], *args)))
    return sent


class LostConnection:
    """The database goes away under the first progress write: that connection is dead from then
    on (every query on it fails as psycopg reports it), so only a fresh connection writes again."""

    def __init__(self):
        self.dead = None
        self.heartbeats_after: list = []

    def __call__(self, execute, sql, params, many, context):
        raw = context["connection"].connection
        is_progress = (  # a progress/heartbeat write, not the claim (which counts an attempt)
            sql.startswith('UPDATE "media_render"') and '"heartbeat_at"' in sql and '"attempts"' not in sql
        )
        if is_progress and self.dead is None:
            self.dead = raw
        if raw is self.dead:
            raise OperationalError("server closed the connection unexpectedly")
        result = execute(sql, params, many, context)
        if is_progress:
            self.heartbeats_after.append(timezone.now())
        return result


def test_a_lost_connection_during_a_progress_write_reconnects_and_the_render_finishes(render, settings, caplog):
    settings.RENDER_PROGRESS_INTERVAL = 0.1  # several progress writes in a short render
    lost = LostConnection()
    with connection.execute_wrapper(lost):
        tasks.render_ladder(str(render.pk))
    render.refresh_from_db()
    assert lost.dead is not None
    assert render.status == Render.Status.SUCCEEDED, render.error
    assert render.attempts == 1 and render.progress == 100
    assert len(lost.heartbeats_after) >= 2  # the heartbeat kept being written after the blip
    assert render.heartbeat_at >= lost.heartbeats_after[0]
    assert render.asset.renders.get() == render
    assert "Database connection lost" in caplog.text


def test_an_attempt_that_dies_on_an_unexpected_error_hands_its_render_back_at_once(render, published, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services.storage, "save_tree", disk_full)
    with pytest.raises(OSError):
        tasks.render_ladder(str(render.pk))  # the task still fails, as the worker's log should show
    render.refresh_from_db()
    assert render.status == Render.Status.QUEUED  # not "running" until the heartbeat times out
    assert render.attempts == 1 and render.progress == 0 and render.eta_seconds is None
    assert published == [("render_ladder", str(render.pk))]  # the next attempt is on its way
    asset = MediaAsset.objects.get(pk=render.asset_id)
    assert asset.status == MediaAsset.Status.PROCESSING


def test_the_last_attempt_that_dies_fails_the_render_with_the_reason(render, published, monkeypatch, settings):
    Render.objects.filter(pk=render.pk).update(attempts=settings.RENDER_MAX_ATTEMPTS - 1)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services.storage, "save_tree", disk_full)
    with pytest.raises(OSError):
        tasks.render_ladder(str(render.pk))
    render.refresh_from_db()
    assert render.status == Render.Status.FAILED
    assert render.attempts == settings.RENDER_MAX_ATTEMPTS
    assert "No space left on device" in render.error and "Retry to try again" in render.error
    assert published == []
    assert MediaAsset.objects.get(pk=render.asset_id).status == MediaAsset.Status.FAILED
    assert TimelineEvent.objects.filter(kind="render.failed").count() == 1


def test_a_hand_back_leaves_a_render_another_attempt_already_took(render, published):
    Render.objects.filter(pk=render.pk).update(status=Render.Status.RUNNING, attempts=2)
    services._render_hand_back(render_id=render.pk, attempt=1, error=RuntimeError("late"))
    render.refresh_from_db()
    assert render.status == Render.Status.RUNNING and render.attempts == 2
    assert published == []
