"""Stills of a video asset's frames, for reports: each one the exact frame, taken from the
asset's MP4 proxy (small and quick to decode) or, before there is one, from the uploaded file;
one short ffmpeg run per frame (``engine.stills``). The caller has already checked that the
person may see the asset."""

from __future__ import annotations

import base64
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import engine, storage
from .engine.stills import grab_still, jpeg_size
from .models import MediaAsset, Render

log = logging.getLogger(__name__)

STILL_WIDTH = 320


@dataclass(frozen=True)
class Still:
    """One frame as a JPEG, and its size in pixels."""

    frame: int
    jpeg: bytes
    width: int
    height: int

    @property
    def data_uri(self) -> str:
        return "data:image/jpeg;base64," + base64.b64encode(self.jpeg).decode("ascii")


def still_source(asset: MediaAsset, render: Render | None) -> str:
    """The storage name stills are taken from: the render's proxy, else the asset's own file ("")."""
    if render is not None and render.status == Render.Status.SUCCEEDED:
        files = render.files
        proxy = files.main.get("proxy")
        if proxy:
            return files.storage_name(proxy)
    return asset.file.name if asset.file else ""


def frame_stills(*, asset: MediaAsset, render: Render | None, frames, width: int = STILL_WIDTH) -> dict[int, Still]:
    """A still of each of ``frames`` (frame numbers of the asset, 0 is the first) that could be
    taken, by frame. A frame that cannot be (past the end, a missing or broken file) is left out
    and logged: a report without one picture is better than no report."""
    rate = asset.frame_rate
    name = still_source(asset, render)
    wanted = sorted({f for f in frames if f is not None and f >= 0})
    if rate is None or not name or not wanted or asset.media_type != MediaAsset.MediaType.VIDEO:
        return {}
    stills: dict[int, Still] = {}
    try:
        with storage.local_path(name) as src, tempfile.TemporaryDirectory(prefix="stills-") as work:
            for frame in wanted:
                out = Path(work) / f"{frame}.jpg"
                try:
                    grab_still(src, out, frame=frame, rate=rate, width=width)
                except engine.MediaError as exc:
                    log.warning("No still of frame %s of asset %s: %s", frame, asset.pk, exc)
                    continue
                jpeg = out.read_bytes()
                size = jpeg_size(jpeg)
                if size is not None:
                    stills[frame] = Still(frame=frame, jpeg=jpeg, width=size[0], height=size[1])
    except OSError as exc:  # the file is not in storage
        log.warning("No stills of asset %s: %s", asset.pk, exc)
    return stills
