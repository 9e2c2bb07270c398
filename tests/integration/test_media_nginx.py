"""Media bytes leave through the front server, not Django's workers: a real nginx, running
the committed deploy/nginx.conf.template, in front of a real gunicorn with MEDIA_SERVE=nginx.

Django still checks every request (the user's scope, only files the render listed) and
answers with X-Accel-Redirect and no body; nginx sends the file, ranges included, under the
content type from Django's fixed table. Someone who may not see a file gets a 404 and none of
its bytes, and the internal location cannot be asked for from outside. Uploads (tus) pass
through it too."""

from __future__ import annotations

import os
import time

import pytest
import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client as HttpClient
from django.urls import reverse
from rest_framework.authtoken.models import Token
from tusclient import client as tus_client

from production.edit.models import Cut, Version
from production.media.models import MediaAsset, Render, Upload
from tests.workers import NginxServer, WebServer

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

INTERNAL = "/internal-media/"


@pytest.fixture
def front(transactional_db, tmp_path, settings):
    """gunicorn (MEDIA_SERVE=nginx) behind nginx, both over this test's own media folder."""
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path / "media")
    web = WebServer(tmp_path, MEDIA_SERVE="nginx", MEDIA_INTERNAL_URL=INTERNAL)
    web.start()
    nginx = NginxServer(tmp_path, upstream=f"127.0.0.1:{web.port}", media_root=settings.MEDIA_ROOT)
    try:
        nginx.start()
        yield web, nginx
    finally:
        nginx.stop()
        web.kill()


@pytest.fixture
def rendered(studio):
    """A client-visible cut's version with a finished render: its files are real files on disk."""
    cut = Cut.objects.create(project=studio.acme_project, title="Hero film", client_visible=True)
    asset = MediaAsset.objects.create(
        project=studio.acme_project,
        purpose=MediaAsset.Purpose.VERSION,
        status=MediaAsset.Status.READY,
        original_name="hero v1.mov",
        uploaded_by=studio.editor,
    )
    source = os.urandom(200_000)
    asset.file.save(f"assets/{asset.project_id}/{asset.pk}/source.mov", ContentFile(source), save=True)
    Version.objects.create(cut=cut, number=1, asset=asset, created_by=studio.editor)
    output_dir = f"renders/{asset.pk}/r1"
    files = {
        "proxy.mp4": os.urandom(300_000),
        "master.m3u8": b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nv720/index.m3u8\n",
        "v720/seg_00001.ts": os.urandom(50_000),
        "thumbs.vtt": b"WEBVTT\n\n00:00.000 --> 00:01.000\nsprite.jpg#xywh=0,0,160,90\n",
    }
    for name, data in files.items():
        default_storage.save(f"{output_dir}/{name}", ContentFile(data))
    default_storage.save(f"{output_dir}/ffmpeg.log", ContentFile(b"ffmpeg log: not a listed output"))
    render = Render.objects.create(
        asset=asset,
        status=Render.Status.SUCCEEDED,
        output_dir=output_dir,
        outputs={"files": {"proxy.mp4": "proxy", "master.m3u8": "hls_master", "v720/seg_00001.ts": "hls_segment",
                           "thumbs.vtt": "thumbnails_vtt"}},
    )  # fmt: skip
    return render, files, source


def session_of(user) -> dict[str, str]:
    client = HttpClient()
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def file_path(render: Render, name: str) -> str:
    return reverse("render-file", kwargs={"render_id": render.pk, "name": name})


