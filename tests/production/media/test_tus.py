"""The tus 1.0 server, driven by the real Python client (tuspy) and by raw HTTP."""

import base64
import hashlib
import http.client
import io
import os
import re
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from tusclient import client as tus_client

from production.edit.models import Version
from production.media.models import MediaAsset, Upload, UploadPart
from projects.models import TimelineEvent

pytestmark = pytest.mark.django_db(transaction=True)


def b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


def metadata_header(**values) -> str:
    return ",".join(f"{k} {b64(v)}" for k, v in values.items())


@pytest.fixture
def payload(tmp_path):
    path = tmp_path / "clip.mov"
    path.write_bytes(os.urandom(300_000))
    return path


@pytest.fixture
def endpoint(live_server):
    return f"{live_server.url}/api/uploads/"


def tus_headers(token: str, **extra) -> dict:
    return {"Authorization": f"Token {token}", "Tus-Resumable": "1.0.0", **extra}


def create(endpoint, token, length, **meta) -> requests.Response:
    return requests.post(
        endpoint,
        headers=tus_headers(token, **{"Upload-Length": str(length), "Upload-Metadata": metadata_header(**meta)}),
        timeout=10,
    )


def test_options_advertises_the_protocol(endpoint):
    response = requests.options(endpoint, timeout=10)
    assert response.status_code == 204
    assert response.headers["Tus-Version"] == "1.0.0"
    assert set(response.headers["Tus-Extension"].split(",")) == {"creation", "termination", "expiration", "checksum"}
    assert int(response.headers["Tus-Max-Size"]) > 0


def test_tuspy_uploads_in_chunks_with_checksums_and_the_version_is_created(
    endpoint, editor_token, cut, payload, monkeypatch
):
    # Assembly runs eagerly here (test settings); it probes the file, which is random bytes:
    # the asset must come out unusable with a reason, but whole and with the right hash.
    client = tus_client.TusClient(endpoint, headers={"Authorization": f"Token {editor_token}"})
    uploader = client.uploader(
        str(payload), chunk_size=64 * 1024, metadata={"filename": "clip.mov", "cut": str(cut.pk)}, upload_checksum=True
    )
    uploader.upload()
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.COMPLETE
    assert upload.offset == upload.length == payload.stat().st_size
    assert upload.parts.count() == 5  # 300,000 bytes in 64 KiB chunks
    asset = upload.asset
    asset.refresh_from_db()
    assert asset.sha256 == hashlib.sha256(payload.read_bytes()).hexdigest()
    assert asset.size == payload.stat().st_size
    assert asset.file.name == f"assets/{asset.project_id}/{asset.pk}/source.mov"  # generated, not the user's
    with default_storage.open(asset.file.name, "rb") as fh:
        assert fh.read() == payload.read_bytes()
    assert not default_storage.exists(f"uploads/{upload.pk}")  # parts removed after assembly
    assert Version.objects.get(asset=asset).number == 1
    assert TimelineEvent.objects.filter(project=cut.project, kind="version.uploaded").exists()
    assert asset.status == MediaAsset.Status.UNUSABLE
    assert asset.unusable_reason


def test_interrupted_tuspy_upload_resumes_where_it_stopped(endpoint, editor_token, cut, payload):
    client = tus_client.TusClient(endpoint, headers={"Authorization": f"Token {editor_token}"})
    first = client.uploader(str(payload), chunk_size=50_000, metadata={"filename": "clip.mov", "cut": str(cut.pk)})
    first.upload(stop_at=150_000)
    upload = Upload.objects.get()
    assert upload.offset == 150_000 and upload.status == Upload.Status.RECEIVING
    resumed = client.uploader(str(payload), chunk_size=50_000, url=first.url)
    assert resumed.offset == 150_000  # tuspy asked the server (HEAD) where to go on
    resumed.upload()
    upload.refresh_from_db()
    assert upload.status == Upload.Status.COMPLETE
    upload.asset.refresh_from_db()
    assert upload.asset.sha256 == hashlib.sha256(payload.read_bytes()).hexdigest()


def test_dropped_connection_keeps_the_bytes_that_arrived(endpoint, editor_token, cut):
    response = create(endpoint, editor_token, 100_000, filename="a.mov", cut=str(cut.pk))
    assert response.status_code == 201
    url = urlsplit(response.headers["Location"])
    sock = socket.create_connection((url.hostname, url.port), timeout=10)
    head = (
        f"PATCH {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Token {editor_token}\r\n"
        "Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
        "Content-Length: 100000\r\n\r\n"
    )
    sock.sendall(head.encode() + b"x" * 40_000)
    sock.shutdown(socket.SHUT_WR)  # the client goes away mid-body
    sock.recv(1024)
    sock.close()
    head = requests.head(response.headers["Location"], headers=tus_headers(editor_token), timeout=10)
    assert head.status_code == 200
    assert head.headers["Upload-Offset"] == "40000"
    assert head.headers["Upload-Length"] == "100000"


