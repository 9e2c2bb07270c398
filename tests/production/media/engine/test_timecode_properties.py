"""Timecode maths as properties (hypothesis): frames <-> SMPTE at every standard rate, drop-frame
at 29.97 and 59.94, start timecodes — and the player's JS module (static/js/player/timecode.js)
answering every generated case exactly as production/media/engine/timecode.py does.

The examples are checked against rules a person can state, not against the code's own
arithmetic: a drop-frame label never names a dropped number; the next frame's label is the next
label a counting clock shows (skipping the dropped numbers); drop-frame stays within a few frames
of the wall clock; a label read back is the frame it was made from."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from production.media.engine import timecode

ROOT = Path(__file__).resolve().parents[4]
CLI = ROOT / "tests" / "js" / "timecode_cli.mjs"

# (fps_num, fps_den, drop_frame): every standard rate, drop-frame and not where the rate has both.
COUNTINGS = [
    (24, 1, False),
    (25, 1, False),
    (30, 1, False),
    (50, 1, False),
    (60, 1, False),
    (24000, 1001, False),
    (30000, 1001, True),
    (30000, 1001, False),
    (60000, 1001, True),
    (60000, 1001, False),
]
DROP_FRAME = [c for c in COUNTINGS if c[2]]
# The autouse media-root fixture of tests/production is function-scoped and harmless here.
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _ident(counting) -> str:
    num, den, drop = counting
    return f"{num}/{den}{' DF' if drop else ''}"


def nominal(num: int, den: int) -> int:
    return {24: 24, 25: 25, 30: 30, 50: 50, 60: 60}[round(num / den)]


def dropped_per_minute(num: int, den: int) -> int:
    return 2 if nominal(num, den) == 30 else 4


def frames_per_day(num: int, den: int, drop: bool) -> int:
    n = nominal(num, den)
    return n * 86_400 - (dropped_per_minute(num, den) * 24 * 54 if drop else 0)  # 54 minutes an hour drop


def parse(label: str) -> tuple[int, int, int, int, str]:
    hh, mm, rest = label.split(":", 2)
    sep = ";" if ";" in rest else ":"
    ss, ff = rest.split(sep)
    return int(hh), int(mm), int(ss), int(ff), sep


def is_dropped(mm: int, ss: int, ff: int, dropped: int) -> bool:
    return ss == 0 and mm % 10 != 0 and ff < dropped


def next_label(label: str, num: int, den: int) -> str:
    """What a counting clock shows one frame later: frames, then seconds, minutes and hours roll
    over; in drop-frame the first numbers of each minute but every tenth are skipped."""
    hh, mm, ss, ff, sep = parse(label)
    n = nominal(num, den)
    ff += 1
    if ff == n:
        ff, ss = 0, ss + 1
        if ss == 60:
            ss, mm = 0, mm + 1
            if mm == 60:
                mm, hh = 0, (hh + 1) % 24
    if sep == ";" and is_dropped(mm, ss, ff, dropped_per_minute(num, den)):
        ff = dropped_per_minute(num, den)
    return f"{hh:02d}:{mm:02d}:{ss:02d}{sep}{ff:02d}"


@st.composite
def labels(draw, counting):
    """A label that exists in ``counting`` (none of drop-frame's dropped numbers)."""
    num, den, drop = counting
    n = nominal(num, den)
    hh, mm, ss = draw(st.integers(0, 23)), draw(st.integers(0, 59)), draw(st.integers(0, 59))
    ff = draw(st.integers(0, n - 1))
    if drop and is_dropped(mm, ss, ff, dropped_per_minute(num, den)):
        ff = dropped_per_minute(num, den)
    return f"{hh:02d}:{mm:02d}:{ss:02d}{';' if drop else ':'}{ff:02d}"


@st.composite
def counted(draw, countings=COUNTINGS, max_frames=4 * 3600 * 60):
    """(counting, start timecode, frame): a start that exists in the counting (or none, where
    none means the rate's own counting) and a frame of the media after it."""
    counting = draw(st.sampled_from(countings))
    num, den, drop = counting
    own = timecode.is_drop_frame_rate(num, den) == drop
    start = draw(st.one_of(labels(counting), st.just("")) if own else labels(counting))
    return counting, start, draw(st.integers(0, max_frames))


@PROPERTY
@given(counted())
@example(((30000, 1001, True), "00:59:59;29", 1))  # into the hour: 01:00:00;00 (a tenth minute, nothing dropped)
@example(((30000, 1001, True), "00:00:59;29", 1))  # 00:01:00;00 and ;01 do not exist
@example(((60000, 1001, True), "00:00:59;59", 1))  # 00:01:00;00 to ;03 do not exist
@example(((25, 1, False), "23:59:59:24", 1))  # a day's end wraps to midnight
def test_a_label_reads_back_as_the_frame_it_was_made_from(case):
    (num, den, drop), start, frame = case
    label = timecode.timecode_of_frame(frame, num, den, start=start)
    assert parse(label)[4] == (";" if drop else ":")
    start_frames = timecode.timecode_to_frames(start, num, den) if start else 0
    day = frames_per_day(num, den, drop)
    assert timecode.timecode_to_frames(label, num, den) == (start_frames + frame) % day


@PROPERTY
@given(st.sampled_from(COUNTINGS).flatmap(lambda c: st.tuples(st.just(c), labels(c))))
def test_every_label_is_the_label_of_exactly_one_frame(case):
    (num, den, drop), label = case
    frames = timecode.timecode_to_frames(label, num, den)
    assert 0 <= frames < frames_per_day(num, den, drop)
    assert timecode.frames_to_timecode(frames, num, den, drop_frame=drop) == label


@PROPERTY
@given(counted(DROP_FRAME, max_frames=2 * 24 * 3600 * 60))
@example(((30000, 1001, True), "", 1800))  # one minute of 29.97: 00:01:00;02
@example(((60000, 1001, True), "", 3600))  # one minute of 59.94: 00:01:00;04
def test_drop_frame_never_names_a_dropped_number(case):
    (num, den, _drop), start, frame = case
    hh, mm, ss, ff, sep = parse(timecode.timecode_of_frame(frame, num, den, start=start))
    assert sep == ";"
    assert not is_dropped(mm, ss, ff, dropped_per_minute(num, den)), (hh, mm, ss, ff)


@PROPERTY
@given(counted())
@example(((30000, 1001, True), "", 1799))
@example(((30000, 1001, True), "", 17981))  # into minute 10: nothing dropped
@example(((60000, 1001, True), "", 3595))
@example(((24, 1, False), "23:59:59:23", 0))
def test_the_next_frame_shows_the_next_label_of_a_counting_clock(case):
    (num, den, _drop), start, frame = case
    here = timecode.timecode_of_frame(frame, num, den, start=start)
    there = timecode.timecode_of_frame(frame + 1, num, den, start=start)
    assert there == next_label(here, num, den)
    if there != "00:00:00:00" and there != "00:00:00;00":  # a day's end wraps
        assert parse(there)[:4] > parse(here)[:4]  # labels only go up


@PROPERTY
@given(st.sampled_from(DROP_FRAME).flatmap(lambda c: st.tuples(st.just(c), st.integers(0, frames_per_day(*c) - 1))))
def test_drop_frame_keeps_with_the_clock_all_day(case):
    (num, den, _), frame = case
    hh, mm, ss, ff, _sep = parse(timecode.frames_to_timecode(frame, num, den, drop_frame=True))
    label_seconds = hh * 3600 + mm * 60 + ss + ff / nominal(num, den)
    # Counting without dropping would be 86.4 s behind the clock by the day's end; drop-frame is
    # at most ~2 frames off within ten minutes, plus 86 ms over a whole day.
    assert abs(label_seconds - frame * den / num) < 0.2


@PROPERTY
@given(counted())
def test_seeking_to_a_frames_time_shows_that_frame_and_its_label(case):
    (num, den, _drop), start, frame = case
    t = timecode.time_of_frame(frame, num, den)
    assert timecode.frame_at(t, num, den) == frame
    assert timecode.timecode_at(t, num, den, start=start) == timecode.timecode_of_frame(frame, num, den, start=start)


# ---- The JS module agrees with this one, case for case ----------------------------------------


@pytest.fixture(scope="module")
def js():
    """The player's timecode module under node, one process for every case of this module."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing: the JS timecode module cannot be checked against Python")
        pytest.skip("node is not installed: skipping the JS timecode checks")
    process = subprocess.Popen([node, str(CLI)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)

    def run(cases: list[dict]) -> list:
        process.stdin.write(json.dumps(cases) + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        assert line, f"node stopped (exit {process.poll()})"
        return json.loads(line)

    yield run
    process.stdin.close()
    process.wait(timeout=10)


def python_answer(op: str, args: list):
    fns = {
        "nominalRate": lambda num, den: timecode.nominal_rate(num, den),
        "frameAt": lambda s, num, den: timecode.frame_at(s, num, den),
        "timeOfFrame": lambda f, num, den: timecode.time_of_frame(f, num, den),
        "framesToTimecode": lambda f, num, den, drop: timecode.frames_to_timecode(f, num, den, drop_frame=drop),
        "timecodeToFrames": lambda text, num, den: timecode.timecode_to_frames(text, num, den),
        "timecodeAt": lambda s, num, den, start: timecode.timecode_at(s, num, den, start=start),
        "timecodeOfFrame": lambda f, num, den, start: timecode.timecode_of_frame(f, num, den, start=start),
    }
    return {"value": fns[op](*args)}


STANDARD_RATES = [(c[0], c[1]) for c in COUNTINGS]
# Rates files really have besides the standard ones (12.5 and 7.5 fps timelapses, 15 fps screen
# recordings, odd phone rates), and any fraction at all.
rates = st.one_of(
    st.sampled_from(STANDARD_RATES),
    st.sampled_from([(25, 2), (15, 2), (15, 1), (48, 1), (120, 1), (120000, 1001), (2997, 100), (5, 2), (1, 1)]),
    st.tuples(st.integers(1, 240_000), st.sampled_from([1, 2, 100, 1000, 1001])),
    st.tuples(st.integers(1, 240_000), st.integers(1, 5000)).filter(lambda r: 1 <= r[0] / r[1] <= 240),
)
starts = st.one_of(
    st.just(""),
    st.sampled_from(COUNTINGS).flatmap(labels),
    st.from_regex(r"\A[0-9]{1,2}:[0-9]{2}:[0-9]{2}[:;.][0-9]{2,3}\Z"),
)
seconds = st.one_of(
    st.floats(min_value=-10, max_value=360_000, allow_nan=False, allow_infinity=False),
    st.integers(0, 360_000).map(lambda n: n / 1000),  # whole milliseconds: the clock's rounding
)
# Around a timecode: the spaces JS's trim() and Python's strip() disagree on, and digits of other
# scripts (Python's \\d reads ARABIC-INDIC DIGIT ZERO as 0, JS's does not).
ODD = "\t\n\r \u00a0\u2028\u3000\ufeff\x1c\x1f\x85\u0660\u0966\uff10"
odd_digits = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
texts = st.one_of(
    starts,
    st.builds(
        lambda a, t, b: a + t + b,
        st.text(st.sampled_from(ODD), max_size=2),
        starts,
        st.text(st.sampled_from(ODD), max_size=2),
    ),
    starts.map(lambda t: t.translate(odd_digits)),
    st.text(alphabet=st.sampled_from("0123456789:;." + ODD), max_size=16),
    st.text(max_size=16),
)
frames = st.integers(0, 10_000_000)
js_cases = st.one_of(
    st.builds(lambda r: {"op": "nominalRate", "args": [*r]}, rates),
    st.builds(lambda s, r: {"op": "frameAt", "args": [s, *r]}, seconds, rates),
    st.builds(lambda f, r: {"op": "timeOfFrame", "args": [f, *r]}, frames, rates),
    st.builds(
        lambda f, r, d: {"op": "framesToTimecode", "args": [f, *r, d]},
        frames,
        rates,
        st.sampled_from([None, True, False]),
    ),
    st.builds(lambda t, r: {"op": "timecodeToFrames", "args": [t, *r]}, texts, rates),
    st.builds(lambda s, r, start: {"op": "timecodeAt", "args": [s, *r, start]}, seconds, rates, starts),
    st.builds(lambda s, start: {"op": "timecodeAt", "args": [s, None, None, start]}, seconds, starts),
    st.builds(lambda f, r, start: {"op": "timecodeOfFrame", "args": [f, *r, start]}, frames, rates, starts),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(js_cases, min_size=1, max_size=50))
def test_the_players_js_module_answers_as_python_does(js, cases):
    got = js(cases)
    wrong = [(c, g, python_answer(c["op"], c["args"])) for c, g in zip(cases, got, strict=True)]
    wrong = [(c, g, want) for c, g, want in wrong if g != want]
    assert not wrong, "(case, JS, Python): " + json.dumps(wrong, ensure_ascii=False)


def test_the_js_module_answers_the_shared_table_and_every_drop_frame_boundary(js):
    """One batch: the shared table, and every minute's first frames (where drop-frame skips
    numbers) of an hour at 29.97 and 59.94, from midnight and from a start timecode."""
    table = json.loads((ROOT / "tests" / "timecode_cases.json").read_text())
    cases = [
        {"op": "timecodeAt", "args": [c["seconds"], c["fps_num"], c["fps_den"], c["start"]]}
        for c in table["timecode_at"]
    ]
    for num, den, _ in DROP_FRAME:
        per_minute = nominal(num, den) * 60 - dropped_per_minute(num, den)
        for minute in range(61):
            for frame in (minute * per_minute - 1, minute * per_minute, minute * per_minute + 1):
                for start in ("", "00:59:59;29" if num == 30000 else "00:59:59;59", "01:00:00:00"):
                    cases.append({"op": "timecodeOfFrame", "args": [max(0, frame), num, den, start]})
    got = js(cases)
    assert [g["value"] for g in got[: len(table["timecode_at"])]] == [c["expected"] for c in table["timecode_at"]]
    wrong = [(c, g, python_answer(c["op"], c["args"])) for c, g in zip(cases, got, strict=True)]
    wrong = [(c, g, want) for c, g, want in wrong if g != want]
    assert not wrong, wrong[:5]
    assert len(cases) > 1000
