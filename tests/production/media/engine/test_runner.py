"""The runner: progress, cancel, time limit, failures, and no ffmpeg left behind."""

from __future__ import annotations

import itertools
import os
import subprocess
import time

import pytest

from production.media.engine import FfmpegFailed, RenderCancelled, RenderTimeout, ffmpeg_runner, ingest, run
from tests.production.media.conftest import FAST


def _realtime_source(seconds: float) -> list[str]:
    """A lavfi source read at real-time speed (-re), so a run lasts about ``seconds``."""
    return ["-re", "-f", "lavfi", "-i", f"testsrc2=s=160x90:r=25:d={seconds}", "-f", "null", "-"]


@pytest.fixture
def spawned(monkeypatch):
    """The Popen objects the runner creates, to check their process groups afterwards."""
    made = []
    original = subprocess.Popen

    class Recording(original):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(ffmpeg_runner.subprocess, "Popen", Recording)
    return made


def _group_is_gone(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_progress_is_reported_with_increasing_percent(tmp_path, spawned):
    seen = []
    result = run(
        _realtime_source(2.5),
        on_progress=seen.append,
        should_cancel=None,
        time_limit=30,
        log_path=tmp_path / "ffmpeg.log",
        duration=2.5,
        progress_interval=0.5,
    )
    assert result.returncode == 0
    assert len(seen) >= 3
    percents = [p.percent for p in seen]
    assert percents == sorted(percents) and percents[0] < 100
    assert seen[-1].done and seen[-1].percent == 100
    assert all(p.eta_seconds is not None and p.eta_seconds >= 0 for p in seen)
    assert (tmp_path / "ffmpeg.log").exists()
    assert _group_is_gone(spawned[0].pid)


def test_heartbeat_is_called_while_ffmpeg_reports_nothing(tmp_path, spawned):
    """A tiled image's output writes its header only at the end, and ffmpeg prints no progress
    until every output has: the runner still calls back every interval (the caller's heartbeat)."""
    seen = []
    args = ["-re", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=3", "-vf", "tile=100x1", "-frames:v", "1"]
    result = run(
        [*args, str(tmp_path / "tiles.jpg")],
        on_progress=lambda p: seen.append((time.monotonic(), p)),
        should_cancel=None,
        time_limit=30,
        log_path=tmp_path / "ffmpeg.log",
        duration=3,
        progress_interval=0.5,
    )
    assert result.returncode == 0
    silent = [p for _t, p in seen if not p.done]
    assert len(silent) >= 4, seen  # ~3 s of run, one call every 0.5 s
    assert all(p.percent == 0 for p in silent)  # nothing reported: liveness, not progress
    gaps = [b - a for (a, _p), (b, _q) in itertools.pairwise(seen)]
    assert max(gaps) < 1.5, gaps
    assert seen[-1][1].done


def test_cancel_kills_the_group(tmp_path, spawned):
    asked = []

    def should_cancel():
        asked.append(time.monotonic())
        return len(asked) >= 2

    start = time.monotonic()
    with pytest.raises(RenderCancelled):
        run(
            _realtime_source(60),
            on_progress=None,
            should_cancel=should_cancel,
            time_limit=60,
            log_path=tmp_path / "ffmpeg.log",
            duration=60,
        )
    assert time.monotonic() - start < 10
    assert all(b - a >= 0.9 for a, b in itertools.pairwise(asked))  # polled about once a second
    assert _group_is_gone(spawned[0].pid)


def test_time_limit_raises_and_kills(tmp_path, spawned):
    start = time.monotonic()
    with pytest.raises(RenderTimeout):
        run(
            _realtime_source(60),
            on_progress=None,
            should_cancel=None,
            time_limit=1.0,
            log_path=tmp_path / "ffmpeg.log",
            duration=60,
        )
    assert time.monotonic() - start < 6
    assert _group_is_gone(spawned[0].pid)


def test_an_exception_in_the_callback_still_kills_ffmpeg(tmp_path, spawned):
    def explode(progress):
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError, match="database went away"):
        run(
            _realtime_source(60),
            on_progress=explode,
            should_cancel=None,
            time_limit=60,
            log_path=tmp_path / "ffmpeg.log",
            duration=60,
            progress_interval=0.2,
        )
    assert _group_is_gone(spawned[0].pid)


def test_failure_gives_one_readable_line(tmp_path):
    with pytest.raises(FfmpegFailed) as caught:
        run(
            ["-i", str(tmp_path / "secret-dir" / "missing.mp4"), "-f", "null", "-"],
            on_progress=None,
            should_cancel=None,
            time_limit=30,
            log_path=tmp_path / "ffmpeg.log",
            duration=None,
        )
    message = str(caught.value)
    assert "\n" not in message
    assert "No such file or directory" in message
    assert "secret-dir" not in message  # no server paths in what a user may see
    assert caught.value.returncode != 0 and caught.value.log_tail


def test_log_goes_to_the_file_and_only_a_tail_is_kept(tmp_path):
    result = run(
        ["-f", "lavfi", "-i", "testsrc2=s=64x36:r=25:d=2", "-vf", "showinfo", "-f", "null", "-"],
        on_progress=None,
        should_cancel=None,
        time_limit=30,
        log_path=tmp_path / "ffmpeg.log",
        duration=2,
    )
    log = (tmp_path / "ffmpeg.log").read_text()
    assert log.count("Parsed_showinfo") >= 50 and len(log) > 8192
    assert len(result.log_tail.encode()) <= ffmpeg_runner.TAIL_BYTES
    assert log.endswith(result.log_tail)


def test_cancelled_ingest_leaves_no_partial_outputs(clip, tmp_path, spawned, monkeypatch):
    monkeypatch.setattr(ffmpeg_runner, "CANCEL_POLL_SECONDS", 0.0)  # ask at once: ffmpeg is surely mid-run
    src = clip("h264_1080p")
    out = tmp_path / "renders" / "abc"
    with pytest.raises(RenderCancelled):
        ingest(src, out, should_cancel=lambda: True, time_limit=60, log_path=tmp_path / "log", encoder=FAST)
    assert not out.exists()
    assert list((tmp_path / "renders").iterdir()) == []
    assert _group_is_gone(spawned[0].pid)
