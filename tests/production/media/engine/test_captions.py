"""Caption files (SubRip, WebVTT): read into cues with every problem named by its line, and
written back so that reading the output gives the same cues."""

from __future__ import annotations

import pytest

from production.media.engine import captions

GOOD_SRT = """1
00:00:01,000 --> 00:00:02,500
Hello <i>there</i>

2
00:00:02,000 --> 00:00:04,000
Two people at once & more
on two lines
"""


def problems_of(parse, text):
    with pytest.raises(captions.CaptionFileError) as caught:
        parse(text)
    return caught.value.problems


def test_srt_is_read_as_plain_text_cues_in_order():
    cues = captions.parse_srt(GOOD_SRT.encode())
    assert [(c.start_ms, c.end_ms, c.text) for c in cues] == [
        (1000, 2500, "Hello there"),
        (2000, 4000, "Two people at once & more\non two lines"),
    ]
    assert [c.line for c in cues] == [2, 6]


def test_overlapping_cues_are_allowed_and_sorted_by_start():
    text = "1\n00:00:05,000 --> 00:00:06,000\nlater\n\n2\n00:00:01,000 --> 00:00:09,000\nlong\n"
    assert [c.text for c in captions.parse_srt(text)] == ["long", "later"]


def test_srt_problems_are_reported_by_line_all_at_once():
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n"  # lines 1-3
        "2\n00:00:05,000 --> 00:00:03,000\nbackwards\n\n"  # lines 5-7
        "3\n00:00:06.5 -> 00:00:07,000\nno arrow\n\n"  # lines 9-11
        "4\n00:00:08,000 --> 00:00:0x,000\nbad digits\n\n"  # lines 13-15
        "5\n00:00:09,000 --> 00:00:10,000\n"  # lines 17-18: no text
    )
    assert problems_of(captions.parse_srt, text) == [
        "line 6: end 00:00:03,000 is before start 00:00:05,000",
        "line 10: malformed timing line “00:00:06.5 -> 00:00:07,000” (expected 00:00:01,000 --> 00:00:02,500)",
        "line 14: malformed timestamp “00:00:08,000 --> 00:00:0x,000” (expected 00:00:01,000 --> 00:00:02,500)",
        "line 18: this cue has no text",
    ]


def test_vtt_is_read_with_its_notes_and_settings_skipped():
    text = (
        "WEBVTT - a title\n\nNOTE made by hand\n\n"
        "intro\n00:01.000 --> 00:02.000 align:start\n<v Anna>Hi &amp; welcome</v>\n\n"
        "01:00:00.000 --> 01:00:01.250\nan hour in\n"
    )
    cues = captions.parse_vtt(text)
    assert [(c.start_ms, c.end_ms, c.text, c.line) for c in cues] == [
        (1000, 2000, "Hi & welcome", 6),
        (3_600_000, 3_601_250, "an hour in", 9),
    ]


def test_vtt_problems_are_reported_by_line():
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:05.000 --> 00:03.000\nback\n\n00:06,000 --> 00:07.000\nx\n"
    assert problems_of(captions.parse_vtt, text) == [
        "line 6: end 00:00:03.000 is before start 00:00:05.000",
        "line 9: malformed timestamp “00:06,000 --> 00:07.000” (expected 00:00:01.000 --> 00:00:02.500)",
    ]
    assert problems_of(captions.parse_vtt, "00:01.000 --> 00:02.000\nno header\n") == [
        "line 1: a WebVTT file starts with “WEBVTT”"
    ]


def test_not_utf8_empty_and_unknown_files_are_refused():
    assert problems_of(captions.parse_srt, "caf\xe9".encode("latin-1")) == [
        "the file is not UTF-8 text; save it as UTF-8 and upload it again"
    ]
    assert problems_of(captions.parse_srt, "\n\n") == ["the file holds no cues"]
    with pytest.raises(captions.CaptionFileError, match="not a caption file"):
        captions.format_of("notes.txt", b"hello")
    assert captions.format_of("x.txt", b"\xef\xbb\xbfWEBVTT\n") == "vtt"
    assert captions.format_of("x.SRT", b"1\n") == "srt"


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_export_round_trip(fmt):
    cues = [
        captions.CaptionCue(0, 1500, "First <b>not a tag</b> & such"),
        captions.CaptionCue(1500, 3_723_456, "Second\non two lines"),
        captions.CaptionCue(2000, 2500, "arrows --> inside"),
    ]
    written = captions.write(cues, fmt)
    back = captions.parse(written.encode(), fmt)
    expected = [(c.start_ms, c.end_ms) for c in cues]
    assert [(c.start_ms, c.end_ms) for c in back] == expected
    if fmt == "srt":
        assert [c.text for c in back][1] == "Second\non two lines"
        assert "00:00:01,500 --> 01:02:03,456" in written
    else:
        assert written.startswith("WEBVTT")
        assert "00:00:01.500 --> 01:02:03.456" in written
        assert [c.text for c in back] == ["First <b>not a tag</b> & such", "Second\non two lines", "arrows --> inside"]