def log_line(nginx: NginxServer, request_uri: str) -> str:
    """The access-log line of the last request for ``request_uri`` (written as it finishes)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [line for line in nginx.log_lines() if line.split(" ")[1:2] == [request_uri]]
        if lines:
            return lines[-1]
        time.sleep(0.05)
    raise AssertionError(f"no access-log line for {request_uri}:\n" + "\n".join(nginx.log_lines()))


def fields(line: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in line.split(" ") if "=" in part)


def test_allowed_request_gets_the_bytes_from_nginx_not_from_django(front, studio, rendered):
    web, nginx = front
    render, files, _ = rendered
    client = session_of(studio.acme_user)
    path = file_path(render, "proxy.mp4")
    stored = f"{render.output_dir}/proxy.mp4"

    # Django's own answer (straight from gunicorn): the check passed, headers only, no body.
    django = requests.get(web.url + path, cookies=client, timeout=10)
    assert django.status_code == 200
    assert django.headers["X-Accel-Redirect"] == INTERNAL + stored
    assert django.headers["Content-Type"] == "video/mp4"
    assert django.content == b"" and django.headers["Content-Length"] == "0"

    # Through nginx: the whole file, with Django's content type, and the internal hop hidden.
    response = requests.get(nginx.url + path, cookies=client, timeout=10)
    assert response.status_code == 200
    assert response.content == files["proxy.mp4"]
    assert response.headers["Content-Type"] == "video/mp4"
    assert response.headers["Content-Length"] == str(len(files["proxy.mp4"]))
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, max-age=3600"
    assert "X-Accel-Redirect" not in response.headers
    served = fields(log_line(nginx, path))
    assert served["uri"] == INTERNAL + stored  # nginx served the internal location ...
    assert served["sent"] == str(len(files["proxy.mp4"]))  # ... sent every byte ...
    assert served["upstream_status"] == "200" and served["upstream_bytes"] == "0"  # ... gunicorn none

    # Every kind keeps its type from Django's fixed table (nginx guesses none of its own).
    expected = {
        "master.m3u8": "application/vnd.apple.mpegurl",
        "v720/seg_00001.ts": "video/mp2t",
        "thumbs.vtt": "text/vtt; charset=utf-8",
    }
    for name, content_type in expected.items():
        one = requests.get(nginx.url + file_path(render, name), cookies=client, timeout=10)
        assert one.status_code == 200, name
        assert one.headers["Content-Type"] == content_type, name
        assert one.content == files[name], name


def test_range_requests_are_answered_by_nginx(front, studio, rendered):
    _web, nginx = front
    render, files, _ = rendered
    whole = files["proxy.mp4"]
    client = session_of(studio.acme_user)
    url = nginx.url + file_path(render, "proxy.mp4")

    part = requests.get(url, cookies=client, headers={"Range": "bytes=100-1123"}, timeout=10)
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-1123/{len(whole)}"
    assert part.headers["Content-Type"] == "video/mp4"
    assert part.content == whole[100:1124]
    served = fields(log_line(nginx, file_path(render, "proxy.mp4")))
    assert served["status"] == "206" and served["sent"] == "1024" and served["upstream_bytes"] == "0"

    tail = requests.get(url, cookies=client, headers={"Range": "bytes=-500"}, timeout=10)
    assert tail.status_code == 206 and tail.content == whole[-500:]
    head = requests.head(url, cookies=client, timeout=10)
    assert head.status_code == 200 and head.headers["Content-Length"] == str(len(whole))
    beyond = requests.get(url, cookies=client, headers={"Range": f"bytes={len(whole) + 10}-"}, timeout=10)
    assert beyond.status_code == 416 and whole[:64] not in beyond.content


def test_the_download_keeps_its_name_and_type_through_nginx(front, studio, rendered):
    _web, nginx = front
    render, _files, source = rendered
    path = reverse("asset-download", kwargs={"asset_id": render.asset_id})
    response = requests.get(nginx.url + path, cookies=session_of(studio.producer), timeout=10)
    assert response.status_code == 200
    assert response.content == source
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"] == 'attachment; filename="hero v1.mov"'
    assert fields(log_line(nginx, path))["uri"] == INTERNAL + render.asset.file.name


def test_who_may_not_see_a_file_gets_a_404_and_none_of_its_bytes(front, studio, rendered):
    web, nginx = front
    render, files, source = rendered
    proxy = file_path(render, "proxy.mp4")
    download = reverse("asset-download", kwargs={"asset_id": render.asset_id})
    refused = [
        (proxy, session_of(studio.globex_user), files["proxy.mp4"]),  # another client's project
        (download, session_of(studio.acme_user), source),  # a client may watch it, not download it
        (file_path(render, "ffmpeg.log"), session_of(studio.producer), b"ffmpeg log"),  # not listed
    ]
    for path, cookies, data in refused:
        for base in (nginx.url, web.url):
            response = requests.get(base + path, cookies=cookies, timeout=10)
            assert response.status_code == 404, (base, path)
            assert "X-Accel-Redirect" not in response.headers
            assert data[:64] not in response.content
        assert fields(log_line(nginx, path))["uri"] == path  # nginx never went to the file
    signed_out = requests.get(nginx.url + proxy, timeout=10, allow_redirects=False)
    assert signed_out.status_code == 302 and files["proxy.mp4"][:64] not in signed_out.content


def test_the_internal_location_is_refused_from_outside(front, studio, rendered):
    _web, nginx = front
    render, files, source = rendered
    for stored, data in ((f"{render.output_dir}/proxy.mp4", files["proxy.mp4"]), (render.asset.file.name, source)):
        for cookies in ({}, session_of(studio.producer)):  # even for someone who may see it
            response = requests.get(nginx.url + INTERNAL + stored, cookies=cookies, timeout=10)
            assert response.status_code == 404
            assert data[:64] not in response.content
            assert fields(log_line(nginx, INTERNAL + stored))["upstream_status"] == "-"  # nginx alone said no


def test_tus_uploads_stream_through_nginx(front, studio, tmp_path):
    """The front server passes tus PATCH bodies larger than nginx's default 1 MiB limit, and
    the upload's Location (built from the forwarded Host) leads back through nginx."""
    _web, nginx = front
    cut = Cut.objects.create(project=studio.acme_project, title="Through the front")
    source = tmp_path / "take.mov"
    source.write_bytes(os.urandom(3 * 1024 * 1024 + 5))
    token = Token.objects.create(user=studio.editor).key
    client = tus_client.TusClient(f"{nginx.url}/api/uploads/", headers={"Authorization": f"Token {token}"})
    uploader = client.uploader(
        str(source), chunk_size=2 * 1024 * 1024, metadata={"filename": "take.mov", "cut": str(cut.pk)}
    )
    uploader.upload()
    assert uploader.url.startswith(nginx.url + "/api/uploads/")
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.COMPLETE and upload.offset == source.stat().st_size
    assert [part.size for part in upload.parts.all()] == [2 * 1024 * 1024, 1024 * 1024 + 5]
    patches = [fields(line) for line in nginx.log_lines() if line.startswith("PATCH ")]
    assert [p["status"] for p in patches] == ["204", "204"]
