"""Caption files: SubRip (.srt) and WebVTT (.vtt) read into cues and written from them, with the
maintained ``srt`` and ``webvtt-py`` libraries.

Reading reports every problem at once, each with the line it is on ("line 14: end 00:00:03,000
is before start 00:00:05,000"): the file is cut into its blocks (blank-line separated, their
line numbers kept), and each block is parsed by the library on its own, so a bad block is named
by its line and the good ones are still checked. Rules:

- a timing line must be ``start --> end`` in the format's own timestamps (SRT ``00:00:01,000``,
  WebVTT ``00:00:01.000`` or ``00:01.000``), and the end must come after the start;
- a cue needs text; markup (``<i>``, ``<v Name>``, ``{\\an8}``) is dropped: a cue is plain text;
- **overlapping cues are allowed**, as both formats allow them (two people speaking at once, a
  sign translated while someone talks): players show both. Cues are kept in order of start.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from production.media.engine.errors import MediaError

MAX_PROBLEMS = 20
MAX_CUE_CHARS = 2000
FORMATS = ("srt", "vtt")

# SubRip's formatting markup (what players read as tags); any other "<…>" is the cue's own text.
_SRT_TAGS = re.compile(r"</?(?:i|b|u|s)>|<font\b[^>]*>|</font>|\{\\[^}]*\}", re.IGNORECASE)
# In WebVTT a "<" that is text is written "&lt;": every "<…>" is markup (voice, class, timestamp).
_VTT_TAGS = re.compile(r"<[^>]*>")
_SRT_TIMING = re.compile(r"^\s*(\d{1,3}:\d{2}:\d{2}[,.]\d{1,3})\s*-->\s*(\d{1,3}:\d{2}:\d{2}[,.]\d{1,3})(\s.*)?$")
_VTT_STAMP = r"(?:\d{1,10}:)?\d{2}:\d{2}\.\d{3}"
_VTT_TIMING = re.compile(rf"^\s*({_VTT_STAMP})[ \t]+-->[ \t]+({_VTT_STAMP})(?:[ \t].*)?$")


class CaptionFileError(MediaError):
    """A caption file that cannot be read; ``problems`` are sentences, each naming its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CaptionCue:
    start_ms: int
    end_ms: int
    text: str
    line: int = 0  # where its timing line is in the file it was read from


def plain_text(text: str, tags: re.Pattern = _SRT_TAGS) -> str:
    """A cue's words without markup, each line stripped, no empty lines."""
    lines = (tags.sub("", line).strip() for line in text.replace("\r", "").split("\n"))
    return "\n".join(line for line in lines if line)


def srt_stamp(ms: int) -> str:
    return srt.timedelta_to_srt_timestamp(dt.timedelta(milliseconds=ms))


def vtt_stamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each blank-line separated block; lines count from 1."""
    blocks, current, start = [], [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CaptionFileError(["the file is not UTF-8 text; save it as UTF-8 and upload it again"]) from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _timing_line(lines: list[str]) -> int | None:
    """Index of the block's line with the arrow, if any."""
    return next((i for i, line in enumerate(lines) if "-->" in line), None)


def _check_order(cue: CaptionCue, stamp, problems: list[str]) -> bool:
    if cue.end_ms <= cue.start_ms:
        word = "is before" if cue.end_ms < cue.start_ms else "is the same as"
        problems.append(f"line {cue.line}: end {stamp(cue.end_ms)} {word} start {stamp(cue.start_ms)}")
        return False
    return True


def parse_srt(data: bytes | str) -> list[CaptionCue]:
    """The cues of a SubRip file, or CaptionFileError listing every problem by line."""
    text = _decode(data)
    problems: list[str] = []
    cues: list[CaptionCue] = []
    for first, lines in _blocks(text):
        arrow = _timing_line(lines)
        if arrow is None and len(lines) > 1 and lines[0].strip().isdigit():
            problems.append(
                f"line {first + 1}: malformed timing line “{lines[1].strip()[:60]}” "
                "(expected 00:00:01,000 --> 00:00:02,500)"
            )
            continue
        if arrow is None:
            problems.append(
                f"line {first}: expected a cue number and a timing line (start --> end), found “{lines[0][:60]}”"
            )
            continue
        line_no = first + arrow
        if not _SRT_TIMING.match(lines[arrow]):
            problems.append(
                f"line {line_no}: malformed timestamp “{lines[arrow].strip()[:60]}” "
                "(expected 00:00:01,000 --> 00:00:02,500)"
            )
            continue
        if arrow > 1:
            problems.append(f"line {first}: expected one cue number before the timing line")
            continue
        block = "\n".join(lines if arrow == 1 else ["1", *lines]) + "\n"
        try:
            parsed = list(srt.parse(block))
        except srt.SRTParseError:
            problems.append(f"line {line_no}: this cue could not be read (a number, a timing line, then its text)")
            continue
        if len(parsed) != 1:
            problems.append(f"line {line_no}: this cue could not be read (a number, a timing line, then its text)")
            continue
        sub = parsed[0]
        cue = CaptionCue(
            start_ms=int(sub.start / dt.timedelta(milliseconds=1)),
            end_ms=int(sub.end / dt.timedelta(milliseconds=1)),
            text=plain_text(sub.content),
            line=line_no,
        )
        _add(cue, srt_stamp, cues, problems)
        if len(problems) >= MAX_PROBLEMS:
            break
    return _result(cues, problems)