def test_protocol_errors_change_nothing(endpoint, editor_token, cut):
    location = create(endpoint, editor_token, 10, filename="a.mov", cut=str(cut.pk)).headers["Location"]
    patch = dict(tus_headers(editor_token), **{"Content-Type": "application/offset+octet-stream"})
    assert (
        requests.patch(location, data=b"12345", headers={**patch, "Upload-Offset": "3"}, timeout=10).status_code == 409
    )
    bad_type = {**patch, "Upload-Offset": "0", "Content-Type": "application/json"}
    assert requests.patch(location, data=b"12345", headers=bad_type, timeout=10).status_code == 415
    no_tus = {k: v for k, v in patch.items() if k != "Tus-Resumable"}
    refused = requests.patch(location, data=b"12345", headers={**no_tus, "Upload-Offset": "0"}, timeout=10)
    assert refused.status_code == 412 and refused.headers["Tus-Version"] == "1.0.0"
    wrong_sum = base64.b64encode(hashlib.sha1(b"other").digest()).decode()
    mismatch = requests.patch(
        location,
        data=b"12345",
        headers={**patch, "Upload-Offset": "0", "Upload-Checksum": f"sha1 {wrong_sum}"},
        timeout=10,
    )
    assert mismatch.status_code == 460
    too_much = requests.patch(location, data=b"x" * 11, headers={**patch, "Upload-Offset": "0"}, timeout=10)
    assert too_much.status_code == 413
    upload = Upload.objects.get()
    assert upload.offset == 0 and not upload.parts.exists()
    good_sum = base64.b64encode(hashlib.sha1(b"12345").digest()).decode()
    ok = requests.patch(
        location,
        data=b"12345",
        headers={**patch, "Upload-Offset": "0", "Upload-Checksum": f"sha1 {good_sum}"},
        timeout=10,
    )
    assert ok.status_code == 204 and ok.headers["Upload-Offset"] == "5"


@pytest.mark.parametrize(
    ("length", "meta", "status", "says"),
    [
        (10, {"filename": "notes.txt"}, 400, "not accepted"),
        (10, {}, 400, "filename"),
        (0, {"filename": "a.mov"}, 400, "empty"),
        (10**15, {"filename": "a.mov"}, 413, "limit"),
    ],
)
def test_creation_refuses_bad_uploads_with_a_reason(endpoint, editor_token, cut, length, meta, status, says):
    response = create(endpoint, editor_token, length, cut=str(cut.pk), **meta)
    assert response.status_code == status
    error = response.json()["error"]  # the API's one error shape, under /api/uploads/ too
    assert error["status"] == status and error["code"] and says in error["message"]
    assert not Upload.objects.exists()


def test_uploads_are_private_to_their_tenant_and_uploader(endpoint, studio, editor_token, cut):
    from rest_framework.authtoken.models import Token

    client_token = Token.objects.create(user=studio.acme_user).key
    globex_token = Token.objects.create(user=studio.globex_user).key
    producer_token = Token.objects.create(user=studio.producer).key
    assert create(endpoint, client_token, 10, filename="a.mov", cut=str(cut.pk)).status_code == 403
    assert create(endpoint, globex_token, 10, filename="a.mov", cut=str(cut.pk)).status_code == 404
    assert create(endpoint, editor_token, 10, filename="a.mov", project="not-a-uuid").status_code == 404
    anonymous = requests.post(endpoint, headers={"Tus-Resumable": "1.0.0", "Upload-Length": "10"}, timeout=10)
    assert anonymous.status_code in (401, 403)
    location = create(endpoint, editor_token, 10, filename="a.mov", cut=str(cut.pk)).headers["Location"]
    for token in (producer_token, globex_token):  # someone else's upload is not there for them
        assert requests.head(location, headers=tus_headers(token), timeout=10).status_code == 404
        assert requests.delete(location, headers=tus_headers(token), timeout=10).status_code == 404
    assert Upload.objects.get().status == Upload.Status.RECEIVING


