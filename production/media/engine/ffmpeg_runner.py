"""The one way Reelflow runs ffmpeg.

- own process group (``start_new_session=True``); every exit path kills the whole group;
- ``-progress pipe:1 -nostats``: the key=value blocks on stdout become :class:`Progress`,
  handed to ``on_progress`` in the *calling* thread (so a Django caller can save a row)
  every ``progress_interval`` seconds while ffmpeg runs — also when it has reported nothing
  new, so the call doubles as the caller's heartbeat — and once more at the end;
- on Linux, ffmpeg is also told to die with the process that started it (PR_SET_PDEATHSIG),
  so a worker killed outright does not leave an orphan encoding until its time limit;
- stderr is streamed to ``log_path`` by a thread; only the last few KB stay in memory;
- ``time_limit`` (seconds of wall time) and ``should_cancel`` (polled about once a second)
  stop the run: SIGTERM to the group, a short grace, then SIGKILL.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from production.media.engine.binaries import ffmpeg_path
from production.media.engine.errors import FfmpegFailed, RenderCancelled, RenderTimeout

TAIL_BYTES = 4096
CANCEL_POLL_SECONDS = 1.0
KILL_GRACE_SECONDS = 2.0
_TICK = 0.05


@dataclass(frozen=True)
class Progress:
    percent: float | None  # 0-100 from out_time / duration; None when the duration is unknown
    out_time: float  # seconds of output written so far
    eta_seconds: float | None
    speed: float | None  # media seconds per wall second, as ffmpeg reports it ("1.5x" -> 1.5)
    done: bool = False


@dataclass(frozen=True)
class RunResult:
    returncode: int
    log_tail: str  # the last ~4 KB of stderr, decoded
    log_path: Path
    elapsed: float  # wall seconds
    out_time: float  # seconds of output ffmpeg reported last


class _ProgressState:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.out_time = 0.0
        self.speed: float | None = None
        self.ended = False

    def read(self, stream) -> None:
        block: dict[str, str] = {}
        for raw in iter(stream.readline, b""):  # keep draining to EOF whatever happens: ffmpeg blocks otherwise
            key, sep, value = raw.decode("utf-8", "replace").strip().partition("=")
            if not sep:
                continue
            block[key] = value
            if key == "progress":
                self._apply(block)
                block = {}

    def _apply(self, block: dict[str, str]) -> None:
        out_time = _to_float(block.get("out_time_us"))
        speed = _to_float(block.get("speed", "").rstrip("x"))
        with self.lock:
            if out_time is not None and out_time >= 0:
                self.out_time = max(self.out_time, out_time / 1_000_000)
            self.speed = speed if speed is not None else self.speed
            self.ended = self.ended or block.get("progress") == "end"


class _StderrLog:
    def __init__(self, log_file) -> None:
        self.lock = threading.Lock()
        self.tail = bytearray()
        self.log_file = log_file

    def read(self, stream) -> None:
        while chunk := stream.read1(65536):
            with contextlib.suppress(OSError, ValueError):  # a full disk must not stop us draining the pipe
                self.log_file.write(chunk)
                self.log_file.flush()
            with self.lock:
                self.tail += chunk
                if len(self.tail) > 2 * TAIL_BYTES:
                    del self.tail[:-TAIL_BYTES]

    def text(self) -> str:
        with self.lock:
            return bytes(self.tail[-TAIL_BYTES:]).decode("utf-8", "replace")


def _to_float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


_PR_SET_PDEATHSIG = 1
try:  # loaded here, in the parent: the child between fork and exec only makes one call
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux
    _prctl = None


def _die_with_parent() -> None:
    """In the child, before exec: SIGKILL when the parent goes away."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def ffmpeg_argv(args: Sequence[str]) -> list[str]:
    """Our ffmpeg binary + the runner's global options + ``args`` (a leading "ffmpeg" is dropped)."""
    args = [str(a) for a in args]
    if args and Path(args[0]).name in ("ffmpeg", "ffmpeg.exe"):
        args = args[1:]
    return [ffmpeg_path(), "-hide_banner", "-nostdin", "-nostats", "-progress", "pipe:1", *args]


