"""Versions to review, made directly (no upload, no ffmpeg): the review rules need a version's
frame count, rate, start timecode, status and checksum, and a page needs a playable render."""

from __future__ import annotations

import hashlib

from production.edit.models import Cut, Version
from production.media.models import MediaAsset, Render


def make_version(
    cut: Cut,
    *,
    frames: int = 250,
    rate: tuple[int, int] = (25, 1),
    start: str = "",
    status: str = MediaAsset.Status.READY,
    playable: bool = False,
) -> Version:
    number = cut.versions.count() + 1
    asset = MediaAsset.objects.create(
        project=cut.project, purpose=MediaAsset.Purpose.VERSION, status=status, original_name=f"dc_v{number}.mov",
        frame_count=frames, frame_rate_num=rate[0], frame_rate_den=rate[1], start_timecode=start,
        duration=frames * rate[1] / rate[0], media_type=MediaAsset.MediaType.VIDEO,
        sha256=hashlib.sha256(f"{cut.pk} v{number}".encode()).hexdigest() if status == MediaAsset.Status.READY else "",
    )  # fmt: skip
    if playable:
        Render.objects.create(
            asset=asset, status=Render.Status.SUCCEEDED, progress=100, output_dir="renders/x",
            outputs={"files": {"master.m3u8": "hls_master", "proxy.mp4": "proxy"},
                     "main": {"hls_master": "master.m3u8", "proxy": "proxy.mp4"}, "renditions": []},
        )  # fmt: skip
    return Version.objects.create(cut=cut, number=number, asset=asset)
