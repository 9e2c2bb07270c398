"""A tuspy upload survives a hard restart of the web server and resumes where it stopped;
a real worker assembles it and the sha256 matches."""

import hashlib
import shutil
import subprocess

import pytest
from django.core.files.storage import default_storage
from rest_framework.authtoken.models import Token
from tusclient import client as tus_client

from production.edit.models import Cut
from production.media.models import MediaAsset, Render, Upload

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clip(tmp_path):
    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg is not installed")
    path = tmp_path / "clip.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=640x360:rate=25:duration=3",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=3",
            "-c:v",
            "libx264",
            "-b:v",
            "3M",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            "-shortest",
            str(path),
        ],
        check=True,
        timeout=60,
    )
    return path


def test_upload_resumes_after_the_server_is_killed(studio, web_server, celery_worker_process, clip):
    cut = Cut.objects.create(project=studio.acme_project, title="Main", client_visible=True)
    token = Token.objects.create(user=studio.editor).key
    endpoint = f"{web_server.url}/api/uploads/"
    size = clip.stat().st_size
    chunk = max(size // 8, 16 * 1024)

    client = tus_client.TusClient(endpoint, headers={"Authorization": f"Token {token}"})
    first = client.uploader(str(clip), chunk_size=chunk, metadata={"filename": "clip.mp4", "cut": str(cut.pk)})
    first.upload(stop_at=chunk * 3)
    web_server.kill()
    web_server.start()

    resumed = tus_client.TusClient(endpoint, headers={"Authorization": f"Token {token}"}).uploader(
        str(clip), chunk_size=chunk, url=first.url
    )
    assert resumed.offset == chunk * 3
    resumed.upload()

    upload = Upload.objects.get()
    assert upload.status == Upload.Status.COMPLETE
    # the worker assembles, hashes and probes the file, then renders it
    celery_worker_process.wait_until(
        lambda: MediaAsset.objects.get(pk=upload.asset_id).status != MediaAsset.Status.PROCESSING,
        timeout=120,
        what="assembly and render",
    )
    asset = MediaAsset.objects.get(pk=upload.asset_id)
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    assert asset.sha256 == hashlib.sha256(clip.read_bytes()).hexdigest()
    assert asset.size == size
    assert asset.media_type == MediaAsset.MediaType.VIDEO
    assert (asset.width, asset.height) == (640, 360)
    render = asset.renders.get()
    assert render.status == Render.Status.SUCCEEDED and render.progress == 100 and render.attempts == 1
    assert default_storage.exists(f"{render.output_dir}/{render.outputs['main']['hls_master']}")
    assert default_storage.exists(f"{render.output_dir}/{render.outputs['main']['proxy']}")
