"""SMPTE timecode from media time: frame-accurate, drop-frame aware (29.97 and 59.94 fps).

The player (static/js/player/timecode.js) does the same arithmetic in the browser; both are
tested against one table, tests/timecode_cases.json (pytest and node's test runner), and
tests/production/media/engine/test_timecode_properties.py puts hypothesis's cases to both and
asserts the same answers (rounding halves up and reading only ASCII digits here are for that).
"""

from __future__ import annotations

import math
import re

_TC = re.compile(r"([0-9]{1,2}):([0-9]{2}):([0-9]{2})([:;.])([0-9]{2,3})")  # ASCII digits only, as in JS
# What the player's JS ``trim()`` takes off both ends (str.strip() differs: it takes \x1c-\x1f
# and \x85 too, and leaves a byte-order mark), so both read the same text as the same timecode.
_SPACE = (
    "\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# A tiny tolerance, so a time stored as 0.39999 for frame 10 at 25 fps still reads as frame 10.
_EPSILON = 0.01


def _round(x: float) -> int:
    """To the nearest whole number, halves up, as the player's JS (``Math.round``) does: Python's
    ``round`` takes halves to the even neighbour, so 12.5 fps would count 12 frames a second
    here and 13 in the browser."""
    whole = math.floor(x)
    return whole + 1 if x - whole >= 0.5 else whole


def nominal_rate(fps_num: int, fps_den: int) -> int:
    return max(1, _round(fps_num / fps_den))


def is_drop_frame_rate(fps_num: int, fps_den: int) -> bool:
    """29.97 and 59.94 (30000/1001, 60000/1001) count in drop-frame timecode."""
    return fps_den == 1001 and nominal_rate(fps_num, fps_den) in (30, 60)


def frame_at(seconds: float, fps_num: int, fps_den: int) -> int:
    """The frame shown at ``seconds`` (0-based)."""
    return max(0, math.floor(seconds * fps_num / fps_den + _EPSILON))


def time_of_frame(frame: int, fps_num: int, fps_den: int) -> float:
    """The middle of ``frame``'s display interval, in seconds: seeking there never shows a neighbour."""
    return (max(0, frame) + 0.5) * fps_den / fps_num


def _drop_per_minute(nominal: int) -> int:
    return 2 if nominal == 30 else 4


def frames_to_timecode(frames: int, fps_num: int, fps_den: int, *, drop_frame: bool | None = None) -> str:
    """``HH:MM:SS:FF`` (``HH:MM:SS;FF`` in drop-frame) for a frame count."""
    nominal = nominal_rate(fps_num, fps_den)
    drop = is_drop_frame_rate(fps_num, fps_den) if drop_frame is None else drop_frame
    drop = drop and is_drop_frame_rate(fps_num, fps_den)
    frames = max(0, int(frames))
    if drop:
        dropped = _drop_per_minute(nominal)
        per_minute = nominal * 60 - dropped
        per_ten = nominal * 600 - 9 * dropped
        tens, rest = divmod(frames, per_ten)
        frames += 9 * dropped * tens
        if rest > dropped:
            frames += dropped * ((rest - dropped) // per_minute)
    ff = frames % nominal
    seconds = frames // nominal
    hh, rest = divmod(seconds, 3600)
    mm, ss = divmod(rest, 60)
    return f"{hh % 24:02d}:{mm:02d}:{ss:02d}{';' if drop else ':'}{ff:02d}"


def timecode_to_frames(timecode: str, fps_num: int, fps_den: int) -> int | None:
    """Frames from ``HH:MM:SS:FF`` (``;`` marks drop-frame); None when it is not a timecode."""
    match = _TC.fullmatch((timecode or "").strip(_SPACE))
    if not match:
        return None
    hh, mm, ss, sep, ff = match.groups()
    hh, mm, ss, ff = int(hh), int(mm), int(ss), int(ff)
    nominal = nominal_rate(fps_num, fps_den)
    frames = (hh * 3600 + mm * 60 + ss) * nominal + ff
    if sep in ";." and is_drop_frame_rate(fps_num, fps_den):
        minutes = hh * 60 + mm
        frames -= _drop_per_minute(nominal) * (minutes - minutes // 10)
    return frames


def timecode_at(seconds: float, fps_num: int | None, fps_den: int | None, *, start: str = "") -> str:
    """The timecode shown at ``seconds`` into the media, counted from its start timecode if it
    has one. Without a frame rate (audio), ``HH:MM:SS.mmm``."""
    if not fps_num or not fps_den:
        millis = _round(max(0.0, seconds) * 1000)
        hh, rest = divmod(millis, 3_600_000)
        mm, rest = divmod(rest, 60_000)
        ss, ms = divmod(rest, 1000)
        return f"{hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}"
    return timecode_of_frame(frame_at(seconds, fps_num, fps_den), fps_num, fps_den, start=start)


def timecode_of_frame(frame: int, fps_num: int, fps_den: int, *, start: str = "") -> str:
    """The timecode of frame ``frame`` (0 is the first) of media whose first frame is ``start``
    (``HH:MM:SS:FF``; drop-frame if the start says so with ``;``), or 00:00:00:00."""
    offset = timecode_to_frames(start, fps_num, fps_den) or 0 if start else 0
    drop = None
    if start and is_drop_frame_rate(fps_num, fps_den):
        drop = ";" in start or "." in start
    return frames_to_timecode(offset + frame, fps_num, fps_den, drop_frame=drop)


def frame_of_timecode(timecode: str, fps_num: int, fps_den: int, *, start: str = "") -> int | None:
    """The frame (0 is the first) shown at ``timecode`` in media whose first frame is ``start``:
    the inverse of ``timecode_of_frame``. None when it is not a timecode; negative when the
    timecode is before the start."""
    frames = timecode_to_frames(timecode, fps_num, fps_den)
    if frames is None:
        return None
    offset = (timecode_to_frames(start, fps_num, fps_den) or 0) if start else 0
    return frames - offset


def smpte_clean(timecode: str, *, max_frames: int = 60) -> str | None:
    """A camera's timecode as written on a slate or a log (``HH:MM:SS:FF``, ``;`` or ``.`` before
    the frames for drop-frame), checked without knowing the frame rate (hours 0-23, minutes and
    seconds 0-59, frames below ``max_frames``) and written the one way (two digits each, ``;`` for
    drop-frame); None when it is not such a timecode. Read with the same pattern as the rest."""
    match = _TC.fullmatch((timecode or "").strip(_SPACE))
    if not match:
        return None
    hh, mm, ss, sep, ff = match.groups()
    if len(ff) != 2 or int(hh) > 23 or int(mm) > 59 or int(ss) > 59 or int(ff) >= max_frames:
        return None
    return f"{int(hh):02d}:{mm}:{ss}{';' if sep in ';.' else ':'}{ff}"