def test_termination_deletes_the_bytes(endpoint, editor_token, cut):
    location = create(endpoint, editor_token, 10, filename="a.mov", cut=str(cut.pk)).headers["Location"]
    patch = dict(tus_headers(editor_token), **{"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"})
    assert requests.patch(location, data=b"12345", headers=patch, timeout=10).status_code == 204
    upload = Upload.objects.get()
    assert default_storage.exists(upload.parts.get().name)
    assert requests.delete(location, headers=tus_headers(editor_token), timeout=10).status_code == 204
    assert requests.head(location, headers=tus_headers(editor_token), timeout=10).status_code == 404
    upload.refresh_from_db()
    assert upload.status == Upload.Status.TERMINATED
    assert not default_storage.exists(f"uploads/{upload.pk}")


def test_expired_upload_is_gone(endpoint, editor_token, cut):
    from django.utils import timezone

    from production.media import services

    location = create(endpoint, editor_token, 10, filename="a.mov", cut=str(cut.pk)).headers["Location"]
    Upload.objects.update(expires_at=timezone.now())
    assert services.uploads_expire() == 1
    assert requests.head(location, headers=tus_headers(editor_token), timeout=10).status_code == 410


def test_a_patch_that_lost_the_race_keeps_nothing(endpoint, editor_token, cut):
    """Two PATCHes at one offset: the second to be accepted is refused, its file deleted, and
    the parts table would refuse a second part at that offset too."""
    from production.media import services

    location = create(endpoint, editor_token, 10, filename="a.mov", cut=str(cut.pk)).headers["Location"]
    stale = Upload.objects.get()  # read before the other PATCH lands
    patch = dict(tus_headers(editor_token), **{"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"})
    assert requests.patch(location, data=b"12345", headers=patch, timeout=10).status_code == 204
    with pytest.raises(services.OffsetConflict):
        services.upload_receive(upload=stale, offset=0, stream=io.BytesIO(b"abcde"), content_length=5)
    upload = Upload.objects.get()
    part = upload.parts.get()
    assert (part.offset, part.size, upload.offset) == (0, 5, 5)
    assert default_storage.listdir(f"uploads/{upload.pk}")[1] == [part.name.rsplit("/", 1)[1]]
    with default_storage.open(part.name, "rb") as fh:
        assert fh.read() == b"12345"
    with pytest.raises(IntegrityError), transaction.atomic():
        UploadPart.objects.create(upload=upload, offset=0, size=5, name=f"uploads/{upload.pk}/other.part")


def test_raw_http_client_sees_tus_resumable_on_every_response(live_server, editor_token, cut):
    url = urlsplit(live_server.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("OPTIONS", "/api/uploads/")
    assert conn.getresponse().getheader("Tus-Resumable") == "1.0.0"


def test_the_readme_snippet_uploads_a_new_version(live_server, editor_token, cut, tmp_path, monkeypatch):
    """The few lines of tuspy in the README work as written (with the reader's own values)."""
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    snippet = next(block for block in re.findall(r"```python\n(.*?)```", readme, re.S) if "TusClient" in block)
    snippet = (
        snippet.replace("http://127.0.0.1:8000", live_server.url)
        .replace("<key>", editor_token)
        .replace("<cut uuid>", str(cut.pk))
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hero_v3.mov").write_bytes(os.urandom(70_000))
    exec(snippet, {})
    version = Version.objects.get(cut=cut)
    assert version.number == 1
    assert version.asset.original_name == "hero_v3.mov"
    assert Upload.objects.get().status == Upload.Status.COMPLETE


def test_control_characters_in_the_file_name_are_cleaned_at_the_door(live_server, endpoint, editor_token, cut):
    """A NUL (PostgreSQL refuses it: a 500), a line break or a right-to-left override in the
    tus metadata never reach the database or a page: the name is kept without them."""
    response = create(
        endpoint, editor_token, 5, filename="hero\x00 cut\n\u202ev3\x1b.mov", cut=str(cut.pk), filetype="video/\x00mp4"
    )
    assert response.status_code == 201, response.text
    patch = dict(tus_headers(editor_token), **{"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"})
    assert requests.patch(response.headers["Location"], data=b"12345", headers=patch, timeout=10).status_code == 204
    upload = Upload.objects.get()
    assert upload.filename == "hero cut v3.mov"
    assert upload.metadata["filetype"] == "video/mp4"
    asset = upload.asset
    shown = requests.get(f"{live_server.url}/api/assets/{asset.pk}/", headers=tus_headers(editor_token), timeout=10)
    assert shown.status_code == 200 and shown.json()["original_name"] == "hero cut v3.mov"
    event = TimelineEvent.objects.get(kind="version.uploaded")
    assert event.data["filename"] == "hero cut v3.mov"
    # Only control characters: nothing is left, so nothing is created.
    refused = create(endpoint, editor_token, 5, filename="\x00\x01\u202e", cut=str(cut.pk))
    assert refused.status_code == 400 and "filename" in refused.text
    assert Upload.objects.count() == 1
