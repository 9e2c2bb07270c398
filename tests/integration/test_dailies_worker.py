"""A daily uploaded to a take through the real uploader path (tus, driven by tuspy against the live
server) is assembled, probed and rendered by a real worker: the Daily row links it to the take,
its shot and day, the timeline says so, the tracker shows its poster, the asset page names it
"Shot 4, take 2 — Mon 12 May", and a client never sees it."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from rest_framework.authtoken.models import Token
from tusclient import client as tus_client

from production.media.models import MediaAsset, Render, Upload
from production.shoot import set_services
from production.shoot.models import Daily
from projects.models import TimelineEvent
from tests.factories import schedule_shot
from tests.production.media import clips
from tests.production.shoot.conftest import shoot  # noqa: F401 - the fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_daily_uploaded_to_a_take_renders_and_shows_on_the_tracker(
    studio,
    shoot,  # noqa: F811 - the shoot app's fixture, imported above
    live_server,
    celery_worker_process,
    tmp_path,
):
    scheduled = schedule_shot(shoot.day, by=studio.producer, number="4", description="Wide of the yard")
    set_services.take_log(day=shoot.day, shot=scheduled.shot, by=studio.editor, mark="ng")
    take = set_services.take_log(day=shoot.day, shot=scheduled.shot, by=studio.editor, mark="circled")
    path = tmp_path / "A001_C004.mp4"
    clips.h264_small(path)  # 2 s, 640x360, 25 fps, tone

    token = Token.objects.create(user=studio.editor).key
    uploader = tus_client.TusClient(f"{live_server.url}/api/uploads/", headers={"Authorization": f"Token {token}"})
    uploader.uploader(str(path), chunk_size=64 * 1024, metadata={"filename": path.name, "daily": str(take.pk)}).upload()

    upload = Upload.objects.get()
    assert upload.target == "daily" and upload.purpose == MediaAsset.Purpose.DAILY
    asset = upload.asset
    daily = Daily.objects.get(asset=asset)
    assert (daily.day, daily.shot, daily.take) == (shoot.day, scheduled.shot, take)
    event = TimelineEvent.objects.get(kind="daily.uploaded")
    assert "uploaded a daily of shot 4, take 2 (Mon 12 May)" in event.summary and not event.client_visible

    celery_worker_process.wait_until(
        lambda: MediaAsset.objects.get(pk=asset.pk).status in ("ready", "failed", "unusable"),
        timeout=180,
        what="the daily rendered",
    )
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    render = Render.objects.get(asset=asset, status=Render.Status.SUCCEEDED)
    assert render.files.url("poster").endswith("/poster.jpg")

    team = HttpClient()
    team.force_login(studio.producer)
    tracker = team.get(f"/shoot-days/{shoot.day.pk}/set/").content.decode()
    card = tracker.split('data-shot="4"')[1].split("</article>")[0]
    assert f"/assets/{asset.pk}/" in card and 'data-daily-status="ready"' in card
    assert f"/media/renders/{render.pk}/poster.jpg" in card and "Take 2 · A001_C004.mp4" in card
    page = team.get(f"/assets/{asset.pk}/").content.decode()
    assert "Shot 4, take 2 — Mon 12 May" in page and "On-set tracker" in page and "vNone" not in page

    client = HttpClient()
    client.force_login(studio.acme_user)
    assert client.get(f"/assets/{asset.pk}/").status_code == 404
    assert str(asset.pk) not in client.get("/api/assets/").content.decode()
