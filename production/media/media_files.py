"""Serving stored media to the people allowed to see it: every request is checked against
the user's scope, only files the render listed are served, with a fixed content type and
byte-range support (browsers seek in MP4 with Range requests)."""

from __future__ import annotations

import re

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

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


def serve(request, name: str, *, download_name: str | None = None, content_type: str | None = None):
    """Serve a stored file. The caller has already checked the user may see it."""
    if not name or not default_storage.exists(name):
        raise Http404("No such file.")
    size = default_storage.size(name)
    ctype = content_type or content_type_for(name)
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
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    if download_name:
        response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    return response
