"""What an export carries: a version's threads as the person exporting may see them.

Everything starts from ``selectors.threads_of`` (the one visibility rule: a client never gets an
internal comment), and what the version's file is called and whether its hash is shown come
from media's rules for that person (``asset_label``, ``asset_fields_for``). A deleted comment
has no text left (the service cleared it); a deleted thread is kept only for its replies, and
deleted replies are left out."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from dataclasses import dataclass
from fractions import Fraction

from django.utils.text import slugify

from production.edit.models import Version
from production.media import selectors as media_selectors
from production.media.engine import timecode
from projects.permissions import can_see_internal

from .. import selectors


@dataclass(frozen=True)
class Reply:
    author: str
    text: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Thread:
    id: uuid.UUID
    frame: int
    end_frame: int | None
    timecode: str
    end_timecode: str
    author: str
    text: str  # "" when the thread's first comment was deleted
    internal: bool
    resolved: bool
    created_at: dt.datetime
    drawing: list
    replies: tuple[Reply, ...]

    @property
    def deleted(self) -> bool:
        return not self.text

    @property
    def status(self) -> str:
        return "Resolved" if self.resolved else "Open"

    @property
    def duration(self) -> int:
        """Frames the comment covers: a range's length, else 0 (a single frame's marker)."""
        return self.end_frame - self.frame if self.end_frame is not None else 0


@dataclass(frozen=True)
class VersionExport:
    version: Version
    project_title: str
    cut_title: str
    number: int
    label: str  # what the person exporting calls the version's file ("Version 3" for a client)
    media_name: str  # the file name a timeline points at, for relinking in an editor
    rate: Fraction | None
    start_timecode: str  # as stored ("" means 00:00:00:00)
    start_frame: int  # the start timecode as a frame count
    drop_frame: bool
    frame_count: int
    duration: float | None
    width: int | None
    height: int | None
    has_audio: bool  # the file has a sound track (an editor's timeline says so)
    sha256: str  # "" unless the person may read it
    team: bool  # the studio's export: internal comments included
    threads: tuple[Thread, ...]

    @property
    def markers(self) -> tuple[Thread, ...]:
        """The threads an editor's timeline gets a marker for (those with text, as on the page's seek bar)."""
        return tuple(t for t in self.threads if not t.deleted)

    @property
    def first_timecode(self) -> str:
        """The timecode of the first frame ("" without a frame rate)."""
        if self.rate is None:
            return ""
        num, den = self.rate.numerator, self.rate.denominator
        return timecode.timecode_of_frame(0, num, den, start=self.start_timecode)

    @property
    def slug(self) -> str:
        """An ASCII file name stem: the cut's title and the version number (``directors-cut-v3``)."""
        return f"{_stem(self.cut_title)}-v{self.number}"


def version_export(*, user, version: Version) -> VersionExport:
    """The version and its threads as ``user`` may see them (``version`` comes from
    ``selectors.version_for_review``, so the user may see it)."""
    asset = version.asset
    rate = asset.frame_rate
    start = asset.start_timecode
    threads = []
    for thread in selectors.threads_of(user=user, version=version):
        replies = tuple(
            Reply(author=r.author_name, text=r.text, created_at=r.created_at) for r in thread.reply_list if r.text
        )
        if not thread.text and not replies:
            continue  # a deleted comment nobody answered: nothing left to export
        thread_row = Thread(
            id=thread.pk,
            frame=thread.frame,
            end_frame=thread.end_frame,
            timecode=timecode_of(asset, thread.frame),
            end_timecode=timecode_of(asset, thread.end_frame),
            author=thread.author_name,
            text=thread.text,
            internal=thread.internal,
            resolved=thread.is_resolved,
            created_at=thread.created_at,
            drawing=list(thread.drawing or []),
            replies=replies,
        )
        threads.append(thread_row)
    frame_count = asset.frame_count or (round(asset.duration * rate) if rate is not None and asset.duration else 0)
    last_marked = max((t.end_frame or t.frame for t in threads), default=-1)
    fields = media_selectors.asset_fields_for(user, asset)
    return VersionExport(
        version=version,
        project_title=version.cut.project.title,
        cut_title=version.cut.title,
        number=version.number,
        label=media_selectors.asset_label(user, asset),
        media_name=(
            asset.original_name
            if media_selectors.sees_file_names(user, asset) and asset.original_name
            else f"{_stem(version.cut.title)}-v{version.number}.mp4"
        ),
        rate=rate,
        start_timecode=start,
        start_frame=_frames(start, rate),
        drop_frame=_drop_frame(rate, start),
        frame_count=max(frame_count, last_marked + 1),
        duration=asset.duration,
        width=asset.width,
        height=asset.height,
        has_audio=bool(asset.audio_codec),
        sha256=asset.sha256 if fields is None or "sha256" in fields else "",
        team=can_see_internal(user, version.cut.project),
        threads=tuple(threads),
    )


def timecode_of(asset, frame: int | None) -> str:
    """The timecode of ``frame`` in the asset's rate and start timecode, as the review page shows it."""
    if frame is None or not asset.frame_rate_num or not asset.frame_rate_den:
        return ""
    return timecode.timecode_of_frame(frame, asset.frame_rate_num, asset.frame_rate_den, start=asset.start_timecode)


def _frames(start: str, rate: Fraction | None) -> int:
    """The start timecode as a frame count (0 without one)."""
    if rate is None or not start:
        return 0
    return timecode.timecode_to_frames(start, rate.numerator, rate.denominator) or 0


def _drop_frame(rate: Fraction | None, start: str) -> bool:
    """Whether the version's timecodes count in drop-frame: as ``timecode_of_frame`` decides
    (a 29.97 or 59.94 rate, unless a start timecode written with ":" says otherwise)."""
    if rate is None or not timecode.is_drop_frame_rate(rate.numerator, rate.denominator):
        return False
    return not start or ";" in start or "." in start


def _stem(title: str) -> str:
    return slugify(title)[:60].strip("-") or "cut"


_SPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Text on one line: line breaks and runs of spaces become one space; control characters
    and the two non-characters XML cannot hold go."""
    text = "".join(
        " " if c in "\n\r\t" else c
        for c in text
        if c in "\n\r\t" or (unicodedata.category(c) not in ("Cc", "Cs") and c not in "\ufffe\uffff")
    )
    return _SPACE.sub(" ", text).strip()


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + "…"
