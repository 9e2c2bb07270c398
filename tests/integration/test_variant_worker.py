"""A platform variant made by a real render worker, as marketing will ask for it: queued by
``render_request`` with a variant spec, claimed and run by ``render_ladder`` (both loudness passes
and the encode, its progress moving on the row), stored as one MP4 and a poster, the asset left
as it was."""

import pytest
from django.core.files import File
from django.core.files.storage import default_storage

from production.media import services, specs
from production.media.models import MediaAsset, Render, asset_upload_to
from projects.models import TimelineEvent
from tests.production.media import checks, clips

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_render_worker_makes_a_vertical_captioned_variant(studio, worker_factory, tmp_path):
    path = tmp_path / "master.mp4"
    clips.ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=6", "-f", "lavfi", "-i", "sine=f=440:d=6",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(path),
    )  # fmt: skip
    asset = MediaAsset.objects.create(
        project=studio.acme_project, original_name=path.name, status=MediaAsset.Status.READY, size=path.stat().st_size
    )
    with path.open("rb") as fh:
        asset.file.save(asset_upload_to(asset, path.name), File(fh), save=True)
    events = TimelineEvent.objects.count()
    # a slower preset and a short progress interval, so the variant is seen on its way
    worker = worker_factory("render", RENDER_X264_PRESET="medium", RENDER_PROGRESS_INTERVAL="0.5")
    params = {
        "width": 360,
        "height": 640,
        "offsets": [[0, 0], [5, 1]],
        "trim": {"in": 0.5, "out": 5.5},
        "captions": [[1, 3, "Grüße \u2013 ça va ? 100%"]],
        "end_card": {"seconds": 1, "text": "Shop now"},
        "loudness": {"i": -14, "tp": -1, "lra": 11},
    }

    render = services.render_request(asset=asset, spec=specs.variant(params), by=None)
    assert render.status == Render.Status.QUEUED
    seen = set()

    def finished() -> bool:
        row = Render.objects.values("status", "progress").get(pk=render.pk)
        if row["status"] == Render.Status.RUNNING:
            seen.add(row["progress"])
        return row["status"] in Render.FINISHED

    worker.wait_until(finished, timeout=180, what="the variant")
    render.refresh_from_db()
    assert render.status == Render.Status.SUCCEEDED, render.error
    assert (render.attempts, render.progress) == (1, 100)
    assert len({p for p in seen if 0 < p < 100}) >= 2, seen  # the progress moved
    assert set(render.files.urls()) == {"video", "poster"}
    stored = default_storage.path(render.files.storage_name("variant.mp4"))
    video = checks.streams(stored, "video")[0]
    assert (video["width"], video["height"]) == (360, 640)
    assert checks.frame_count(stored) == 125 + 25  # 5 s at 25 fps, then the 1 s card
    assert render.outputs["facts"]["loudness"]["output_i"] == pytest.approx(-14, abs=1)
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY
    assert TimelineEvent.objects.count() == events
    assert services.render_request(asset=asset, spec=specs.variant(params), by=None) == render
