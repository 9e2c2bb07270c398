"""A version's comments as markers for an editor's timeline, through OpenTimelineIO: native
``.otio``, CMX 3600 EDL (``otio-cmx3600-adapter``: Avid, DaVinci Resolve, Premiere) and FCPXML
(``otio-fcpx-xml-adapter``: Final Cut Pro).

The timeline holds one clip spanning the version: its rate exact (24000/1001, not 23.976), its
available range starting at the version's start timecode, and a marker per thread at its
frame (a range comment's marker lasts ``end_frame - frame`` frames), named "author: text" and
coloured by status: red open, green resolved, magenta open and team only (the team's export).

What the adapters do with markers, and what is done here about it:

- EDL: a marker is a ``* LOC: <timecode> <COLOUR> <TEXT>`` line under its event; the adapter
  upper-cases the text, and a LOC line has no duration, so a range's end is written into the
  text. Its event's record timecode starts at the version's start timecode (a leading gap), so
  a LOC reads the same as source or record timecode. The adapter writes no ``FCM`` line, so
  one is added (drop-frame timecodes are written with ``;``, the usual form under
  ``FCM: DROP FRAME``). Its own reader only takes LOC lines written with ``:``, so it drops the
  markers of a drop-frame EDL, its own included.
- FCPXML: a marker is ``<marker start duration value completed>`` in the clip's media time;
  the adapter only knows to-do markers (``completed``: red 0, green 1), so team-only threads
  say so in their name. It finds clips by name in an XPath quoted with ``'``, so an apostrophe
  in a clip's name becomes a typographic one. It leaves 23.976 and 29.97 ``frameDuration``
  empty and writes the clip's video at offset 0 of a clip whose local time starts at the start
  timecode; both are fixed here, with the format's size, the sequence's start timecode and
  tcFormat. Its reader counts frames at a whole-number rate (23 for 23.976), so it cannot read
  NTSC rates back exactly.
- ``.otio``: everything, with each marker's thread (text, status, replies) in its metadata.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from fractions import Fraction
from urllib.parse import quote

import opentimelineio as otio
from opentimelineio.opentime import RationalTime, TimeRange

from .comments import Thread, VersionExport, one_line, shorten

RED, GREEN, MAGENTA = otio.schema.MarkerColor.RED, otio.schema.MarkerColor.GREEN, otio.schema.MarkerColor.MAGENTA
EDL_TEXT_LIMIT = 72  # characters of a LOC line's text, after "* LOC: 01:00:00:00 RED     "
EDL_TITLE_LIMIT = 70
TEAM_ONLY = "(Team only) "


class NoFrameRate(ValueError):
    """A version without a frame rate (still being processed) cannot be laid on a timeline."""


def status_color(thread: Thread) -> str:
    """Green resolved, magenta open and team only, red open."""
    if thread.resolved:
        return GREEN
    return MAGENTA if thread.internal else RED


def marker_name(thread: Thread) -> str:
    return one_line(f"{thread.author}: {thread.text}")


def _rate(export: VersionExport) -> float:
    if export.rate is None:
        raise NoFrameRate("This version has no frame rate yet (it is still being processed): try again once it plays.")
    return export.rate.numerator / export.rate.denominator


def timeline(
    export: VersionExport,
    *,
    name: Callable[[Thread], str] = marker_name,
    color: Callable[[Thread], str] = status_color,
    record_from_start: bool = False,
) -> otio.schema.Timeline:
    """The version as a one-clip timeline with a marker per thread. ``record_from_start`` puts
    a gap before the clip, so that its place on the timeline is its own start timecode."""
    rate = _rate(export)
    start = RationalTime(export.start_frame, rate)
    available = TimeRange(start, RationalTime(export.frame_count, rate))
    result = otio.schema.Timeline(
        name=one_line(f"{export.cut_title} v{export.number}"),
        global_start_time=None if record_from_start else start,  # the gap does it for the EDL
    )
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    result.tracks.append(track)
    if record_from_start and export.start_frame:
        track.append(otio.schema.Gap(source_range=TimeRange(RationalTime(0, rate), start)))
    clip = otio.schema.Clip(
        name=one_line(f"{export.cut_title} v{export.number}"),
        media_reference=otio.schema.ExternalReference(
            target_url="file:///" + quote(export.media_name), available_range=available
        ),
        source_range=available,
        metadata={"reelflow": {"version": str(export.version.pk), "label": export.label}},
    )
    for thread in export.markers:
        clip.markers.append(
            otio.schema.Marker(
                name=name(thread),
                marked_range=TimeRange(start + RationalTime(thread.frame, rate), RationalTime(thread.duration, rate)),
                color=color(thread),
                metadata={"reelflow": _thread_metadata(thread)},
            )
        )
    track.append(clip)
    return result


def _thread_metadata(thread: Thread) -> dict:
    return {
        "comment": str(thread.id),
        "frame": thread.frame,
        "end_frame": thread.end_frame,
        "timecode": thread.timecode,
        "end_timecode": thread.end_timecode,
        "author": thread.author,
        "text": thread.text,
        "status": thread.status.lower(),
        "internal": thread.internal,
        "created_at": thread.created_at.isoformat(),
        "replies": [
            {"author": r.author, "text": r.text, "created_at": r.created_at.isoformat()} for r in thread.replies
        ],
    }


# --- .otio ---------------------------------------------------------------------------------------


def to_otio(export: VersionExport) -> str:
    return otio.adapters.write_to_string(timeline(export), "otio_json")


# --- EDL -----------------------------------------------------------------------------------------


def edl_marker_name(thread: Thread) -> str:
    """One line, at most ``EDL_TEXT_LIMIT`` characters, a range's end timecode kept whole."""
    suffix = f" (to {thread.end_timecode})" if thread.end_timecode else ""
    return shorten(marker_name(thread), EDL_TEXT_LIMIT - len(suffix)) + suffix