def parse_vtt(data: bytes | str) -> list[CaptionCue]:
    """The cues of a WebVTT file, or CaptionFileError listing every problem by line."""
    text = _decode(data)
    blocks = _blocks(text)
    if not blocks or not blocks[0][1][0].startswith("WEBVTT"):
        raise CaptionFileError(["line 1: a WebVTT file starts with “WEBVTT”"])
    problems: list[str] = []
    cues: list[CaptionCue] = []
    for first, lines in blocks[1:]:
        if lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        arrow = _timing_line(lines)
        if arrow is None:
            problems.append(f"line {first}: expected a timing line (start --> end), found “{lines[0][:60]}”")
            continue
        line_no = first + arrow
        if arrow > 1:
            problems.append(f"line {first}: expected at most one cue identifier before the timing line")
            continue
        if not _VTT_TIMING.match(lines[arrow]):
            problems.append(
                f"line {line_no}: malformed timestamp “{lines[arrow].strip()[:60]}” "
                "(expected 00:00:01.000 --> 00:00:02.500)"
            )
            continue
        try:
            parsed = webvtt.from_string("WEBVTT\n\n" + "\n".join(lines) + "\n", strict=True).captions
        except (MalformedCaptionError, MalformedFileError, ValueError):
            problems.append(f"line {line_no}: this cue could not be read (its timing line or cue settings)")
            continue
        if len(parsed) != 1:
            problems.append(f"line {line_no}: this cue could not be read (a timing line, then its text)")
            continue
        caption = parsed[0]
        cue = CaptionCue(
            start_ms=caption.start_time.in_milliseconds(),
            end_ms=caption.end_time.in_milliseconds(),
            text=html.unescape(plain_text(caption.raw_text, _VTT_TAGS)),
            line=line_no,
        )
        _add(cue, vtt_stamp, cues, problems)
        if len(problems) >= MAX_PROBLEMS:
            break
    return _result(cues, problems)


def _add(cue: CaptionCue, stamp, cues: list[CaptionCue], problems: list[str]) -> None:
    if not _check_order(cue, stamp, problems):
        return
    if not cue.text:
        problems.append(f"line {cue.line}: this cue has no text")
        return
    if len(cue.text) > MAX_CUE_CHARS:
        problems.append(f"line {cue.line}: this cue's text is longer than {MAX_CUE_CHARS} characters")
        return
    cues.append(cue)


def _result(cues: list[CaptionCue], problems: list[str]) -> list[CaptionCue]:
    if problems:
        raise CaptionFileError(problems[:MAX_PROBLEMS])
    if not cues:
        raise CaptionFileError(["the file holds no cues"])
    return sorted(cues, key=lambda c: (c.start_ms, c.end_ms))


def parse(data: bytes | str, fmt: str) -> list[CaptionCue]:
    """``fmt`` is "srt" or "vtt" (see :func:`format_of`)."""
    if fmt == "srt":
        return parse_srt(data)
    if fmt == "vtt":
        return parse_vtt(data)
    raise CaptionFileError([f"unknown caption format “{fmt}”: upload an .srt or a .vtt file"])


def format_of(filename: str, data: bytes) -> str:
    """ "vtt" or "srt", from the file's first line (WEBVTT) or else its name."""
    if data.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        return "vtt"
    name = filename.lower()
    if name.endswith(".vtt"):
        return "vtt"
    if name.endswith(".srt"):
        return "srt"
    raise CaptionFileError(["this is not a caption file: upload an .srt or a .vtt file"])


def write_srt(cues: list[CaptionCue]) -> str:
    subs = [
        srt.Subtitle(
            index=i,
            start=dt.timedelta(milliseconds=c.start_ms),
            end=dt.timedelta(milliseconds=c.end_ms),
            content=c.text,
        )
        for i, c in enumerate(cues, start=1)
    ]
    return srt.compose(subs, reindex=False)


def write_vtt(cues: list[CaptionCue]) -> str:
    document = webvtt.WebVTT(
        captions=[
            webvtt.Caption(vtt_stamp(c.start_ms), vtt_stamp(c.end_ms), _vtt_safe(c.text).split("\n")) for c in cues
        ]
    )
    return document.content


def _vtt_safe(text: str) -> str:
    """Cue text as WebVTT reads it literally: & < > escaped (so "-->" inside is "--&gt;")."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write(cues: list[CaptionCue], fmt: str) -> str:
    return write_srt(cues) if fmt == "srt" else write_vtt(cues)
