"""watermark(): a viewer's copy with their name burned in, checked from the outside — the frames
are the ladder's frames, the text is in the picture (and nowhere else), exactly as written."""

from __future__ import annotations

import importlib
import shutil
import subprocess
from pathlib import Path

import ffmpeg
import pytest

from production.media.engine import FontNotFound, UnusableMedia, find_font, watermark
from tests.production.media import checks
from tests.production.media.conftest import FAST

wm = importlib.import_module("production.media.engine.watermark")  # the module (``watermark`` is its function)

# What people are called, and what a careless or hostile name may hold: every level of ffmpeg's
# escaping (the option's \ ' : =, the graph's [ ] , ;) and drawtext's own (%{…}, \).
ODD_TEXTS = [
    "Zoë O'Brien: 100%",
    'back\\slash "quoted" [brackets], semi;colon',
    "%{pts} %{localtime} %% \\n =equals= 'single' \\'",
    "Łukasz Żółć — naïve café ✓",
    "zoe.o'brien+review@example.com",
]
NAME = "Zoë O'Brien: 100%"


@pytest.fixture(scope="module")
def made(clip, tmp_path_factory):
    """(out_dir, result) of watermarking a clip with ``NAME``, once per clip for this module."""
    root = tmp_path_factory.mktemp("watermarks")
    done = {}

    def get(name: str, text: str = NAME):
        if (name, text) not in done:
            out = root / f"{name}-{len(done)}" / "out"
            result = watermark(clip(name), out, text=text, time_limit=120, log_path=out.parent / "ff.log", encoder=FAST)
            done[name, text] = (out, result)
        return done[name, text]

    yield get
    shutil.rmtree(root, ignore_errors=True)


def _drawn(tmp_path: Path, name: str, options: dict) -> bytes:
    """One 640x120 black frame with drawtext(**options) on it, as luma bytes."""
    out = tmp_path / f"{name}.gray"
    picture = ffmpeg.input("color=c=black:s=640x120:r=1:d=1", f="lavfi").filter("drawtext", **options)
    argv = (
        ffmpeg.output(picture, str(out), **{"frames:v": 1, "f": "rawvideo", "pix_fmt": "gray"})
        .global_args("-y", "-v", "error")
        .compile()
    )
    subprocess.run(argv, check=True, capture_output=True, timeout=60)
    return out.read_bytes()


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_the_text_is_drawn_exactly_as_written(tmp_path, text):
    """Inline in the filter graph (escaped) it draws the very pixels drawtext draws from a file
    holding the text, which nothing escapes or expands."""
    corner = wm.text_layers(text, font=find_font(), width=640, height=120)[1]
    inline = _drawn(tmp_path, "inline", corner)
    (tmp_path / "text.txt").write_text(text, encoding="utf-8")
    from_file = {key: value for key, value in corner.items() if key != "text"}
    reference = _drawn(tmp_path, "file", {**from_file, "textfile": str(tmp_path / "text.txt")})
    assert max(inline) > 150  # something was drawn
    assert inline == reference


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_characters_render_without_ffmpeg_errors(clip, tmp_path, text):
    out = tmp_path / "out"
    result = watermark(clip("tiny"), out, text=text, time_limit=60, log_path=tmp_path / "ff.log", encoder=FAST)
    assert result.output("proxy") is not None and (out / "proxy.mp4").stat().st_size > 0
    assert checks.decodes(out / "master.m3u8").returncode == 0


@pytest.mark.parametrize("name", ["small", "phone_rotated", "variable_frame_rate"])
def test_the_copy_has_the_ladders_frames(made, ingested, name):
    """Frame-accurate review: the copy's frame N is the team's frame N — same count, same rate,
    same first timestamp as the ladder's proxy (and, for a constant-rate source, as the source)."""
    src, ladder_out, ladder = ingested(name)
    out, result = made(name)
    proxy_rendition = next(r for r in ladder.renditions if r.name == ladder.plan.proxy)
    assert [(r.name, r.width, r.height) for r in result.renditions] == [
        (proxy_rendition.name, proxy_rendition.width, proxy_rendition.height)
    ]
    ours, theirs = checks.streams(out / "proxy.mp4", "video")[0], checks.streams(ladder_out / "proxy.mp4", "video")[0]
    for key in ("r_frame_rate", "avg_frame_rate", "start_time", "width", "height"):
        assert ours[key] == theirs[key], key
    frames = checks.frame_count(ladder_out / "proxy.mp4")
    assert checks.frame_count(out / "proxy.mp4") == frames
    assert checks.frame_count(out / "master.m3u8") == frames  # the HLS stream: same frames
    if name != "variable_frame_rate":  # a constant-rate source: its own count and rate
        source = checks.streams(src, "video")[0]
        assert checks.frame_count(src) == frames
        assert ours["r_frame_rate"] == source["r_frame_rate"]
    assert [a["codec_name"] for a in checks.streams(out / "proxy.mp4", "audio")] == ["aac"]  # sound kept
    assert [a["codec_name"] for a in checks.streams(out / "master.m3u8", "audio")] == ["aac"]
    played = checks.decodes(out / "master.m3u8")
    assert played.returncode == 0, played.stderr


