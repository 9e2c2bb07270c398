"""The tus PATCH body read from gunicorn's WSGI stream, in pieces: bytes arrive whole, a
dropped client keeps what it sent, and the connection stays usable for the next request —
also when the client pipelines it behind the body."""

import base64
import hashlib
import os
import socket
from urllib.parse import urlsplit

import pytest
import requests
from rest_framework.authtoken.models import Token

from production.edit.models import Cut
from production.media.models import Upload

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def target(studio):
    cut = Cut.objects.create(project=studio.acme_project, title="Main")
    return cut, Token.objects.create(user=studio.editor).key


def create(server, token, cut, length) -> str:
    meta = ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in {"filename": "a.mov", "cut": str(cut.pk)}.items()
    )
    response = requests.post(
        f"{server.url}/api/uploads/",
        headers={
            "Authorization": f"Token {token}",
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(length),
            "Upload-Metadata": meta,
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return urlsplit(response.headers["Location"]).path


def patch_request(path, token, offset, body: bytes, *, declared: int | None = None) -> bytes:
    return (
        f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\nTus-Resumable: 1.0.0\r\n"
        f"Upload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\n"
        f"Content-Length: {len(body) if declared is None else declared}\r\n\r\n"
    ).encode() + body


def read_responses(sock, count: int) -> list[bytes]:
    """Status lines and headers of ``count`` responses (tus PATCH answers have empty bodies)."""
    data = b""
    while data.count(b"\r\n\r\n") < count:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return [b"HTTP/1.1 " + part for part in data.split(b"HTTP/1.1 ")[1:]]


def test_pipelined_patches_on_one_connection(web_server, target):
    cut, token = target
    payload = os.urandom(3 * 1024 * 1024 + 17)
    first, second = payload[: 2 * 1024 * 1024], payload[2 * 1024 * 1024 :]
    path = create(web_server, token, cut, len(payload))
    with socket.create_connection(("127.0.0.1", web_server.port), timeout=30) as sock:
        # both requests in one go: the second one's bytes arrive while the first body is read
        sock.sendall(patch_request(path, token, 0, first) + patch_request(path, token, len(first), second))
        responses = read_responses(sock, 2)
    assert [r.split(b"\r\n", 1)[0] for r in responses] == [b"HTTP/1.1 204 No Content"] * 2, responses
    upload = Upload.objects.get()
    assert upload.offset == len(payload) and upload.status == Upload.Status.COMPLETE
    parts = list(upload.parts.order_by("offset"))
    assert [(part.offset, part.size) for part in parts] == [(0, len(first)), (len(first), len(second))]
    from django.core.files.storage import default_storage

    joined = b"".join(default_storage.open(part.name, "rb").read() for part in parts)
    assert hashlib.sha256(joined).digest() == hashlib.sha256(payload).digest()


def test_a_dropped_client_keeps_what_it_sent(web_server, target):
    cut, token = target
    path = create(web_server, token, cut, 1_000_000)
    with socket.create_connection(("127.0.0.1", web_server.port), timeout=30) as sock:
        sock.sendall(patch_request(path, token, 0, b"y" * 300_000, declared=1_000_000))
        sock.shutdown(socket.SHUT_WR)
        sock.recv(1024)
    head = requests.head(
        f"{web_server.url}{path}", headers={"Authorization": f"Token {token}", "Tus-Resumable": "1.0.0"}, timeout=10
    )
    assert head.headers["Upload-Offset"] == "300000"
