"""Session-wide clips (made once with lavfi) and ingests (run once per clip, shared by the tests)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from production.media.engine import EncoderSettings, IngestResult, ingest
from tests.production.media import clips

# name -> (maker, file suffix)
CLIPS: dict[str, tuple[Callable[[Path], None], str]] = {
    "h264_1080p": (clips.h264_1080p, ".mp4"),
    "hevc_10bit": (clips.hevc_10bit, ".mp4"),
    "prores_422": (clips.prores_422, ".mov"),
    "vp9_webm": (clips.vp9_webm, ".webm"),
    "phone_rotated": (clips.phone_rotated, ".mp4"),
    "odd_size": (clips.odd_size, ".mp4"),
    "variable_frame_rate": (clips.variable_frame_rate, ".mp4"),
    "interlaced": (clips.interlaced, ".mp4"),
    "tiny": (clips.tiny, ".mp4"),
    "silent_video": (clips.silent_video, ".mp4"),
    "small": (clips.h264_small, ".mp4"),
    "black": (clips.black_with_tone, ".mp4"),
    "tone_wav": (clips.tone_wav, ".wav"),
    "qc": (clips.qc_clip, ".mp4"),
    "png": (clips.png_image, ".png"),
    "text_as_mp4": (clips.text_as_mp4, ".mp4"),
    "zero_bytes": (clips.zero_bytes, ".mp4"),
    "truncated": (clips.truncated_mp4, ".mp4"),
    "truncated_faststart": (clips.truncated_faststart_mp4, ".mp4"),
    "mkv_playlist_title": (clips.mkv_title_mentions_a_playlist, ".mkv"),
    "spoken": (clips.spoken_clip, ".mp4"),
    "quiet": (clips.quiet_clip, ".mp4"),
}

# Tests encode with ultrafast; the production default is veryfast (see EncoderSettings).
FAST = EncoderSettings(preset="ultrafast")


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session")
def clip(clip_dir) -> Callable[[str], Path]:
    def make(name: str) -> Path:
        if name == "hevc_10bit" and not clips.has_encoder("libx265"):
            pytest.skip("this ffmpeg has no libx265")
        maker, suffix = CLIPS[name]
        path = clip_dir / f"{name}{suffix}"
        if not path.exists():
            maker(path)
        return path

    return make


@pytest.fixture(scope="session")
def ingested(clip, tmp_path_factory) -> Callable[[str], tuple[Path, Path, IngestResult]]:
    """(source, out_dir, result) of ingesting a clip, computed once per session."""
    root = tmp_path_factory.mktemp("ingests")
    done: dict[str, tuple[Path, Path, IngestResult]] = {}

    def get(name: str) -> tuple[Path, Path, IngestResult]:
        if name not in done:
            src = clip(name)
            out_dir = root / name / "out"
            result = ingest(src, out_dir, time_limit=120, log_path=root / name / "ffmpeg.log", encoder=FAST)
            done[name] = (src, out_dir, result)
        return done[name]

    yield get
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def spoken_transcript(clip):
    """The engine's transcript of the spoken clip (clips.SPOKEN_TEXT), made once per session
    with the bundled model."""
    from production.media.engine.transcribe import transcribe

    progress: list[float] = []
    result = transcribe(clip("spoken"), on_progress=progress.append)
    return result, progress
