"""QC findings at the right timecodes, and the loudness summary."""

from __future__ import annotations

import pytest

from production.media.engine import parse_qc
from tests.production.media import clips

TOLERANCE = 0.2


def _one(findings, kind, start):
    matching = [f for f in findings if f.kind == kind and abs(f.start - start) <= TOLERANCE]
    assert matching, f"no {kind} finding near {start}: {findings}"
    return matching[0]


def test_black_silence_and_freeze_are_found_where_they_are(ingested):
    _, _, result = ingested("qc")
    findings = result.findings
    black = _one(findings, "black", clips.QC_BLACK[0])
    assert black.end == pytest.approx(clips.QC_BLACK[1], abs=TOLERANCE)
    assert black.value == pytest.approx(1.0, abs=TOLERANCE)
    silence = _one(findings, "silence", clips.QC_SILENCE[0])
    assert silence.end == pytest.approx(clips.QC_SILENCE[1], abs=TOLERANCE)
    freeze = _one(findings, "freeze", clips.QC_FREEZE[0])
    assert freeze.end == pytest.approx(clips.QC_FREEZE[1], abs=TOLERANCE)
    assert black.message == "Black picture from 0:01.0 to 0:02.0 (1.0 s)."
    # nothing is reported where the clip is fine
    assert not [f for f in findings if f.kind == "silence" and f.start < 2.5]
    assert not [f for f in findings if f.kind == "black" and f.start > 2.5]


def test_loudness_of_a_minus_23_lufs_tone(ingested):
    _, _, result = ingested("tone_wav")
    loudness = result.loudness
    assert loudness.integrated_lufs == pytest.approx(clips.LOUDNESS_TARGET, abs=1.0)
    assert loudness.true_peak_dbtp == pytest.approx(-20.0, abs=1.0)
    assert not [f for f in result.findings if f.kind == "true_peak"]


def test_clean_clip_has_no_findings(ingested):
    _, _, result = ingested("h264_1080p")
    assert [f for f in result.findings if f.kind in ("black", "freeze", "silence")] == []
    assert result.loudness is not None and result.loudness.integrated_lufs is not None


SAMPLE_LOG = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/x.mp4':
  Metadata:
    title           : black_start:5 black_end:9
                    : [blackdetect @ 0x1] black_start:5 black_end:9
[Parsed_ebur128_3 @ 0x55d0] Summary:

  Integrated loudness:
    I:         -70.0 LUFS
    Threshold:   0.0 LUFS

  True peak:
    Peak:       -inf dBFS
[blackdetect @ 0x55d1] black_start:1.24 black_end:2.48 black_duration:1.24
[Parsed_silencedetect_4 @ 0x55d2] silence_start: 3.5
[Parsed_silencedetect_4 @ 0x55d2] silence_end: 4.25 | silence_duration: 0.75
[freezedetect @ 0x55d3] lavfi.freezedetect.freeze_start: 6
[Parsed_silencedetect_4 @ 0x55d2] silence_start: 9.5
[Parsed_ebur128_3 @ 0x55d4] Summary:

  Integrated loudness:
    I:         -14.2 LUFS
    Threshold: -24.3 LUFS

  Loudness range:
    LRA:         6.1 LU
    Threshold: -34.0 LUFS
    LRA low:   -18.0 LUFS
    LRA high:  -11.9 LUFS

  True peak:
    Peak:       -0.3 dBFS
[libx264 @ 0x55d5] kb/s:270.38
"""


def test_parse_qc_reads_filter_lines_only_and_the_last_summary():
    report = parse_qc(SAMPLE_LOG, duration=10.0)
    spans = [(f.kind, f.start, f.end) for f in report.findings if f.kind != "true_peak"]
    assert spans == [("black", 1.24, 2.48), ("silence", 3.5, 4.25), ("freeze", 6.0, 10.0), ("silence", 9.5, 10.0)]
    assert report.loudness.integrated_lufs == -14.2
    assert report.loudness.loudness_range_lu == 6.1
    assert report.loudness.true_peak_dbtp == -0.3
    peak = [f for f in report.findings if f.kind == "true_peak"]
    assert peak and peak[0].value == -0.3 and "dBTP" in peak[0].message


def test_parse_qc_without_audio():
    report = parse_qc("[Parsed_blackdetect_1 @ 0xab] black_start:0 black_end:0.5 black_duration:0.5\n")
    assert report.loudness is None
    assert [(f.kind, f.value) for f in report.findings] == [("black", 0.5)]
