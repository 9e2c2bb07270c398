"""Reading a large request body (a tus PATCH) without the WSGI server's copies.

Under gunicorn, ``wsgi.input`` hands the body over through two buffers (the socket
unreader's and the body's), copying every byte several times in Python; that caps an
upload at a few hundred MiB/s on a small machine (bench/upload.py). For a body of known
length we take what gunicorn already buffered and then read the rest straight from the
socket, keeping gunicorn's own count of what is left in step, so the connection stays
correct for the next request. Anything that is not gunicorn's known-length body (another
server, chunked transfer encoding, a gunicorn whose internals differ) gets the ordinary
WSGI stream.
"""

from __future__ import annotations

import io


def body_stream(request):
    """A readable for the request body: ``read(size)`` returns at most ``size`` bytes, b"" at the end."""
    meta = request.META
    sock, body = meta.get("gunicorn.socket"), meta.get("wsgi.input")
    reader = getattr(body, "reader", None)
    unreader = getattr(reader, "unreader", None)
    if (
        sock is None
        or type(reader).__name__ != "LengthReader"
        or not isinstance(getattr(reader, "length", None), int)
        or not isinstance(getattr(body, "buf", None), io.BytesIO)
        or not callable(getattr(unreader, "take_buffered", None))
        or not callable(getattr(unreader, "unread", None))
    ):
        return request
    return _GunicornBody(sock, body, reader, unreader)


class _GunicornBody(io.RawIOBase):
    def __init__(self, sock, body, reader, unreader):
        self.sock, self.reader = sock, reader
        pending = body.buf.getvalue()  # counted by the reader already
        body.buf = io.BytesIO()
        buffered = unreader.take_buffered()  # not counted yet; may run into a pipelined request
        mine, theirs = buffered[: reader.length], buffered[reader.length :]
        if theirs:
            unreader.unread(theirs)
        reader.length -= len(mine)
        self.pending = pending + mine

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.pending:
            size = len(self.pending) if size is None or size < 0 else size
            data, self.pending = self.pending[:size], self.pending[size:]
            return data
        want = self.reader.length if size is None or size < 0 else min(size, self.reader.length)
        if want <= 0:
            return b""
        data = self.sock.recv(want)  # a dropped client gives b"" or raises OSError: the caller copes
        self.reader.length -= len(data)
        return data
