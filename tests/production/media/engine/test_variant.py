"""variant(): a platform version of a master, checked from the outside — ffprobe's facts, frames
counted and read back, pixels where the crop, the pad, the captions and the card should be, and
the loudness measured again on the output."""

from __future__ import annotations

import importlib
import itertools
import re
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from production.media.engine import (
    Caption,
    EncoderSettings,
    EndCard,
    Logo,
    LoudnessTarget,
    RenderCancelled,
    RenderTimeout,
    UnusableMedia,
    VariantPlan,
    find_font,
    probe,
    variant,
)
from production.media.engine.variant import (
    MEASURE_SHARE,
    ass_document,
    ass_text,
    caption_text,
    font_family,
    offset_at,
    offset_expression,
    plan_variant,
)
from tests.production.media import checks, clips
from tests.production.media.conftest import FAST

variant_engine = importlib.import_module("production.media.engine.variant")  # the module (``variant`` is its function)

SIZE, RATE = "320x180", 25
TARGET = LoudnessTarget(integrated=-16.0, true_peak=-1.5, lra=11.0)
ODD = 'Grüße \u2013 ça va ? "Yes": 100% {not a tag} back\\slash \\N'


def _source(path: Path, video: str, seconds: float) -> Path:
    clips.ffmpeg(
        *("-f", "lavfi", "-i", video),
        *("-f", "lavfi", "-i", f"sine=f=440:d={seconds}:sample_rate=48000"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"),
        str(path),
    )
    return path


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("variant-sources")
    return {
        "bars": _source(root / "bars.mp4", f"testsrc2=s={SIZE}:r={RATE}:d=3", 3),
        # left half white, right half black: where the crop is shows in its colour
        "halves": _source(
            root / "halves.mp4",
            f"color=c=white:s=160x180:r={RATE}:d=2[l];color=c=black:s=160x180:r={RATE}:d=2[r];[l][r]hstack",
            2,
        ),
        # detail everywhere, so a sharp picture and a blurred one tell apart row by row
        "noise": _source(root / "noise.mp4", f"testsrc2=s={SIZE}:r={RATE}:d=2,noise=alls=90:allf=t", 2),
        "black": _source(root / "black.mp4", f"color=c=black:s={SIZE}:r={RATE}:d=2", 2),
    }


def _make(src: Path, out: Path, plan: VariantPlan, **kw):
    kw.setdefault("time_limit", 60)
    return variant(src, out, plan, log_path=out.parent / f"{out.name}.log", encoder=FAST, **kw)


def _loudness(path: Path) -> float:
    """Integrated loudness of ``path`` as ebur128 measures it (LUFS)."""
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-map", "0:a", "-af", "ebur128", "-f", "null", "-"],
        capture_output=True, text=True, timeout=60, check=True,
    ).stderr  # fmt: skip
    return float(re.findall(r"I:\s+(-?[\d.]+) LUFS", out)[-1])


def _column(frame, x: int) -> list[int]:
    width, height, data = frame
    return [data[y * width + x] for y in range(height)]


# --- the usual vertical variant, made once: crop 16:9 -> 9:16, trim, end card, loudness ------


@pytest.fixture(scope="module")
def vertical(sources, tmp_path_factory):
    out = tmp_path_factory.mktemp("vertical") / "out"
    plan = VariantPlan(
        width=180,
        height=320,
        trim_in=0.4,
        trim_out=2.4,
        end_card=EndCard(seconds=1.0, color="#204060", text='Follow us: 100% "free" \u2013 ça va ?'),
        loudness=TARGET,
        max_fps=30,
    )
    seen = []
    result = _make(sources["bars"], out, plan, on_progress=seen.append, progress_interval=0.05)
    return out, result, seen


