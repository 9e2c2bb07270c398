"""Waveform peaks for the review player, from the low-rate mono PCM the ladder writes."""

from __future__ import annotations

import json
import math
import sys
from array import array
from pathlib import Path

WAVEFORM_VERSION = 1
TARGET_PEAKS = 1500
_BYTES_PER_SAMPLE = 2


def waveform_peaks(pcm_path: Path, *, sample_rate: int, target_peaks: int = TARGET_PEAKS) -> dict:
    """``{"version", "sample_rate", "samples_per_peak", "duration", "peaks"}``; peaks are 0..1 of full scale.

    Reads signed 16-bit little-endian mono PCM in chunks, so a long file never sits in memory.
    """
    pcm_path = Path(pcm_path)
    total = pcm_path.stat().st_size // _BYTES_PER_SAMPLE
    per_peak = max(1, math.ceil(total / target_peaks))
    peaks: list[float] = []
    chunk_samples = per_peak * max(1, 65536 // per_peak)
    with pcm_path.open("rb") as fh:
        while data := fh.read(chunk_samples * _BYTES_PER_SAMPLE):
            samples = array("h")
            samples.frombytes(data[: len(data) - len(data) % _BYTES_PER_SAMPLE])
            if sys.byteorder == "big":
                samples.byteswap()
            for offset in range(0, len(samples), per_peak):
                window = samples[offset : offset + per_peak]
                loudest = max(max(window), -min(window))
                peaks.append(round(min(1.0, loudest / 32767), 4))
    return {
        "version": WAVEFORM_VERSION,
        "sample_rate": sample_rate,
        "samples_per_peak": per_peak,
        "duration": round(total / sample_rate, 3),
        "peaks": peaks,
    }


def write_waveform_json(pcm_path: Path, json_path: Path, *, sample_rate: int) -> dict:
    data = waveform_peaks(pcm_path, sample_rate=sample_rate)
    Path(json_path).write_text(json.dumps(data, separators=(",", ":")), "utf-8")
    return data
