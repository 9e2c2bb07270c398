"""Quality-control findings from the ladder's log: black picture, silence, frozen picture, loudness.

The filters (blackdetect, silencedetect, freezedetect, ebur128=peak=true) run inside the one
ffmpeg process; here we read what they printed. Only lines that start with a filter's log prefix
(``[blackdetect @ 0x…]`` or ``[Parsed_ebur128_3 @ 0x…]``) count; ffmpeg prints the upload's own
metadata indented, so text in a title cannot pose as a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

TRUE_PEAK_LIMIT_DBTP = -1.0

_PREFIX = re.compile(
    r"^\[(?:Parsed_)?(?P<filter>blackdetect|silencedetect|freezedetect|ebur128)(?:_\d+)? @ (?:0x)?[0-9a-f]+\] "
)
_NUMBER = r"(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e-?\d+)?|-?inf|nan)"
_BLACK = re.compile(rf"black_start:{_NUMBER}\s+black_end:{_NUMBER}")
_SILENCE_START = re.compile(rf"silence_start:\s*{_NUMBER}")
_SILENCE_END = re.compile(rf"silence_end:\s*{_NUMBER}")
_FREEZE_START = re.compile(rf"freeze_start:\s*{_NUMBER}")
_FREEZE_END = re.compile(rf"freeze_end:\s*{_NUMBER}")
_SUMMARY_VALUE = {
    "integrated_lufs": re.compile(rf"^\s*I:\s*{_NUMBER}\s*LUFS"),
    "loudness_range_lu": re.compile(rf"^\s*LRA:\s*{_NUMBER}\s*LU\b"),
    "true_peak_dbtp": re.compile(rf"^\s*Peak:\s*{_NUMBER}\s*dBFS"),
}


@dataclass(frozen=True)
class Finding:
    kind: str  # "black" | "silence" | "freeze" | "true_peak"
    start: float | None  # seconds from the start of the media
    end: float | None
    value: float | None  # seconds for black/silence/freeze, dBTP for true_peak
    message: str


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float | None
    loudness_range_lu: float | None
    true_peak_dbtp: float | None


@dataclass(frozen=True)
class QcReport:
    findings: list[Finding] = field(default_factory=list)
    loudness: Loudness | None = None


def clock(seconds: float) -> str:
    """1:02.5 style, for messages."""
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{rest:04.1f}"


def _num(text: str) -> float | None:
    value = float(text)
    return None if value != value else value  # NaN -> None


def parse_qc(log: str | Path, *, duration: float | None = None) -> QcReport:
    """Findings in time order, and the loudness summary (None when there was no audio)."""
    text = Path(log).read_text("utf-8", "replace") if isinstance(log, Path) else log
    intervals: dict[str, list[list[float | None]]] = {"black": [], "silence": [], "freeze": []}
    loudness: Loudness | None = None
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = _PREFIX.match(line)
        if not match:
            continue
        body = line[match.end() :]
        name = match.group("filter")
        if name == "blackdetect" and (m := _BLACK.search(body)):
            intervals["black"].append([_num(m.group(1)), _num(m.group(2))])
        elif name == "silencedetect":
            _start_or_end(intervals["silence"], _SILENCE_START.search(body), _SILENCE_END.search(body))
        elif name == "freezedetect":
            _start_or_end(intervals["freeze"], _FREEZE_START.search(body), _FREEZE_END.search(body))
        elif name == "ebur128" and body.startswith("Summary:"):
            loudness = _summary(lines[index + 1 : index + 20])  # the last summary wins: see below
    # ffmpeg configures the graph once before the real run, so an empty first summary
    # ("I: -70.0 LUFS", "Peak: -inf") is printed early; the real one comes last.
    findings: list[Finding] = []
    for kind, spans in intervals.items():
        for start, end in spans:
            if start is None:
                continue
            end = end if end is not None else duration
            length = (end - start) if end is not None else None
            findings.append(Finding(kind=kind, start=start, end=end, value=length, message=_message(kind, start, end)))
    if loudness and loudness.true_peak_dbtp is not None and loudness.true_peak_dbtp > TRUE_PEAK_LIMIT_DBTP:
        findings.append(
            Finding(
                kind="true_peak",
                start=None,
                end=None,
                value=loudness.true_peak_dbtp,
                message=(
                    f"The sound peaks at {loudness.true_peak_dbtp:.1f} dBTP, above {TRUE_PEAK_LIMIT_DBTP:g} dBTP: "
                    "it may distort on some speakers."
                ),
            )
        )
    findings.sort(key=lambda f: (f.start if f.start is not None else -1.0, f.kind))
    return QcReport(findings=findings, loudness=loudness)


def _start_or_end(spans: list[list[float | None]], start: re.Match | None, end: re.Match | None) -> None:
    if start:
        spans.append([_num(start.group(1)), None])
    elif end and spans and spans[-1][1] is None:
        spans[-1][1] = _num(end.group(1))


def _summary(lines: list[str]) -> Loudness:
    values: dict[str, float | None] = dict.fromkeys(_SUMMARY_VALUE)
    for line in lines:
        if line.startswith("["):
            break
        for key, pattern in _SUMMARY_VALUE.items():
            if values[key] is None and (m := pattern.match(line)):
                value = _num(m.group(1))
                values[key] = None if value is None or value == float("-inf") else value
    return Loudness(**values)


def _message(kind: str, start: float, end: float | None) -> str:
    what = {"black": "Black picture", "silence": "Silence", "freeze": "Frozen picture"}[kind]
    if end is None:
        return f"{what} from {clock(start)} to the end."
    return f"{what} from {clock(start)} to {clock(end)} ({end - start:.1f} s)."