def test_a_crop_to_9_16_is_exactly_the_size_asked_and_what_platforms_take(vertical):
    out, result, _ = vertical
    assert sorted(p.name for p in out.iterdir()) == ["poster.jpg", "variant.mp4"]
    video = checks.streams(out / "variant.mp4", "video")[0]
    audio = checks.streams(out / "variant.mp4", "audio")[0]
    assert (video["width"], video["height"]) == (180, 320)
    assert (video["codec_name"], video["profile"], video["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert video["avg_frame_rate"] == "25/1"
    assert (audio["codec_name"], audio["profile"], audio["sample_rate"], audio["channels"]) == ("aac", "LC", "48000", 2)
    boxes = checks.top_level_boxes(out / "variant.mp4")
    assert boxes.index("moov") < boxes.index("mdat")  # +faststart
    # x264's settings, as it wrote them into the stream: GOPs of 2 s at 25 fps, closed (x264
    # names open_gop only when it makes B-frames; without them every GOP is closed)
    settings = (out / "variant.mp4").read_bytes()
    assert b"keyint=50 " in settings and b"8x8dct=1" in settings
    assert b"open_gop=0" in settings or b"bframes=0" in settings
    poster = checks.streams(out / "poster.jpg", "video")[0]
    assert (poster["width"], poster["height"]) == (180, 320)
    assert result.output("video").size == (out / "variant.mp4").stat().st_size
    assert (result.renditions[0].width, result.renditions[0].height) == (180, 320)


def test_the_trim_and_the_end_card_make_the_duration(vertical):
    out, result, _ = vertical
    # 0.4 s to 2.4 s of a 25 fps source is frames 10 to 59: 50 frames, then 1 s of card
    assert (result.layout.first_frame, result.layout.end_frame, result.layout.card_frames) == (10, 60, 25)
    assert checks.frame_count(out / "variant.mp4") == 75
    fmt = checks.ffprobe(out / "variant.mp4")["format"]
    assert float(fmt["duration"]) == pytest.approx(3.0, abs=0.05)
    audio = checks.streams(out / "variant.mp4", "audio")[0]
    assert float(audio["duration"]) == pytest.approx(3.0, abs=0.03)
    # the card is the card's colour (#204060: luma about 60), and silent
    _, _, card = checks.gray_frame(out / "variant.mp4", 70)
    assert 45 < sum(card) / len(card) < 75


def test_the_loudness_is_brought_to_the_target_in_two_passes(vertical):
    out, result, _ = vertical
    measured = result.measured
    assert measured is not None and measured.normalization == "linear"
    assert measured.input_i == pytest.approx(-21.8, abs=1.0)  # the tone as it came
    assert abs(_loudness(out / "variant.mp4") - TARGET.integrated) <= 1.0


def test_progress_runs_over_both_passes_to_100(vertical):
    _, _, seen = vertical
    percents = [p.percent for p in seen]
    assert percents == sorted(percents), percents
    assert percents[-1] == 100.0 and seen[-1].done and not any(p.done for p in seen[:-1])
    assert any(p <= MEASURE_SHARE for p in percents) and any(MEASURE_SHARE < p < 100 for p in percents), percents


# --- reframing ------------------------------------------------------------------------------


def test_a_keyframed_offset_moves_the_crop(sources, tmp_path):
    """The source's left half is white, its right half black: a crop moving from the left edge (0)
    to the right edge (1) starts white, shows the edge on its way, and ends black."""
    result = _make(
        sources["halves"],
        tmp_path / "moving",
        VariantPlan(width=90, height=160, offsets=((0.0, 0.0), (1.92, 1.0)), loudness=None),
    )
    assert (result.layout.crop.width, result.layout.free) == (102, 218)
    path = tmp_path / "moving" / "variant.mp4"
    assert checks.frame_count(path) == 50
    start, end = (_column(checks.gray_frame(path, n), 45) for n in (0, 49))
    assert min(start) > 200 and max(end) < 40
    # at 1.2 s the offset is 0.625: the crop starts at x = 136 of the source, so the edge between
    # the halves (x = 160) shows at column 21 of 90: white to its left, black to its right
    middle = checks.gray_frame(path, 30)
    assert min(_column(middle, 10)) > 200 and max(_column(middle, 35)) < 40


def test_the_offset_expression_is_the_interpolation():
    keys = [(0.0, 0.0), (1.0, 1.0), (3.0, 0.5)]
    assert [offset_at(keys, t) for t in (-1, 0, 0.5, 1, 2, 3, 9)] == [0, 0, 0.5, 1, 0.75, 0.5, 0.5]
    expression = offset_expression(keys)
    assert re.fullmatch(r"[0-9t.()+\-*/,clip]+", expression), expression  # numbers, t and clip only
    assert offset_expression([(2.0, 0.25)]) == "0.25"


def test_pad_blurred_puts_the_whole_picture_in_the_middle(sources, tmp_path):
    result = _make(
        sources["noise"], tmp_path / "pad", VariantPlan(width=180, height=320, fit="pad_blur", loudness=None)
    )
    box = result.layout.picture
    assert (box.x, box.width) == (0, 180) and box.height == 102 and box.y == (320 - 102) // 2
    width, height, data = checks.gray_frame(tmp_path / "pad" / "variant.mp4", 10)
    assert (width, height) == (180, 320)

    def detail(y: int) -> float:  # mean step between neighbouring pixels of a row
        row = data[y * width : (y + 1) * width]
        return sum(abs(a - b) for a, b in itertools.pairwise(row)) / (width - 1)

    sharp = [y for y in range(height) if detail(y) > 12]
    assert abs(sharp[0] - box.y) <= 3 and abs(sharp[-1] - (box.y + box.height - 1)) <= 3, (sharp[0], sharp[-1])
    assert max(detail(y) for y in (*range(0, box.y - 4), *range(box.y + box.height + 4, height))) < 6  # blurred
    # the blurred copy fills the frame: no black bars above and below
    for y in (5, height - 5):
        row = data[y * width : (y + 1) * width]
        assert sum(row) / width > 60 and max(row) > 120, y


# --- trim -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def indexed(clip_dir, tmp_path_factory) -> Path:
    """2 s at 25 fps, each frame carrying its index (with B-frames), and a 1 kHz burst from 1.0 s
    to 1.2 s (frames 25-29) in silence: where the picture and the sound are cut shows in both."""
    pictures = clip_dir / "frame-index-25.mp4"
    if not pictures.exists():
        clips.frame_index_clip(pictures, rate="25", seconds=2, bframes=True)
    path = tmp_path_factory.mktemp("indexed") / "indexed.mp4"
    clips.ffmpeg(
        "-i", str(pictures), "-f", "lavfi", "-i", "aevalsrc='if(between(t,1,1.2),0.5*sin(2*PI*1000*t),0)':s=48000:d=2",
        "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", str(path),
    )  # fmt: skip
    return path


def _index(path: Path, n: int) -> int:
    """The index frame ``n`` of ``path`` carries (``clips.frame_index_clip``'s pattern), read from
    its pixels a quarter of the way down: white columns are ones."""
    width, height, luma = checks.gray_frame(path, n)
    row = luma[(height // 4) * width : (height // 4 + 1) * width]
    bits = clips.INDEX_BITS
    return sum(1 << bit for bit in range(bits) if row[int((bit + 0.5) * width / bits)] > 127)


def _onset(path: Path) -> float:
    """Seconds into ``path`` where its sound first gets loud."""
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a", "-ac", "1", "-ar", "48000", "-f", "s16le", "pipe:1"],
        capture_output=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    samples = memoryview(pcm).cast("h")
    return next(i for i, v in enumerate(samples) if abs(v) > 8000) / 48000


@pytest.mark.parametrize("seek", [False, True], ids=["decoded-from-the-start", "sought"])
def test_a_trim_in_frames_keeps_exactly_those_frames_and_their_sound(indexed, tmp_path, monkeypatch, seek):
    """Frames 15 to 44 (30 frames) of the source: the first shows index 15, the last 44, and the
    burst at source frame 25 sounds at 0.4 s. Sought, the input starts a few frames earlier."""
    if seek:
        monkeypatch.setattr(variant_engine, "SEEK_AFTER", 0.5)
        monkeypatch.setattr(variant_engine, "SEEK_MARGIN", 0.2)
    result = _make(
        indexed,
        tmp_path / "cut",
        VariantPlan(width=384, height=216, trim_in=15, trim_out=45, trim_unit="frames", loudness=None),
    )
    assert result.layout.seek_frame == (10 if seek else 0)
    path = tmp_path / "cut" / "variant.mp4"
    assert checks.frame_count(path) == 30 == result.layout.frames
    assert [_index(path, 0), _index(path, 1), _index(path, 29)] == [15, 16, 44]
    assert _onset(path) == pytest.approx(0.4, abs=0.01)


def test_a_trim_in_seconds_is_taken_to_the_nearest_frame_and_checked_against_the_source(sources):
    info = probe(sources["bars"])
    layout = plan_variant(info, VariantPlan(width=180, height=320, trim_in=0.41, trim_out=1.99))
    assert (layout.first_frame, layout.end_frame) == (10, 50)
    with pytest.raises(ValueError, match="out point is past the end of the source"):
        plan_variant(info, VariantPlan(width=180, height=320, trim_out=9.0))
    with pytest.raises(ValueError, match="in point is past the end"):
        plan_variant(info, VariantPlan(width=180, height=320, trim_in=75, trim_unit="frames"))
    assert plan_variant(info, VariantPlan(width=180, height=320, max_fps=12.5)).rate == Fraction(25, 2)


def test_a_plan_names_every_problem_at_once(sources):
    plan = VariantPlan(
        width=181,
        height=20,
        fit="stretch",
        offsets=((1.0, 0.2), (0.5, 1.5)),
        trim_in=3.0,
        trim_out=2.0,
        captions=(Caption(2.0, 1.0, "x"), Caption(0, 1, "  \n ")),
        end_card=EndCard(seconds=60, color="red"),
        loudness=LoudnessTarget(integrated=3.0),
    )
    problems = plan.problems()
    assert set(problems) == {
        "width", "height", "fit", "offsets.1", "trim_out", "captions.0", "captions.1",
        "end_card.seconds", "end_card.color", "loudness.integrated",
    }  # fmt: skip
    assert "odd" in problems["width"] and "#RRGGBB" in problems["end_card.color"]
    with pytest.raises(ValueError, match="must be even"):
        plan_variant(probe(sources["bars"]), plan)


# --- captions -------------------------------------------------------------------------------


def test_captions_are_burned_in_during_their_cue_and_nowhere_else(sources, tmp_path):
    """A black source: whatever is bright, the captions drew. The cue is 0.5-1.0 s of the source,
    and the variant starts at 0.2 s, so it shows from 0.3 s to 0.8 s of the variant."""
    plan = VariantPlan(
        width=320, height=180, trim_in=0.2, captions=(Caption(0.5, 1.0, ODD),), loudness=None, caption_margin=0.1
    )
    _make(sources["black"], tmp_path / "cc", plan)
    path = tmp_path / "cc" / "variant.mp4"
    during, after, before = (checks.gray_frame(path, n) for n in (12, 30, 3))  # 0.48 s, 1.2 s, 0.12 s
    lower = (0, 90, 320, 180)  # the lower half, where captions sit
    assert max(checks.region(during, *lower)) > 200
    assert max(checks.region(during, 0, 0, 320, 60)) < 40  # nothing drawn up top
    assert max(checks.region(after, 0, 0, 320, 180)) < 40 and max(checks.region(before, 0, 0, 320, 180)) < 40


def _rendered_lines(tmp_path: Path, text: str) -> tuple[int, int]:
    """(rows, bright pixels) of ``text`` drawn as a caption by libass on a black 320x180 frame."""
    plan = VariantPlan(width=320, height=180, captions=(Caption(0, 1, text),), loudness=None)
    layout = _layout_for()
    font = find_font()
    (tmp_path / "c.ass").write_text(ass_document(plan, layout, family=font_family(font)), encoding="utf-8")
    (tmp_path / "fonts").mkdir(exist_ok=True)
    (tmp_path / "fonts" / font.name).write_bytes(font.read_bytes())
    luma = subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=320x180:d=1",
         "-vf", "subtitles=c.ass:fontsdir=fonts", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"],
        cwd=tmp_path, capture_output=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    rows = [y for y in range(180) if max(luma[y * 320 : (y + 1) * 320]) > 200]
    return (rows[-1] - rows[0] + 1 if rows else 0), sum(1 for v in luma if v > 200)


def _layout_for():
    from production.media.engine.variant import Box, VariantLayout

    return VariantLayout(
        ladder=None, source_size=(320, 180), source_rate=Fraction(25), rate=Fraction(25), first_frame=0,
        end_frame=25, lead=0.0, crop=Box(0, 0, 320, 180), free=0, free_axis="x", picture=None, card_frames=0,
        gop=50, maxrate_kbps=2000, has_audio=True,
    )  # fmt: skip


def test_caption_text_is_escaped_for_libass():
    assert ass_text("a{b}c") == "a\\{b\\}c"
    assert ass_text("back\\slash \\N \\h") == "back\\\u2060slash \\\u2060N \\\u2060h"
    assert ass_text("two\r\nlines") == "two\\Nlines"
    assert ass_text('Grüße \u2013 ça va ? "Yes": 100%') == 'Grüße \u2013 ça va ? "Yes": 100%'
    assert caption_text("  a\u202e b\x00\n\n\tc ") == "a b\nc"
    document = ass_document(
        VariantPlan(width=320, height=180, captions=(Caption(0.5, 1.0, ODD), Caption(5, 6, "past the end"))),
        _layout_for(),
        family="DejaVu Sans",
    )
    events = [line for line in document.splitlines() if line.startswith("Dialogue:")]
    assert events == [f"Dialogue: 0,0:00:00.50,0:00:01.00,Caption,,0,0,0,,{ass_text(ODD)}"]


def test_libass_draws_the_text_as_written(tmp_path):
    one_line, _ = _rendered_lines(tmp_path, "left right")
    escaped_break, _ = _rendered_lines(tmp_path, "left\\Nright")  # a backslash and an N, not a line break
    real_break, _ = _rendered_lines(tmp_path, "left\nright")
    assert escaped_break == one_line and real_break > 1.6 * one_line
    _, braces = _rendered_lines(tmp_path, "{hidden}")  # an override block would draw nothing
    _, plain = _rendered_lines(tmp_path, "(hidden)")
    assert braces > 0.7 * plain > 0
    _, accents = _rendered_lines(tmp_path, "Grüße \u2013 ça va ?")
    assert accents > 0


def test_the_font_family_is_read_from_the_file():
    assert font_family(find_font()) == "DejaVu Sans"


# --- stopping -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def longer(tmp_path_factory) -> Path:
    return _source(tmp_path_factory.mktemp("longer") / "long.mp4", "testsrc2=s=480x270:r=25:d=5", 5)


def test_a_cancelled_variant_stops_and_leaves_nothing(longer, tmp_path):
    seen = []
    with pytest.raises(RenderCancelled):  # raised only when a running ffmpeg was stopped
        variant(
            longer, tmp_path / "out", VariantPlan(width=360, height=640, loudness=TARGET),
            on_progress=seen.append, should_cancel=lambda: any(p.percent > MEASURE_SHARE for p in seen),
            time_limit=120, log_path=tmp_path / "ff.log", encoder=EncoderSettings(preset="veryslow"),
            progress_interval=0.2,
        )  # fmt: skip
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob(".out.partial-*"))
    assert seen and seen[-1].percent < 100 and not seen[-1].done


def test_the_time_limit_holds_across_both_runs(longer, tmp_path):
    """The limit is the whole variant's: what the measuring run used is not given again to the
    encode (the runner itself stops an ffmpeg at its limit: tests/…/test_runner.py)."""
    with pytest.raises(RenderTimeout):
        variant(
            longer, tmp_path / "out", VariantPlan(width=360, height=640, loudness=TARGET), time_limit=0.3,
            log_path=tmp_path / "ff.log", encoder=EncoderSettings(preset="veryslow"),
        )  # fmt: skip
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob(".out.partial-*"))


def test_a_logo_sits_in_its_corner_at_its_opacity(sources, tmp_path):
    logo = tmp_path / "logo.png"
    clips.ffmpeg("-f", "lavfi", "-i", "color=c=white:s=100x50", "-frames:v", "1", str(logo))
    plan = VariantPlan(
        width=320,
        height=180,
        loudness=None,
        logo=Logo(path=str(logo), corner="top-right", width=0.25, margin=0.05, opacity=0.5),
    )
    _make(sources["black"], tmp_path / "logo", plan)
    frame = checks.gray_frame(tmp_path / "logo" / "variant.mp4", 5)
    # 80x40 px, 9 px from the top and right edges: half white over black
    inside = checks.region(frame, 320 - 9 - 70, 9 + 5, 320 - 9 - 10, 9 + 35)
    assert 100 < sum(inside) / len(inside) < 150
    assert max(checks.region(frame, 0, 0, 200, 180)) < 40 and max(checks.region(frame, 200, 60, 320, 180)) < 40


def test_a_logo_must_be_a_still_image_that_exists(sources, tmp_path):
    with pytest.raises(UnusableMedia, match="logo image is missing"):
        _make(
            sources["bars"],
            tmp_path / "x",
            VariantPlan(width=180, height=320, logo=Logo(path=str(tmp_path / "no.png"))),
        )
    with pytest.raises(UnusableMedia, match="must be a still image"):
        _make(sources["bars"], tmp_path / "x", VariantPlan(width=180, height=320, logo=Logo(path=str(sources["bars"]))))


def test_an_end_card_shows_its_still_over_its_colour_in_silence(sources, tmp_path):
    still = tmp_path / "card.png"
    clips.ffmpeg("-f", "lavfi", "-i", "color=c=white:s=90x90", "-frames:v", "1", str(still))
    plan = VariantPlan(
        width=320, height=180, trim_out=1.0, end_card=EndCard(seconds=0.8, color="#FF0000", image=str(still))
    )
    result = _make(sources["bars"], tmp_path / "card", plan)
    path = tmp_path / "card" / "variant.mp4"
    assert checks.frame_count(path) == 25 + 20
    frame = checks.gray_frame(path, 40)
    # the square still, scaled to fit (180x180), in the middle; the red card (luma 81) each side
    assert min(checks.region(frame, 75, 5, 245, 175)) > 200
    for side in (checks.region(frame, 0, 0, 60, 180), checks.region(frame, 260, 0, 320, 180)):
        assert min(side) > 65 and max(side) < 100
    assert result.layout.card_seconds == pytest.approx(0.8)
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a", "-ss", "1.05", "-ac", "1", "-f", "s16le", "pipe:1"],
        capture_output=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    assert pcm and max(abs(v) for v in memoryview(pcm).cast("h")) < 50  # the card is silent


def test_a_variable_rate_master_keeps_its_sound_and_picture_together(clip, tmp_path):
    """30 frames in its first second, 30 over the next two, and 3 s of sound: the picture (20 fps
    constant, as the ladder makes it) lasts 2.97 s, so the sound is cut to the picture and the end
    card follows both at once."""
    result = _make(
        clip("variable_frame_rate"), tmp_path / "vfr", VariantPlan(width=240, height=240, end_card=EndCard(seconds=1))
    )
    path = tmp_path / "vfr" / "variant.mp4"
    assert (result.layout.source_rate, result.layout.frames) == (20, 59)
    assert checks.frame_count(path) == 59 + 20
    video, audio = checks.streams(path, "video")[0], checks.streams(path, "audio")[0]
    assert float(video["duration"]) == pytest.approx(3.95, abs=0.01)
    assert float(audio["duration"]) == pytest.approx(3.95, abs=0.01)