def test_the_copy_lists_the_players_outputs_and_runs_no_qc(made, clip):
    out, result = made("small")
    kinds = {o.kind for o in result.outputs}
    assert kinds == {"hls_master", "hls_playlist", "hls_segment", "proxy", "poster"}
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".ts")) == [
        "360p.m3u8", "master.m3u8", "poster.jpg", "proxy.mp4",
    ]  # fmt: skip
    argv = " ".join(wm.watermark_command(clip("small"), out, result.plan))
    for qc in ("ebur128", "silencedetect", "blackdetect", "freezedetect"):
        assert qc not in argv
    poster = checks.streams(out / "poster.jpg", "video")[0]
    assert (poster["codec_name"], poster["width"], poster["height"]) == ("mjpeg", 640, 360)


def _box(pixels: list[tuple[int, int]]) -> tuple[int, int, int, int]:
    xs, ys = [x for x, _ in pixels], [y for _, y in pixels]
    return min(xs), min(ys), max(xs), max(ys)


def test_the_text_is_in_the_picture_and_nowhere_else(made, ingested):
    """White text on a black clip, against the ladder's proxy of the same clip: bright in the
    bottom right corner, faint somewhere in the middle (and moving), black everywhere else."""
    _src, ladder_out, _ladder = ingested("black")
    out, _result = made("black")
    faint_boxes = []
    for index in (0, 40):  # 0 s and 1.6 s
        ours = checks.gray_frame(out / "proxy.mp4", index)
        theirs = checks.gray_frame(ladder_out / "proxy.mp4", index)
        width, height, _ = ours
        assert max(checks.region(theirs, 0, 0, width, height)) < 30  # the plain copy is black
        # the corner text: bright, in the bottom right corner
        assert max(checks.region(ours, width // 2, int(height * 0.85), width, height)) > 150
        # the left fifth holds no text: the very same pixels as the plain copy
        ours_left, theirs_left = (checks.region(f, 0, 0, width // 5, height) for f in (ours, theirs))
        assert max(abs(a - b) for a, b in zip(ours_left, theirs_left, strict=True)) <= 4
        # the drifting text: faint (a quarter white over black), above the corner text
        faint = [
            (x, y) for y in range(0, int(height * 0.85)) for x in range(width) if 40 < ours[2][y * width + x] < 130
        ]
        assert len(faint) > 200
        faint_boxes.append(_box(faint))
    assert faint_boxes[0] != faint_boxes[1]  # it moved


def test_a_long_text_fits_inside_the_picture(tmp_path):
    text = "Maximilian Alexander von Württemberg-Hohenzollern <maximilian.von.wuerttemberg@example-productions.com>"
    for layer in wm.text_layers(text, font=find_font(), width=640, height=120):
        drawn = _drawn(tmp_path, "long", {**layer, "x": "(w-tw)/2"})  # centred: both edges must stay dark
        columns = [max(drawn[y * 640 + x] for y in range(120)) for x in range(640)]
        assert max(columns[:4] + columns[-4:]) < 30
        assert max(columns) > 40


def test_a_missing_font_says_what_to_install(monkeypatch, tmp_path):
    with pytest.raises(FontNotFound, match="fonts-dejavu-core"):
        find_font(tmp_path / "nope.ttf")
    monkeypatch.setattr(wm, "FONT_CANDIDATES", ())
    monkeypatch.setattr(wm.shutil, "which", lambda name: None)
    with pytest.raises(FontNotFound, match="fonts-dejavu-core"):
        find_font()


def test_a_sound_file_has_no_picture_to_watermark(clip, tmp_path):
    with pytest.raises(UnusableMedia, match="no picture"):
        watermark(clip("tone_wav"), tmp_path / "out", text=NAME, time_limit=60, log_path=tmp_path / "ff.log")
    assert not (tmp_path / "out").exists()


def test_empty_text_is_refused(clip, tmp_path):
    with pytest.raises(ValueError, match="needs some text"):
        watermark(clip("tiny"), tmp_path / "out", text="  ", time_limit=60, log_path=tmp_path / "ff.log")
