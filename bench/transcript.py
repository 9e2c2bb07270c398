"""Transcription speed with the bundled model (tiny.en, int8, TRANSCRIBE_THREADS threads).

A 40-odd second clip espeak-ng speaks is transcribed once the model is loaded (a worker keeps it
loaded); ``transcript.realtime_factor`` is the seconds of speech transcribed per second of CPU the
whole run took (this process's threads and the ffmpeg that decodes the sound), target >= 4.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.harness import report

TEXT = (
    "Reelflow makes video review simple. The client watches the cut, pauses on a frame and says what "
    "should change. The editor reads every note at its timecode, makes the change and uploads the next "
    "version. When the producer and the client approve the master, marketing makes the platform versions: "
    "a vertical cut for short video, a square one for the feed, captions burned in where the platform "
    "wants them, and a transcript for search. Every variant is measured against the rules of its platform "
    "before anyone schedules it, so nothing fails after it is posted."
)


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run() -> None:
    from production.media.engine import transcribe as tx
    from production.media.engine.binaries import ffmpeg_path
    from production.media.engine.probe import probe

    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise RuntimeError("bench transcript needs espeak-ng (scripts/system-deps.sh installs it)")
    with tempfile.TemporaryDirectory(prefix="bench-transcript-") as tmp_name:
        tmp = Path(tmp_name)
        voice, clip = tmp / "voice.wav", tmp / "speech.mp4"
        subprocess.run([espeak, "-s", "150", "-w", str(voice), TEXT], check=True, timeout=60)
        subprocess.run(
            [ffmpeg_path(), "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", str(voice),
             "-c:a", "aac", str(clip)],
            check=True, timeout=60,
        )  # fmt: skip
        seconds = probe(clip).duration
        settings = tx.ModelSettings(threads=2)
        tx.load_model(settings)  # a worker loads it once
        cpu, wall = _cpu_seconds(), time.monotonic()
        result = tx.transcribe(clip, model=settings)
        cpu, wall = _cpu_seconds() - cpu, time.monotonic() - wall
        words = sum(len(c.words) for c in result.cues)
        said = f"{seconds:.1f} s of speech, {len(result.cues)} cues, {words} words"
        print(f"# {said}: {cpu:.2f} s CPU, {wall:.2f} s wall")
        report("transcript.realtime_factor", seconds / cpu, "x", ">=4")