def run(
    args: Sequence[str],
    *,
    on_progress: Callable[[Progress], None] | None,
    should_cancel: Callable[[], bool] | None,
    time_limit: float,
    log_path: Path,
    duration: float | None,
    progress_interval: float = 2.0,
    cwd: Path | None = None,
) -> RunResult:
    """Run ffmpeg with ``args``; see the module docstring. Raises FfmpegFailed / RenderTimeout / RenderCancelled."""
    log_path = Path(log_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    argv = ffmpeg_argv(args)
    log_file = log_path.open("wb")  # opened here so that a bad log path fails before ffmpeg starts
    progress, stderr_log = _ProgressState(), _StderrLog(log_file)
    start = time.monotonic()
    try:
        proc = subprocess.Popen(  # noqa: S603 - argv is a list built by us, never a shell string
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            cwd=cwd,
            preexec_fn=_die_with_parent,
        )
    except BaseException:
        log_file.close()
        raise
    readers = [
        threading.Thread(target=progress.read, args=(proc.stdout,), daemon=True, name="ffmpeg-progress"),
        threading.Thread(target=stderr_log.read, args=(proc.stderr,), daemon=True, name="ffmpeg-log"),
    ]
    for reader in readers:
        reader.start()
    reaped = False
    try:
        last_emit, last_cancel_check = start, start
        while not _exited(proc):
            time.sleep(_TICK)
            now = time.monotonic()
            if now - start >= time_limit:
                _kill_group(proc)
                raise RenderTimeout(f"The render took longer than its {time_limit:g} s limit and was stopped.")
            if should_cancel is not None and now - last_cancel_check >= CANCEL_POLL_SECONDS:
                last_cancel_check = now
                if should_cancel():
                    _kill_group(proc)
                    raise RenderCancelled("The render was cancelled.")
            if on_progress is not None and now - last_emit >= progress_interval:
                # Every interval while ffmpeg lives, whether or not it reported anything new: the
                # caller's heartbeat. Liveness is not progress (ffmpeg can be silent for a while).
                last_emit = now
                with progress.lock:
                    out_time, speed = progress.out_time, progress.speed
                on_progress(_progress(out_time, speed, duration, now - start))
        _kill_group(proc, grace=0)  # the leader has exited but is not reaped yet: sweep anything it left
        returncode = proc.wait()
        reaped = True
    finally:
        if not reaped:
            _kill_group(proc)
            proc.wait()
        for reader in readers:
            reader.join(timeout=10)
        for stream in (proc.stdout, proc.stderr, log_file):
            with contextlib.suppress(OSError):
                stream.close()
    elapsed = time.monotonic() - start
    tail = stderr_log.text()
    if returncode != 0:
        raise FfmpegFailed(failure_message(tail, returncode), returncode=returncode, log_tail=tail)
    if on_progress is not None:
        on_progress(
            Progress(percent=100.0, out_time=progress.out_time, eta_seconds=0.0, speed=progress.speed, done=True)
        )
    return RunResult(
        returncode=returncode, log_tail=tail, log_path=log_path, elapsed=elapsed, out_time=progress.out_time
    )


def _progress(out_time: float, speed: float | None, duration: float | None, elapsed: float) -> Progress:
    percent = eta = None
    if duration and duration > 0:
        percent = max(0.0, min(100.0, 100.0 * out_time / duration))
        if percent > 0:
            eta = max(0.0, elapsed * (100.0 - percent) / percent)
    return Progress(percent=percent, out_time=out_time, eta_seconds=eta, speed=speed)


def _exited(proc: subprocess.Popen) -> bool:
    """True once the group leader has exited, *without* reaping it: its pid (= the group id) stays
    reserved until ``wait()``, so signalling the group afterwards can never hit a recycled id."""
    if proc.returncode is not None:
        return True
    try:
        return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _kill_group(proc: subprocess.Popen, grace: float = KILL_GRACE_SECONDS) -> None:
    """SIGTERM the process group, wait up to ``grace`` for the leader, then SIGKILL the group."""
    if proc.returncode is not None:  # already reaped: the group id may belong to someone else now
        return
    pgid = proc.pid  # start_new_session=True: the child leads its own group
    if grace > 0 and not _exited(proc):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while not _exited(proc) and time.monotonic() < deadline:
            time.sleep(_TICK)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


_LOG_PREFIX = re.compile(r"^\[[^\]]+ @ (?:0x)?[0-9a-fA-F]+\]\s*")
_ABS_PATH = re.compile(r"(?:file:)?/(?:[^\s/:'\"]+/)+([^\s/:'\"]+)")
_ERROR_WORDS = re.compile(
    r"error|invalid|no such|not found|failed|unable|cannot|could not|unsupported|denied|not on whitelist"
    r"|does not|mismatch|too many|out of memory|corrupt|unknown",
    re.IGNORECASE,
)
_GENERIC = re.compile(r"^(Conversion failed!?|Exiting normally.*|frame=.*|size=.*|video:.*|\s*)$")


def failure_message(log_tail: str, returncode: int) -> str:
    """One line a person can read: the last error-looking line of the log, without addresses or paths."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"ffmpeg was stopped by {name}."
    lines = [_LOG_PREFIX.sub("", line).strip() for line in log_tail.splitlines()]
    lines = [line for line in lines if line and not _GENERIC.match(line)]
    chosen = next((line for line in reversed(lines) if _ERROR_WORDS.search(line)), lines[-1] if lines else "")
    chosen = _ABS_PATH.sub(r"\1", chosen)
    if not chosen:
        return f"ffmpeg failed (exit status {returncode})."
    return f"ffmpeg failed: {chosen[:200]}"
