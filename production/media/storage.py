"""Media files through Django's storage API (local disk by default, S3-compatible when
configured). Streams in fixed-size pieces; never holds a whole file in memory."""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import default_storage
from django.http.request import UnreadablePostError

PIECE = 1024 * 1024


class StreamReader(io.RawIOBase):
    """Reads at most ``limit`` bytes from a request body, hashing as it goes. A client that
    drops the connection ends the stream early (``interrupted``) instead of raising, so the
    bytes that did arrive are kept and the upload resumes from there."""

    def __init__(self, stream, limit: int, hashers: Iterable = ()):
        self.stream = stream
        self.remaining = limit
        self.hashers = list(hashers)
        self.received = 0
        self.interrupted = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        size = min(size, PIECE)
        try:
            data = self.stream.read(size)
        except (OSError, UnreadablePostError):
            data = b""
        if not data:
            if self.remaining > 0:
                self.interrupted = True
            self.remaining = 0
            return b""
        self.remaining -= len(data)
        self.received += len(data)
        for hasher in self.hashers:
            hasher.update(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _StreamFile(File):
    """A File over a stream, read in 1 MiB pieces (Django's default is 64 KiB)."""

    DEFAULT_CHUNK_SIZE = PIECE


def save_exact(name: str, content) -> str:
    """Save under exactly ``name`` (replacing what is there), streaming ``content``."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, content if hasattr(content, "chunks") else _StreamFile(content, name=name))
    if saved != name:
        raise SuspiciousFileOperation(f"Storage saved {name!r} as {saved!r}.")
    return saved


class ConcatReader(io.RawIOBase):
    """One readable stream over several stored files, in order, with a running sha256."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        self.current = None
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = PIECE if size is None or size < 0 else min(size, PIECE)
        while True:
            if self.current is None:
                if not self.names:
                    return b""
                self.current = default_storage.open(self.names.pop(0), "rb")
            data = self.current.read(size)
            if data:
                self.sha256.update(data)
                self.size += len(data)
                return data
            self.current.close()
            self.current = None

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None
        super().close()


def delete_tree(prefix: str) -> None:
    """Delete every file under a storage folder (best effort; missing is fine)."""
    try:
        dirs, files = default_storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        default_storage.delete(f"{prefix}/{name}")
    for sub in dirs:
        delete_tree(f"{prefix}/{sub}")
    with contextlib.suppress(Exception):  # local folders linger otherwise; remote stores have none
        path = Path(default_storage.path(prefix))
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def local_path(name: str) -> Iterator[Path]:
    """A path ffmpeg can read: the file itself on local storage, else a temporary download."""
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:
        path = None
    if path is not None:
        yield path
        return
    suffix = Path(name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp, default_storage.open(name, "rb") as src:
        shutil.copyfileobj(src, tmp, PIECE)
        tmp.flush()
        yield Path(tmp.name)


def save_tree(local_dir: Path, prefix: str) -> list[str]:
    """Copy every file of a local folder into storage under ``prefix``; returns the names."""
    names = []
    for path in sorted(p for p in local_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(local_dir).as_posix()
        with path.open("rb") as fh:
            names.append(save_exact(f"{prefix}/{rel}", File(fh, name=rel)))
    return names
