"""A version's review as a report: a CSV for a spreadsheet, and a PDF (WeasyPrint through
``projects.pdf``, from ``templates/review/report.html`` styled by ``report_pdf.css``) with a still
of each thread's frame and its drawing over it.

Times are shown in the active time zone (the person's). The PDF's HTML may load nothing but
the ``data:`` URIs it carries (the stills), so no text in it can make WeasyPrint read a file or
the network."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from production.media import selectors as media_selectors
from production.media.stills import Still, frame_stills
from projects import pdf

from ..drawing import svg_shapes
from .comments import Thread, VersionExport

DELETED = "Comment deleted"
# A cell a spreadsheet would run as a formula (CSV injection): its text is kept, led by a quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _local(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


# --- CSV -----------------------------------------------------------------------------------------


def csv_columns(export: VersionExport) -> list[str]:
    columns = ["Timecode", "End timecode", "Frame", "End frame", "Author", "Comment", "Status"]
    if export.team:  # a client's export has no team-only comments, and no column to say so
        columns.append("Team only")
    return [*columns, "Replies", "Reply thread", "Created"]


def csv_rows(export: VersionExport) -> list[list]:
    rows = []
    for thread in export.threads:
        replies = "\n".join(f"{r.author} ({_local(r.created_at)}): {r.text}" for r in thread.replies)
        row = [
            thread.timecode,
            thread.end_timecode,
            thread.frame,
            "" if thread.end_frame is None else thread.end_frame,
            _cell(thread.author),
            _cell(thread.text or DELETED),
            thread.status,
        ]
        if export.team:
            row.append("Yes" if thread.internal else "No")
        rows.append([*row, len(thread.replies), _cell(replies), _local(thread.created_at)])
    return rows


def to_csv(export: VersionExport) -> bytes:
    """UTF-8 with a byte order mark, so a spreadsheet opens accents and emoji as they are."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_columns(export))
    writer.writerows(csv_rows(export))
    return out.getvalue().encode("utf-8-sig")


# --- PDF -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportThread:
    thread: Thread
    still: Still | None
    shapes: list[dict]


def rate_label(export: VersionExport) -> str:
    if export.rate is None:
        return ""
    fps = f"{float(export.rate):.3f}".rstrip("0").rstrip(".")
    return f"{fps} fps{' drop-frame' if export.drop_frame else ''}"


def report_threads(export: VersionExport, *, user) -> list[ReportThread]:
    """Each thread with a still of its frame (from the version's proxy) and its drawing as
    SVG shapes on that still."""
    asset = media_selectors.asset_with_renders(user=user, asset_id=export.version.asset_id)
    stills = frame_stills(asset=asset, render=asset.playable_render, frames=[t.frame for t in export.threads])
    items = []
    for thread in export.threads:
        still = stills.get(thread.frame)
        shapes = []
        if still is not None and thread.drawing:
            try:
                shapes = svg_shapes(thread.drawing, still.width, still.height)
            except ValidationError:  # a drawing stored under older rules: the still without it
                shapes = []
        items.append(ReportThread(thread=thread, still=still, shapes=shapes))
    return items


def report_html(export: VersionExport, *, user) -> str:
    threads = export.threads
    context = {
        "export": export,
        "items": report_threads(export, user=user),
        "rate": rate_label(export),
        "first_timecode": export.first_timecode,
        "open_count": sum(1 for t in threads if not t.resolved and not t.deleted),
        "resolved_count": sum(1 for t in threads if t.resolved),
        "has_internal": any(t.internal for t in threads),
        "generated_at": timezone.now(),
        "generated_by": getattr(user, "display_name", ""),
    }
    return render_to_string("review/report.html", context)


def to_pdf(export: VersionExport, *, user) -> bytes:
    return pdf.render(report_html(export, user=user), stylesheet_name="review/report_pdf.css")
