"""Exports of a version's review: its comments as markers for an editor's timeline (EDL,
FCPXML, OpenTimelineIO) and as a report (CSV, PDF). Each starts from the review selectors, so
an export holds exactly what its reader may see on the review page: a client's never has a
team-only comment, and a deleted comment's text is nowhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from production.edit.models import Version

from . import nle, report
from .comments import VersionExport, version_export
from .nle import NoFrameRate


@dataclass(frozen=True)
class Format:
    key: str
    label: str  # what the Export menu says
    extension: str
    content_type: str
    timeline: bool  # markers on an editor's timeline (needs the version's frame rate)
    write: Callable[..., bytes]


def _text(writer: Callable[[VersionExport], str]) -> Callable[..., bytes]:
    return lambda export, *, user: writer(export).encode("utf-8")


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format(
            "edl", "EDL markers (Resolve, Premiere, Avid)", "edl", "text/plain; charset=utf-8", True, _text(nle.to_edl)
        ),
        Format("fcpxml", "FCPXML markers (Final Cut Pro)", "fcpxml", "application/xml", True, _text(nle.to_fcpxml)),
        Format("otio", "OpenTimelineIO (.otio)", "otio", "application/json", True, _text(nle.to_otio)),
        Format(
            "csv", "Spreadsheet (CSV)", "csv", "text/csv; charset=utf-8", False, lambda e, *, user: report.to_csv(e)
        ),
        Format("pdf", "Report with stills (PDF)", "pdf", "application/pdf", False, report.to_pdf),
    )
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str  # ASCII only: the cut's title slugified, the version number, the kind


def export_file(*, user, version: Version, fmt: str) -> ExportFile:
    """The version's comments in format ``fmt`` (a key of FORMATS) as ``user`` may see them.
    Raises NoFrameRate for a timeline format of a version without a frame rate yet."""
    kind = FORMATS[fmt]
    export = version_export(user=user, version=version)
    content = kind.write(export, user=user)
    suffix = "review" if kind.key in ("csv", "pdf") else "comments"
    return ExportFile(
        content=content, content_type=kind.content_type, filename=f"{export.slug}-{suffix}.{kind.extension}"
    )


__all__ = ["FORMATS", "ExportFile", "Format", "NoFrameRate", "VersionExport", "export_file", "version_export"]
