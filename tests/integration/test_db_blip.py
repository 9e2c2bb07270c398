"""A database blip mid-render: PostgreSQL drops the worker's connection (pg_terminate_backend, as
a restart or failover does) while ffmpeg runs. The worker reconnects on its next progress write
and the render finishes on its first attempt, with no wait for the reaper."""

import os
import time

import pytest
from django.db import connection

from production.media import services
from production.media.models import MediaAsset, Render
from tests.integration.test_render_worker import long_clip, stored_asset  # noqa: F401 (fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI runs the suite on PostgreSQL (DATABASE_URL)")
        pytest.skip("needs PostgreSQL (set DATABASE_URL): the test drops the worker's connection")


def drop_other_connections() -> int:
    """Every other session on the test database is cut off, as a server restart would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_render_survives_its_database_connection_being_dropped(postgres, studio, worker_factory, long_clip):  # noqa: F811
    worker = worker_factory("blip", RENDER_X264_PRESET="slow")  # still running when the blip comes
    asset = stored_asset(studio.acme_project, long_clip)
    services.asset_probe(asset=asset)
    render = Render.objects.get(asset=asset)
    worker.wait_until(lambda: Render.objects.get(pk=render.pk).progress > 0, timeout=90, what="render running")
    before = Render.objects.get(pk=render.pk)
    assert drop_other_connections() >= 1  # the worker's connection among them
    dropped_at = time.monotonic()

    worker.wait_until(lambda: Render.objects.get(pk=render.pk).is_finished, timeout=240, what="render finished")
    done = Render.objects.get(pk=render.pk)
    assert done.status == Render.Status.SUCCEEDED, (done.error, worker.output()[-3000:])
    assert done.attempts == 1  # never handed back, never reaped
    assert done.heartbeat_at > before.heartbeat_at
    assert time.monotonic() - dropped_at < 200
    assert "Database connection lost" in worker.output()  # the reconnect ran
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY
