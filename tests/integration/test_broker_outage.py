"""A broker outage when an upload completes loses nothing: gunicorn, a real worker and a Redis
of the test's own, which the test stops while the last PATCH arrives and starts again. The
PATCH answers success, and once Redis is back the sweep (the beat task, run by the worker)
queues the ingest that never reached a worker; the clip is rendered, once."""

import base64
import hashlib
import time

import pytest
import requests
from rest_framework.authtoken.models import Token

from production.edit.models import Cut, Version
from production.media import tasks
from production.media.models import MediaAsset, Render, Upload
from tests.production.media import clips
from tests.workers import WebServer, start_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def b64(value) -> str:
    return base64.b64encode(str(value).encode()).decode()


def tus(token: str, **extra) -> dict:
    return {"Authorization": f"Token {token}", "Tus-Resumable": "1.0.0", **extra}


def test_an_upload_completed_while_redis_is_down_is_rendered_once_redis_is_back(studio, own_redis_broker, tmp_path):
    redis = own_redis_broker
    clip = tmp_path / "clip.mp4"
    clips.ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=3", "-f", "lavfi", "-i", "sine=f=440:d=3",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(clip),
    )  # fmt: skip
    body = clip.read_bytes()
    # The worker's sweep counts an asset as lost after 2 s instead of minutes.
    worker = start_worker(tmp_path, "outage", REDIS_URL=redis.url, INGEST_REQUEUE_AFTER="2")
    web = WebServer(tmp_path, REDIS_URL=redis.url)
    web.start()
    try:
        cut = Cut.objects.create(project=studio.acme_project, title="Main", client_visible=True)
        token = Token.objects.create(user=studio.editor).key
        created = requests.post(
            f"{web.url}/api/uploads/",
            headers=tus(
                token,
                **{"Upload-Length": str(len(body)), "Upload-Metadata": f"cut {b64(cut.pk)},filename {b64('clip.mp4')}"},
            ),
            timeout=10,
        )
        assert created.status_code == 201, created.text
        url = created.headers["Location"]
        if url.startswith("/"):
            url = web.url + url
        half = len(body) // 2
        patch = {"Content-Type": "application/offset+octet-stream"}
        first = requests.patch(url, data=body[:half], headers=tus(token, **patch, **{"Upload-Offset": "0"}), timeout=10)
        assert first.status_code == 204, first.text

        redis.stop()
        started = time.monotonic()
        last = requests.patch(
            url, data=body[half:], headers=tus(token, **patch, **{"Upload-Offset": str(half)}), timeout=30
        )
        took = time.monotonic() - started
        assert last.status_code == 204, last.text  # saved: the broker being down is not the client's error
        assert took < 5, f"the PATCH waited {took:.1f} s for the broker"
        head = requests.head(url, headers=tus(token), timeout=10)
        assert head.headers["Upload-Offset"] == head.headers["Upload-Length"] == str(len(body))
        upload = Upload.objects.get()
        assert upload.status == Upload.Status.COMPLETE
        asset = MediaAsset.objects.get(pk=upload.asset_id)
        assert Version.objects.get(cut=cut).asset_id == asset.pk
        time.sleep(3)  # nothing reached a worker: the asset waits, unrendered
        asset.refresh_from_db()
        assert asset.status == MediaAsset.Status.PROCESSING and not asset.renders.exists()
        assert "Could not queue production.media.tasks.ingest_assemble" in web.log.read_text(errors="replace")

        redis.start()  # same port: the worker and the web server reconnect
        tasks.requeue_lost_work.delay()  # what beat sends every minute
        worker.wait_until(
            lambda: MediaAsset.objects.get(pk=asset.pk).status != MediaAsset.Status.PROCESSING,
            timeout=180,
            what="the swept upload rendered",
        )
        asset.refresh_from_db()
        assert asset.status == MediaAsset.Status.READY, (asset.unusable_reason, worker.output()[-3000:])
        assert asset.sha256 == hashlib.sha256(body).hexdigest()
        render = asset.renders.get()  # one render, however many times the work was queued
        assert render.status == Render.Status.SUCCEEDED and render.attempts == 1
        assert "Queued again work no worker had picked up: 1 ingests" in worker.output()
    finally:
        web.kill()
        worker.stop()
