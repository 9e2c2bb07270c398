"""The storyboard as a PDF: a sheet of frames in order, three to a row on landscape A4, each with
its picture, shot, scene, dialogue and notes (WeasyPrint through ``projects.pdf``, from
``templates/storyboard/board_pdf.html`` styled by ``board_pdf.css``).
As with review's report, the HTML loads nothing but the ``data:`` URIs it carries (the pictures),
so no text in it can make WeasyPrint read a file or the network."""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from projects import pdf
from projects.models import Project

from .models import Frame

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SheetFrame:
    frame: Frame
    picture: str  # a data: URI, or "" when the frame has none (or its file is gone)


def _data_uri(frame: Frame) -> str:
    if not frame.image:
        return ""
    try:
        with default_storage.open(frame.image.name, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        log.warning("No picture for frame %s in the PDF: %s", frame.pk, exc)
        return ""
    kind = "png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode(data).decode("ascii")


def board_html(*, project: Project, frames: list[Frame], user) -> str:
    total = sum((f.duration for f in frames if f.duration), start=0)
    return render_to_string(
        "storyboard/board_pdf.html",
        {
            "project": project,
            "items": [SheetFrame(frame=f, picture=_data_uri(f)) for f in frames],
            "total_seconds": total,
            "generated_at": timezone.now(),
            "generated_by": getattr(user, "display_name", ""),
        },
    )


def board_pdf(*, project: Project, frames: list[Frame], user) -> bytes:
    return pdf.render(board_html(project=project, frames=frames, user=user), stylesheet_name="storyboard/board_pdf.css")