def to_edl(export: VersionExport) -> str:
    rate = _rate(export)
    edl_timeline = timeline(export, name=edl_marker_name, record_from_start=True)
    edl_timeline.name = shorten(edl_timeline.name, EDL_TITLE_LIMIT)
    for clip in edl_timeline.find_clips():  # a reel name of 8 letters and digits, from the file's name
        reel = re.sub(r"[^A-Za-z0-9]", "", export.media_name.rsplit(".", 1)[0])[:8]
        clip.metadata["cmx_3600"] = {"reel": reel or "AX"}
    text = otio.adapters.write_to_string(edl_timeline, "cmx_3600", rate=rate, style="avid")
    fcm = "FCM: DROP FRAME" if export.drop_frame else "FCM: NON-DROP FRAME"
    title, sep, rest = text.partition("\n")
    return f"{title}\n{fcm}{sep}{rest}"


# --- FCPXML --------------------------------------------------------------------------------------


def fcpxml_marker_name(thread: Thread) -> str:
    return (TEAM_ONLY if thread.internal else "") + marker_name(thread)


def fcpxml_color(thread: Thread) -> str:
    """Final Cut Pro's to-do markers: not done (red) or done (green)."""
    return GREEN if thread.resolved else RED


def to_fcpxml(export: VersionExport) -> str:
    _rate(export)
    rate = export.rate
    fcp_timeline = timeline(export, name=fcpxml_marker_name, color=fcpxml_color)
    for clip in fcp_timeline.find_clips():
        clip.name = clip.name.replace("'", "\u2019")  # the adapter looks clips up by name in an XPath quoted with '
    text = otio.adapters.write_to_string(fcp_timeline, "fcpx_xml")
    root = ET.fromstring(text.split("<!DOCTYPE fcpxml>", 1)[-1].strip())  # noqa: S314 - our own adapter's output
    frame_duration = _seconds(Fraction(rate.denominator, rate.numerator))
    start = _seconds(export.start_frame / rate)
    tc_format = "DF" if export.drop_frame else "NDF"
    for element in root.iter("format"):
        element.set("frameDuration", frame_duration)
        element.attrib.pop("name", None)  # the adapter's guess ("FFVideoFormat…p29.97002997") is no format name
        if export.width and export.height:
            element.set("width", str(export.width))
            element.set("height", str(export.height))
    for element in root.iter("sequence"):
        element.set("tcStart", start)
        element.set("tcFormat", tc_format)
    for element in root.iter("clip"):
        element.set("tcFormat", tc_format)
        for video in element.iter("video"):  # in the clip's local time, which starts at its start
            video.set("offset", element.get("start", "0s"))
            video.set("start", element.get("start", "0s"))
    for element in root.iter("asset"):  # the adapter says no sound whatever the file has
        element.set("hasAudio", "1" if export.has_audio else "0")
    for element in root.iter("asset-clip"):
        element.set("start", start)
        element.set("tcFormat", tc_format)
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n{body}\n'


def _seconds(value: Fraction) -> str:
    """An FCPXML time: a rational number of seconds ("1001/30000s", "3600s")."""
    value = Fraction(value)
    if value == 0:
        return "0s"
    if value.denominator == 1:
        return f"{value.numerator}s"
    return f"{value.numerator}/{value.denominator}s"
