"""Serving stored media to the people allowed to see it: every request is checked against
the user's scope (by the views), only files the render listed are served, with a fixed
content type and byte-range support (browsers seek in MP4 with Range requests).

Who sends the bytes is ``settings.MEDIA_SERVE``: "django" streams them from storage here;
"nginx" answers with headers only (``X-Accel-Redirect`` to the front server's internal
location, through django-sendfile2's nginx backend) and nginx sends the file, doing ranges
and HEAD itself, so a web worker is never held by a download or a segment."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django_sendfile import sendfile

CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".vtt": "text/vtt; charset=utf-8",
    ".json": "application/json",
}
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
PIECE = 256 * 1024


def content_type_for(name: str) -> str:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def _iter_range(fh, start: int, length: int):
    fh.seek(start)
    try:
        while length > 0:
            data = fh.read(min(PIECE, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        fh.close()


def serve(request, name: str, *, content_type: str | None = None) -> HttpResponse:
    """Serve a stored file. The caller has already checked the user may see it (and sets
    Content-Disposition for a download)."""
    if not name or not default_storage.exists(name):
        raise Http404("No such file.")
    ctype = content_type or content_type_for(name)
    if settings.MEDIA_SERVE == "nginx":
        return _by_front_server(request, name, ctype)
    return _streamed(request, name, ctype)


def _file_headers(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _by_front_server(request, name: str, ctype: str) -> HttpResponse:
    """Headers only: nginx follows X-Accel-Redirect to its internal location and sends the
    file. It keeps this response's Content-Type (our fixed table, never its own guess),
    Content-Disposition and Cache-Control; the body and its length are its own."""
    response = sendfile(request, default_storage.path(name), mimetype=ctype, attachment_filename=False)
    del response["Content-Disposition"]  # sendfile's bare "inline"; a download sets its own
    response["Content-Length"] = "0"  # this answer has no body (sendfile put the file's size here)
    return _file_headers(response)


def _streamed(request, name: str, ctype: str) -> HttpResponse:
    size = default_storage.size(name)
    match = RANGE.match(request.headers.get("Range", "").strip())
    if match and (match.group(1) or match.group(2)):
        first, last = match.group(1), match.group(2)
        if first:
            start, end = int(first), int(last) if last else size - 1
        else:  # a suffix: the last N bytes
            start, end = max(size - int(last), 0), size - 1
        end = min(end, size - 1)
        if start > end or start >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = StreamingHttpResponse(
            _iter_range(default_storage.open(name, "rb"), start, end - start + 1), status=206, content_type=ctype
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=ctype)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    return _file_headers(response)
