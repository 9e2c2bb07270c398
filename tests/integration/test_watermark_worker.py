"""A viewer's watermarked copy made by a real render worker, as the review app will ask for it:
queued by ``render_request``, claimed and run by ``render_ladder`` with its progress moving on
the row ("preparing your copy"), and the asset left as it was."""

import pytest
from django.core.files import File
from django.core.files.storage import default_storage

from production.media import services, specs
from production.media.models import MediaAsset, Render, asset_upload_to
from projects.models import TimelineEvent
from tests.production.media import clips

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_render_worker_makes_a_viewers_copy(studio, worker_factory, tmp_path):
    path = tmp_path / "cut.mp4"
    clips.ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=12", "-f", "lavfi", "-i", "sine=f=440:d=12",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(path),
    )  # fmt: skip
    asset = MediaAsset.objects.create(
        project=studio.acme_project, original_name=path.name, status=MediaAsset.Status.READY, size=path.stat().st_size
    )
    with path.open("rb") as fh:
        asset.file.save(asset_upload_to(asset, path.name), File(fh), save=True)
    events = TimelineEvent.objects.count()
    # a slower preset and a short progress interval, so the copy is seen on its way
    worker = worker_factory("render", RENDER_X264_PRESET="medium", RENDER_PROGRESS_INTERVAL="0.5")

    copy = services.render_request(asset=asset, spec=specs.watermark(text="Zoë O'Brien: 100%"), by=None)
    assert copy.status == Render.Status.QUEUED
    seen = set()

    def finished() -> bool:
        row = Render.objects.values("status", "progress").get(pk=copy.pk)
        if row["status"] == Render.Status.RUNNING:
            seen.add(row["progress"])
        return row["status"] in Render.FINISHED

    worker.wait_until(finished, timeout=180, what="the watermarked copy")
    copy.refresh_from_db()
    assert copy.status == Render.Status.SUCCEEDED, copy.error
    assert (copy.attempts, copy.progress) == (1, 100)
    assert len({p for p in seen if 0 < p < 100}) >= 2, seen  # "preparing your copy" moved
    assert set(copy.files.urls()) == {"hls_master", "proxy", "poster"}
    for name in copy.files.files:
        assert default_storage.exists(copy.files.storage_name(name))
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY
    assert TimelineEvent.objects.count() == events
    # asked again, it is served from that render: nothing queued, nothing run
    assert services.render_request(asset=asset, spec=specs.watermark(text=" Zoë  O'Brien: 100% "), by=None) == copy
    assert Render.objects.filter(asset=asset).count() == 1
